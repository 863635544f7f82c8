"""Working days on China's official calendar (国务院办公厅 holiday notices, with
their 调休 make-up working days), from the ``chinese_calendar`` package. Used by
project schedules and by service deadlines."""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache


class WorkCalendar:
    """Working days, from a predicate (default: China's official calendar, the
    ``chinese_calendar`` package; Monday–Friday for years it does not know)."""

    def __init__(self, is_workday: Callable[[date], bool] | None = None):
        self._is_workday = is_workday or official_workday
        # Ordinals covered by _days (None before the first _cover).
        self._first: int | None = None
        self._last: int | None = None
        self._days: list[int] = []

    def _cover(self, low: int, high: int) -> None:
        if (
            self._first is not None
            and self._last is not None
            and self._first <= low
            and high <= self._last
        ):
            return
        low = min(low, self._first or low) - 366
        high = max(high, self._last or high) + 366
        self._days = [d for d in range(low, high + 1) if self._is_workday(date.fromordinal(d))]
        self._first, self._last = low, high

    def forward(self, start: int, days: int) -> tuple[int, int]:
        """Start snapped to a working day, and the exclusive finish after ``days`` working days."""
        if days == 0:
            return start, start
        self._cover(start, start + days * 3 + 30)
        i = bisect.bisect_left(self._days, start)
        while i + days > len(self._days):
            assert self._first is not None and self._last is not None  # set by _cover above
            self._cover(self._first, self._last + days * 3 + 366)
            i = bisect.bisect_left(self._days, start)
        return self._days[i], self._days[i + days - 1] + 1

    def backward(self, finish: int, days: int) -> tuple[int, int]:
        """The latest start that still finishes by ``finish`` (exclusive), and its finish."""
        if days == 0:
            return finish, finish
        self._cover(finish - days * 3 - 30, finish)
        i = bisect.bisect_left(self._days, finish)  # first working day ≥ finish
        while i - days < 0:
            assert self._first is not None and self._last is not None  # set by _cover above
            self._cover(self._first - days * 3 - 366, self._last)
            i = bisect.bisect_left(self._days, finish)
        return self._days[i - days], self._days[i - 1] + 1


def official_workday(day: date) -> bool:
    return day.toordinal() in _official_workdays(day.year)


# Working days per year, kept a few minutes: another process may have entered
# a calendar day (a write here forgets the year at once).
_YEARS: dict[int, tuple[float, frozenset[int]]] = {}
_KEEP_SECONDS = 300


def forget_year(year: int) -> None:
    _YEARS.pop(year, None)


def forget_years() -> None:
    """Every kept year: after a rollback, which undoes calendar days without a signal."""
    _YEARS.clear()


def _official_workdays(year: int) -> frozenset[int]:
    kept = _YEARS.get(year)
    now = time.monotonic()
    if kept is not None and kept[0] > now:
        return kept[1]
    days = _year_from_package(year)
    overrides = _entered_days(year)
    if overrides:
        days = frozenset(
            {n for n in days if overrides.get(n, True)} | {n for n, w in overrides.items() if w}
        )
    _YEARS[year] = (now + _KEEP_SECONDS, days)
    return days


def _entered_days(year: int) -> dict[int, bool]:
    from .models import CalendarDay

    return {
        d.toordinal(): working
        for d, working in CalendarDay.objects.filter(day__year=year).values_list("day", "working")
    }


@lru_cache(maxsize=64)
def _year_from_package(year: int) -> frozenset[int]:
    """The year's working days from ``chinese_calendar``'s holidays and 调休 days,
    built once per year: its own ``is_workday`` checks the year's range on every
    call, which costs more than a whole schedule. A year it does not know yet
    counts Monday to Friday, until a platform admin enters its calendar days."""
    from chinese_calendar import holidays, workdays

    known = {d.year for d in holidays}
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    days = (date.fromordinal(n) for n in range(first, last + 1))
    if year not in known:
        return frozenset(d.toordinal() for d in days if d.weekday() < 5)
    return frozenset(
        d.toordinal() for d in days if d in workdays or (d.weekday() < 5 and d not in holidays)
    )


def add_working_days(
    start: date, days: int, *, is_workday: Callable[[date], bool] | None = None
) -> date:
    """The day ``days`` working days after ``start`` (the first counted day is
    the next working day after ``start``); ``days`` = 0 gives ``start``."""
    check = is_workday or official_workday
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if check(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` ≤ ``start``)."""
    if end <= start:
        return 0
    return sum(
        1
        for n in range(start.toordinal() + 1, end.toordinal() + 1)
        if n in _official_workdays(date.fromordinal(n).year)
    )
