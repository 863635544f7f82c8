"""Figures as officials write them: 114.0亿元, 12.3%."""

from decimal import ROUND_HALF_UP, Decimal


def in_display_unit(value: Decimal | None, indicator) -> Decimal | None:
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-indicator.decimals)
    return (Decimal(value) / indicator.divisor).quantize(quantum, rounding=ROUND_HALF_UP)


def from_display_unit(value: Decimal | None, indicator) -> Decimal | None:
    return None if value is None else Decimal(value) * indicator.divisor


def format_value(value: Decimal | None, indicator) -> str:
    shown = in_display_unit(value, indicator)
    if shown is None:
        return ""
    unit = indicator.display_unit
    # 15.61亿元 in Chinese; 15.61 100m yuan in English.
    return f"{shown:,}{' ' if unit[:1].isascii() else ''}{unit}"


def format_growth(growth: Decimal | None) -> str:
    return "" if growth is None else f"{Decimal(growth):+.1f}%"


def shown_places(typed: Decimal, indicator) -> int:
    """Decimal places, in the display unit, at which a typed figure is read: as
    many as were typed, and never fewer than the grid shows."""
    exponent = Decimal(typed).as_tuple().exponent
    typed_places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return max(indicator.decimals, typed_places)


def same_as_shown(stored: Decimal | None, typed: Decimal | None, indicator) -> bool:
    """Whether a figure typed in the display unit (1.96 亿元) is the stored one
    (195,555,555.56 元) as it was shown: compared at the precision it was typed,
    so posting back what the grid or the template showed is no change."""
    if stored is None or typed is None:
        return stored is None and typed is None
    quantum = Decimal(1).scaleb(-shown_places(typed, indicator))
    stored_shown = (Decimal(stored) / indicator.divisor).quantize(quantum, rounding=ROUND_HALF_UP)
    return stored_shown == Decimal(typed).quantize(quantum, rounding=ROUND_HALF_UP)
