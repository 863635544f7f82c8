from django.db import migrations


def preload(apps, schema_editor):
    from devzone.stats.catalogue import CATALOGUE

    Indicator = apps.get_model("stats", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    for order, row in enumerate(CATALOGUE, start=1):
        code, zh, en, unit, display, kind, decimals, higher, january, enterprise = row
        if code in existing:
            continue
        Indicator.objects.create(
            code=code, name_zh=zh, name_en=en, unit=unit, display=display, kind=kind, decimals=decimals,
            better="higher" if higher else "lower", january_reported=january, enterprise_level=enterprise,
            sort_order=order * 10,
        )


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
