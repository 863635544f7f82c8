"""The demo's figures never contradict the seed page or each other: parts
below their wholes, the registry's 规上 count in the statistics, sample zones
stating the growth their figures give, and the seed's figures where it puts them."""

from decimal import Decimal

import pytest

from devzone.core.models import Enterprise, Zone
from devzone.stats.models import IndicatorValue

YI = Decimal(100_000_000)


@pytest.fixture
def demo(demo_database, db):
    values = {
        (v.zone_id, v.indicator.code, v.year, v.month): v
        for v in IndicatorValue.objects.select_related("indicator")
    }
    zones = {z.name: z for z in Zone.objects.all()}
    above: dict[int, int] = {}
    for zone_id in Enterprise.objects.filter(scale=Enterprise.Scale.ABOVE).values_list(
        "zone_id", flat=True
    ):
        above[zone_id] = above.get(zone_id, 0) + 1
    return values, zones, above


def _pairs(values, part, whole):
    for (zone_id, code, year, month), v in values.items():
        if code == part:
            other = values.get((zone_id, whole, year, month))
            if other is not None:
                yield v, other


def _parts_never_exceed_their_wholes(demo):
    values, _zones, _above = demo
    pairs = list(_pairs(values, "industrial_investment", "fixed_asset_investment"))
    assert len(pairs) > 400
    assert [(p.zone_id, p.year, p.month) for p, w in pairs if p.value > w.value] == []
    pairs = list(_pairs(values, "industrial_value_added", "industrial_output"))
    assert len(pairs) > 400
    assert [(p.zone_id, p.year, p.month) for p, w in pairs if p.value > w.value] == []


def _above_scale_enterprises_match_the_registry(demo):
    values, zones, above = demo
    for name in ("广灵经济技术开发区", "平顺生态文化旅游示范区", "晋城经济技术开发区"):
        zone = zones[name]
        counts = {
            v.value
            for (z, code, *_p), v in values.items()
            if z == zone.pk and code == "above_scale_enterprises"
        }
        assert counts == {Decimal(above.get(zone.pk, 0))}, name


def _sample_figures_state_the_growth_they_give(demo):
    values, _zones, _above = demo
    checked = 0
    for (zone_id, code, year, month), v in values.items():
        if year != 2024 or not v.is_sample:
            continue
        before = values.get((zone_id, code, 2023, month))
        if before is None or not before.value:
            continue
        nominal = (v.value / before.value - 1) * 100
        assert abs(nominal - v.stated_growth) <= Decimal("0.1"), (zone_id, code, month)
        checked += 1
    assert checked > 1000


def _the_seed_figures_are_where_the_seed_puts_them(demo):
    values, zones, _above = demo
    jincheng = zones["晋城经济技术开发区"].pk
    guangling = zones["广灵经济技术开发区"].pk
    seed = values[(jincheng, "industrial_value_added", 2024, 6)]
    assert (seed.value, seed.stated_growth, seed.is_sample) == (
        Decimal("114.0") * YI,
        Decimal("5.0"),
        False,
    )
    # 晋城's newest month is the seed's, so its dashboard opens on 114.0亿元.
    assert max((y, m) for (z, _c, y, m) in values if z == jincheng) == (2024, 6)
    assert values[(guangling, "industrial_investment", 2024, 9)].value == Decimal("15.61") * YI
    assert values[(guangling, "industrial_value_added", 2024, 9)].value == Decimal("2.2") * YI
    output = values[(guangling, "industrial_output", 2024, 9)].value
    assert output == Decimal("25.10") * YI


def _passes_every_audit_rule(demo):
    """No hard rule broken in any month; every soft break explained."""
    from devzone.stats.auditing import rule_breaks
    from devzone.stats.periods import Period

    _values, zones, _above = demo
    periods = {Period(y, m) for (_z, _c, y, m) in _values}
    assert len(periods) == 21
    found = [b for p in sorted(periods) for b in rule_breaks(zones=list(zones.values()), period=p)]
    assert [b.message for b in found if b.is_hard] == []
    assert [b.message for b in found if b.explanation is None] == []


def test_the_demo_never_contradicts_itself_or_the_seed(demo):
    """One load of the demo (it takes a while), every check on it."""
    _passes_every_audit_rule(demo)
    _parts_never_exceed_their_wholes(demo)
    _above_scale_enterprises_match_the_registry(demo)
    _sample_figures_state_the_growth_they_give(demo)
    _the_seed_figures_are_where_the_seed_puts_them(demo)


def test_dashboard_cards_mark_samples_and_name_the_seeds_source(world):
    """晋城's card shows the seed's figure with its source; an invented figure
    carries the sample mark (issue 13)."""
    from devzone.core.demo import SEED
    from devzone.stats.models import Indicator

    iva = Indicator.objects.get(code="industrial_value_added")
    inv = Indicator.objects.get(code="industrial_investment")
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=iva,
        year=2024,
        month=6,
        value=Decimal("114.0") * YI,
        stated_growth=Decimal("5.0"),
        status="approved",
        source_note=SEED,
    )
    IndicatorValue.objects.create(
        zone=world.zone_a,
        indicator=inv,
        year=2024,
        month=6,
        value=Decimal("9.51") * YI,
        status="approved",
        is_sample=True,
    )
    for url in (f"/stats/dashboards/{world.zone_a.pk}/", "/"):
        page = world.client("zone_admin").get(url).content.decode()
        iva_card = page[page.index(f'data-indicator="{iva.code}"') :]
        iva_card = iva_card[: iva_card.index(f'data-indicator="{inv.code}"')]
        assert 'data-testid="source-mark"' in iva_card and SEED in iva_card, url
        assert 'data-testid="sample-mark"' not in iva_card, url
        inv_card = page[page.index(f'data-indicator="{inv.code}"') :][:2000]
        assert 'data-testid="sample-mark"' in inv_card, url
