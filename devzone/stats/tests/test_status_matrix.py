"""The statistician's starting page: zones × months with each month's status and
counts; the grid's completeness and its lock on submitted figures; the home
page's to-do counts (issue 11)."""

from decimal import Decimal

import pytest

from devzone.core import navigation
from devzone.stats import selectors
from devzone.stats.models import Indicator, IndicatorValue, ReportStatus
from devzone.stats.periods import Period

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)
IVA, INV = "industrial_value_added", "industrial_investment"
JUNE = Period(2024, 6)


def ind(code) -> Indicator:
    return Indicator.objects.get(code=code)


def figure(zone, code, year, month, status=ReportStatus.APPROVED):
    return IndicatorValue.objects.create(
        zone=zone, indicator=ind(code), year=year, month=month, value=2 * YI, status=status
    )


@pytest.fixture
def reported(world):
    """Zone A reports two indicators: May approved, June one draft; zone A2 nothing."""
    figure(world.zone_a, IVA, 2024, 5)
    figure(world.zone_a, INV, 2024, 5)
    figure(world.zone_a, IVA, 2024, 6, ReportStatus.DRAFT)
    return world


def test_cells_count_by_status_against_what_the_zone_reports(reported):
    w = reported
    periods = [Period(2024, 1), Period(2024, 5), JUNE, Period(2024, 7)]
    cells = selectors.status_matrix(
        user=w.users["zone_staff"], zone_ids=[w.zone_a.pk, w.zone_a2.pk], periods=periods
    )
    may, june = cells[(w.zone_a.pk, Period(2024, 5))], cells[(w.zone_a.pk, JUNE)]
    assert (may.status, may.reported, may.expected, may.complete) == ("approved", 2, 2, True)
    assert (june.status, june.draft, june.reported, june.expected) == ("draft", 1, 1, 2)
    assert cells[(w.zone_a.pk, Period(2024, 7))].status == "empty"
    # 工业投资 is first reported for January–February: January expects one figure.
    assert cells[(w.zone_a.pk, Period(2024, 1))].expected == 1
    # A zone that never reported is expected to report the whole catalogue.
    active = Indicator.objects.filter(is_active=True)
    nothing = cells[(w.zone_a2.pk, JUNE)]
    assert (nothing.status, nothing.expected) == ("empty", active.count())
    # A region viewer does not see drafts: June has not been reported to the region.
    viewer = selectors.status_matrix(
        user=w.users["province_viewer"], zone_ids=[w.zone_a.pk], periods=[JUNE]
    )
    assert viewer[(w.zone_a.pk, JUNE)].status == "empty"


def test_the_matrix_page_opens_each_month(reported):
    w = reported
    response = w.client("zone_staff").get("/stats/entry/?end=2024-07")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="status-matrix"' in body
    assert {z.pk for z, _cells in response.context["rows"]} == {w.zone_a.pk, w.zone_a2.pk}
    assert response.context["periods"][-1] == Period(2024, 7)
    assert f'href="/stats/entry/{w.zone_a.pk}/2024-06/"' in body
    assert 'data-period="2024-06" data-status="draft"' in body
    assert {str(p): n for p, n in response.context["reported"]}["2024-06"] == 1
    # Without an end, the matrix ends at the month after the newest figure.
    assert w.client("zone_staff").get("/stats/entry/").context["end"] == Period(2024, 7)
    # The old chooser still opens a grid directly.
    chosen = w.client("zone_staff").get(f"/stats/entry/?zone={w.zone_a.pk}&period=2024-08")
    assert (
        chosen.status_code == 302 and chosen["Location"] == f"/stats/entry/{w.zone_a.pk}/2024-08/"
    )


def test_region_viewers_see_which_zones_have_not_reported(reported):
    w = reported
    figure(w.zone_b, IVA, 2024, 6, ReportStatus.SUBMITTED)
    response = w.client("province_viewer").get("/stats/entry/?end=2024-06")
    assert response.status_code == 200
    statuses = {
        z.pk: {str(p): c.status for p, c in cells}["2024-06"]
        for z, cells in response.context["rows"]
    }
    assert statuses == {w.zone_a.pk: "empty", w.zone_a2.pk: "empty", w.zone_b.pk: "submitted"}
    assert 'data-testid="reported-2024-06">1 / 3<' in response.content.decode()


def test_the_grid_says_how_complete_the_month_is_and_locks_submitted_figures(reported):
    w = reported
    figure(w.zone_a, INV, 2024, 6, ReportStatus.SUBMITTED)
    staff = w.client("zone_staff").get(f"/stats/entry/{w.zone_a.pk}/2024-06/")
    assert staff.status_code == 200
    body = staff.content.decode()
    assert "2 / 2" in body and 'data-testid="completeness"' in body
    inv = ind(INV).pk
    assert f'name="value_{inv}" value="2.00" disabled' in body
    assert f'name="value_{ind(IVA).pk}" value="2.00">' in body  # the draft stays open
    approver = w.client("zone_admin").get(f"/stats/entry/{w.zone_a.pk}/2024-06/").content.decode()
    assert f'name="value_{inv}" value="2.00">' in approver


def _todos(client) -> dict:
    return {t.label: (t.count, t.url) for t in client.get("/").context["todos"]}


def test_home_page_counts_months_due_and_awaiting_approval(reported, monkeypatch):
    w = reported
    monkeypatch.setattr(selectors, "due_period", lambda today=None: JUNE)
    assert "stats" in navigation._todo_sources
    due = "本期待报数据（2024-06）"
    # June: zone A has a draft: due. Zone A2 has never reported here: nothing asked of it.
    assert _todos(w.client("zone_staff"))[due] == (1, f"/stats/entry/{w.zone_a.pk}/2024-06/")
    figure(w.zone_a2, IVA, 2024, 4)
    assert _todos(w.client("zone_staff"))[due] == (2, "/stats/entry/?end=2024-06")
    IndicatorValue.objects.filter(zone=w.zone_a, month=6).update(status=ReportStatus.SUBMITTED)
    figure(w.zone_a, INV, 2024, 6, ReportStatus.SUBMITTED)
    staff = _todos(w.client("zone_staff"))
    assert staff[due] == (1, f"/stats/entry/{w.zone_a2.pk}/2024-06/")
    assert "待审核的月度数据" not in staff  # staff do not approve
    admin = _todos(w.client("zone_admin"))
    assert admin["待审核的月度数据"] == (1, f"/stats/entry/{w.zone_a.pk}/2024-06/")
    assert due not in admin  # zone A's June is submitted
    assert "待审核的月度数据" not in _todos(w.client("outsider"))
    body = w.client("zone_admin").get("/").content.decode()
    assert 'data-testid="reporting-status"' in body


def test_the_matrix_reads_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("province_viewer")
    client.get("/stats/entry/?end=2024-06")
    with CaptureQueriesContext(connection) as empty:
        client.get("/stats/entry/?end=2024-06")
    for zone in (world.zone_a, world.zone_a2, world.zone_b):
        for month in range(1, 7):
            figure(zone, IVA, 2024, month)
            figure(zone, INV, 2024, month, ReportStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as full:
        response = client.get("/stats/entry/?end=2024-06")
    assert response.context["rows"][0][1][-1][1].reported == 2
    assert len(full) == len(empty)


def test_the_grid_can_show_only_the_indicators_the_zone_reports(world):
    from decimal import Decimal

    from devzone.stats.models import Indicator, IndicatorValue

    iva = Indicator.objects.get(code="industrial_value_added")
    IndicatorValue.objects.create(
        zone=world.zone_a, indicator=iva, year=2024, month=5, value=Decimal(1), status="approved"
    )
    url = f"/stats/entry/{world.zone_a.pk}/2024-06/"
    client = world.client("zone_staff")
    everything = client.get(url).content.decode()
    assert everything.count("data-indicator=") == Indicator.objects.filter(is_active=True).count()
    assert 'data-testid="only-reported"' in everything
    reported = client.get(url + "?only=reported").content.decode()
    assert (
        reported.count("data-indicator=") == 1
        and 'data-indicator="industrial_value_added"' in reported
    )
    assert 'data-testid="show-all-indicators"' in reported
