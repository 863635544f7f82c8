"""The client's address behind a configured number of trusted proxies, and the
throttles keyed on it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.core.models import LoginEvent
from devzone.core.network import client_ip
from devzone.core.throttling import AddressRateThrottle

FORGED = "203.0.113.7"


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded=FORGED)) == "10.0.0.1"
    assert client_ip(_request(forwarded=f"{FORGED}, 198.51.100.2")) == "10.0.0.1"
    assert client_ip(None) is None


def test_behind_one_proxy_the_rightmost_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real one.
    assert client_ip(_request(forwarded=f"{FORGED}, 198.51.100.2")) == "198.51.100.2"
    assert client_ip(_request(forwarded="198.51.100.2")) == "198.51.100.2"
    # No header: the request did not come through the proxy.
    assert client_ip(_request()) == "10.0.0.1"


def test_behind_two_proxies_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = f"{FORGED}, 198.51.100.2, 10.9.9.9"
    assert client_ip(_request(forwarded=forwarded)) == "198.51.100.2"
    assert client_ip(_request(forwarded="198.51.100.2")) == "10.0.0.1"  # too short
    assert client_ip(_request(forwarded="not-an-address, 10.9.9.9")) == "10.0.0.1"


@pytest.mark.django_db
def test_login_failures_are_counted_against_the_real_address(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.LOGIN_FAILURE_LIMIT = 2  # by address: four times the limit
    client = world.client("anonymous")
    for n in range(8):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert set(LoginEvent.objects.values_list("ip_address", flat=True)) == {"10.0.0.5"}
    response = client.post(
        reverse("login"),
        {"username": "zstaff", "password": "test-pass-1234"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 200  # refused: the address is throttled
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_records_the_client_behind_a_trusted_proxy(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    world.client("anonymous").post(
        reverse("login"),
        {"username": "zstaff", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"{FORGED}, 198.51.100.2",
    )
    assert LoginEvent.objects.get().ip_address == "198.51.100.2"


@pytest.mark.django_db
def test_public_tracking_rate_limit_ignores_a_forged_header(world, settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    api = APIClient()
    url = reverse("desk-public-track")
    statuses = [
        api.post(
            url,
            {"code": f"X{n}", "phone": "13800000000"},
            REMOTE_ADDR="10.0.0.8",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    # Another client is not held back.
    other = api.post(url, {"code": "X9", "phone": "13800000000"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


@pytest.mark.django_db
def test_public_tracking_rate_limit_keys_on_the_client_behind_the_proxy(
    world, settings, monkeypatch
):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    api = APIClient()
    url = reverse("desk-public-track")

    def post(client_address):
        return api.post(
            url,
            {"code": "X1", "phone": "13800000000"},
            REMOTE_ADDR="10.0.0.2",  # the proxy: the same for everyone
            HTTP_X_FORWARDED_FOR=f"{FORGED}, {client_address}",
        ).status_code

    assert [post("198.51.100.2") for _ in range(3)] == [404, 404, 429]
    assert post("198.51.100.3") == 404
