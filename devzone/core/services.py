"""Writes of the core app: records with edit-conflict detection, users and
their roles, notifications, API tokens, login records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import ApiToken, LoginEvent, Notification, TrackedModel, User, Voidable, Zone
from .scoping import Role, can_create, forget_scope, scope_of
from .selectors import changes_since

Tracked = TypeVar("Tracked", bound=TrackedModel)
# A write hook: handler(instance) of the model it is registered for.
Handler = TypeVar("Handler", bound=Callable[..., None])

# --- What a write sets off ---------------------------------------------------------------
#
# An app's ``services.py`` registers what follows a write of one of its models
# (a schedule recomputed, figures refreshed, people told) with ``on_write``;
# ``record_save``, ``record_delete`` and ``system_save`` run it inside the
# write's transaction. Models never call services: reading an app's services
# shows everything a write sets off.


@dataclass(frozen=True)
class WriteHook:
    handler: Callable[[models.Model], None]
    # Writes with the same group need the handler once between them when an
    # import defers hooks to its end (every task of one project: one schedule).
    group: Callable[[models.Model], object] | None = None

    @property
    def key(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"

    def group_of(self, instance: models.Model) -> object:
        if self.group is not None:
            return self.group(instance)
        return (type(instance), instance.pk)


_hooks: dict[type[models.Model], list[WriteHook]] = {}


def on_write(
    model: type[models.Model], *, group: Callable[..., object] | None = None
) -> Callable[[Handler], Handler]:
    """Register the decorated ``handler(instance)`` to run after every write
    (create, update, delete) of ``model`` and its subclasses, inside the
    write's transaction. A ``ValidationError`` it raises refuses the write in
    forms, imports and the API alike: nothing changes. ``group(instance)``
    names the writes that need it once when hooks are deferred
    (``after_writes_deferred``); by default each record is its own group.
    Registering the same handler again (a module imported twice) replaces it."""

    def register(handler: Handler) -> Handler:
        hook = WriteHook(handler, group)
        registered = [h for h in _hooks.get(model, []) if h.key != hook.key]
        _hooks[model] = [*registered, hook]
        return handler

    return register


def write_hooks(model: type[models.Model]) -> list[WriteHook]:
    return [hook for cls in model.__mro__ if cls in _hooks for hook in _hooks[cls]]


_deferred: ContextVar[dict | None] = ContextVar("deferred_after_writes", default=None)
_quiet: ContextVar[bool] = ContextVar("quiet_writes", default=False)


@contextmanager
def after_writes_deferred() -> Iterator[None]:
    """Inside: the hooks of each write wait, once per group, until the block
    ends (an import of 500 tasks computes their project's schedule once, not
    500 times). A ``ValidationError`` then refuses the whole block."""
    outer = _deferred.get()
    if outer is not None:
        yield
        return
    pending: dict = {}
    token = _deferred.set(pending)
    try:
        yield
        done = []
        while pending:
            _key, (hook, instance) = pending.popitem()
            hook.handler(instance)
            done.append(instance)
        for instance in done:
            _remember(instance)
    finally:
        _deferred.reset(token)


def _run_hooks(instance: models.Model, groups: dict[str, object] | None = None) -> None:
    pending = _deferred.get()
    for hook in write_hooks(type(instance)):
        if pending is None:
            hook.handler(instance)
        else:
            group = groups[hook.key] if groups is not None else hook.group_of(instance)
            pending[(hook.key, group)] = (hook, instance)
    if pending is None:
        _remember(instance)


def _remember(instance: models.Model) -> None:
    # What the hooks acted on is now what the next write compares with.
    if getattr(instance, "watched", ()):
        instance.remember_load()  # type: ignore[attr-defined]  # only a TrackedModel has watched


def _groups_before_delete(instance: models.Model) -> dict[str, object]:
    # A deleted record has no pk afterwards: its groups are named before.
    return {hook.key: hook.group_of(instance) for hook in write_hooks(type(instance))}


@dataclass
class EditConflict(Exception):
    """Someone saved the record after the editor loaded it."""

    current_version: int
    changes: list[dict]


@transaction.atomic
def record_save(
    *,
    instance: Tracked,
    user: User,
    expected_version: int | None = None,
    reason: str = "",
) -> Tracked:
    """Create or update a tracked record on behalf of ``user``.

    Checks the user's scope on the record as it is stored and as it will be,
    refuses a stale ``expected_version`` with the changes made meanwhile, and
    keeps ``reason`` in the record's history.
    """
    model = type(instance)
    refuse_if_voided(instance)
    if instance.pk is None:
        if not can_create(user, model):
            raise PermissionDenied
    else:
        stored = model._default_manager.select_for_update().filter(pk=instance.pk)
        current = stored.values_list("version", flat=True).first()
        if (
            current is None
            or not model._default_manager.editable_by(user).filter(pk=instance.pk).exists()
        ):
            raise PermissionDenied
        if expected_version is not None and current != expected_version:
            raise EditConflict(current, changes_since(instance, expected_version))
        instance.version = current
    instance._change_reason = reason or None
    # Credit the change to the acting user, also outside a browser request
    # (API tokens, imports, background jobs).
    instance._history_user = user
    instance.save()
    # The record must stay inside what the user may change (e.g. not moved
    # into another zone).
    if not model._default_manager.editable_by(user).filter(pk=instance.pk).exists():
        raise PermissionDenied
    _run_hooks(instance)
    return instance


@transaction.atomic
def system_save(
    *,
    instance: Tracked,
    reason: str,
    on_behalf_of: User | AnonymousUser | None = None,
    quiet: bool = False,
) -> Tracked:
    """A write the calling service has checked itself, for no user's scope:
    a visitor's public form, the nightly scan, the demo loader. It keeps
    ``reason`` (and ``on_behalf_of``, a signed-in requester, if any) in the
    record's history and runs the same hooks as ``record_save``; a void record
    is refused alike. Everything else writes with ``record_save``.
    ``quiet``: its hooks tell no one (the demo loader invents past events that
    nobody is to be notified of now)."""
    refuse_if_voided(instance)
    instance._change_reason = reason[:100] or None
    authenticated = on_behalf_of is not None and on_behalf_of.is_authenticated
    instance._history_user = on_behalf_of if authenticated else None  # type: ignore[assignment]  # only a User is authenticated
    token = _quiet.set(True) if quiet else None
    try:
        instance.save()
        _run_hooks(instance)
    finally:
        if token is not None:
            _quiet.reset(token)
    return instance


@transaction.atomic
def record_delete(*, instance: TrackedModel, user: User, reason: str = "") -> None:
    model = type(instance)
    if isinstance(instance, Voidable):
        raise ValidationError(
            _("%(name)s is never deleted: void it with a reason instead.")
            % {"name": model._meta.verbose_name}
        )
    if not model._default_manager.deletable_by(user).filter(pk=instance.pk).exists():
        raise PermissionDenied
    instance._change_reason = reason or None
    instance._history_user = user
    groups = _groups_before_delete(instance)
    instance.delete()
    _run_hooks(instance, groups)


def refuse_if_voided(instance: models.Model) -> None:
    """A void record changes no more (its voiding is its last write)."""
    if (
        isinstance(instance, Voidable)
        and instance.pk is not None
        and type(instance)._default_manager.filter(pk=instance.pk, voided_at__isnull=False).exists()
    ):
        raise ValidationError(_("This record is void: it changes no more."))


@transaction.atomic
def record_void(*, instance: Voidable, user: User, reason: str) -> Voidable:
    """Void (作废) a record that is never deleted: the reason, who and when are
    kept on it and in its history; it leaves the default lists. Whoever may
    change the record may void it. Voiding twice or without a reason is
    refused, changing nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Give the reason for voiding.")})
    if len(reason) > 200:
        raise ValidationError({"void_reason": _("Keep the reason under 200 characters.")})
    if instance.voided_at is not None:
        raise ValidationError(_("This record is already void."))
    instance.voided_at = timezone.now()
    instance.voided_by = user
    instance.void_reason = reason
    instance.on_void()
    # Every Voidable model is also a TrackedModel (types cannot say both).
    return record_save(  # type: ignore[type-var]
        instance=instance, user=user, reason=_("Voided: %(reason)s") % {"reason": reason[:80]}
    )


# --- Notifications ---------------------------------------------------------------


def notify(
    *, users: Iterable[User], title: str, body: str = "", url: str = "", email: bool = True
) -> list[Notification]:
    """Tell users something: an in-app notification and, if they have an
    address, an e-mail once the transaction commits."""
    if _quiet.get():
        return []
    users = [u for u in users if u.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url) for u in users]
    )
    recipients = [u.email for u in users if u.email]
    if email and recipients:
        _mail_on_commit([_email(title, body, url, recipients)])
    return notes


def notify_each(
    messages: Iterable[tuple[User, str, str, str]], *, email: bool = True
) -> list[Notification]:
    """Tell many users each their own thing (a scan's digests): ``messages``
    are (user, title, body, url). One insert, and the e-mails over one
    connection once the transaction commits."""
    if _quiet.get():
        return []
    messages = [m for m in messages if m[0].is_active]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, title=t, body=b, url=url) for u, t, b, url in messages],
        batch_size=1000,
    )
    if email:
        _mail_on_commit([_email(t, b, url, [u.email]) for u, t, b, url in messages if u.email])
    return notes


def _email(title: str, body: str, url: str, recipients: list[str]) -> EmailMessage:
    return EmailMessage(
        subject=f"[DevZone] {title}",
        body=f"{body}\n\n{url}".strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def _mail_on_commit(emails: list[EmailMessage]) -> None:
    if emails:
        transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(emails))


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


# --- Users and roles ------------------------------------------------------------------


def _describe_roles(user: User) -> str:
    parts = [str(user.get_role_display() or _("no role"))]
    if user.role == Role.REGION_VIEWER and user.region_id:
        parts.append(str(user.region))
    if user.role in (Role.ZONE_ADMIN, Role.ZONE_STAFF):
        parts.append("、".join(z.short_name or z.name for z in user.zones.all()))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        parts.append(str(user.enterprise))
    return " · ".join(p for p in parts if p)


def _role_signature(user: User) -> tuple:
    return (
        user.role,
        user.region_id,
        user.enterprise_id,
        frozenset(user.zones.values_list("pk", flat=True)),
        user.is_active,
    )


def manageable_users(actor: User) -> models.QuerySet[User]:
    """Users the actor may administer: all for the platform admin; for a zone
    admin, the zone staff, zone admins and enterprise users of its zones, never
    a platform admin, a django-admin user or a region viewer. Of those who also
    work in zones it does not administer, only the membership of its own zones
    (``zones_beyond_reach``, ``user_save``)."""
    scope = scope_of(actor)
    if scope.is_platform_admin:
        return User.objects.all()
    if scope.role == Role.ZONE_ADMIN:
        return (
            User.objects.filter(
                models.Q(role__in=[Role.ZONE_ADMIN, Role.ZONE_STAFF], zones__in=scope.zone_ids)
                | models.Q(role=Role.ENTERPRISE, enterprise__zone__in=scope.zone_ids)
            )
            .exclude(is_superuser=True)
            .exclude(is_staff=True)
            .distinct()
        )
    return User.objects.none()


def zones_beyond_reach(actor: User, user: User) -> list:
    """The zones of ``user`` that the acting zone admin does not administer.
    Such a user is shared with another zone's admin: the actor may change only
    its membership of the actor's own zones."""
    scope = scope_of(actor)
    if user.pk is None or scope.is_platform_admin:
        return []
    return list(user.zones.exclude(pk__in=scope.zone_ids))


def assignable_roles(actor: User) -> list[tuple[str, str | Promise]]:
    """Roles the actor may give: never one above its own."""
    scope = scope_of(actor)
    if scope.is_platform_admin:
        return list(Role.choices)
    if scope.role == Role.ZONE_ADMIN:
        return [(r.value, r.label) for r in (Role.ZONE_ADMIN, Role.ZONE_STAFF, Role.ENTERPRISE)]
    return []


# What a zone admin may not change of a user it shares with another zone: the
# account is one for all its zones.
SHARED_USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "region_id",
    "enterprise_id",
    "is_active",
    "is_staff",
    "is_superuser",
)


def shared_user_refusal() -> str:
    return _(
        "This user also works in zones you do not administer: you may change only "
        "their membership of your own zones. Ask the platform admin for anything else."
    )


def user_credentials_revoke(*, user: User) -> None:
    """End every session of ``user`` and delete its API tokens (after its
    password or role changed). The acting user keeps its own session by
    calling ``update_session_auth_hash`` with ``user`` afterwards."""
    user.session_epoch = (user.session_epoch or 0) + 1
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch)
    ApiToken.objects.filter(user_id=user.pk).delete()


@transaction.atomic
def user_save(
    *,
    actor: User,
    user: User,
    zones: Iterable[Zone] | None = None,
    password: str | None = None,
    reason: str = "",
) -> User:
    """Create or update a user's account and roles; tell the user when roles
    change. A new password, a new role or a deactivation ends the user's
    sessions and revokes its API tokens."""
    scope = scope_of(actor)
    is_new = user.pk is None
    if not is_new and not manageable_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied
    stored = None if is_new else User.objects.select_for_update().get(pk=user.pk)
    before = None if stored is None else _role_signature(stored)
    if user.role not in dict(assignable_roles(actor)):
        raise PermissionDenied
    if not scope.is_platform_admin:
        if stored is not None and zones_beyond_reach(actor, stored):
            changed = [f for f in SHARED_USER_FIELDS if getattr(stored, f) != getattr(user, f)]
            if password or changed:
                raise PermissionDenied(shared_user_refusal())
        # A zone admin only grants its own zones, and enterprises within them.
        if zones is not None:
            current = set() if is_new else set(user.zones.values_list("pk", flat=True))
            if not ({z.pk for z in zones} ^ current) <= scope.zone_ids:
                raise PermissionDenied
        if user.role == Role.ENTERPRISE and (
            user.enterprise is None or user.enterprise.zone_id not in scope.zone_ids
        ):
            raise PermissionDenied
        user.is_superuser = user.is_staff = False
    if password:
        user.set_password(password)
    elif is_new:
        user.set_unusable_password()
    revoke = stored is not None and (
        bool(password) or stored.role != user.role or (stored.is_active and not user.is_active)
    )
    if revoke:
        user_credentials_revoke(user=user)
    user._change_reason = reason or None
    user._history_user = actor
    user.save()
    if zones is not None:
        user.zones.set(zones)
    if user.role not in (Role.ZONE_ADMIN, Role.ZONE_STAFF):
        user.zones.clear()
    forget_scope(user)
    after = _role_signature(user)
    if before != after:
        with override(settings.LANGUAGE_CODE):
            notify(
                users=[user],
                title=_("Your roles in DevZone have changed"),
                body=_("You now have: %(roles)s. Changed by %(actor)s.")
                % {"roles": _describe_roles(user), "actor": actor},
                url="/account/",
            )
    return user


def set_current_zone(*, request: HttpRequest, zone_id: int | None) -> None:
    """Switch the zone a user with several zones is working in (None: all)."""
    scope = scope_of(request.user)
    if zone_id is not None and not (scope.is_platform_admin or zone_id in scope.zone_ids):
        raise PermissionDenied
    request.session["current_zone_id"] = zone_id


# --- API tokens -------------------------------------------------------------------------


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the returned key is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


# --- Logins -------------------------------------------------------------------------------


def login_record(
    *, username: str, user: User | None, ip: str | None, user_agent: str, succeeded: bool
) -> None:
    LoginEvent.objects.create(
        username=username[:150],
        user=user,
        ip_address=ip,
        user_agent=user_agent[:300],
        succeeded=succeeded,
    )


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    """Too many failed logins for this user name or from this address lately."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    failures = LoginEvent.objects.filter(succeeded=False, created_at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    by_name = failures.filter(username__iexact=username).count() >= limit
    by_ip = ip is not None and failures.filter(ip_address=ip).count() >= limit * 4
    return by_name or by_ip
