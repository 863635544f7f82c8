"""The one place that decides what a user may see and change.

Every zone-owned model uses ``ScopedQuerySet`` and declares a ``ScopeRule``:
where its zone is (``zone_path``), where an enterprise user's own company is
(``enterprise_path``), and which roles may create, change and delete it. Views,
forms, the API, exports, imports and search all call ``visible_to`` /
``editable_by`` / ``deletable_by`` / ``can_create``; nothing else filters by role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    REGION_VIEWER = "region_viewer", _("Province / city viewer")
    ZONE_ADMIN = "zone_admin", _("Zone admin")
    ZONE_STAFF = "zone_staff", _("Zone staff")
    ENTERPRISE = "enterprise", _("Enterprise user")


ZONE_ROLES = frozenset({Role.ZONE_ADMIN, Role.ZONE_STAFF})


@dataclass(frozen=True)
class ScopeRule:
    """How one model is scoped. Paths are Django lookups from the model."""

    zone_path: str = "zone"
    enterprise_path: str | None = None
    create_roles: frozenset[str] = ZONE_ROLES
    change_roles: frozenset[str] = ZONE_ROLES
    delete_roles: frozenset[str] = ZONE_ROLES
    # Rows anyone, even anonymous, may read (e.g. published notice boards).
    public: Q | None = None
    # Extra rows an enterprise user may read beyond its own company's.
    enterprise_extra: tuple[str, ...] = field(default_factory=tuple)
    # Reference data (regions) that every signed-in user reads.
    readable_by_all_users: bool = False
    # Rows every signed-in user reads, whatever its zone (approved statistics:
    # rankings compare zones).
    published: Q | None = None
    # Rows a region viewer reads in its region beyond the published ones
    # (statistics submitted for its approval).
    reviewable: Q | None = None
    # Rows that, inside their scope, only ``confidential_roles`` read and
    # change (complaints about officials: the zone admin), besides the platform
    # admin and the enterprise user whose own row it is.
    confidential: Q | None = None
    confidential_roles: frozenset[str] = frozenset({Role.ZONE_ADMIN})
    # People fields (user foreign keys: leader, agent, owner, assignee, head)
    # and the roles whose members of the record's zone may fill them; see
    # ``assignable_users``. Forms, the API and imports offer and accept only them.
    assignees: tuple[tuple[str, frozenset[str]], ...] = ()
    # Rows locked once approved (enterprise reports, as zone figures): only
    # ``locked_change_roles`` correct them (the app asks for a reason), and no
    # one deletes them.
    locked: Q | None = None
    locked_change_roles: frozenset[str] = ZONE_ROLES

    def lookup(self, path: str, rest: str) -> str:
        return f"{path}__{rest}" if path else rest


@dataclass(frozen=True)
class UserScope:
    """A user's reach, computed once per request."""

    role: str | None
    authenticated: bool
    is_platform_admin: bool
    region_prefix: str | None
    zone_ids: frozenset[int]
    enterprise_id: int | None
    enterprise_zone_id: int | None

    @property
    def is_zone_member(self) -> bool:
        return self.role in ZONE_ROLES


ANONYMOUS_SCOPE = UserScope(None, False, False, None, frozenset(), None, None)


def scope_of(user: User | AnonymousUser | None) -> UserScope:
    if (
        user is None
        or isinstance(user, AnonymousUser)
        or not user.is_authenticated
        or not user.is_active
    ):
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_devzone_scope", None)
    if cached is not None:
        return cached
    role = user.role
    is_admin = user.is_superuser or role == Role.PLATFORM_ADMIN
    region_prefix = None
    if role == Role.REGION_VIEWER and user.region is not None:
        region_prefix = user.region.code_prefix
    zone_ids: frozenset[int] = frozenset()
    if role in ZONE_ROLES:
        zone_ids = frozenset(user.zones.values_list("pk", flat=True))
    enterprise_id = enterprise_zone_id = None
    if role == Role.ENTERPRISE and user.enterprise is not None:
        enterprise_id = user.enterprise_id
        enterprise_zone_id = user.enterprise.zone_id
    scope = UserScope(
        role=role,
        authenticated=True,
        is_platform_admin=is_admin,
        region_prefix=region_prefix,
        zone_ids=zone_ids,
        enterprise_id=enterprise_id,
        enterprise_zone_id=enterprise_zone_id,
    )
    user._devzone_scope = scope
    return scope


def forget_scope(user: User) -> None:
    if hasattr(user, "_devzone_scope"):
        del user._devzone_scope


def _nothing() -> Q:
    return Q(pk__in=[])


def visible_q(rule: ScopeRule, scope: UserScope) -> Q:
    return _confidential(rule, scope, _visible_q(rule, scope))


def _confidential(rule: ScopeRule, scope: UserScope, q: Q) -> Q:
    if (
        rule.confidential is None
        or scope.is_platform_admin
        or scope.role in rule.confidential_roles
    ):
        return q
    own = _nothing()
    if scope.enterprise_id is not None and rule.enterprise_path is not None:
        own = Q(**{rule.enterprise_path: scope.enterprise_id})
    return (q & ~rule.confidential) | (q & rule.confidential & own)


def _visible_q(rule: ScopeRule, scope: UserScope) -> Q:
    public = rule.public if rule.public is not None else _nothing()
    if not scope.authenticated:
        return public
    if scope.is_platform_admin or rule.readable_by_all_users:
        return Q()
    published = rule.published if rule.published is not None else _nothing()
    if scope.region_prefix is not None:
        in_region = Q(
            **{rule.lookup(rule.zone_path, "region__code__startswith"): scope.region_prefix}
        )
        if rule.published is not None or rule.reviewable is not None:
            # A viewer reads what is published, and what waits for review in its region.
            reviewable = rule.reviewable if rule.reviewable is not None else _nothing()
            in_region &= published | reviewable
        return in_region | published | public
    if scope.is_zone_member:
        return Q(**{rule.lookup(rule.zone_path, "pk__in"): scope.zone_ids}) | published | public
    if scope.enterprise_id is not None:
        q = public | published
        if rule.enterprise_path is not None:
            q |= Q(**{rule.enterprise_path: scope.enterprise_id})
        for extra in rule.enterprise_extra:
            q |= Q(**{extra: scope.enterprise_id})
        return q
    return public


def reaches(rule: ScopeRule, scope: UserScope) -> bool:
    """Whether ``rule`` can show this user any row at all: a list that never
    can (a company's user and the committee's leads) is not offered to it."""
    if scope.authenticated and (
        scope.is_platform_admin
        or rule.readable_by_all_users
        or scope.region_prefix is not None
        or scope.is_zone_member
    ):
        return True
    if rule.public is not None or (scope.authenticated and rule.published is not None):
        return True
    return scope.enterprise_id is not None and (
        rule.enterprise_path is not None or bool(rule.enterprise_extra)
    )


def _action_q(rule: ScopeRule, scope: UserScope, roles: frozenset[str]) -> Q:
    return _confidential(rule, scope, _action_q_in_scope(rule, scope, roles))


def _action_q_in_scope(rule: ScopeRule, scope: UserScope, roles: frozenset[str]) -> Q:
    if not scope.authenticated:
        return _nothing()
    if scope.is_platform_admin:
        return Q()
    if scope.role not in roles:
        return _nothing()
    if scope.is_zone_member:
        return Q(**{rule.lookup(rule.zone_path, "pk__in"): scope.zone_ids})
    if scope.enterprise_id is not None and rule.enterprise_path is not None:
        return Q(**{rule.enterprise_path: scope.enterprise_id})
    return _nothing()


class ScopedQuerySet(models.QuerySet):
    def _rule(self) -> ScopeRule:
        return self.model.scope_rule

    def visible_to(self, user) -> ScopedQuerySet:
        return self.filter(visible_q(self._rule(), scope_of(user)))

    def editable_by(self, user) -> ScopedQuerySet:
        rule, scope = self._rule(), scope_of(user)
        q = _action_q(rule, scope, rule.change_roles)
        if (
            rule.locked is not None
            and not scope.is_platform_admin
            and scope.role not in rule.locked_change_roles
        ):
            q &= ~rule.locked
        return self.filter(q)

    def deletable_by(self, user) -> ScopedQuerySet:
        rule = self._rule()
        q = _action_q(rule, scope_of(user), rule.delete_roles)
        if rule.locked is not None:
            q &= ~rule.locked
        return self.filter(q)

    def in_zone(self, zone_id: int | None) -> ScopedQuerySet:
        """Narrow to one zone (the user's current zone), or leave as is."""
        if zone_id is None:
            return self
        rule = self._rule()
        return self.filter(**{rule.lookup(rule.zone_path, "pk"): zone_id})


def can_create(user, model) -> bool:
    scope = scope_of(user)
    if not scope.authenticated or not model.scope_rule.create_roles:
        # No create roles: the records come from their own workflow only (the
        # public's notice-board feedback), not from the staff pages or the API.
        return False
    if scope.is_platform_admin:
        return True
    return scope.role in model.scope_rule.create_roles and (
        bool(scope.zone_ids) or scope.enterprise_id is not None
    )


def _model(name: str) -> Any:  # Zone or User: their managers' own methods
    # The models are built on this module (``ScopedQuerySet``, ``ScopeRule``):
    # it reaches them through the app registry, never by importing them.
    return apps.get_model("core", name)


def can_change(user, obj) -> bool:
    return type(obj)._default_manager.editable_by(user).filter(pk=obj.pk).exists()


def can_delete(user, obj) -> bool:
    return type(obj)._default_manager.deletable_by(user).filter(pk=obj.pk).exists()


def creatable_zones(user):
    """Zones in which the user may create zone-owned records."""
    Zone = _model("Zone")

    scope = scope_of(user)
    if scope.is_platform_admin:
        return Zone.objects.all()
    if scope.is_zone_member:
        return Zone.objects.filter(pk__in=scope.zone_ids)
    return Zone.objects.none()


def is_zone_staff_for(user, zone_id: int | None) -> bool:
    """Whether the user works for this zone (and so sees personal data unmasked)."""
    scope = scope_of(user)
    return scope.is_platform_admin or (scope.is_zone_member and zone_id in scope.zone_ids)


def sees_whole_zone(user, zone) -> bool:
    """Whether the user reads every company's records of the zone (its staff,
    its region's viewers, the platform admin), so that a page may show
    per-company and per-project figures; an enterprise user reads its own only."""
    scope = scope_of(user)
    if scope.is_platform_admin:
        return True
    if scope.is_zone_member:
        return zone.pk in scope.zone_ids
    if scope.region_prefix is not None:
        return zone.region.code.startswith(scope.region_prefix)
    return False


def zone_id_of(obj) -> int | None:
    """The zone a record belongs to, following its rule's ``zone_path``."""
    path = type(obj).scope_rule.zone_path
    if not path:
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


# --- Who may be assigned -----------------------------------------------------------------

ZONE_ADMIN_ROLE = frozenset({Role.ZONE_ADMIN})


def assignable_users(zones, *, roles: frozenset[str] = ZONE_ROLES):
    """The one rule for who may be made a record's leader, agent, owner,
    assignee or head: active users with one of ``roles`` who work in one of
    ``zones`` (a zone, its id, or a queryset or list of either). Anyone else
    is another zone's official or an outsider (a public notice board would
    show them, with their phone)."""
    User, Zone = _model("User"), _model("Zone")

    if isinstance(zones, (int, Zone)):
        zones = [zones]
    return (
        User.objects.filter(is_active=True, role__in=roles, zones__in=zones)
        .distinct()
        .order_by("username")
    )


def assignee_choices(user, model, name: str):
    """The people ``user`` may pick for ``model``'s field ``name``: those of
    the zones the user may write in."""
    roles = dict(model.scope_rule.assignees)[name]
    return assignable_users(creatable_zones(user), roles=roles)


def assignee_errors(instance, names=None) -> dict[str, str]:
    """Each people field of ``instance`` (of ``names``, if given) holding
    someone ``assignable_users`` refuses in the record's zone, with why."""
    from django.utils.translation import gettext

    zone_id = zone_id_of(instance)
    errors = {}
    for name, roles in type(instance).scope_rule.assignees:
        if names is not None and name not in names:
            continue
        user_id = getattr(instance, f"{name}_id", None)
        if user_id is None or zone_id is None:
            continue
        if not assignable_users(zone_id, roles=roles).filter(pk=user_id).exists():
            errors[name] = (
                gettext("Choose a zone admin (leader) of the record's zone.")
                if roles == ZONE_ADMIN_ROLE
                else gettext("Choose an admin or staff member of the record's zone.")
            )
    return errors
