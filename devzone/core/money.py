"""Money as officials write it. Amounts are stored in 元 (Decimal) and shown in
万元 or 亿元 with two decimals, rounded half up as a statistician rounds by
hand (1,234,450元 = 123.45万元), the same on every page, export, API answer
and document. Decimal's own default (half to even) would give 123.44."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import overload

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
CENT = Decimal("0.01")

# What Decimal() takes: an amount from the database, a form or a sum.
Amount = Decimal | int | float | str


# None in, None out; an amount in, a Decimal out.
@overload
def round_money(amount: None, places: int = 2) -> None: ...
@overload
def round_money(amount: Amount, places: int = 2) -> Decimal: ...
@overload
def round_money(amount: Amount | None, places: int = 2) -> Decimal | None: ...
def round_money(amount: Amount | None, places: int = 2) -> Decimal | None:
    """``amount`` to ``places`` decimals, half up; None stays None."""
    if amount is None:
        return None
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@overload
def to_wan(amount: None) -> None: ...
@overload
def to_wan(amount: Amount) -> Decimal: ...
@overload
def to_wan(amount: Amount | None) -> Decimal | None: ...
def to_wan(amount: Amount | None) -> Decimal | None:
    """元 in 万元, two decimals."""
    return None if amount is None else round_money(Decimal(amount) / WAN)


@overload
def to_yi(amount: None) -> None: ...
@overload
def to_yi(amount: Amount) -> Decimal: ...
@overload
def to_yi(amount: Amount | None) -> Decimal | None: ...
def to_yi(amount: Amount | None) -> Decimal | None:
    """元 in 亿元, two decimals."""
    return None if amount is None else round_money(Decimal(amount) / YI)
