import os
import sys

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls in the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.db import transaction

pytest_plugins = ["devzone.browser_testing"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _background_jobs_inline(settings):
    """Background jobs run inline, inside the test's transaction; the embedded
    configuration's background thread has its own tests (core/tests/test_jobs_in_thread.py)."""
    settings.BACKGROUND_IN_THREAD = False


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


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_official_calendar():
    """Calendar days entered in one test must not linger in another's cache."""
    from devzone.core import workdays

    workdays._YEARS.clear()
    yield
    workdays._YEARS.clear()
