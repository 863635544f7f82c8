"""The national catalogue of request categories (诉求类别), as the data
migration loads it; ``load_catalogue`` restores it (demo loader, tests)."""

from __future__ import annotations

from .models import Category

# code, name, complaint about officials, zone admin told after (working days).
# Default deadlines: accept within 1 working day, answer within 2, resolve
# within 10, complex cases within 25. 晋城's zero tolerance for 吃拿卡要 and
# 阻工扰工: those complaints reach the zone admin one working day after a miss.
CATALOGUE = [
    ("approval", "审批", False, 2),
    ("employment", "用工", False, 2),
    ("financing", "融资", False, 2),
    ("policy", "政策", False, 2),
    ("utilities", "水电气暖", False, 2),
    ("complaint_bribery", "营商环境投诉 — 吃拿卡要", True, 1),
    ("complaint_obstruction", "营商环境投诉 — 阻工扰工", True, 1),
    ("other", "其他", False, 2),
]


def load_catalogue() -> int:
    """Create the national categories that are missing (an admin's changes to
    existing ones are kept). Returns how many there are."""
    for order, (code, name, confidential, escalate_after) in enumerate(CATALOGUE, start=1):
        if not Category.objects.filter(zone=None, code=code).exists():
            category = Category(
                code=code,
                name=name,
                confidential=confidential,
                escalate_after_days=escalate_after,
                order=order * 10,
            )
            category._change_reason = "national catalogue"
            category.save()
    return Category.objects.filter(zone=None).count()
