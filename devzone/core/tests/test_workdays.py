"""Working days on China's official calendar, with its holidays and 调休 days."""

from datetime import date

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.core.workdays import add_working_days, official_workday, working_days_between


def test_national_day_2024_and_its_make_up_saturday():
    assert not official_workday(date(2024, 10, 1))  # National Day
    assert official_workday(date(2024, 10, 12))  # Saturday, a 调休 working day
    assert not official_workday(date(2024, 10, 13))  # an ordinary Sunday
    # Accepted on Monday 30 September, due in 2 working days: 8 October.
    assert add_working_days(date(2024, 9, 30), 2) == date(2024, 10, 9)
    assert add_working_days(date(2024, 9, 29), 1) == date(2024, 9, 30)  # 29 Sep: 调休 Sunday → next
    assert add_working_days(date(2024, 10, 11), 1) == date(2024, 10, 12)


def test_a_year_the_package_does_not_know_counts_weekdays():
    assert official_workday(date(2099, 6, 1)) is True  # a Monday
    assert official_workday(date(2099, 6, 6)) is False  # a Saturday


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 12, 1)),
    st.integers(min_value=0, max_value=60),
)
def test_adding_and_counting_working_days_agree(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or official_workday(end)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 12, 31)))
def test_same_answer_as_the_package(day):
    assert official_workday(day) == chinese_calendar.is_workday(day)
