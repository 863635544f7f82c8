"""Masking of personal data (phone numbers, ID numbers) for readers outside the zone,
and fields only the zone's own staff read at all."""


def mask_personal(value: str, *, strict: bool = False) -> str:
    """Keep the first three and last two characters: 13812345678 → 138******78.
    ``strict`` keeps only the first three (138********): for a phone that,
    with a record's tracking code, opens the record to the public."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    keep_head = 3 if len(value) >= 7 else 1
    keep_tail = 0 if strict else 2
    tail = value[len(value) - keep_tail :]
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + tail


# Fields that hold personal data, whatever the model.
PERSONAL_FIELDS = frozenset({"contact_phone", "phone", "contact_email", "id_number"})


def strictly_masked(model) -> bool:
    """A model declares ``strict_masking = True`` when its personal data is half
    of a secret (a service request's phone, with its tracking code)."""
    return bool(getattr(model, "strict_masking", False))


def staff_only_fields(model) -> frozenset[str]:
    """Fields a model declares (``staff_only_fields``) that only the zone's own
    staff and the record's own enterprise read: a tracking code."""
    return frozenset(getattr(model, "staff_only_fields", ()))


def may_read_staff_only(user, obj) -> bool:
    from .scoping import is_zone_staff_for, scope_of, zone_id_of

    if is_zone_staff_for(user, zone_id_of(obj)):
        return True
    scope = scope_of(user)
    path = type(obj).scope_rule.enterprise_path
    return (
        scope.enterprise_id is not None
        and path is not None
        and "__" not in path
        and getattr(obj, f"{path}_id", None) == scope.enterprise_id
    )


def may_search_staff_only(user) -> bool:
    """Whether the user may search by staff-only fields: a search that finds a
    row tells its value. Those who see only rows whose staff-only fields they
    read (zone members, enterprise users) and the platform admin may."""
    from .scoping import scope_of

    scope = scope_of(user)
    return scope.is_platform_admin or scope.is_zone_member or scope.enterprise_id is not None


def searchable_fields(model, fields, user) -> list[str]:
    """``fields`` (lookups from ``model``) without those ending on a staff-only
    field, unless ``user`` may search by them."""
    if may_search_staff_only(user):
        return list(fields)
    from django.core.exceptions import FieldDoesNotExist

    kept = []
    for lookup in fields:
        target, parts = model, lookup.lstrip("^=@$").split("__")
        try:
            for part in parts[:-1]:
                target = target._meta.get_field(part).related_model
        except (FieldDoesNotExist, AttributeError):
            target = None  # not a plain field path: not a staff-only field either
        if target is None or parts[-1] not in staff_only_fields(target):
            kept.append(lookup)
    return kept


def masked_for(user, obj, name: str, value):
    """``value`` of field ``name`` of ``obj`` as ``user`` may read it."""
    from .scoping import is_zone_staff_for, zone_id_of

    if not value or not hasattr(type(obj), "scope_rule"):
        return value
    if name in staff_only_fields(type(obj)):
        return value if may_read_staff_only(user, obj) else None
    if name not in PERSONAL_FIELDS:
        return value
    if is_zone_staff_for(user, zone_id_of(obj)):
        return value
    return mask_personal(str(value), strict=strictly_masked(type(obj)))
