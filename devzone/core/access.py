"""Who may open a page, declared once on its view and read by the menu and the
buttons that link to it, so a link is shown exactly when its page opens.

A function view declares it with ``@requires(rule)``; a resource's generic
views with ``Resource.allowed`` (by default: the model's scope rule reaches
something of the user's). ``may_open(user, url_name)`` answers for a link."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, resolve, reverse

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


def may_open(user, url_name: str, *args) -> bool:
    try:
        url = reverse(url_name, args=args)
    except NoReverseMatch:
        return False
    return rule_of(resolve(url).func)(scope_of(user))
