"""Audit rules (审核关系): each check with a passing and a failing case, on
plain figures (no database), then the rules as data and the demo against them."""

from decimal import Decimal as D

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from devzone.stats import audit
from devzone.stats.audit import Figure, Rule

ZONE = audit.Zone(flows=frozenset({"fai", "ii", "va", "out"}), facts={})


def rule(check, indicator=None, other=None, lower=None, upper=None, fact="", severity="hard"):
    return Rule("r", check, severity, indicator, other, lower, upper, fact)


def breaks(r, figures, zone=ZONE, year=2024, month=9):
    return audit.evaluate([r], figures, zone, year, month)


def test_part_above_its_whole_breaks_the_rule():
    r = rule(audit.PART_LE_WHOLE, "ii", "fai")
    ok = {("ii", 2024, 9): Figure(D(15)), ("fai", 2024, 9): Figure(D(18))}
    bad = {("ii", 2024, 9): Figure(D("15.61")), ("fai", 2024, 9): Figure(D("14.31"))}
    assert breaks(r, ok) == []
    (found,) = breaks(r, bad)
    assert (found.indicator, found.value, found.other_value) == ("ii", D("15.61"), D("14.31"))
    # A missing whole is not a break: there is nothing to compare yet.
    assert breaks(r, {("ii", 2024, 9): Figure(D(15))}) == []


def test_ratio_outside_its_band():
    r = rule(audit.RATIO_BAND, "va", "out", lower=D(5), upper=D(50))
    assert breaks(r, {("va", 2024, 9): Figure(D(25)), ("out", 2024, 9): Figure(D(100))}) == []
    (high,) = breaks(r, {("va", 2024, 9): Figure(D(114)), ("out", 2024, 9): Figure(D("40.18"))})
    assert high.value == D("283.7") and high.limit == D(50)
    (low,) = breaks(r, {("va", 2024, 9): Figure(D(1)), ("out", 2024, 9): Figure(D(100))})
    assert low.limit == D(5)


def test_cumulative_flow_never_falls_within_a_year():
    r = rule(audit.CUMULATIVE_NOT_FALLING, "fai")
    rising = {("fai", 2024, 8): Figure(D(10)), ("fai", 2024, 9): Figure(D(12))}
    falling = {("fai", 2024, 8): Figure(D(10)), ("fai", 2024, 9): Figure(D(9))}
    assert breaks(r, rising) == []
    assert len(breaks(r, falling)) == 1
    # January starts a new year: below December is no break.
    new_year = {("fai", 2023, 12): Figure(D(100)), ("fai", 2024, 1): Figure(D(5))}
    assert breaks(r, new_year, month=1) == []


def test_every_flow_when_the_rule_names_no_indicator():
    r = rule(audit.CUMULATIVE_NOT_FALLING)
    figures = {
        ("fai", 2024, 8): Figure(D(10)),
        ("fai", 2024, 9): Figure(D(9)),
        ("stock", 2024, 8): Figure(D(10)),
        ("stock", 2024, 9): Figure(D(9)),
    }
    assert [b.indicator for b in breaks(r, figures)] == ["fai"]


def test_stated_growth_far_from_the_computed_one():
    r = rule(audit.GROWTH_MATCHES, upper=D(5), severity="soft")
    near = {("va", 2023, 9): Figure(D(100)), ("va", 2024, 9): Figure(D(112), D("12.3"))}
    far = {("va", 2023, 9): Figure(D(100)), ("va", 2024, 9): Figure(D(100), D("14.1"))}
    assert breaks(r, near) == []
    (found,) = breaks(r, far)
    assert (found.value, found.other_value, found.severity) == (D("14.1"), D("0.0"), "soft")


def test_a_month_far_outside_the_zones_history():
    r = rule(audit.MONTH_CHANGE, "fai", upper=D(3))
    steady = {("fai", 2024, m): Figure(D(10) * m) for m in range(1, 10)}
    assert breaks(r, steady) == []
    jump = dict(steady)
    jump[("fai", 2024, 9)] = Figure(D(80) + D(50))  # this month 50 against 10 a month
    (found,) = breaks(r, jump)
    assert found.value == D(50) and found.other_value == D(10)
    # Too little history: no judgement.
    short = {("fai", 2024, 8): Figure(D(10)), ("fai", 2024, 9): Figure(D(100))}
    assert breaks(r, short) == []


def test_figures_against_other_sources():
    zone = audit.Zone(
        flows=ZONE.flows,
        facts={("registry_above_scale", "n"): D(16), ("project_investment", "fai"): D(20)},
    )
    matches = rule(audit.FACT_MATCHES, "n", upper=D(0), fact="registry_above_scale")
    assert breaks(matches, {("n", 2024, 9): Figure(D(16))}, zone) == []
    assert len(breaks(matches, {("n", 2024, 9): Figure(D(66))}, zone)) == 1
    within = rule(audit.FACT_LE_WHOLE, "fai", fact="project_investment")
    assert breaks(within, {("fai", 2024, 9): Figure(D(25))}, zone) == []
    (found,) = breaks(within, {("fai", 2024, 9): Figure(D(14))}, zone)
    assert (found.value, found.other_value) == (D(14), D(20))


@given(
    months=st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=2, max_size=12)
)
def test_cumulative_sums_of_non_negative_months_never_break(months):
    """Property: a year built by adding non-negative months never falls."""
    total, figures = D(0), {}
    for month, amount in enumerate(months, start=1):
        total += amount
        figures[("fai", 2024, month)] = Figure(total)
    r = rule(audit.CUMULATIVE_NOT_FALLING, "fai")
    assert all(breaks(r, figures, month=m) == [] for m in range(1, len(months) + 1))


@pytest.mark.parametrize("month", [1, 2, 3])
def test_single_month_from_cumulative(month):
    figures = {("fai", 2024, m): Figure(D(10) * m) for m in (2, 3)}
    assert audit.single_month(figures, "fai", 2024, month) == (None if month == 1 else D(10))


# --- The rules as data, the submission and the page ------------------------------------------

YI = D(100_000_000)


def _value(zone, code, year, month, value, growth=None, status="draft"):
    from devzone.stats.models import Indicator, IndicatorValue

    return IndicatorValue.objects.create(
        zone=zone,
        indicator=Indicator.objects.get(code=code),
        year=year,
        month=month,
        value=value,
        stated_growth=growth,
        status=status,
    )


@pytest.mark.django_db
def test_preloaded_rules_have_messages_in_both_languages():
    from devzone.stats.catalogue import AUDIT_RULES
    from devzone.stats.models import AuditRule

    rules = list(AuditRule.objects.all())
    assert {r.code for r in rules} == {row[0] for row in AUDIT_RULES}
    assert all(r.message_zh and r.message_en and r.message_zh != r.message_en for r in rules)
    assert {r.severity for r in rules} == {"hard", "soft"}


@pytest.mark.django_db
def test_a_rule_is_validated_as_data():
    from django.core.exceptions import ValidationError

    from devzone.stats.models import AuditRule

    rule = AuditRule(
        code="x", kind=audit.PART_LE_WHOLE, severity="hard", message_zh="甲", message_en="a"
    )
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert {"indicator", "other_indicator"} <= set(raised.value.message_dict)
    rule = AuditRule(
        code="y",
        kind=audit.FACT_MATCHES,
        severity="soft",
        fact="nonsense",
        message_zh="甲",
        message_en="a",
    )
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert "registry_above_scale" in " ".join(raised.value.message_dict["fact"])


@pytest.mark.django_db
def test_a_hard_break_stops_the_submission_and_changes_nothing(world):
    from django.core.exceptions import ValidationError

    from devzone.stats import services
    from devzone.stats.models import IndicatorValue
    from devzone.stats.periods import Period

    _value(world.zone_a, "industrial_investment", 2024, 9, D("15.61") * YI)
    _value(world.zone_a, "fixed_asset_investment", 2024, 9, D("14.31") * YI)
    staff = world.users["zone_staff"]
    with pytest.raises(ValidationError) as raised:
        services.values_submit(zone=world.zone_a, period=Period(2024, 9), user=staff)
    assert "工业投资（15.61亿元）不能大于固定资产投资（14.31亿元）" in " ".join(
        raised.value.messages
    )
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {"draft"}


@pytest.mark.django_db
def test_a_soft_break_is_submitted_once_explained(world):
    from django.core.exceptions import ValidationError

    from devzone.stats import services
    from devzone.stats.models import AuditRule, Indicator, IndicatorValue
    from devzone.stats.periods import Period

    _value(world.zone_a, "industrial_value_added", 2023, 9, D(100) * YI, status="approved")
    _value(world.zone_a, "industrial_value_added", 2024, 9, D(100) * YI, D("14.1"))
    staff, period = world.users["zone_staff"], Period(2024, 9)
    with pytest.raises(ValidationError) as raised:
        services.values_submit(zone=world.zone_a, period=period, user=staff)
    assert "+14.1" not in raised.value.messages[0] and "14.1%" in raised.value.messages[0]
    with pytest.raises(ValidationError):
        services.audit_explain(
            zone=world.zone_a,
            rule=AuditRule.objects.get(code="stated-growth"),
            indicator=Indicator.objects.get(code="industrial_value_added"),
            period=period,
            text="  ",
            user=staff,
        )
    services.audit_explain(
        zone=world.zone_a,
        rule=AuditRule.objects.get(code="stated-growth"),
        indicator=Indicator.objects.get(code="industrial_value_added"),
        period=period,
        text="同口径：两家企业退出规上，按可比口径计算",
        user=staff,
    )
    assert services.values_submit(zone=world.zone_a, period=period, user=staff) == 1
    assert IndicatorValue.objects.get(year=2024).status == "submitted"


@pytest.mark.django_db
def test_the_break_page_by_role(world):
    from django.urls import reverse

    _value(world.zone_a, "industrial_investment", 2024, 9, D(20) * YI)
    _value(world.zone_a, "fixed_asset_investment", 2024, 9, D(10) * YI)
    url = reverse("stats:audit_breaks") + "?period=2024-09"
    page = world.client("zone_staff").get(url)
    assert page.status_code == 200
    assert page.content.decode().count('data-rule="industrial-investment-in-fai"') == 1
    # Another zone's admin and the enterprise user see none of zone A's breaks.
    for role in ("outsider", "enterprise"):
        other = world.client(role).get(url)
        assert other.status_code == 200
        assert "industrial-investment-in-fai" not in other.content.decode(), role
    # The city B viewer sees zone A (city A) not at all; the province viewer does.
    assert (
        "industrial-investment-in-fai"
        not in world.client("city_b_viewer").get(url).content.decode()
    )
    assert (
        "industrial-investment-in-fai" in world.client("province_viewer").get(url).content.decode()
    )
    assert Client().get(url).status_code == 302
    # An outsider cannot explain zone A's figures.
    from devzone.stats.models import AuditExplanation, AuditRule, Indicator

    response = world.client("outsider").post(
        reverse("stats:audit_breaks"),
        {
            "zone": world.zone_a.pk,
            "rule": AuditRule.objects.get(code="stated-growth").pk,
            "indicator": Indicator.objects.get(code="industrial_investment").pk,
            "period": "2024-09",
            "text": "x",
        },
    )
    assert response.status_code == 404
    assert not AuditExplanation.objects.exists()


@pytest.mark.django_db
def test_the_entry_grid_shows_the_rule_a_figure_breaks(world):
    from django.urls import reverse

    _value(world.zone_a, "industrial_investment", 2024, 9, D(20) * YI)
    _value(world.zone_a, "fixed_asset_investment", 2024, 9, D(10) * YI)
    page = (
        world.client("zone_staff")
        .get(reverse("stats:entry", args=[world.zone_a.pk, "2024-09"]))
        .content.decode()
    )
    assert page.count('data-rule="industrial-investment-in-fai"') == 1
    assert 'data-testid="audit-summary"' in page
