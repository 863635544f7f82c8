"""The other sources an audit rule may compare a zone's figure with (the
registry, enterprise reports, projects' investment), registered by the app
that holds each, so that statistics need not know the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

# name → (label, provider(zone_ids, year, month, indicator_code) → {zone id: value})
Provider = Callable[[list[int], int, int, str], dict[int, Decimal]]
FACTS: dict[str, tuple[str, Provider]] = {}


def register_fact(name: str, label, provider: Provider) -> None:
    if name in FACTS and FACTS[name][1] is not provider:
        raise ValueError(f"Two audit sources are named {name!r}")
    FACTS[name] = (label, provider)


# Another app's figures shown beside a zone's cards on its dashboard (projects'
# reported investment beside 工业投资 and 固定资产投资): name → provider(zone_id=…,
# cards={indicator code: (year, month, zone value)}) → rows.
Rollup = Callable[..., list[dict]]
ROLLUPS: dict[str, Rollup] = {}


def register_rollup(name: str, provider: Rollup) -> None:
    if name in ROLLUPS and ROLLUPS[name] is not provider:
        raise ValueError(f"Two dashboard rollups are named {name!r}")
    ROLLUPS[name] = provider
