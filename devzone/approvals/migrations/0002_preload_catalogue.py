from django.db import migrations


def preload(apps, schema_editor):
    from devzone.approvals.catalogue import catalogue_load

    catalogue_load(apps.get_model("approvals", "ApprovalItem"), apps.get_model("approvals", "DocumentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
