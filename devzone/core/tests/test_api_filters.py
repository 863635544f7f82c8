"""Whole-number filters of the lists and the API (``IntegerFilter``, ``YearFilter``):
a fraction, a number beyond the database's 64-bit integers or an impossible year
is refused; none reaches the database to fail there (a server error schemathesis
found on SQLite)."""

import pytest
from rest_framework.test import APIClient

HUGE = str(10**30)
BIG = str(2**40)  # beyond a 32-bit column, within the 64-bit range


@pytest.fixture
def client(world):
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/approvals/project-items/?project={BIG}",
        f"/api/v1/enterprises/?employees_min={BIG}",
        f"/api/v1/desk/follow-ups/?request=-{BIG}",
        f"/api/v1/stats/values/?month={BIG}",
    ],
)
def test_an_id_or_count_no_row_can_have_matches_nothing(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "url,name",
    [
        ("/api/v1/approvals/project-items/?project=-8.1e%2B253", "project"),
        ("/api/v1/approvals/project-items/?project=1.5", "project"),
        (f"/api/v1/approvals/project-items/?project={HUGE}", "project"),
        (f"/api/v1/desk/follow-ups/?request=-{HUGE}", "request"),
        (f"/api/v1/incentives/applications/?year={HUGE}", "year"),
        ("/api/v1/incentives/disbursements/?year=0", "year"),
        ("/api/v1/approvals/project-items/?year=10000", "year"),
        ("/api/v1/stats/targets/?year=-2024", "year"),
    ],
)
def test_a_fraction_a_number_beyond_the_database_or_an_impossible_year_is_refused(
    client, url, name
):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert name in response.json()


def test_a_year_within_range_still_filters(client, world):
    from devzone.core.models import Enterprise

    assert client.get("/api/v1/incentives/applications/?year=2024").status_code == 200
    assert Enterprise.objects.filter(employees__gte=0).exists()
    listed = client.get("/api/v1/enterprises/?employees_min=0").json()
    assert listed["count"] == Enterprise.objects.visible_to(world.users["zone_admin"]).count()


def test_a_refusal_without_a_field_is_an_object_like_every_400(client):
    """DRF's search refuses a null character with a bare list; the API answers
    it under ``detail``, the shape the schema documents."""
    response = client.get("/api/v1/desk/categories/?search=a%00b")
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize(
    "url,expected",
    [
        # "³" is a digit to str.isdigit() but no number to int().
        ("/api/v1/approvals/projects/%C2%B3/", 404),
        ("/api/v1/approvals/projects/%C2%B3/commitment-book/?kind=notice", 404),
        ("/api/v1/desk/requests/dashboard/?zone=%C2%B3", 200),
        ("/api/v1/desk/requests/dashboard/?year=%C2%B3", 200),
    ],
)
def test_a_digit_that_is_no_number_is_not_a_server_error(client, url, expected):
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("name", ["zone", "year"])
def test_the_incentives_summary_refuses_a_digit_that_is_no_number(client, name):
    response = client.get(f"/api/v1/incentives/summary/?{name}=%C2%B3")
    assert response.status_code == 400
    assert name in response.json()
