import os
import shutil
import sys

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls in the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.db import transaction

pytest_plugins = ["devzone.browser_testing"]


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    if "demo_database" in request.fixturenames or _on_demo(request):
        # The demo's files (a sample commitment letter), as its rows name them.
        shutil.copytree(request.getfixturevalue("_demo_database").media_root, settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def _background_jobs_inline(settings):
    """Background jobs run inline, inside the test's transaction; the embedded
    configuration's background thread has its own tests (core/tests/test_jobs_in_thread.py)."""
    settings.BACKGROUND_IN_THREAD = False


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (简体中文). A request's
    LocaleMiddleware leaves the language it chose active in the thread, so
    a test after an English request would otherwise read English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _calendar_forgotten():
    """Calendar days a test entered are rolled back (or flushed) without a
    signal, so the working days the process keeps per year are forgotten after
    each test: the next test would otherwise count with a holiday that is gone."""
    yield
    from devzone.core.workdays import forget_years

    forget_years()


def _on_demo(request) -> bool:
    demo = getattr(request.session, "_devzone_demo", None)
    return demo is not None and demo.outer is not None


@pytest.fixture(scope="session")
def _demo_database(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per test process (see ``devzone.testing.DemoDatabase``)."""
    from devzone.testing import DemoDatabase

    with django_db_blocker.unblock():
        demo = DemoDatabase(tmp_path_factory.mktemp("demo-media"))
        demo.build()
    request.session._devzone_demo = demo
    yield demo
    with django_db_blocker.unblock():
        demo.drop()


@pytest.fixture(scope="module")
def demo_database(_demo_database, django_db_blocker):
    """The module's tests read and write the whole demo, each in its own
    savepoint, inside a transaction rolled back when the module ends (or
    when a later test of the module asks for the world instead)."""
    with django_db_blocker.unblock():
        _demo_database.open()
    yield
    with django_db_blocker.unblock():
        _demo_database.close()


def _transactional(node, fixturenames=()) -> bool:
    marker = node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixturenames)
    )


@pytest.fixture(scope="module")
def world_once(request, django_db_setup, django_db_blocker):
    """The test world, built once per test module inside a transaction that is
    rolled back when the module ends. Each test runs in its own savepoint inside
    it (pytest-django's ``db``), so what a test writes is undone after it while
    the world stays; building the world per test was most of a permission
    matrix's time. A transactional module (live server, background thread)
    commits and flushes, which no module-wide transaction can hold: its tests
    build their own world."""
    from devzone.testing import make_world

    if _transactional(request.node):
        yield None
        return
    with django_db_blocker.unblock():
        demo = getattr(request.session, "_devzone_demo", None)
        if demo is not None:
            demo.close()  # the module's demo tests ran first (see the ordering below)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = make_world()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(request, world_once):
    """A fresh copy of the module's world for each test: the same rows, and
    attributes a test changes on it do not reach the next test."""
    from devzone.testing import fresh_copy, make_world

    if _transactional(request.node, request.fixturenames):
        assert world_once is None, (
            "A transactional test shares its module with the module-wide world: "
            "mark the whole module django_db(transaction=True)."
        )
        request.getfixturevalue("transactional_db")
        return make_world()
    request.getfixturevalue("db")
    return fresh_copy(world_once)


def _preload_again(sender, **kwargs):
    """What the data migrations preload (indicators, audit rules, the approval
    and desk catalogues) comes back whenever a transactional test's flush has
    emptied the tables, as Django's own runner would have it by running those
    tests last: with xdist handing out whole modules, the next module on the
    same worker may be an ordinary one."""
    if sender.label != "stats":
        return
    from devzone.approvals.catalogue import catalogue_load as approvals_load
    from devzone.desk.services import load_catalogue as desk_load
    from devzone.stats.catalogue import audit_rules_load
    from devzone.stats.catalogue import catalogue_load as stats_load

    stats_load()
    audit_rules_load()
    approvals_load()
    desk_load()


@pytest.fixture(autouse=True, scope="session")
def _preloaded_data_survives_flushes():
    from django.db.models.signals import post_migrate

    post_migrate.connect(_preload_again, dispatch_uid="devzone-tests-preload-again")
    yield
    post_migrate.disconnect(dispatch_uid="devzone-tests-preload-again")


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    """For the whole session, before any module's world hashes its passwords."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within a module, the tests that use neither its world nor the demo run
    first, then those on the demo, then those on the world (the fewer rows
    added to it once for the module, the earlier): the world, built
    once for the module, would otherwise still be there for the others, and
    the demo's transaction ends when the world's begins. Only consecutive
    tests of one module are reordered, so pytest-django's order
    (transactional tests last) stays."""

    def key(item) -> int:
        names = getattr(item, "fixturenames", ())
        if "world_once" in names:
            # Rows an app adds to the module's world once (``build_once``) stay for
            # the module's later tests: those with fewer such additions run first.
            return 2 + sum(name.endswith("_once") for name in names)
        return 1 if "demo_database" in names else 0

    ordered, run = [], []
    for item in items:
        if run and getattr(item, "module", None) is not getattr(run[0], "module", None):
            ordered += sorted(run, key=key)
            run = []
        run.append(item)
    ordered += sorted(run, key=key)
    items[:] = ordered
