"""The audit rules' reads (审核关系): every break of the active rules by the
zones' figures of a period, as a person reads it. Shared by the submission
(services), the entry grid, imports and the rule-break page; the checks
themselves are the pure ``audit`` module."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from devzone.core.models import Zone

from . import audit
from .formatting import format_value
from .models import AuditExplanation, AuditRule, Indicator, IndicatorValue
from .periods import Period

# Checks that need only the period and the month before: what an import of
# many zones can afford to run before writing (the rest run at submission).
RECENT_CHECKS = frozenset(
    {
        audit.PART_LE_WHOLE,
        audit.RATIO_BAND,
        audit.CUMULATIVE_NOT_FALLING,
        audit.FACT_MATCHES,
        audit.FACT_LE_WHOLE,
    }
)


@dataclass(frozen=True)
class ShownBreak:
    """A rule break as a person reads it: the zone, the rule, its message with
    the figures in their display units, and the explanation given, if any."""

    zone: Zone
    rule: AuditRule
    indicator: Indicator
    year: int
    month: int
    message: str
    explanation: AuditExplanation | None

    @property
    def is_hard(self) -> bool:
        return self.rule.severity == audit.HARD

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)


def active_rules() -> list[AuditRule]:
    return list(
        AuditRule.objects.filter(is_active=True).select_related("indicator", "other_indicator")
    )


def _figures(zone_ids: list[int], period: Period, recent_only: bool) -> dict[int, dict]:
    """The zones' figures of the period's year and the year before (or, with
    ``recent_only``, of the period and the month before), whatever their status
    (a draft is checked as it is entered)."""
    figures: dict[int, dict] = {z: {} for z in zone_ids}
    if recent_only:
        before = period.shift(-1)
        when = Q(year=period.year, month=period.month) | Q(year=before.year, month=before.month)
    else:
        when = Q(year__in=(period.year - 1, period.year))
    rows = IndicatorValue.objects.filter(when, zone_id__in=zone_ids).values_list(
        "zone_id", "indicator__code", "year", "month", "value", "stated_growth"
    )
    for zone_id, code, y, m, value, growth in rows:
        figures[zone_id][(code, y, m)] = audit.Figure(value, growth)
    return figures


def _facts(rules: list[AuditRule], zone_ids: list[int], year: int, month: int) -> dict:
    from .facts import FACTS

    facts: dict[int, dict] = {z: {} for z in zone_ids}
    wanted = {(r.fact, r.indicator.code) for r in rules if r.fact and r.indicator_id}
    for name, code in wanted:
        if name not in FACTS:
            continue
        for zone_id, value in FACTS[name][1](zone_ids, year, month, code).items():
            facts[zone_id][(name, code)] = value
    return facts


def _message(rule: AuditRule, found: audit.RuleBreak, indicators: dict[str, Indicator]) -> str:
    indicator = indicators[found.indicator]
    other = rule.other_indicator or indicator
    percent = rule.kind in (audit.RATIO_BAND, audit.GROWTH_MATCHES)

    def shown(value, of=indicator):
        if value is None:
            return ""
        if percent:
            return f"{value:.1f}%"
        return format_value(value, of)

    limit = found.limit
    return rule.message % {
        "indicator": indicator.name,
        "other": other.name,
        "value": shown(found.value),
        "other_value": shown(found.other_value, other),
        "limit": "" if limit is None else (f"{limit:.1f}" if percent else f"{limit.normalize()}"),
    }


def rule_breaks(
    *,
    zones: list[Zone],
    period: Period,
    rules: list | None = None,
    proposed: dict | None = None,
) -> list[ShownBreak]:
    """Every break of the active audit rules by the zones' figures of a period,
    hard ones first, with the explanations given for soft ones.

    ``proposed`` ({(zone id, indicator code, year, month): Figure}) are figures
    not yet written (an import being checked), taken over the stored ones; then
    only the rules that need no history (parts, cumulative figures) are run."""
    rules = active_rules() if rules is None else rules
    if proposed is not None:
        rules = [r for r in rules if r.kind in RECENT_CHECKS]
    zone_ids = [z.pk for z in zones]
    if not zone_ids or not rules:
        return []
    indicators = {i.code: i for i in Indicator.objects.all()}
    flows = frozenset(c for c, i in indicators.items() if i.kind == Indicator.Kind.FLOW)
    figures = _figures(zone_ids, period, recent_only=proposed is not None)
    for (zone_id, code, year, month), figure in (proposed or {}).items():
        if zone_id in figures:
            figures[zone_id][(code, year, month)] = figure
    facts = _facts(rules, zone_ids, period.year, period.month)
    by_code = {r.code: r for r in rules}
    plain = [r.as_rule() for r in rules]
    explanations = {
        (e.zone_id, e.rule_id, e.indicator_id): e
        for e in AuditExplanation.objects.filter(
            zone_id__in=zone_ids, year=period.year, month=period.month
        )
    }
    result = []
    for zone in zones:
        found = audit.evaluate(
            plain,
            figures[zone.pk],
            audit.Zone(flows=flows, facts=facts[zone.pk]),
            period.year,
            period.month,
        )
        for item in found:
            rule, indicator = by_code[item.rule], indicators[item.indicator]
            result.append(
                ShownBreak(
                    zone=zone,
                    rule=rule,
                    indicator=indicator,
                    year=item.year,
                    month=item.month,
                    message=_message(rule, item, indicators),
                    explanation=explanations.get((zone.pk, rule.pk, indicator.pk)),
                )
            )
    result.sort(key=lambda b: (not b.is_hard, b.zone.name, b.indicator.sort_order, b.rule.code))
    return result
