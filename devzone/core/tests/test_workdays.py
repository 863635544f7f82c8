"""Working days on China's official calendar, with its holidays and 调休 days."""

from datetime import date

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.core.models import CalendarDay
from devzone.core.workdays import add_working_days, official_workday, working_days_between

pytestmark = pytest.mark.django_db  # the official calendar reads entered days


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


def test_days_entered_for_a_year_the_package_does_not_know(world):
    # 2099: the package knows nothing; an admin enters National Day and a make-up Saturday.
    assert official_workday(date(2099, 10, 1))  # a Thursday, counted as a weekday
    CalendarDay.objects.create(day=date(2099, 10, 1), working=False, name="国庆节")
    CalendarDay.objects.create(day=date(2099, 10, 10), working=True, name="国庆节调休")
    assert not official_workday(date(2099, 10, 1))
    assert official_workday(date(2099, 10, 10))  # a Saturday, now a working day
    assert add_working_days(date(2099, 9, 30), 1) == date(2099, 10, 2)


def test_calendar_pages_are_for_the_platform_admin(world):
    from django.urls import reverse

    url = reverse("core:calendarday_add")
    assert world.client("platform_admin").get(url).status_code == 200
    assert world.client("zone_admin").get(url).status_code == 403
    response = world.client("platform_admin").post(
        url, {"day": "2099-10-01", "working": "", "name": "国庆节"}
    )
    assert response.status_code == 302
    assert not official_workday(date(2099, 10, 1))
    assert world.client("zone_staff").get(reverse("core:calendarday_list")).status_code == 200
