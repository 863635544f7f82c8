"""The root URLconf is built from the installed apps by convention: every URL
the hand-written URLconf had is still there, at the same path, by the same
name in the same namespace.

A change of URLs made on purpose rewrites the snapshot, and the diff shows it:

    DJANGO_SETTINGS_MODULE=devzone.settings .venv/bin/python -c "import django; \
django.setup(); from devzone.core.tests.test_url_conventions import write_snapshot; \
write_snapshot()"
"""

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver

from devzone.core import routing

SNAPSHOT = Path(__file__).with_name("url_snapshot.txt")
ROOT = Path(__file__).resolve().parents[3]


def url_table(patterns=None, prefix: str = "", namespace: str = "") -> list[str]:
    """Every URL pattern as ``route<TAB>namespace:name``, in resolution order."""
    rows = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            rows += url_table(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            rows.append(f"{route}\t{namespace}{entry.name or ''}")
    return rows


def write_snapshot() -> None:
    SNAPSHOT.write_text("\n".join(url_table()) + "\n", encoding="utf-8")


def test_every_url_keeps_its_path_name_and_namespace():
    # Taken from the hand-written URLconf before the apps' URLconfs were found
    # by convention. Sorted: the order within one app's API changed (its
    # extra endpoints now come before its router's), and no two of its routes
    # can match the same path, so the order never decides which view answers.
    before = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert sorted(url_table()) == sorted(before)


# Run under the throwaway app's settings (INSTALLED_APPS plus one line): what
# each registry found of the new app's declarations.
PROBE = """
import json
import django
django.setup()
from django.urls import resolve, reverse
from devzone.core import navigation
from devzone.core.management.commands.load_demo import demo_modules
from devzone.core.resources import get_resource
from devzone.stats.management.commands.run_benchmarks import app_benchmark_modules
from devzone.celery import app as celery_app
from devzone.core.api_schema import enum_name_overrides

print(json.dumps({
    "resource": get_resource("newapp:places").model.__name__,
    "menu": [item.url_name for item in navigation._groups["newapp"].items],
    "todos": "newapp" in navigation._todo_sources,
    "panel": "newapp-panel" in navigation._panel_sources,
    "public": "newapp" in navigation._public_sources,
    "demo": [m.__name__ for _, m in demo_modules()][-1],
    "benchmarks": [m.__name__ for m in app_benchmark_modules()][-1],
    "pages": [reverse("newapp:overview"), reverse("newapp:place_list"),
              reverse("newapp:place_detail", args=[1])],
    "public_pages": reverse("newapp_public:overview"),
    "api": [reverse("newapp-place-list"), reverse("newapp-overview")],
    "resolves": resolve("/api/v1/newapp/places/7/").url_name,
    "periodic": celery_app.conf.beat_schedule["newapp-tidy-places"]["task"],
    "beat_keeps": sorted(celery_app.conf.beat_schedule)[:2],
    "enums": [enum_name_overrides()[k] for k in ("NewappPlaceLevelEnum", "ProjectStageEnum")],
    "existing": [reverse("core:zone_list"), reverse("notice:board", args=["X"]),
                 reverse("region-list"), reverse("api-notice-board", args=["X"])],
}))
"""


def test_a_new_app_is_its_folder_and_one_line_in_installed_apps():
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "DJANGO_SETTINGS_MODULE": "devzone.core.tests.newapp.settings",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "resource": "Region",
        "menu": ["newapp:place_list"],
        "todos": True,
        "panel": True,
        "public": True,
        "demo": "devzone.core.tests.newapp.demo",
        "benchmarks": "devzone.core.tests.newapp.benchmarks",
        "pages": ["/newapp/", "/newapp/places/", "/newapp/places/1/"],
        "public_pages": "/open/",
        "api": ["/api/v1/newapp/places/", "/api/v1/newapp/overview/"],
        "resolves": "newapp-place-detail",
        "periodic": "devzone.core.tests.newapp.tasks.tidy_places",
        "beat_keeps": ["escalate-overdue-service-requests", "newapp-tidy-places"],
        "enums": ["devzone.core.models.Region.Level", "devzone.projects.models.Project.Stage"],
        "existing": ["/zones/", "/notice/X/", "/api/v1/regions/", "/api/v1/projects/notice/X/"],
    }


def test_two_urlconfs_claiming_one_prefix_stop_start_up_naming_both():
    # An app labelled "service" would mount its pages where the desk's public
    # pages are.
    service = type("ServiceConfig", (AppConfig,), {"label": "service"})(
        "devzone.core.tests.newapp", import_module("devzone.core.tests.newapp")
    )
    with pytest.raises(ImproperlyConfigured) as raised:
        routing.page_mounts([apps.get_app_config("desk"), service])
    message = str(raised.value)
    assert "'service/'" in message
    assert "devzone.desk.public_urls" in message and "devzone.core.tests.newapp.urls" in message

    with pytest.raises(ImproperlyConfigured, match="devzone.core.api and devzone.core.api"):
        routing.api_mounts([apps.get_app_config("core"), apps.get_app_config("core")])


def test_every_installed_app_is_mounted_by_convention():
    pages = {m.origin: m.prefix for m in routing.page_mounts()}
    api = {m.origin: m.prefix for m in routing.api_mounts()}
    for config in routing.devzone_apps():
        assert pages[f"{config.name}.urls"] == (
            "" if config.label == "core" else f"{config.label}/"
        )
        assert api[f"{config.name}.api"] == ("" if config.label == "core" else f"{config.label}/")
    assert pages["devzone.projects.public_urls"] == "notice/"
    assert pages["devzone.desk.public_urls"] == "service/"
    # The root-mounted registry comes last: no app's prefix is shadowed by it.
    assert routing.page_mounts()[-1].origin == "devzone.core.urls"
