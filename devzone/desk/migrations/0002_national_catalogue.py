"""The national catalogue of request categories (诉求类别) with the default
deadlines: accept within 1 working day, answer within 2, resolve within 10,
complex cases within 25. The two business-environment complaints (晋城's
zero tolerance for 吃拿卡要 and 阻工扰工) are read by the zone admin only."""

from django.db import migrations

CATALOGUE = [
    # code, name, complaint about officials, zone admin told after (working days)
    ("approval", "审批", False, 2),
    ("employment", "用工", False, 2),
    ("financing", "融资", False, 2),
    ("policy", "政策", False, 2),
    ("utilities", "水电气暖", False, 2),
    ("complaint_bribery", "营商环境投诉 — 吃拿卡要", True, 1),
    ("complaint_obstruction", "营商环境投诉 — 阻工扰工", True, 1),
    ("other", "其他", False, 2),
]


def load(apps, schema_editor):
    Category = apps.get_model("desk", "Category")
    for order, (code, name, confidential, escalate_after) in enumerate(CATALOGUE, start=1):
        Category.objects.update_or_create(
            zone=None,
            code=code,
            defaults={
                "name": name,
                "confidential": confidential,
                "accept_days": 1,
                "answer_days": 2,
                "resolve_days": 10,
                "complex_days": 25,
                "escalate_after_days": escalate_after,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_initial")]

    # Unapplied, the catalogue stays: requests refer to it (and 0001 drops the table).
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
