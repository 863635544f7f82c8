"""The computations of economic monitoring as properties: ranking, growth, single
months, shares, completion, the growth-gap flag, outliers and periods."""

import math
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.stats import figures
from devzone.stats.models import Indicator
from devzone.stats.periods import Period, months_between

FLOW, STOCK = Indicator.Kind.FLOW, Indicator.Kind.STOCK

# Small integer values so that ties are frequent; None is a zone without a report.
maybe_value = st.one_of(st.none(), st.integers(min_value=0, max_value=8).map(Decimal))
value_lists = st.lists(maybe_value, max_size=12)
growth = st.decimals(min_value=Decimal("-99.9"), max_value=Decimal("500"), places=1)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2)
periods = st.builds(
    Period, st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12)
)


def keyed(values):
    return [(f"zone{i}", v) for i, v in enumerate(values)]


# --- rank -------------------------------------------------------------------------------


@given(value_lists, st.booleans())
def test_rank_is_a_competition_ranking(values, higher):
    items = keyed(values)
    ranks = figures.rank(items, higher_is_better=higher)
    present = [(k, v) for k, v in items if v is not None]
    assert set(ranks) == {k for k, _v in present}
    n = len(present)
    for key, value in present:
        better = [w for _k, w in present if (w > value if higher else w < value)]
        assert ranks[key] == 1 + len(better)
        assert 1 <= ranks[key] <= n


@given(value_lists)
def test_equal_values_share_a_rank_and_the_next_rank_skips(values):
    items = keyed(values)
    ranks = figures.rank(items)
    by_value = {}
    for key, value in items:
        if value is not None:
            by_value.setdefault(value, set()).add(ranks[key])
    assert all(len(r) == 1 for r in by_value.values())
    # Rank r held by m zones: the next distinct rank is r + m.
    distinct = sorted({ranks[k] for k in ranks})
    counts = {r: sum(1 for v in ranks.values() if v == r) for r in distinct}
    for r, following in zip(distinct, distinct[1:], strict=False):
        assert following == r + counts[r]


@given(st.data(), value_lists, st.booleans())
def test_rank_does_not_depend_on_input_order(data, values, higher):
    items = keyed(values)
    shuffled = data.draw(st.permutations(items))
    assert figures.rank(shuffled, higher) == figures.rank(items, higher)


@given(value_lists, st.booleans())
def test_missing_values_get_no_rank_and_never_outrank_present_ones(values, higher):
    items = keyed(values)
    ranks = figures.rank(items, higher)
    missing = {k for k, v in items if v is None}
    assert not missing & set(ranks)
    # Without the missing zones the present ones rank the same.
    assert figures.rank([(k, v) for k, v in items if v is not None], higher) == ranks
    if ranks:
        assert max(ranks.values()) <= len(items) - len(missing)


@given(value_lists)
def test_lower_is_better_reverses_the_order(values):
    items = keyed(values)
    negated = [(k, -v if v is not None else None) for k, v in items]
    assert figures.rank(items, higher_is_better=False) == figures.rank(negated)


def test_rank_examples():
    items = [("a", Decimal(5)), ("b", Decimal(7)), ("c", None), ("d", Decimal(7)), ("e", 1)]
    assert figures.rank(items) == {"b": 1, "d": 1, "a": 3, "e": 4}
    assert figures.rank(items, higher_is_better=False) == {"e": 1, "a": 2, "b": 3, "d": 3}
    assert figures.rank([]) == {}
    assert figures.rank([("x", None)]) == {}


# --- growth -----------------------------------------------------------------------------


@given(money, growth)
def test_nominal_growth_recovers_the_growth_that_built_the_total(base, g):
    current = base * (1 + g / 100)
    assert figures.nominal_growth(current, base) == g


@given(money, money)
def test_nominal_growth_sign_follows_the_totals(current, base):
    result = figures.nominal_growth(current, base)
    assert result is not None
    assert result.as_tuple().exponent == -1  # one decimal
    if current > base * Decimal("1.0005"):
        assert result > 0
    if current < base * Decimal("0.9995"):
        assert result < 0
    assert abs(result - (current / base - 1) * 100) <= Decimal("0.05")


@given(st.one_of(st.none(), money))
def test_nominal_growth_without_a_base_is_none(current):
    assert figures.nominal_growth(current, None) is None
    assert figures.nominal_growth(current, Decimal(0)) is None
    assert figures.nominal_growth(None, Decimal(5)) is None


@given(growth, growth)
def test_two_year_average_growth_is_the_geometric_mean(g1, g2):
    result = figures.two_year_average_growth(g1, g2)
    exact = (math.sqrt((1 + float(g1) / 100) * (1 + float(g2) / 100)) - 1) * 100
    assert result is not None
    assert abs(float(result) - exact) <= 0.05 + 1e-9
    # Between the two rates (the geometric mean lies between them).
    assert min(g1, g2) - Decimal("0.1") <= result <= max(g1, g2) + Decimal("0.1")
    assert figures.two_year_average_growth(g2, g1) == result


@given(growth)
def test_two_year_average_of_equal_rates_is_that_rate(g):
    assert figures.two_year_average_growth(g, g) == g


def test_two_year_average_growth_examples():
    assert figures.two_year_average_growth(Decimal("10"), Decimal("0")) == Decimal("4.9")
    assert figures.two_year_average_growth(Decimal("-100"), Decimal("20")) == Decimal("-100.0")
    assert figures.two_year_average_growth(None, Decimal("3")) is None
    assert figures.two_year_average_growth(Decimal("-150"), Decimal("3")) is None


@pytest.mark.parametrize(
    "stated,nominal,flagged",
    [
        ("5.0", "6.0", False),  # exactly one point: not flagged
        ("5.0", "6.1", True),
        ("5.0", "3.9", True),
        ("5.0", "4.0", False),
        (None, "4.0", False),
        ("5.0", None, False),
    ],
)
def test_growth_gap_flag_boundaries(stated, nominal, flagged):
    to_dec = lambda s: Decimal(s) if s is not None else None  # noqa: E731
    assert figures.growth_gap_flagged(to_dec(stated), to_dec(nominal)) is flagged


@given(growth, st.decimals(min_value=Decimal("-20"), max_value=Decimal("20"), places=1))
def test_growth_gap_flagged_when_more_than_one_point_apart(stated, difference):
    assert figures.growth_gap_flagged(stated, stated + difference) == (abs(difference) > 1)


# --- single months ----------------------------------------------------------------------


@st.composite
def cumulative_series(draw, january_reported=True):
    """A year's cumulative totals up to month N (from month 2 for 1-2月 surveys)."""
    last = draw(st.integers(min_value=1 if january_reported else 2, max_value=12))
    first = 1 if january_reported else 2
    increments = draw(st.lists(money, min_size=last - first + 1, max_size=last - first + 1))
    series, total = {}, Decimal(0)
    for month, inc in zip(range(first, last + 1), increments, strict=True):
        total += inc
        series[month] = total
    return series


def derived_singles(series, january_reported):
    return {
        m: figures.single_month(series[m], series.get(m - 1), m, january_reported) for m in series
    }


@given(cumulative_series())
def test_single_months_add_up_to_the_cumulative(series):
    singles = derived_singles(series, True)
    last = max(series)
    assert singles[1] == series[1]
    assert sum(singles.values()) == series[last]


@given(cumulative_series(january_reported=False))
def test_surveys_starting_at_jan_feb_add_up_too(series):
    singles = derived_singles(series, False)
    last = max(series)
    # Month 2 is the 1-2月 cumulative figure itself.
    assert singles[2] == series[2]
    assert sum(singles.values()) == series[last]


def test_single_month_edges():
    assert figures.single_month(None, Decimal(1), 3) is None
    assert figures.single_month(Decimal(10), None, 3) is None  # previous month missing
    assert figures.single_month(Decimal(10), None, 1) == Decimal(10)
    assert figures.single_month(Decimal(10), None, 2, january_reported=False) == Decimal(10)
    assert figures.single_month(Decimal(10), Decimal(4), 2, january_reported=True) == Decimal(6)


# --- shares and completion ----------------------------------------------------------------


@given(money, money)
def test_share_is_a_percentage_of_the_whole(a, b):
    part, whole = min(a, b), max(a, b)
    result = figures.share(part, whole)
    assert Decimal(0) <= result <= Decimal(100)
    assert abs(result - part / whole * 100) <= Decimal("0.05")
    assert figures.share(whole, whole) == Decimal("100.0")
    assert figures.completion(part, whole) == result


@given(st.one_of(st.none(), money))
def test_share_of_nothing_is_none(part):
    assert figures.share(part, Decimal(0)) is None
    assert figures.share(part, None) is None
    assert figures.share(None, Decimal(3)) is None
    assert figures.completion(part, None) is None


@given(money, st.integers(min_value=1, max_value=5))
def test_completion_over_target(target, times):
    assert figures.completion(target * times, target) == Decimal(100 * times)


# --- the seed's figures -------------------------------------------------------------------


def test_seed_figures():
    # 广灵's 工业投资 2024 1-9月: 15.61亿元, +129.6% (so last year's was about 6.80亿元).
    assert figures.nominal_growth(Decimal("15.61"), Decimal("6.80")) == Decimal("129.6")
    assert figures.nominal_growth(Decimal("15.61"), Decimal("13.95")) == Decimal("11.9")
    # 13.95 of 15.61 is 89.4%.
    assert figures.share(Decimal("13.95"), Decimal("15.61")) == Decimal("89.4")
    # The 再生金属 chain's 15.62亿元 of the zone's output (demo: 25.10亿元) is over 60%.
    chain_share = figures.share(Decimal("15.62"), Decimal("25.10"))
    assert chain_share == Decimal("62.2") and chain_share > 60
    # 晋城's 规上工业增加值 2024 1-6月: 114.0亿元, +5.0%.
    yi = Decimal(100_000_000)
    assert figures.nominal_growth(Decimal("114.0") * yi, Decimal("108.57") * yi) == Decimal("5.0")
    assert figures.completion(Decimal("114.0"), Decimal("228.0")) == Decimal("50.0")


# --- outliers -----------------------------------------------------------------------------


@given(money, st.sampled_from([FLOW, STOCK]), st.integers(min_value=1, max_value=12))
def test_no_previous_figure_is_never_an_outlier(value, kind, month):
    assert not figures.is_outlier(value, None, month, kind)
    assert not figures.is_outlier(value, Decimal(0), month, kind)


@given(money, st.integers(min_value=2, max_value=12))
def test_a_falling_cumulative_flow_is_suspect(previous, month):
    assert figures.is_outlier(previous - Decimal("0.01"), previous, month, FLOW)


@given(money, st.integers(min_value=2, max_value=12))
def test_a_flow_at_its_expected_pace_is_fine(previous, month):
    expected = previous * month / (month - 1)
    assert not figures.is_outlier(expected, previous, month, FLOW)
    assert figures.is_outlier(expected * Decimal("2.01"), previous, month, FLOW)


@given(money, st.decimals(min_value=Decimal("0.5"), max_value=Decimal("2"), places=2))
def test_stocks_within_half_and_double_are_fine(previous, ratio):
    assert not figures.is_outlier(previous * ratio, previous, 6, STOCK)


@given(money, st.integers(min_value=1, max_value=12))
def test_stocks_beyond_half_or_double_are_outliers(previous, month):
    assert figures.is_outlier(previous * Decimal("2.01"), previous, month, STOCK)
    assert figures.is_outlier(previous * Decimal("0.49"), previous, month, STOCK)


# --- periods ------------------------------------------------------------------------------


@given(periods)
def test_period_text_round_trips(period):
    assert Period.parse(str(period)) == period
    assert Period.parse(f"{period.year}-{period.month}") == period
    assert Period.parse(f" {period.year}/{period.month:02d} ") == period


@pytest.mark.parametrize("text", ["2024-13", "2024-0", "1989-12", "2101-01", "abc", "2024", ""])
def test_period_parse_refuses_bad_text(text):
    with pytest.raises(ValueError):
        Period.parse(text)


@given(periods, st.integers(min_value=-600, max_value=600))
def test_shift_moves_by_whole_months(period, n):
    shifted = period.shift(n)
    assert 1 <= shifted.month <= 12
    assert (shifted.year * 12 + shifted.month) - (period.year * 12 + period.month) == n
    assert shifted.shift(-n) == period
    assert (shifted > period) == (n > 0)


@given(periods)
def test_shift_by_a_year_and_neighbours(period):
    assert period.shift(12) == Period(period.year + 1, period.month)
    assert period.shift(-12) == period.last_year()
    if period.month > 1:
        assert period.previous_month() == period.shift(-1)
    else:
        assert period.previous_month() is None


@given(periods, st.integers(min_value=0, max_value=240))
def test_months_between_counts_every_month(start, n):
    end = start.shift(n)
    months = months_between(start, end)
    assert months[0] == start and months[-1] == end
    assert len(months) == n + 1
    assert all(b == a.shift(1) for a, b in zip(months, months[1:], strict=False))
    assert months_between(end, start) == ([start] if n == 0 else [])


@pytest.mark.parametrize(
    "period,kind,january,label",
    [
        (Period(2024, 6), "flow", True, "2024年1-6月（上半年）"),
        (Period(2024, 9), "flow", True, "2024年1-9月（前三季度）"),
        (Period(2024, 3), "flow", True, "2024年1-3月（一季度）"),
        (Period(2024, 12), "flow", True, "2024年1-12月（全年）"),
        (Period(2024, 5), "flow", True, "2024年1-5月"),
        (Period(2024, 1), "flow", True, "2024年1月"),
        (Period(2024, 2), "flow", False, "2024年1-2月"),
        (Period(2024, 6), "stock", True, "2024年6月末"),
    ],
)
def test_period_labels_as_officials_write_them(period, kind, january, label):
    with translation.override("zh-hans"):
        assert period.label(kind, january) == label


def test_period_labels_in_english():
    with translation.override("en"):
        assert Period(2024, 6).label() == "Jan–Jun 2024"
        assert Period(2024, 1).label() == "Jan 2024"
        assert Period(2024, 6).label("stock") == "end of 2024-06"


@settings(deadline=None)
@given(periods, st.sampled_from(["flow", "stock"]), st.booleans())
def test_every_period_has_a_label_with_its_year(period, kind, january):
    with translation.override("zh-hans"):
        label = period.label(kind, january)
    assert label.startswith(f"{period.year}年")
    assert f"{period.month}月" in label
