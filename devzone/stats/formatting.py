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
    # 114.00亿元, but 114.00 100m yuan: English units are words.
    return f"{shown:,} {unit}" if unit[:1].isascii() and unit else f"{shown:,}{unit}"


def format_growth(growth: Decimal | None) -> str:
    return "" if growth is None else f"{Decimal(growth):+.1f}%"
