"""Statistical periods: a year and a month. Flows are cumulative from January
(1-N月), stocks are as of the month's end; investment surveys start at 1-2月."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2024-06' or '2024-6' → Period(2024, 6); ValueError otherwise."""
        year, _sep, month = str(text).strip().replace("/", "-").partition("-")
        period = cls(int(year), int(month))
        if not (1990 <= period.year <= 2100 and 1 <= period.month <= 12):
            raise ValueError(text)
        return period

    def previous_month(self) -> Period | None:
        return Period(self.year, self.month - 1) if self.month > 1 else None

    def last_year(self) -> Period:
        return Period(self.year - 1, self.month)

    def shift(self, months: int) -> Period:
        index = self.year * 12 + self.month - 1 + months
        return Period(index // 12, index % 12 + 1)

    def label(self, kind: str = "flow", january_reported: bool = True) -> str:
        """As officials write it: 2024年1-6月 (上半年), 2024年1-9月 (前三季度), 2024年6月末."""
        english = (get_language() or "").startswith("en")
        if kind == "stock":
            return (
                f"end of {self.year}-{self.month:02d}"
                if english
                else f"{self.year}年{self.month}月末"
            )
        if self.month == 1 and january_reported:
            return f"Jan {self.year}" if english else f"{self.year}年1月"
        if english:
            return f"Jan–{_MONTHS[self.month - 1]} {self.year}"
        names = {6: _("H1"), 9: _("Q1–Q3"), 3: _("Q1"), 12: _("full year")}
        base = f"{self.year}年1-{self.month}月"
        return f"{base}（{names[self.month]}）" if self.month in names else base


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def months_between(start: Period, end: Period) -> list[Period]:
    result, current = [], start
    while current <= end:
        result.append(current)
        current = current.shift(1)
    return result
