"""What approval items save against the standard route: per item, per project,
per zone and per year; and the seed's "3 months and 16万元 per project" out of
晋城's demo data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.approvals import selectors
from devzone.approvals.figures import calendar_days, item_figures, months
from devzone.approvals.models import ApprovalItem, ProjectApproval, RegionalCoverage
from devzone.core.money import to_wan
from devzone.core.services import record_save
from devzone.core.workdays import working_days_between
from devzone.projects.models import Project

from .conftest import item

pytestmark = pytest.mark.django_db

M = ProjectApproval.Mode
St = ProjectApproval.Status


def figures(mode, days=20, fee=Decimal("30000"), applied=None, approved=None):
    return item_figures(
        mode=mode, statutory_days=days, usual_fee=fee, applied_on=applied, approved_on=approved
    )


# --- one item ------------------------------------------------------------------------------------


def test_commitment_saves_the_limit_less_the_working_days_taken():
    # Monday 11 March 2024 → Wednesday 13 March: 2 working days of a 20-day limit.
    f = figures(M.COMMITMENT, applied=date(2024, 3, 11), approved=date(2024, 3, 13))
    assert (f.status, f.days_taken, f.days_saved, f.fee_saved) == (St.DONE, 2, 18, 0)
    assert f.due_on == date(2024, 4, 9)  # 20 working days after the application


def test_commitment_over_the_holidays_counts_working_days_only():
    # Applied Friday 27 September 2024, approved Tuesday 8 October: National Day
    # (1–7 October) is off, Sunday 29 September is a 调休 working day → 3 working days.
    f = figures(M.COMMITMENT, applied=date(2024, 9, 27), approved=date(2024, 10, 8))
    assert f.days_taken == 3
    assert f.days_saved == 17


def test_a_late_commitment_saves_nothing_but_never_less():
    f = figures(M.COMMITMENT, days=5, applied=date(2024, 3, 1), approved=date(2024, 4, 1))
    assert f.days_taken > 5
    assert f.days_saved == 0


def test_regional_assessment_saves_the_whole_limit_and_the_fee():
    f = figures(M.REGIONAL, days=45, fee=Decimal("50000"), approved=date(2024, 4, 23))
    assert (f.status, f.days_saved, f.fee_saved, f.days_taken) == (St.DONE, 45, 50000, None)


def test_government_pays_the_fee_and_saves_no_days():
    f = figures(M.GOVERNMENT_PAID, applied=date(2024, 3, 11), approved=date(2024, 4, 19))
    assert (f.days_saved, f.fee_saved) == (0, Decimal("30000"))


def test_the_standard_route_saves_nothing():
    f = figures(M.STANDARD, applied=date(2024, 3, 11), approved=date(2024, 3, 12))
    assert (f.days_saved, f.fee_saved) == (0, 0)


def test_nothing_counts_before_the_item_is_done():
    for mode in M.values:
        planned = figures(mode)
        assert (planned.status, planned.days_saved, planned.fee_saved) == (St.PLANNED, 0, 0)
        applied = figures(mode, applied=date(2024, 3, 11))
        assert (applied.status, applied.days_saved, applied.fee_saved) == (St.IN_PROGRESS, 0, 0)
        assert applied.due_on == date(2024, 4, 9)


def test_conversions_to_months_and_calendar_days():
    # A quarter: 62.5 working days (劳社部发〔2008〕3号).
    assert months(Decimal("62.5")) == Decimal("3.0")
    assert calendar_days(Decimal("62.5")) == Decimal("91")
    assert months(0) == 0 and calendar_days(0) == 0
    assert to_wan(Decimal("160000")) == Decimal("16.00")


modes = st.sampled_from(M.values)
days = st.integers(min_value=1, max_value=365)
fees = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2))
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 30))


@settings(max_examples=200, deadline=None)
@given(modes, days, fees, dates, st.integers(min_value=0, max_value=200), st.booleans())
def test_savings_never_negative_nor_beyond_the_route(mode, limit, fee, applied, span, done):
    approved = applied + timedelta(days=span) if done else None
    f = item_figures(
        mode=mode, statutory_days=limit, usual_fee=fee, applied_on=applied, approved_on=approved
    )
    assert 0 <= f.days_saved <= limit
    assert f.fee_saved >= 0
    assert f.fee_saved == (fee or 0) or f.fee_saved == 0
    if f.days_saved:
        assert done and mode in (M.COMMITMENT, M.REGIONAL)
    if f.fee_saved:
        assert done and mode in (M.REGIONAL, M.GOVERNMENT_PAID)
    if done and mode == M.COMMITMENT:
        taken = working_days_between(applied, approved)
        assert f.days_taken == taken
        assert f.days_saved == max(0, limit - taken)


# --- stored and aggregated -----------------------------------------------------------------------


def test_stored_figures_follow_the_catalogue(aw):
    assert (aw.commit_a.days_saved, aw.commit_a.fee_saved, aw.commit_a.status) == (18, 0, St.DONE)
    assert (aw.regional_a.days_saved, aw.regional_a.fee_saved) == (10, Decimal("40000"))
    assert aw.open_a.status == St.IN_PROGRESS and aw.open_a.days_saved == 0
    energy = item("节能审查")
    energy.statutory_days = 30
    record_save(instance=energy, user=aw.users["platform_admin"])
    aw.commit_a.refresh_from_db()
    aw.commit_b.refresh_from_db()
    assert aw.commit_a.days_saved == 28 and aw.commit_b.days_saved == 28


def test_savings_per_project_zone_year_and_mode(aw):
    s = selectors.savings(ProjectApproval.objects.all())
    by_project = {p.name: (p.days, p.fees) for p in s.projects}
    assert by_project == {"甲项目": (28, Decimal("40000")), "乙项目": (18, Decimal(0))}
    assert {z.zone: (z.projects, z.days) for z in s.zones} == {
        "广灵经开区": (1, 28),
        "晋城经开区": (1, 18),
    }
    assert [(y, x.days) for y, x in s.years] == [(2024, 46)]
    assert (s.total.days, s.total.fees, s.project_count) == (46, Decimal("40000"), 2)
    assert s.average_days == Decimal("23.0") and s.average_fees == Decimal("20000.00")
    modes = {m["mode"]: m for m in s.modes}
    assert (modes["commitment"]["total"], modes["commitment"]["working_days"]) == (2, 36)
    assert (modes["standard"]["open"], modes["regional"]["fees"]) == (1, Decimal("40000"))
    assert selectors.savings(ProjectApproval.objects.all(), year=2023).project_count == 0


def test_only_projects_that_saved_count_in_the_average(aw):
    Project.objects.create(zone=aw.zone_a, name="丙项目", planned_investment=Decimal(1))
    ProjectApproval.objects.create(
        project=Project.objects.get(name="丙项目"),
        item=item("施工许可"),
        mode=M.STANDARD,
        applied_on=date(2024, 3, 1),
        approved_on=date(2024, 3, 4),
    )
    s = selectors.savings(ProjectApproval.objects.filter(project__zone=aw.zone_a))
    assert s.project_count == 1 and s.average_days == Decimal("28.0")


item_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # project
        st.sampled_from(["节能审查", "地质灾害危险性评估", "环境影响评价", "施工许可"]),
        modes,
        st.integers(min_value=0, max_value=25),  # working days taken (calendar span)
        st.sampled_from([2023, 2024]),
        st.booleans(),  # done
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item_rows)
def test_zone_totals_are_the_sums_of_their_projects(world, rows):
    ProjectApproval.objects.all().delete()
    Project.objects.all().delete()
    RegionalCoverage.objects.all().delete()
    zones = [world.zone_a, world.zone_b]
    for z in zones:
        RegionalCoverage.objects.create(
            zone=z, item=item("地质灾害危险性评估"), completed_on=date(2020, 1, 1)
        )
    projects = [
        Project.objects.create(zone=zones[i % 2], name=f"项目{i}", planned_investment=Decimal(1))
        for i in range(6)
    ]
    seen = set()
    for p, name, mode, span, year, done in rows:
        it = item(name)
        if (p, name) in seen or (mode == M.REGIONAL and not it.regional_coverable):
            continue
        if mode == M.GOVERNMENT_PAID and it.usual_fee is None:
            continue
        seen.add((p, name))
        applied = date(year, 3, 1)
        ProjectApproval.objects.create(
            project=projects[p],
            item=it,
            mode=mode,
            applied_on=applied,
            approved_on=applied + timedelta(days=span) if done else None,
        )
    s = selectors.savings(ProjectApproval.objects.all())
    for zone in s.zones:
        mine = [p for p in s.projects if p.zone_id == zone.zone_id]
        assert zone.days == sum(p.days for p in mine)
        assert zone.fees == sum((p.fees for p in mine), Decimal(0))
        assert zone.projects == len(mine)
    assert s.total.days == sum(z.days for z in s.zones) == sum(y.days for _y, y in s.years)
    assert s.total.fees == sum((m["fees"] for m in s.modes), Decimal(0))
    assert s.total.days == sum(m["working_days"] for m in s.modes)
    stored = ProjectApproval.objects.all()
    assert s.total.days == sum(a.days_saved for a in stored)
    for y in (2023, 2024):
        one_year = selectors.savings(ProjectApproval.objects.all(), year=y)
        assert one_year.total.days == dict(s.years).get(y, selectors.Saved()).days
    assert all(p.days >= 0 and p.fees >= 0 for p in s.projects)


# --- the seed's figures --------------------------------------------------------------------------


def _load_demo():
    from devzone.approvals import demo
    from devzone.core import demo as core_demo
    from devzone.projects import demo as projects_demo

    core_demo.load()
    projects_demo.load()
    return demo.load()


def test_jinchengs_demo_saves_three_months_and_16_wan_per_project():
    """晋城: 承诺制审批“一本制” saves each project on average 3 months of
    preliminary procedures and 16万元 of document-preparation fees (seed)."""
    counts = _load_demo()
    assert counts == {"regional assessment items": 7, "projects": 3, "approval items": 27}
    approvals = ProjectApproval.objects.filter(project__zone__name="晋城经济技术开发区")
    s = selectors.savings(approvals)
    # 64 + 62 + 59 = 185 working days; 170,000 + 160,000 + 150,000 = 480,000 元.
    assert sorted(p.days for p in s.projects) == [59, 62, 64]
    assert (s.total.days, s.total.fees, s.project_count) == (185, Decimal("480000"), 3)
    assert s.average_days == Decimal("61.7")
    assert s.average_months == Decimal("3.0")  # 61.7 ÷ 20.83
    assert s.average_calendar_days == Decimal("90")  # 61.7 × 365 ÷ 250
    assert s.average_fees_wan == Decimal("16.00")
    assert all(p.is_sample or p.name == "光机电产业集聚区基础设施及标准厂房" for p in s.projects)


def test_the_demo_is_idempotent():
    first = _load_demo()
    versions = sorted(ProjectApproval.objects.values_list("pk", "version"))
    history = ProjectApproval.history.count()
    assert _load_demo() == first
    assert sorted(ProjectApproval.objects.values_list("pk", "version")) == versions
    assert ProjectApproval.history.count() == history


def test_the_savings_page_shows_the_seed_figures(client):
    _load_demo()
    from devzone.core.models import User

    client.force_login(User.objects.get(username="jincheng"))
    html = client.get(reverse("approvals:savings")).content.decode()
    for shown in ("185", "61.7", "3.0", "90", "16.00", "48.00"):
        assert shown in html
    api = client.get("/api/v1/approvals/savings/").json()
    assert api["average_per_project"]["fees_wan"] == 16.0
    assert api["average_per_project"]["months"] == 3.0


def test_a_catalogue_item_refused_while_zones_rely_on_its_coverage(aw):
    geo = item("地质灾害危险性评估")
    geo.regional_coverable = False
    with pytest.raises(ValidationError):
        record_save(instance=geo, user=aw.users["platform_admin"])
    assert ApprovalItem.objects.get(pk=geo.pk).regional_coverable


def test_figures_follow_a_calendar_day_entered_later(aw, capsys):
    """A holiday entered afterwards (here: an extra day off on Tuesday 12 March
    2024) changes the working days taken once the figures are refreshed."""
    from django.core.management import call_command

    from devzone.core.models import CalendarDay

    assert (aw.commit_a.days_taken, aw.commit_a.days_saved) == (2, 18)
    CalendarDay.objects.create(day=date(2024, 3, 12), working=False, name="示例假日")
    call_command("refresh_approval_figures")
    assert "approval item(s) changed" in capsys.readouterr().out
    aw.commit_a.refresh_from_db()
    assert (aw.commit_a.days_taken, aw.commit_a.days_saved) == (1, 19)
