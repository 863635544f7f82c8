import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls in the same tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

pytest_plugins = ["devzone.browser_testing"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _background_jobs_inline(settings):
    """Background jobs run inline, inside the test's transaction; the embedded
    configuration's background thread has its own tests (core/tests/test_jobs_in_thread.py)."""
    settings.BACKGROUND_IN_THREAD = False


@pytest.fixture
def world(db):
    from devzone.testing import make_world

    return make_world()


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
