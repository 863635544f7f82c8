"""Error pages never show a traceback, settings or URL list unless DEBUG is set
explicitly: DEBUG is off by default, in production and in a local run alike."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

# Run in a fresh interpreter: settings are read from the environment once.
SCRIPT = r"""
import json, os, sys, types
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "devzone.settings"
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import include, path

def boom(request):
    raise RuntimeError("secret-detail-4711")

# Production serves collectstatic's manifest; without a collectstatic here,
# plain storage stands in for it.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
urls = types.ModuleType("failing_urls")
urls.urlpatterns = [path("boom/", boom), path("", include("devzone.urls"))]
sys.modules["failing_urls"] = urls
settings.ROOT_URLCONF = "failing_urls"
client = Client(raise_request_exception=False)
host = settings.ALLOWED_HOSTS[0]
failed = client.get("/boom/", secure=True, HTTP_HOST=host)
missing = client.get("/no-such-page/", secure=True, HTTP_HOST=host)
print(json.dumps({
    "debug": settings.DEBUG,
    "failed": [failed.status_code, failed.content.decode()],
    "missing": [missing.status_code, missing.content.decode()],
}))
"""


def _run(tmp_path, **env):
    environment = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    result = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        cwd=BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"SECRET_KEY": "x" * 60 + "-production-key", "ALLOWED_HOSTS": "devzone.example"}


@pytest.mark.parametrize("env", [PRODUCTION, {}], ids=["production", "local"])
def test_error_pages_show_no_traceback_unless_debug_is_set(tmp_path, env):
    pages = _run(tmp_path, **env)
    assert pages["debug"] is False
    status, body = pages["failed"]
    assert status == 500
    for leak in ("Traceback", "secret-detail-4711", "RuntimeError", "SECRET_KEY"):
        assert leak not in body
    status, body = pages["missing"]
    assert status == 404
    assert "URLconf" not in body and "failing_urls" not in body


def test_debug_set_explicitly_shows_the_traceback(tmp_path):
    # The check above would see a traceback: DEBUG=true shows one.
    pages = _run(tmp_path, DEBUG="true")
    assert pages["debug"] is True
    assert "secret-detail-4711" in pages["failed"][1]


def test_a_public_host_name_without_a_secret_key_does_not_start():
    # Only a local run (loopback host names) gets the development key.
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'devzone.settings'; "
        "django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    )
    result = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ALLOWED_HOSTS": "devzone.example"},
        cwd=BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr
