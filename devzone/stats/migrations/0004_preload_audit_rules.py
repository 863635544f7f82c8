from django.db import migrations


def preload(apps, schema_editor):
    from devzone.stats.catalogue import audit_rules_load

    audit_rules_load(apps.get_model("stats", "AuditRule"), apps.get_model("stats", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_audit_rules")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
