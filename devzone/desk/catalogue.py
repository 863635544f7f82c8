"""The national catalogue of request categories (诉求类别), as the data
migration loads it; ``load_catalogue`` restores it (demo loader, tests)."""

from __future__ import annotations

from .models import Category

# code, name, English name, complaint about officials, zone admin told after
# (working days).
# Default deadlines: accept within 1 working day, answer within 2, resolve
# within 10, complex cases within 25. 晋城's zero tolerance for 吃拿卡要 and
# 阻工扰工: those complaints reach the zone admin one working day after a miss.
CATALOGUE = [
    ("approval", "审批", "Approvals", False, 2),
    ("employment", "用工", "Workers and hiring", False, 2),
    ("financing", "融资", "Financing", False, 2),
    ("policy", "政策", "Policies", False, 2),
    ("utilities", "水电气暖", "Water, power, gas and heating", False, 2),
    (
        "complaint_bribery",
        "营商环境投诉 — 吃拿卡要",
        "Business-environment complaint — officials asking for favours",
        True,
        1,
    ),
    (
        "complaint_obstruction",
        "营商环境投诉 — 阻工扰工",
        "Business-environment complaint — obstruction of work",
        True,
        1,
    ),
    ("other", "其他", "Other", False, 2),
]


def load_catalogue() -> int:
    """Create the national categories that are missing (an admin's changes to
    existing ones are kept). Returns how many there are."""
    for order, (code, name, name_en, confidential, escalate_after) in enumerate(CATALOGUE, start=1):
        # An English name missing from an older catalogue is filled in, nothing else.
        Category.objects.filter(zone=None, code=code, name_en="").update(name_en=name_en)
        if not Category.objects.filter(zone=None, code=code).exists():
            category = Category(
                code=code,
                name=name,
                name_en=name_en,
                confidential=confidential,
                escalate_after_days=escalate_after,
                order=order * 10,
            )
            category._change_reason = "national catalogue"
            category.save()
    return Category.objects.filter(zone=None).count()
