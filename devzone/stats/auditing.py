"""The audit rules' reads (审核关系): every break of the active rules by the
zones' figures of a period, as a person reads it. Shared by the submission
(services), the entry grid, imports and the rule-break page; the checks
themselves are the pure ``audit`` module."""

from __future__ import annotations

from dataclasses import dataclass

from devzone.core.models import Zone

from . import audit
from .formatting import format_value
from .models import AuditExplanation, AuditRule, Indicator, IndicatorValue
from .periods import Period


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


def _figures(zone_ids: list[int], year: int) -> dict[int, dict]:
    """The zones' figures of ``year`` and the year before, whatever their status
    (a draft is checked as it is entered)."""
    figures: dict[int, dict] = {z: {} for z in zone_ids}
    rows = IndicatorValue.objects.filter(
        zone_id__in=zone_ids, year__in=(year - 1, year)
    ).values_list("zone_id", "indicator__code", "year", "month", "value", "stated_growth")
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
    *, zones: list[Zone], period: Period, rules: list | None = None
) -> list[ShownBreak]:
    """Every break of the active audit rules by the zones' figures of a period,
    hard ones first, with the explanations given for soft ones."""
    rules = active_rules() if rules is None else rules
    zone_ids = [z.pk for z in zones]
    if not zone_ids or not rules:
        return []
    indicators = {i.code: i for i in Indicator.objects.all()}
    flows = frozenset(c for c, i in indicators.items() if i.kind == Indicator.Kind.FLOW)
    figures = _figures(zone_ids, period.year)
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
