"""Masking of personal data (phone numbers, ID numbers) for readers outside the zone."""


def mask_personal(value: str) -> str:
    """Keep the first three and last two characters: 13812345678 → 138******78."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    keep_head = 3 if len(value) >= 7 else 1
    return value[:keep_head] + "*" * (len(value) - keep_head - 2) + value[-2:]


# Fields that hold personal data, whatever the model.
PERSONAL_FIELDS = frozenset({"contact_phone", "phone", "contact_email", "id_number"})


def masked_for(user, obj, name: str, value):
    """``value`` of field ``name`` of ``obj`` as ``user`` may read it."""
    from .scoping import is_zone_staff_for, zone_id_of

    if name not in PERSONAL_FIELDS or not value or not hasattr(type(obj), "scope_rule"):
        return value
    if is_zone_staff_for(user, zone_id_of(obj)):
        return value
    return mask_personal(str(value))
