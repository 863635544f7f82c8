"""Issue 12 about writes: a web edit must say which version it changes, an API
update or delete must send If-Match (428 without it, 412 if stale)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.core.models import Enterprise
from devzone.core.resources import get_resource

pytestmark = pytest.mark.django_db


def _api(world):
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    return client


def test_an_api_write_without_if_match_is_refused(world):
    client = _api(world)
    url = f"/api/v1/enterprises/{world.ent_a.pk}/"
    for headers in ({}, {"HTTP_IF_MATCH": "*"}):
        response = client.patch(url, {"employees": 5}, format="json", **headers)
        assert response.status_code == 428, headers
        response = client.put(url, {"employees": 5}, format="json", **headers)
        assert response.status_code == 428, headers
        assert client.delete(url, **headers).status_code == 428, headers
    world.ent_a.refresh_from_db()
    assert world.ent_a.employees == 0 and world.ent_a.version == 1
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"employees": 5}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Enterprise.objects.filter(pk=world.ent_a.pk).exists()
    # Who may not change the record still hears so first.
    outsider = APIClient()
    outsider.force_authenticate(world.users["enterprise"])
    assert outsider.patch(url, {"employees": 1}, format="json").status_code == 403


def test_a_web_edit_without_the_version_is_refused(world):
    url = reverse("core:enterprise_edit", args=[world.ent_a.pk])
    form = get_resource("core:enterprises").form_class(
        instance=world.ent_a, user=world.users["zone_admin"]
    )
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["is_sample"] = ""
    client = world.client("zone_admin")
    for version in (None, ""):
        posted = {**data, "employees": 42}
        if version is None:
            posted.pop("version")
        else:
            posted["version"] = version
        response = client.post(url, posted)
        assert response.status_code == 200
        assert 'data-testid="form-errors"' in response.content.decode()
        world.ent_a.refresh_from_db()
        assert world.ent_a.employees == 0 and world.ent_a.version == 1
    response = client.post(url, {**data, "employees": 42, "version": 1})
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.employees == 42


HUGE = "9" * 25

BAD_QUERIES = [
    # url, expected status: pages show a message or ignore the filter, the API refuses.
    (f"/stats/compare/?zones={HUGE}&indicator=1&start=2024-01&end=2024-06", 200),
    (f"/api/v1/stats/compare/?zones={HUGE}&indicator=1&start=2024-01&end=2024-06", 400),
    (f"/projects/wall-chart/?zone={HUGE}&leader={HUGE}", 200),
    (f"/api/v1/projects/projects/wall-chart/?zone={HUGE}", 400),
    ("/api/v1/projects/projects/wall-chart/?zone={zone}&leader=" + HUGE, 400),
    (f"/projects/leads/funnel/?zone={HUGE}&year={HUGE}", 200),
    ("/projects/leads/funnel/?year=99999", 200),
    (f"/api/v1/projects/leads/funnel/?zone={HUGE}", 400),
    ("/api/v1/projects/leads/funnel/?year=99999", 400),
    ("/api/v1/projects/leads/funnel/?year=²", 400),
    (f"/approvals/savings/?zone={HUGE}&year={HUGE}", 200),
    (f"/api/v1/approvals/savings/?zone={HUGE}", 400),
    ("/api/v1/approvals/savings/?year=99999", 400),
    (f"/incentives/summary/?zone={HUGE}&year={HUGE}", 200),
    (f"/api/v1/incentives/summary/?zone={HUGE}", 400),
    (f"/desk/dashboard/?zone={HUGE}&year={HUGE}", 200),
]


@pytest.mark.parametrize("url,expected", BAD_QUERIES)
def test_numbers_no_database_holds_are_bad_input_not_a_server_error(world, url, expected):
    client = world.client("zone_admin")
    client.raise_request_exception = False
    response = client.get(url.format(zone=world.zone_a.pk))
    assert response.status_code == expected
