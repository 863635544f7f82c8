"""The generated permission matrix (issue 10, item 4): every generic page of
every registered resource (list, export as CSV and as a spreadsheet, add,
import and its template, and a record's page, history, edit and delete or void
for a row of the own zone, of another zone and of the enterprise user's own
company) and every API list and record endpoint, with its writes (POST,
PATCH, DELETE, each in a savepoint rolled back), for every role of
``devzone.testing.ROLES`` plus a viewer of the own zone's city, with the
exact status.

The expected status is derived from what the code declares, never from what
the server answers: ``Resource.allowed``, the model's ``ScopeRule`` (through
``visible_to`` / ``editable_by`` / ``deletable_by`` / ``can_create``) and the
generic views' documented answers (not signed in: the login page; a record the
user cannot see: 404; seen but not theirs to change: 403). The derivation is
checked against the hand-written core table (core/tests/test_permissions.py), and a resource or endpoint added
later is in the matrix without a line written. A URL pattern neither in the
matrix nor in the reasoned exemptions below fails ``test_every_url_is_covered``.

The rows come from the demo (every app's ``demo.load``), loaded once per test
process (conftest's ``demo_database``) and rolled back after the module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from devzone.core import generic
from devzone.core.api_auth import ScopedPermission
from devzone.core.models import User, Voidable, Zone
from devzone.core.resources import _registry
from devzone.core.scoping import Role, can_change, can_create, can_delete, scope_of
from devzone.incentives.services import applicant_may_edit
from devzone.testing import sign_in

OWN_ZONE = "广灵经济技术开发区"
OTHER_ZONE = "晋城经济技术开发区"

# The demo's users standing for each role; the city viewer of another city
# (city_b_viewer) is added by the fixture.
DEMO_USERS = {
    "platform_admin": "admin",
    "province_viewer": "shanxi",
    "city_viewer": "datong",  # 大同: the own zone's city
    "zone_admin": "guangling",
    "zone_staff": "staff",  # 广灵 and 垣曲
    "enterprise": "shuntian",  # 舜天服饰, a company of 垣曲
    "outsider": "jincheng",  # the admin of 晋城, the other zone
}
MATRIX_ROLES = ["anonymous", *DEMO_USERS, "city_b_viewer"]

ROW_ACTIONS = ("detail", "history", "edit", "delete", "void")


class SignedIn(dict):
    """The users by role, each with a session signed in for the module (``sign_in``)."""

    def __init__(self, users: dict, sessions: dict[str, str]):
        super().__init__(users)
        self.sessions = sessions


@pytest.fixture(scope="module")
def demo(demo_database, django_db_blocker):
    """The demo's users for each role, on the demo database (conftest's
    ``demo_database``: loaded once per test process, rolled back after the module)."""
    with django_db_blocker.unblock():
        users = {role: User.objects.get(username=name) for role, name in DEMO_USERS.items()}
        other_city = Zone.objects.get(name=OTHER_ZONE).region
        while other_city.level != "city":
            other_city = other_city.parent
        users["city_b_viewer"] = User.objects.create_user(
            username="matrix-city-b", role=Role.REGION_VIEWER, region=other_city
        )
        users["anonymous"] = None
        sessions = {role: sign_in(user) for role, user in users.items() if user is not None}
    return SignedIn(users, sessions)


@pytest.fixture
def users(demo, db, settings):
    # Exports answer at once, whatever the demo's size (not a background job).
    settings.BACKGROUND_ROWS_THRESHOLD = 10**9
    return demo


# --- The expectation, from the declarations -----------------------------------------------


def expected_page(resource, action: str, user, row=None) -> int:
    """The status a generic page of ``resource`` answers ``user`` (None: the public)."""
    if user is None:
        return 302  # every generic view requires a login
    model = resource.model
    if action in ("list", "export"):
        return 200 if resource.allowed(scope_of(user)) else 403
    if action == "import_template":
        return 200
    if action in ("add", "import"):
        return 200 if can_create(user, model) else 403
    if not resource.base_queryset(user).filter(pk=row.pk).exists():
        return 404
    if action in ("detail", "history"):
        return 200
    if action in ("edit", "void"):
        return 200 if can_change(user, row) else 403
    if action == "delete":
        return 200 if can_delete(user, row) else 403
    raise AssertionError(f"no rule for {action}")


def expected_api(model, route_kind: str, user, row=None) -> int:
    if user is None:
        return 401
    if route_kind == "list":
        return 200
    return 200 if model.objects.visible_to(user).filter(pk=row.pk).exists() else 404


# --- The rows and the URLs ----------------------------------------------------------------


def rows_of(model, users) -> dict[str, object]:
    """A row of the own zone, of another zone, and of the enterprise user's own
    company (live ones: a void record's edit page is a different question)."""
    qs = model._default_manager.order_by("pk")
    if hasattr(model, "voided_at"):
        qs = qs.filter(voided_at__isnull=True)
    rule = getattr(model, "scope_rule", None)
    rows = {}
    if rule is not None:
        in_zone = rule.lookup(rule.zone_path, "name")  # a zone's own path is ""
        try:
            rows["own zone"] = qs.filter(**{in_zone: OWN_ZONE}).first()
            rows["other zone"] = qs.filter(**{in_zone: OTHER_ZONE}).first()
        except FieldError:
            pass  # not zone-owned (regions)
    if rule is not None and rule.enterprise_path is not None:
        company = users["enterprise"].enterprise_id
        rows["own company"] = qs.filter(**{rule.enterprise_path: company}).first()
    if not any(rows.values()):
        rows["any"] = qs.first()
    return {name: row for name, row in rows.items() if row is not None}


GENERIC_VIEWS = {
    "list": generic.ObjectListView,
    "export": generic.ObjectExportView,
    "detail": generic.ObjectDetailView,
    "history": generic.ObjectHistoryView,
    "add": generic.ObjectCreateView,
    "edit": generic.ObjectEditView,
    "delete": generic.ObjectDeleteView,
    "void": generic.ObjectVoidView,
    "import": generic.ObjectImportView,
    "import_template": generic.ImportTemplateView,
}


def page_urls(resource) -> dict[str, URLPattern]:
    """Each generic page of the resource by action, as its URLconf names them.
    A resource's own view in place of a generic one (e.g. an edit page that
    also asks the record's status) answers by its own rules: not generated,
    it must be in ``HAND_WRITTEN_IN``."""
    actions = {}
    for pattern in resource.urls():
        action = pattern.name.removeprefix(f"{resource.url_prefix}_")
        if GENERIC_VIEWS.get(action) is pattern.callback.view_class:
            actions[action] = pattern
    return actions


def _walk(patterns=None, prefix="", namespace=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner or namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def api_routes():
    """(route, model, kind) of every scoped API list and record endpoint: a
    viewset of a scoped model with the default permission (signed-in users,
    reaching what their scope shows)."""
    found = []
    for route, _name, entry in _walk():
        cls = getattr(entry.callback, "cls", None)
        actions = set((getattr(entry.callback, "actions", None) or {}).values())
        if cls is None or not actions or "format" in route:
            continue
        serializer = getattr(cls, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None or not hasattr(model.objects, "visible_to"):
            continue
        if list(cls.permission_classes) != [ScopedPermission]:
            continue
        if "retrieve" in actions:
            found.append((route, model, "detail"))
        elif "list" in actions:
            found.append((route, model, "list"))
    return found


def _api_path(route: str, pk: int | None = None) -> str:
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<pk>[^)]*\)", str(pk), path)
    return "/" + path.lstrip("/")


def _clients(users):
    pages, api = {}, {}
    for role, user in users.items():
        pages[role], api[role] = Client(), APIClient()
        if user is not None:
            pages[role].cookies[settings.SESSION_COOKIE_NAME] = users.sessions[role]
            api[role].force_authenticate(user)
    return pages, api


# --- The matrix ---------------------------------------------------------------------------


def check_generic_pages(users, key):
    resource = _registry[key]
    pages, _api = _clients(users)
    rows = rows_of(resource.model, users)
    wrong, checked = [], 0
    for action, _pattern in sorted(page_urls(resource).items()):
        if action in ROW_ACTIONS:
            targets = [(f"{action} ({name})", row) for name, row in rows.items()]
            urls = [
                (label, reverse(resource.url_name(action), args=[row.pk]), row)
                for label, row in targets
            ]
        elif action == "export":
            # Nothing matches the search: the status, not the rows, is in question.
            base = reverse(resource.url_name("export")) + "?q=%E2%80%BD&format="
            urls = [("export csv", base + "csv", None), ("export xlsx", base + "xlsx", None)]
        elif action == "import_template":
            urls = [("import template", reverse(resource.url_name(action), args=["xlsx"]), None)]
        else:
            urls = [(action, reverse(resource.url_name(action)), None)]
        for label, url, row in urls:
            for role in MATRIX_ROLES:
                expected = expected_page(resource, action, users[role], row)
                got = pages[role].get(url).status_code
                checked += 1
                if got != expected:
                    wrong.append(f"{role} {label} {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    assert checked >= len(MATRIX_ROLES) * 3  # at least the list and its two exports


def check_api_endpoints(users, route, model, kind):
    _pages, api = _clients(users)
    rows = rows_of(model, users) if kind == "detail" else {"list": None}
    wrong = []
    for name, row in rows.items():
        url = _api_path(route, row.pk if row is not None else None)
        for role in MATRIX_ROLES:
            expected = expected_api(model, kind, users[role], row)
            got = api[role].get(url).status_code
            if got != expected:
                wrong.append(f"{role} {name} {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


# --- The API's writes ----------------------------------------------------------------------


def api_write_routes():
    """(list route, detail route, model, methods of each) of every scoped
    viewset of ``api_routes``: what it accepts besides reads."""
    found: dict[type, dict] = {}
    for route, _name, entry in _walk():
        cls = getattr(entry.callback, "cls", None)
        actions = getattr(entry.callback, "actions", None) or {}
        if cls is None or "format" in route:
            continue
        # What the router maps, less what the viewset refuses (http_method_names).
        methods = set(actions) & set(cls.http_method_names)
        if "retrieve" in actions.values():
            found.setdefault(cls, {})["detail"] = (route, methods)
        elif "list" in actions.values():
            found.setdefault(cls, {})["list"] = (route, methods)
    routes = {route: model for route, model, _kind in api_routes()}
    return [
        (
            ends["list"][0],
            ends["detail"][0],
            routes[ends["detail"][0]],
            ends["list"][1],
            ends["detail"][1],
        )
        for ends in found.values()
        if set(ends) == {"list", "detail"} and ends["detail"][0] in routes
    ]


def _protected(row) -> bool:
    """Whether deleting the row is refused by a protected reference (409)."""
    try:
        Collector(using="default").collect([row])
    except (ProtectedError, RestrictedError):
        return True
    return False


# Writes a viewset refuses whatever the scope says, each with why.
NO_API_CREATE = {
    "projects.NoticeFeedback": "the public writes it on the notice board; POST only voids (405)",
}
# Changes the scope allows that the app's own rule refuses (403) for some
# records' state: an applicant edits only what the zone is not handling yet.
EDIT_RULES = {
    "incentives.Application": applicant_may_edit,
    "incentives.FinancingCase": applicant_may_edit,
}
# Writes the scope allows that a write hook refuses for the demo's data (400),
# each with why and where the refusal itself is tested.
REFUSED_BY_HOOK = {
    ("approvals.RegionalCoverage", "delete"): (
        "the demo's projects of that zone rely on the coverage: approvals/tests/test_approvals.py"
    ),
}


def expected_api_write(model, method: str, user, row, methods: set[str]) -> int:
    """The status a write answers ``user`` (None: the public), from the same
    declarations as the reads. A create carries no fields: whoever may create
    gets past the scope to the validation (400); a change carries none either
    (200 for whoever may change the record); a delete sends the current version."""
    if user is None:
        return 401
    if method not in methods or (method == "post" and model._meta.label in NO_API_CREATE):
        return 405
    if method == "post":
        return 400 if can_create(user, model) else 403
    if method == "delete" and issubclass(model, Voidable):
        return 405  # never deleted: voided with a reason
    if not model.objects.visible_to(user).filter(pk=row.pk).exists():
        return 404
    if method == "patch":
        may = model.objects.editable_by(user).filter(pk=row.pk).exists()
    else:
        may = model.objects.deletable_by(user).filter(pk=row.pk).exists()
    if method == "patch" and model._meta.label in EDIT_RULES:
        may = may and EDIT_RULES[model._meta.label](user, row)
    if not may:
        return 403
    if (model._meta.label, method) in REFUSED_BY_HOOK:
        return 400
    if method == "patch":
        return 200
    return 409 if _protected(row) else 204


def check_api_writes(users, list_route, detail_route, model, list_methods, detail_methods):
    """POST, PATCH and DELETE for every role on a row of the own zone, of
    another zone and of the enterprise user's company, each inside a savepoint
    rolled back (the module's demo stays as it was)."""
    _pages, api = _clients(users)
    rows = rows_of(model, users)
    wrong = []

    def attempt(label, role, method, url, expected, **extra):
        with transaction.atomic():
            got = getattr(api[role], method)(url, {}, format="json", **extra)
            transaction.set_rollback(True)
        if got.status_code != expected:
            wrong.append(f"{role} {label} {url}: {got.status_code}, expected {expected}")

    url = _api_path(list_route)
    for role in MATRIX_ROLES:
        expected = expected_api_write(model, "post", users[role], None, list_methods)
        attempt("create", role, "post", url, expected)
    for name, row in rows.items():
        url = _api_path(detail_route, row.pk)
        version = {"HTTP_IF_MATCH": f'"{row.version}"'}
        for role in MATRIX_ROLES:
            for method in ("patch", "delete"):
                expected = expected_api_write(model, method, users[role], row, detail_methods)
                attempt(f"{method} ({name})", role, method, url, expected, **version)
    assert not wrong, "\n".join(wrong)


# --- Coverage -----------------------------------------------------------------------------

# Patterns the generated matrix does not open, each with why.
EXEMPT = {
    "set_language": "Django's language switch: a POST that redirects for everyone",
    "login": "the login page: open to everyone by definition",
    "logout": "a POST that signs out whoever sends it",
    "api-root": "DRF's browsable index of a router: the list of endpoints, no data",
    "api-schema": "the schema: hand-written in core/tests/test_permissions.py (API_READS)",
    "api-docs": "the schema's page: hand-written in core/tests/test_permissions.py (PAGES)",
    "api-redoc": "the same schema as api-docs, in ReDoc",
    "home": "every role's home: hand-written in core/tests/test_permissions.py (PAGES)",
}
EXEMPT_UNDER = {
    "django-admin/": "Django's admin site: staff superusers only, by Django's own checks",
}
# Custom views and API actions (workflow steps, dashboards, the public's
# pages): what each answers depends on the record's state, not only on the
# scope rule, so their statuses are hand-written in the test module named.
HAND_WRITTEN_IN = {
    "healthz": "core/tests/test_health_metrics.py",
    "metrics": "core/tests/test_health_metrics.py",
    "incentives:application_edit": "incentives/tests/test_permissions.py",
    "incentives:financing_edit": "incentives/tests/test_permissions.py",
    "notification-list": "core/tests/test_permissions.py",
    "notification-detail": "core/tests/test_permissions.py",
    "stats-ranking": "stats/tests/test_api.py",
    "stats-dashboard": "stats/tests/test_api.py",
    "stats-compare": "stats/tests/test_api.py",
    "indicatorvalue-approve": "stats/tests/test_api.py",
    "indicatorvalue-send-back": "stats/tests/test_api.py",
    "indicatorvalue-submit": "stats/tests/test_api.py",
    "enterprisereport-approve": "stats/tests/test_api.py",
    "enterprisereport-submit": "stats/tests/test_api.py",
    "project-wall-chart": "projects/tests/test_permissions_schedules.py",
    "project-baseline": "projects/tests/test_permissions_schedules.py",
    "noticefeedback-void": "desk/tests/test_void.py",
    "lead-funnel": "projects/tests/test_permissions_schedules.py",
    "lead-convert": "projects/tests/test_permissions_schedules.py",
    "api-notice-board": "projects/tests/test_permissions_schedules.py",
    "projectapproval-worklist": "approvals/tests/test_approvals.py",
    "projectapproval-letter": "approvals/tests/test_approvals.py",
    "approvaldocument-download": "approvals/tests/test_approvals.py",
    "approvalproject-list": "approvals/tests/test_approvals.py",
    "approvalproject-detail": "approvals/tests/test_approvals.py",
    "approvalproject-commitment-book": "approvals/tests/test_approvals.py",
    "approvalsavings-list": "approvals/tests/test_approvals.py",
    "desk-public-submit": "desk/tests/test_desk.py",
    "desk-public-track": "desk/tests/test_desk.py",
    "desk-public-rate": "desk/tests/test_desk.py",
    "servicerequest-dashboard": "desk/tests/test_desk.py",
    "servicerequest-accept": "desk/tests/test_desk.py",
    "servicerequest-callback": "desk/tests/test_callback.py",
    "servicerequest-callback-reopen": "desk/tests/test_callback.py",
    "servicerequest-rate": "desk/tests/test_desk.py",
    "servicerequest-void": "desk/tests/test_void.py",
    "policy-eligible": "incentives/tests/test_eligibility.py",
    "application-review": "incentives/tests/test_applications.py",
    "incentive-summary-list": "incentives/tests/test_demo_totals.py",
    "stats:entry_index": "stats/tests/test_entry_and_exchange.py",
    "stats:entry": "stats/tests/test_audit.py",
    "stats:entry_action": "stats/tests/test_entry_and_exchange.py",
    "stats:ranking": "stats/tests/test_api.py",
    "stats:dashboard_index": "stats/tests/test_api.py",
    "stats:dashboard": "stats/tests/test_api.py",
    "stats:compare": "stats/tests/test_api.py",
    "stats:exchange": "stats/tests/test_entry_and_exchange.py",
    "stats:exchange_download": "stats/tests/test_entry_and_exchange.py",
    "stats:audit_breaks": "stats/tests/test_audit.py",
    "projects:wall_chart": "projects/tests/test_permissions_schedules.py",
    "projects:save_baseline": "projects/tests/test_permissions_schedules.py",
    "projects:convert_lead": "projects/tests/test_leads.py",
    "projects:lead_funnel": "projects/tests/test_leads.py",
    "notice:board": "projects/tests/test_permissions_schedules.py",
    "notice:sign": "projects/tests/test_permissions_schedules.py",
    "notice:qr": "projects/tests/test_permissions_schedules.py",
    "approvals:overview": "approvals/tests/test_approvals.py",
    "approvals:start": "approvals/tests/test_approvals.py",
    "approvals:project": "approvals/tests/test_approvals.py",
    "approvals:add_items": "approvals/tests/test_approvals.py",
    "approvals:commitment_book": "approvals/tests/test_approvals.py",
    "approvals:letter": "approvals/tests/test_approvals.py",
    "approvals:document_upload": "approvals/tests/test_approvals.py",
    "approvals:document_download": "approvals/tests/test_approvals.py",
    "approvals:document_delete": "approvals/tests/test_approvals.py",
    "approvals:savings": "approvals/tests/test_approvals.py",
    "approvals:worklist": "approvals/tests/test_approvals.py",
    "desk:dashboard": "desk/tests/test_desk.py",
    "desk:request_action": "desk/tests/test_callback.py",
    "service:form": "desk/tests/test_desk.py",
    "service:track": "desk/tests/test_desk.py",
    "service:status": "desk/tests/test_desk.py",
    "incentives:summary": "incentives/tests/test_demo_totals.py",
    "incentives:policy_eligible": "incentives/tests/test_eligibility.py",
    "incentives:policy_offer": "incentives/tests/test_applications.py",
    "incentives:application_review": "incentives/tests/test_applications.py",
    "core:account": "core/tests/test_core.py",
    "core:password_change": "core/tests/test_user_admin.py",
    "core:token_create": "core/tests/test_core.py",
    "core:token_revoke": "core/tests/test_core.py",
    "core:switch_zone": "core/tests/test_core.py",
    "core:notifications": "core/tests/test_permissions.py",
    "core:notification_open": "core/tests/test_permissions.py",
    "core:user_list": "core/tests/test_permissions.py",
    "core:user_add": "core/tests/test_core.py",
    "core:user_detail": "core/tests/test_permissions.py",
    "core:user_edit": "core/tests/test_core.py",
    "core:login_events": "core/tests/test_permissions.py",
    "core:job_list": "core/tests/test_permissions.py",
    "core:job_detail": "core/tests/test_import_export.py",
    "core:job_confirm": "core/tests/test_import_export.py",
    "core:job_download": "core/tests/test_import_export.py",
    "notification-mark-read": "core/tests/test_permissions_notifications.py",
    "core:notifications_read": "core/tests/test_permissions_notifications.py",
    "core:password_change_done": "core/tests/test_permissions_notifications.py",
    "desk-public-reopen": "desk/tests/test_permissions_actions.py",
    "servicerequest-answer": "desk/tests/test_permissions_actions.py",
    "servicerequest-reopen": "desk/tests/test_permissions_actions.py",
    "servicerequest-resolve": "desk/tests/test_permissions_actions.py",
    "service:rate": "desk/tests/test_permissions_actions.py",
    "service:reopen": "desk/tests/test_permissions_actions.py",
    "policy-offer": "incentives/tests/test_permissions_offer.py",
    "stats:report_action": "stats/tests/test_permissions_report_action.py",
}
# Custom views and actions no permission test names yet: none may be left.
# A new custom URL gets its test and its line in HAND_WRITTEN_IN instead.
KNOWN_GAPS: set[str] = set()


def test_every_url_is_covered():
    """Every URL pattern is in the generated matrix or exempt with a reason; an
    exemption names a pattern that still exists."""
    generated = {
        f"{resource.namespace}:{pattern.name}"
        for resource in _registry.values()
        for pattern in page_urls(resource).values()
    }
    api_set = {route for route, _model, _kind in api_routes()}
    # A router names a route's format-suffix twin and its write methods alike.
    generated |= {name for route, name, _entry in _walk() if route in api_set}
    assert not KNOWN_GAPS, f"custom URLs without a permission test: {sorted(KNOWN_GAPS)}"
    excused = EXEMPT.keys() | HAND_WRITTEN_IN.keys()
    names = set()
    uncovered = []
    for route, name, _entry in _walk():
        bare = (name or "").rpartition(":")[2]
        names |= {name, bare}
        if name in generated or name in excused or bare in EXEMPT:
            continue
        if any(route.startswith(start) for start in EXEMPT_UNDER):
            continue
        uncovered.append(f"{route} ({name})")
    assert not uncovered, "URL patterns neither in the matrix nor exempt:\n" + "\n".join(uncovered)
    assert not (excused - names), f"exempt but gone: {sorted(excused - names)}"
    assert not (generated & HAND_WRITTEN_IN.keys())
    # Each hand-written test module named exists.
    root = Path(__file__).resolve().parents[2]
    missing = {name: path for name, path in HAND_WRITTEN_IN.items() if not (root / path).is_file()}
    assert not missing, f"HAND_WRITTEN_IN names missing test modules: {missing}"


# Resources of which the demo has no row: the matrix opens their lists,
# exports, forms and imports, and their record pages are hand-written where named.
NO_DEMO_ROW = {
    "core:calendar": "official calendar days come from an import: core/tests/test_workdays.py",
    "stats:targets": "the demo sets no targets: stats/tests/test_permissions.py",
    "projects:feedback": "the public writes it: projects/tests/test_matrix_schedules_leads.py",
    "desk:escalations": "overdue requests escalate in time: desk/tests/test_desk.py",
}


def test_the_matrix_reaches_every_resource_and_role(users):
    """Each resource has a row to open but those named in NO_DEMO_ROW, and the
    roles are those of ``devzone.testing`` (plus the own city's viewer)."""
    from devzone.testing import ROLES

    assert set(ROLES) <= set(MATRIX_ROLES)
    empty = {key for key, resource in _registry.items() if not rows_of(resource.model, users)}
    assert empty == set(NO_DEMO_ROW)


# --- The matrix's tests, in parts ---------------------------------------------------------
# Spread over this module and test_matrix_part_1.py … _3.py, so that xdist's
# --dist loadfile hands the parts to different workers (one module held a worker
# for minutes once the new apps' resources were in it). Each part module takes
# every PARTS-th resource and endpoint from its index; together they take all
# (test_the_parts_cover_the_matrix).
PARTS = 4


def part(items, index: int) -> list:
    return [item for i, item in enumerate(items) if i % PARTS == index]


def generic_page_keys(index: int) -> list:
    return part(sorted(_registry), index)


def api_endpoint_cases(index: int) -> list:
    return part(api_routes(), index)


def api_write_cases(index: int) -> list:
    return part(api_write_routes(), index)


def write_case_id(value):
    return value.__name__ if isinstance(value, type) else None


@pytest.mark.parametrize("key", generic_page_keys(0))
def test_generic_pages(users, key):
    check_generic_pages(users, key)


@pytest.mark.parametrize("route,model,kind", api_endpoint_cases(0), ids=str)
def test_api_endpoints(users, route, model, kind):
    check_api_endpoints(users, route, model, kind)


@pytest.mark.parametrize(
    "list_route,detail_route,model,list_methods,detail_methods",
    api_write_cases(0),
    ids=write_case_id,
)
def test_api_writes(users, list_route, detail_route, model, list_methods, detail_methods):
    check_api_writes(users, list_route, detail_route, model, list_methods, detail_methods)


def test_the_parts_cover_the_matrix():
    from devzone.core.tests import test_matrix_part_1, test_matrix_part_2, test_matrix_part_3

    indexes = [0, *(m.INDEX for m in (test_matrix_part_1, test_matrix_part_2, test_matrix_part_3))]
    assert sorted(indexes) == list(range(PARTS))
    assert sorted(k for i in indexes for k in generic_page_keys(i)) == sorted(_registry)
    assert sum(len(api_endpoint_cases(i)) for i in indexes) == len(api_routes())
    assert sum(len(api_write_cases(i)) for i in indexes) == len(api_write_routes())
