"""Brute-force limits on the login pages: the site's and django-admin's share
one count per user name and per client address."""

import pytest
from django.test import Client
from django.urls import reverse

from devzone.core.models import LoginEvent, User
from devzone.testing import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/django-admin/login/"


def _admin_login(client, username, password, address="10.0.0.5"):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/django-admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def test_django_admin_login_is_throttled_by_user_name(superuser, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):
        response = _admin_login(Client(), "root", "wrong", address=f"10.0.1.{n}")
        assert response.status_code == 200
    assert LoginEvent.objects.filter(username="root", succeeded=False).count() == 3
    client = Client()
    response = _admin_login(client, "root", PASSWORD, address="10.0.2.1")
    # Refused although the password is right, from a fresh address.
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in response.content.decode() or "登录失败次数过多" in (
        response.content.decode()
    )


def test_django_admin_login_is_throttled_by_address(superuser, settings):
    settings.LOGIN_FAILURE_LIMIT = 2  # per address: four times the limit
    for n in range(8):
        _admin_login(Client(), f"guess{n}", "wrong", address="10.0.0.6")
    client = Client()
    assert _admin_login(client, "root", PASSWORD, address="10.0.0.6").status_code == 200
    assert "_auth_user_id" not in client.session
    other = Client()
    assert _admin_login(other, "root", PASSWORD, address="10.0.0.7").status_code == 302
    assert "_auth_user_id" in other.session


def test_site_and_admin_logins_share_one_count(superuser, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    Client().post(reverse("login"), {"username": "root", "password": "wrong"})
    _admin_login(Client(), "root", "wrong")
    client = Client()
    assert _admin_login(client, "root", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
    site = Client()
    assert (
        site.post(reverse("login"), {"username": "root", "password": PASSWORD}).status_code == 200
    )
    assert "_auth_user_id" not in site.session
