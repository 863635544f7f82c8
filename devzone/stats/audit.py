"""Audit rules (审核关系) as statistics offices run them on a zone's report:
hard rules (强制性审核) that a report breaking them cannot be submitted with,
and soft rules (核实性审核) that it can, with an explanation the approver reads.

A pure module: the rules, a zone's figures and the facts from other sources
(the registry, enterprise reports, projects) come in as plain values, the
breaks go out. ``selectors.rule_breaks`` loads them; models may import this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

HARD, SOFT = "hard", "soft"

PART_LE_WHOLE = "part_le_whole"
RATIO_BAND = "ratio_band"
CUMULATIVE_NOT_FALLING = "cumulative_not_falling"
GROWTH_MATCHES = "growth_matches"
MONTH_CHANGE = "month_change"
FACT_MATCHES = "fact_matches"
FACT_LE_WHOLE = "fact_le_whole"


@dataclass(frozen=True)
class Figure:
    value: Decimal
    stated_growth: Decimal | None = None


# A zone's figures: (indicator code, year, month) → figure. Flows are
# cumulative within a year (1-N月); stocks are as of the month's end.
Figures = Mapping[tuple[str, int, int], Figure]


@dataclass(frozen=True)
class Rule:
    code: str
    check: str
    severity: str
    indicator: str | None  # None: every indicator the check applies to
    other: str | None = None  # the whole, or the denominator
    lower: Decimal | None = None
    upper: Decimal | None = None
    fact: str = ""  # the other source a fact check compares with


@dataclass(frozen=True)
class RuleBreak:
    rule: str
    severity: str
    indicator: str
    year: int
    month: int
    # What the message needs: the figure, the other figure or fact, the limit.
    value: Decimal | None = None
    other_value: Decimal | None = None
    limit: Decimal | None = None


@dataclass(frozen=True)
class Zone:
    """What the checks know of the zone besides its figures."""

    flows: frozenset[str]  # indicator codes of flows (cumulative within a year)
    facts: Mapping[tuple[str, str], Decimal]  # (fact, indicator code) → value


def nominal_growth(current: Decimal, base: Decimal | None) -> Decimal | None:
    if base is None or base == 0:
        return None
    return (current / base - 1) * 100


def single_month(figures: Figures, code: str, year: int, month: int) -> Decimal | None:
    """A flow's own month from the cumulative figures (January: itself; a
    January not reported alone: the January–February figure covers two)."""
    current = figures.get((code, year, month))
    if current is None:
        return None
    if month == 1:
        return current.value
    before = figures.get((code, year, month - 1))
    if before is None:
        return current.value / 2 if month == 2 else None
    return current.value - before.value


def _part_le_whole(rule, figures, zone, year, month):
    part = figures.get((rule.indicator, year, month))
    whole = figures.get((rule.other, year, month))
    if part is not None and whole is not None and part.value > whole.value:
        yield RuleBreak(
            rule.code, rule.severity, rule.indicator, year, month, part.value, whole.value
        )


def _ratio_band(rule, figures, zone, year, month):
    part = figures.get((rule.indicator, year, month))
    whole = figures.get((rule.other, year, month))
    if part is None or whole is None or whole.value <= 0:
        return
    ratio = part.value / whole.value * 100
    if (rule.lower is not None and ratio < rule.lower) or (
        rule.upper is not None and ratio > rule.upper
    ):
        limit = rule.lower if rule.lower is not None and ratio < rule.lower else rule.upper
        yield RuleBreak(
            rule.code,
            rule.severity,
            rule.indicator,
            year,
            month,
            ratio.quantize(Decimal("0.1")),
            None,
            limit,
        )


def _codes(rule: Rule, zone: Zone, figures: Figures, year: int, month: int, flows_only: bool):
    if rule.indicator is not None:
        return [rule.indicator]
    codes = {code for code, y, m in figures if (y, m) == (year, month)}
    return sorted(codes & zone.flows if flows_only else codes)


def _cumulative_not_falling(rule, figures, zone, year, month):
    if month == 1:
        return
    for code in _codes(rule, zone, figures, year, month, flows_only=True):
        current, before = figures.get((code, year, month)), figures.get((code, year, month - 1))
        if current is not None and before is not None and current.value < before.value:
            yield RuleBreak(
                rule.code, rule.severity, code, year, month, current.value, before.value
            )


def _growth_matches(rule, figures, zone, year, month):
    tolerance = rule.upper if rule.upper is not None else Decimal(5)
    for code in _codes(rule, zone, figures, year, month, flows_only=False):
        current = figures.get((code, year, month))
        base = figures.get((code, year - 1, month))
        if current is None or current.stated_growth is None or base is None:
            continue
        nominal = nominal_growth(current.value, base.value)
        if nominal is not None and abs(nominal - current.stated_growth) > tolerance:
            yield RuleBreak(
                rule.code,
                rule.severity,
                code,
                year,
                month,
                current.stated_growth,
                nominal.quantize(Decimal("0.1")),
                tolerance,
            )


def _month_change(rule, figures, zone, year, month):
    """A flow's own month against the zone's own history: the mean of its
    twelve months before (at least three of them)."""
    factor = rule.upper if rule.upper is not None else Decimal(3)
    for code in _codes(rule, zone, figures, year, month, flows_only=True):
        this = single_month(figures, code, year, month)
        if this is None:
            continue
        history = []
        y, m = year, month
        for _i in range(12):
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            own = single_month(figures, code, y, m)
            if own is not None:
                history.append(own)
        if len(history) < 3:
            continue
        mean = sum(history) / len(history)
        if mean <= 0:
            continue
        ratio = this / mean
        if ratio > factor or ratio < 1 / factor:
            yield RuleBreak(
                rule.code,
                rule.severity,
                code,
                year,
                month,
                this,
                mean.quantize(Decimal("0.01")),
                factor,
            )


def _fact_matches(rule, figures, zone, year, month):
    figure = figures.get((rule.indicator, year, month))
    fact = zone.facts.get((rule.fact, rule.indicator))
    tolerance = rule.upper if rule.upper is not None else Decimal(0)
    if figure is not None and fact is not None and abs(figure.value - fact) > tolerance:
        yield RuleBreak(rule.code, rule.severity, rule.indicator, year, month, figure.value, fact)


def _fact_le_whole(rule, figures, zone, year, month):
    whole = figures.get((rule.indicator, year, month))
    fact = zone.facts.get((rule.fact, rule.indicator))
    if whole is not None and fact is not None and fact > whole.value:
        yield RuleBreak(rule.code, rule.severity, rule.indicator, year, month, whole.value, fact)


CHECKS: dict[str, Callable[..., Iterable[RuleBreak]]] = {
    PART_LE_WHOLE: _part_le_whole,
    RATIO_BAND: _ratio_band,
    CUMULATIVE_NOT_FALLING: _cumulative_not_falling,
    GROWTH_MATCHES: _growth_matches,
    MONTH_CHANGE: _month_change,
    FACT_MATCHES: _fact_matches,
    FACT_LE_WHOLE: _fact_le_whole,
}


def evaluate(
    rules: Iterable[Rule], figures: Figures, zone: Zone, year: int, month: int
) -> list[RuleBreak]:
    """Every break of ``rules`` by the zone's figures of one month."""
    breaks: list[RuleBreak] = []
    for rule in rules:
        breaks += CHECKS[rule.check](rule, figures, zone, year, month)
    return breaks
