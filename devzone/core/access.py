"""Who may open a page, declared once on its view and read by the menu and the
buttons that link to it, so a link is shown exactly when its page opens.

A function view declares it with ``@requires(rule)``; a resource's generic
views with ``Resource.allowed`` (by default: the model's scope rule reaches
something of the user's). ``may_open(user, url_name)`` answers for a link."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, resolve, reverse

from .scoping import Role, UserScope, scope_of

Rule = Callable[[UserScope], bool]


# --- Rules shared by several apps ------------------------------------------------------


def signed_in(scope: UserScope) -> bool:
    return scope.authenticated


def anyone(scope: UserScope) -> bool:
    return True


def not_enterprise(scope: UserScope) -> bool:
    """The committee's own tools (dashboards, wall chart, leads): every signed-in
    role but a company's users, who have nothing there."""
    return scope.authenticated and scope.enterprise_id is None and scope.role != Role.ENTERPRISE


def zone_worker(scope: UserScope) -> bool:
    """Who works records of a zone: its admins and staff, and the platform admin."""
    return scope.is_platform_admin or scope.is_zone_member


def figure_enterer(scope: UserScope) -> bool:
    """Who enters or approves statistics: zone workers and region viewers."""
    return zone_worker(scope) or scope.region_prefix is not None


def user_admin(scope: UserScope) -> bool:
    return scope.is_platform_admin or scope.role == Role.ZONE_ADMIN


def platform_admin(scope: UserScope) -> bool:
    return scope.is_platform_admin


# --- Declaring and reading ------------------------------------------------------------


def requires(rule: Rule):
    """A function view that only users its ``rule`` admits open (others: 403;
    anonymous users are sent to log in first unless the rule admits them)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rule(scope_of(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked = wrapper if rule(scope_of(None)) else login_required(wrapper)
        # Read back by rule_of (may_open, the menu).
        checked.access_rule = rule  # type: ignore[attr-defined]
        return checked

    return decorate


def rule_of(view) -> Rule:
    """The rule a resolved view declares: a resource's, a decorated view's, or
    signed-in users by default."""
    resource = getattr(view, "view_initkwargs", {}).get("resource")
    if resource is not None:
        return resource.allowed
    return getattr(view, "access_rule", signed_in)


@lru_cache(maxsize=4096)
def _link(url_name: str, args: tuple, urlconf: str | None, prefix: str) -> tuple[str, Rule] | None:
    """The address of a named page and the rule its view declares, or None if
    it has no address: the same for every request (the URLconf and the script
    prefix are part of the key), so the menu reverses and resolves each link
    once per process, not on every page."""
    try:
        url = reverse(url_name, args=args, urlconf=urlconf)
    except NoReverseMatch:
        return None
    return url, rule_of(resolve(url, urlconf=urlconf).func)


def link(url_name: str, *args) -> tuple[str, Rule] | None:
    return _link(url_name, args, get_urlconf(), get_script_prefix())


def may_open(user, url_name: str, *args, scope: UserScope | None = None) -> bool:
    found = link(url_name, *args)
    if found is None:
        return False
    return found[1](scope if scope is not None else scope_of(user))


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _link.cache_clear()
