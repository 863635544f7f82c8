"""Reads of the core app shared by views, the API and exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Q, Sum
from django.http import HttpRequest

from .filters import query_id
from .masking import masked_for
from .scoping import scope_of

if TYPE_CHECKING:
    from .models import TrackedModel, User, Zone
    from .navigation import PublicLink


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: Any
    user: Any
    kind: str  # "+", "~", "-"
    reason: str
    changes: list[FieldChange]
    version: int | None


# Which details are samples is the demo loader's bookkeeping, not a change
# anyone makes: histories leave it out.
_SKIPPED = {"updated_at", "created_at", "version", "sample_fields"}


def _display_values(model: type[models.Model], field_name: str, values: set) -> dict:
    """Readable labels for stored values of one field: choices and FK names."""
    try:
        # history_entries asks only for concrete fields.
        field: models.Field = model._meta.get_field(field_name)  # type: ignore[assignment]
    except Exception:
        return {}
    if field.choices:
        return {k: str(v) for k, v in field.flatchoices}
    if isinstance(field, models.ForeignKey):
        ids = {v for v in values if v is not None}
        if ids:
            # related_model is a model class once the apps are loaded, never "self".
            related = field.related_model._base_manager  # type: ignore[union-attr]
            return {o.pk: str(o) for o in related.filter(pk__in=ids)}
    return {}


def history_entries(
    instance: TrackedModel | User, user: User | AnonymousUser | None = None
) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with its before → after;
    personal data masked for a ``user`` outside the record's zone."""
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    if not records:
        return []
    model = type(instance)
    field_names = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in _SKIPPED and f.name != model._meta.pk.name and f.name != "password"
    ]
    raw: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    for prev, rec in zip([None, *records[:-1]], records, strict=True):
        changes = []
        for name in field_names:
            attname = model._meta.get_field(name).attname  # type: ignore[union-attr]  # concrete
            new = getattr(rec, attname, None)
            old = getattr(prev, attname, None) if prev is not None else None
            if prev is None and rec.history_type == "+":
                if new in (None, "", False):
                    continue
            elif old == new:
                continue
            changes.append((name, old, new))
        raw.append((rec, changes))
    values_by_field: dict[str, set] = {}
    for _rec, changes in raw:
        for name, old, new in changes:
            values_by_field.setdefault(name, set()).update((old, new))
    labels = {name: _display_values(model, name, vals) for name, vals in values_by_field.items()}

    def masked(name: str, value: Any) -> Any:
        return value if user is None else masked_for(user, instance, name, value)

    entries = []
    for rec, changes in reversed(raw):
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                user=rec.history_user,
                kind=rec.history_type,
                reason=rec.history_change_reason or "",
                version=getattr(rec, "version", None),
                changes=[
                    FieldChange(
                        field=name,
                        label=str(model._meta.get_field(name).verbose_name),  # type: ignore[union-attr]  # concrete
                        old=masked(name, labels[name].get(old, old)),
                        new=masked(name, labels[name].get(new, new)),
                    )
                    for name, old, new in changes
                ],
            )
        )
    return entries


def changes_since(instance: TrackedModel, version: int) -> list[dict]:
    """What others changed in a record after ``version``: field, before, after, by whom."""
    entries = [
        e for e in history_entries(instance) if e.version is not None and e.version > version
    ]
    result = []
    for entry in reversed(entries):
        for ch in entry.changes:
            result.append(
                {
                    "field": ch.field,
                    "label": ch.label,
                    "old": ch.old,
                    "new": ch.new,
                    "user": str(entry.user or ""),
                    "when": entry.when,
                }
            )
    return result


def zones_at_a_glance(
    user: User | AnonymousUser, zone_id: int | None = None
) -> models.QuerySet[Zone]:
    """The user's zones with what the registry knows of each today."""
    from .models import Zone

    qs = Zone.objects.visible_to(user)
    if zone_id is not None:
        qs = qs.filter(pk=zone_id)
    return (
        qs.select_related("region__parent__parent")
        .annotate(
            enterprise_count=Count("enterprises", distinct=True),
            above_scale_count=Count(
                "enterprises", filter=Q(enterprises__scale="above"), distinct=True
            ),
            chain_count=Count("chains", distinct=True),
            # How many of those counted are samples (or, for the scale, a
            # stated enterprise's invented scale): the card marks the count
            # 示例 when any is, in the same aggregate.
            enterprise_samples=Count(
                "enterprises", filter=Q(enterprises__is_sample=True), distinct=True
            ),
            above_scale_samples=Count(
                "enterprises",
                filter=Q(enterprises__scale="above")
                & (
                    Q(enterprises__is_sample=True)
                    | Q(enterprises__sample_fields__icontains='"scale"')
                ),
                distinct=True,
            ),
            chain_samples=Count("chains", filter=Q(chains__is_sample=True), distinct=True),
        )
        .order_by("is_sample", "region__code", "name")
    )


def employees_by_zone(zone_ids: Iterable[int]) -> dict[int, tuple[int, bool]]:
    """Each zone's enterprises' head count, and whether it counts any sample
    enterprise or a stated one's invented head count, in one aggregate."""
    from .models import Enterprise

    rows = (
        Enterprise.objects.filter(zone_id__in=zone_ids)
        .values("zone_id")
        .annotate(
            n=Sum("employees"),
            samples=Count(
                "pk",
                filter=Q(employees__isnull=False)
                & (Q(is_sample=True) | Q(sample_fields__icontains='"employees"')),
            ),
        )
    )
    return {r["zone_id"]: (r["n"] or 0, r["samples"] > 0) for r in rows}


def unread_notification_count(user: User | AnonymousUser) -> int:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return 0
    return user.notifications.filter(read_at__isnull=True).count()


def user_zones(user: User | AnonymousUser) -> models.QuerySet[Zone]:
    from .models import Zone

    scope = scope_of(user)
    if scope.is_zone_member:
        return Zone.objects.filter(pk__in=scope.zone_ids).order_by("name")
    return Zone.objects.none()


def default_zone(
    request: HttpRequest, zones: models.QuerySet[Zone], rows: models.QuerySet
) -> Zone | None:
    """The zone a per-zone page opens on: the one asked for (``?zone=``), else
    the zone the user works in, else the zone of ``zones`` with the most
    ``rows`` (a queryset of zone-owned rows: key projects, requests), else the
    first. A platform admin or viewer reaching hundreds of zones thus opens on
    one with something to show, not on the first name in the alphabet."""
    # current_zone_id: set by CurrentZoneMiddleware.
    for raw in (request.GET.get("zone"), request.current_zone_id):  # type: ignore[attr-defined]
        # A number no key can hold is no zone (the database would overflow on it).
        if (zone_id := query_id(raw)) is not None:
            zone = zones.filter(pk=zone_id).first()
            if zone is not None:
                return zone
    busiest = (
        rows.filter(zone__in=zones.values("pk"))
        .order_by()
        .values("zone_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "zone_id")
        .first()
    )
    if busiest is not None:
        return zones.filter(pk=busiest["zone_id"]).first()
    return zones.first()


HOTLINES_ON_HOME = 20


def public_hotline_links(request: HttpRequest) -> list[PublicLink]:
    """Zones' 24-hour hotlines where a zone entered one, as tap-to-call links."""
    from .models import Zone
    from .navigation import PublicLink

    zones = Zone.objects.exclude(hotline="").only("name", "hotline").order_by("name")
    return [
        PublicLink(
            zone.name,
            "tel:" + "".join(ch for ch in zone.hotline if ch.isdigit() or ch in "+-"),
            zone.hotline,
        )
        for zone in zones[:HOTLINES_ON_HOME]
    ]


# People to tell or to pick, shared by every app's services: one query each,
# active users only.


def zone_people(
    zones: Zone | int | Iterable[Zone | int] | models.QuerySet[Zone],
    *,
    roles: frozenset[str] | None = None,
) -> models.QuerySet[User]:
    """The active zone officials (admins and staff, or ``roles``) of ``zones``
    (a zone, its id, or a list or queryset of either)."""
    from .scoping import ZONE_ROLES, assignable_users

    return assignable_users(zones, roles=ZONE_ROLES if roles is None else roles)


def zone_admins_by_zone(zone_ids: Iterable[int], *fields: str) -> dict[int, list[User]]:
    """The active zone admins of each zone, in one query; ``fields`` limits
    what is loaded of each user."""
    from collections import defaultdict

    from .models import User
    from .scoping import Role

    links = User.zones.through.objects.filter(
        zone_id__in=set(zone_ids), user__role=Role.ZONE_ADMIN, user__is_active=True
    ).select_related("user")
    if fields:
        links = links.only("zone_id", *(f"user__{f}" for f in fields))
    result: dict[int, list[User]] = defaultdict(list)
    for link in links:
        result[link.zone_id].append(link.user)
    return result


def enterprise_users(enterprise_id: int) -> list[User]:
    """An enterprise's own active users (they hear of what concerns it)."""
    from .models import User
    from .scoping import Role

    return list(
        User.objects.filter(role=Role.ENTERPRISE, enterprise_id=enterprise_id, is_active=True)
    )
