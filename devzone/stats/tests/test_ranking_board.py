"""The ranking board's defaults and links, and the comparison of peers (issue 11)."""

from decimal import Decimal

import pytest

from devzone.stats import selectors
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus
from devzone.stats.periods import Period

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
IVA = "industrial_value_added"


def iva() -> Indicator:
    return Indicator.objects.get(code=IVA)


def figure(zone, year, month, amount, status=ReportStatus.APPROVED):
    return IndicatorValue.objects.create(
        zone=zone,
        indicator=iva(),
        year=year,
        month=month,
        value=Decimal(amount) * YI,
        status=status,
    )


def test_a_zone_name_links_to_its_dashboard_only_where_the_user_may_open_it(world):
    for zone in (world.zone_a, world.zone_b):
        figure(zone, 2024, 6, 2)
    url = f"/stats/ranking/?indicator={iva().pk}&period=2024-06&by=total"
    own = f'href="/stats/dashboards/{world.zone_a.pk}/"'
    other = f'href="/stats/dashboards/{world.zone_b.pk}/"'
    page = world.client("zone_admin").get(url).content.decode()
    assert own in page and other not in page and world.zone_b.name in page
    assert (
        world.client("zone_admin").get(f"/stats/dashboards/{world.zone_b.pk}/").status_code == 404
    )
    page = world.client("province_viewer").get(url).content.decode()
    assert own in page and other in page


def test_default_period_is_the_newest_most_peers_reported(world):
    for zone in (world.zone_a, world.zone_a2, world.zone_b):
        figure(zone, 2024, 9, 2)
    figure(world.zone_b, 2024, 10, 3)  # one early zone
    figure(world.zone_a, 2024, 10, 3, status=ReportStatus.SUBMITTED)  # not approved: not counted
    peers = selectors.PeerGroup(region=world.province)
    assert selectors.default_period(indicator=iva(), peers=peers) == Period(2024, 9)
    figure(world.zone_a2, 2024, 10, 3)  # two of three: at least half
    assert selectors.default_period(indicator=iva(), peers=peers) == Period(2024, 10)
    # A peer group without a single approved figure has no default period.
    assert (
        selectors.default_period(
            indicator=iva(), peers=selectors.PeerGroup(region=world.province, level="national_x")
        )
        is None
    )


def test_default_period_is_the_newest_the_users_own_zone_approved_too(world):
    """晋城's newest figure is the seed's 1-6月: its board opens there, though
    the province has reported up to 1-9月."""
    for zone in (world.zone_a, world.zone_a2, world.zone_b):
        figure(zone, 2024, 6, 2)
    for zone in (world.zone_a2, world.zone_b):
        figure(zone, 2024, 9, 2)
    peers = selectors.PeerGroup(region=world.province)
    assert selectors.default_period(indicator=iva(), peers=peers) == Period(2024, 9)
    own = [world.zone_a.pk]
    assert selectors.default_period(indicator=iva(), peers=peers, own_zone_ids=own) == Period(
        2024, 6
    )
    page = world.client("zone_admin").get("/stats/ranking/").content.decode()
    assert 'value="2024-06"' in page


def test_default_period_when_no_period_has_half_the_peers(world):
    figure(world.zone_b, 2024, 8, 2)
    figure(world.zone_b, 2024, 10, 2)
    figure(world.zone_a, 2024, 8, 2)  # 2024-08: two of three
    peers = selectors.PeerGroup(region=world.province)
    assert selectors.default_period(indicator=iva(), peers=peers) == Period(2024, 8)
    IndicatorValue.objects.filter(zone=world.zone_a).delete()
    # One of three everywhere: the newest of the most reported.
    assert selectors.default_period(indicator=iva(), peers=peers) == Period(2024, 10)


@pytest.mark.parametrize(
    ("role", "region"),
    [
        ("zone_admin", "province"),
        ("zone_staff", "province"),
        ("enterprise", "province"),
        ("outsider", "province"),
        ("province_viewer", "province"),
        ("city_b_viewer", "city_b"),
        ("platform_admin", None),
    ],
)
def test_the_default_board_is_the_users_own_peer_group(world, role, region):
    for zone in (world.zone_a, world.zone_a2, world.zone_b):
        figure(zone, 2024, 9, 2)
    figure(world.zone_b, 2024, 10, 3)
    response = world.client(role).get("/stats/ranking/")
    assert response.status_code == 200
    expected = getattr(world, region) if region else None
    assert response.context["peers"].region == expected
    # 晋城's city has one zone, which approved October; the province waits for September.
    assert response.context["period"] == Period(2024, 10 if region == "city_b" else 9)
    reported = [r for r in response.context["table"] if not r["missing"]]
    assert len(reported) == len(response.context["table"])


def test_a_zone_admin_compares_with_any_peer_on_approved_figures(world):
    figure(world.zone_a, 2024, 5, 2)
    figure(world.zone_b, 2024, 5, 4)
    figure(world.zone_b, 2024, 6, 5, status=ReportStatus.DRAFT)  # not published
    query = (
        f"zones={world.zone_a.pk}&zones={world.zone_b.pk}&indicator={iva().pk}"
        "&start=2024-05&end=2024-06"
    )
    response = world.client("zone_admin").get(f"/stats/compare/?{query}")
    assert response.status_code == 200
    assert response.context["form"].is_valid()
    series = {s["zone"].pk: s["values"] for s in response.context["result"]["series"]}
    assert series == {world.zone_a.pk: [2 * YI, None], world.zone_b.pk: [4 * YI, None]}
    assert f'value="{world.zone_b.pk}"' in response.content.decode()  # offered in the picker
    api = world.client("outsider").get(f"/api/v1/stats/compare/?{query}")
    assert api.status_code == 200
    assert [s["values"] for s in api.json()["series"]] == [[2.0, None], [4.0, None]]
