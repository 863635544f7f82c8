"""Deadlines in working days of China's official calendar: holidays, 调休
make-up working days, requests received on a weekend or holiday, complex
cases, reopening, and the day a still-missed deadline reaches the zone admin."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.core.workdays import add_working_days, official_workday, working_days_between
from devzone.desk.deadlines import deadlines_from
from devzone.desk.models import Category
from devzone.desk.services import still_overdue_cutoff

from .conftest import make_request

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def category(**days) -> Category:
    values = {"accept_days": 1, "answer_days": 2, "resolve_days": 10, "complex_days": 25}
    values.update(days)
    return Category(code="x", name="x", **values)


DEFAULT = category()


def test_national_day_2024_with_its_make_up_saturday(dw):
    # Received Monday 30 September: 1–7 October are holidays, Saturday 12 October is worked.
    request = make_request(
        dw.zone_a, dw.cat["utilities"], "国庆前来电", received_at=at(date(2024, 9, 30))
    )
    assert request.clock_start == date(2024, 9, 30)
    assert request.accept_due == date(2024, 10, 8)
    assert request.answer_due == date(2024, 10, 9)
    # 8, 9, 10, 11, 12 (调休 Saturday), 14, 15, 16, 17, 18 October.
    assert request.resolve_due == date(2024, 10, 18)


@pytest.mark.parametrize(
    "received,accept_due,why",
    [
        (
            date(2024, 9, 29),
            date(2024, 9, 30),
            "a 调休 Sunday is a working day: counting starts next day",
        ),
        (date(2024, 10, 1), date(2024, 10, 8), "National Day: counting starts on 8 October"),
        (date(2024, 10, 5), date(2024, 10, 8), "a holiday Saturday"),
        (date(2024, 10, 12), date(2024, 10, 14), "a 调休 Saturday is a working day"),
        (date(2024, 10, 13), date(2024, 10, 14), "an ordinary Sunday"),
        (
            date(2025, 1, 27),
            date(2025, 2, 5),
            "the eve of the Spring Festival holiday (28 Jan – 4 Feb)",
        ),
        (date(2025, 2, 7), date(2025, 2, 8), "Saturday 8 February 2025 is a 调休 working day"),
    ],
)
def test_accept_deadline_across_holidays_and_make_up_days(received, accept_due, why):
    assert deadlines_from(received, DEFAULT, False)[0] == accept_due, why


def test_complex_cases_have_the_longer_deadline(dw):
    received = at(date(2024, 9, 30))
    simple = make_request(dw.zone_a, dw.cat["approval"], "简单", received_at=received)
    complex_case = make_request(
        dw.zone_a, dw.cat["approval"], "复杂", received_at=received, complex=True
    )
    assert working_days_between(date(2024, 9, 30), simple.resolve_due) == 10
    assert working_days_between(date(2024, 9, 30), complex_case.resolve_due) == 25
    assert complex_case.accept_due == simple.accept_due
    # Marking it complex later moves only the resolve deadline.
    simple.complex = True
    simple.save()
    assert simple.resolve_due == complex_case.resolve_due


def test_the_day_of_receipt_is_the_local_day(dw):
    # 23:30 UTC on Sunday 13 October 2024 is 07:30 on Monday 14 October in Beijing.
    utc = datetime(2024, 10, 13, 23, 30, tzinfo=ZoneInfo("UTC"))
    request = make_request(dw.zone_a, dw.cat["policy"], "清晨来电", received_at=utc)
    assert request.clock_start == date(2024, 10, 14)
    assert request.accept_due == date(2024, 10, 15)


def test_a_zone_category_sets_its_own_deadlines(dw):
    fast = Category.objects.create(
        zone=dw.zone_a,
        code="utilities",
        name="水电气暖（本区）",
        accept_days=1,
        answer_days=1,
        resolve_days=3,
        complex_days=5,
    )
    request = make_request(dw.zone_a, fast, "停电", received_at=at(date(2024, 10, 8)))
    assert (request.answer_due, request.resolve_due) == (date(2024, 10, 9), date(2024, 10, 11))


def test_a_category_refuses_deadlines_out_of_order():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        category(answer_days=1, accept_days=3).clean()
    assert "answer_days" in exc.value.message_dict


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))
days = st.integers(min_value=1, max_value=30)


@settings(max_examples=300, deadline=None)
@given(dates, days, days, days)
def test_each_deadline_is_its_number_of_working_days_after_the_start(start, a, b, c):
    accept, answer, resolve = sorted((a, b, c))
    cat = category(
        accept_days=accept, answer_days=answer, resolve_days=resolve, complex_days=resolve
    )
    dues = deadlines_from(start, cat, False)
    for due, n in zip(dues, (accept, answer, resolve), strict=True):
        assert official_workday(due)
        assert due > start
        assert working_days_between(start, due) == n
    assert dues[0] <= dues[1] <= dues[2]


@settings(max_examples=300, deadline=None)
@given(dates, days)
def test_received_on_a_day_off_counts_from_the_next_working_day(day, n):
    """Received on a weekend or holiday: the first working day after it is
    day 1, exactly as if received on the eve of that working day."""
    first_working = add_working_days(day, 1)
    due = deadlines_from(day, category(resolve_days=n, complex_days=n), False)[2]
    if not official_workday(day):
        assert due == add_working_days(first_working - timedelta(days=1), n)
        assert working_days_between(day, first_working) == 1
    assert due >= first_working


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=0, max_value=10))
def test_received_later_is_never_due_earlier(day, gap):
    later = day + timedelta(days=gap)
    assert deadlines_from(day, DEFAULT, True) <= deadlines_from(later, DEFAULT, True)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2024, 2, 1), max_value=date(2026, 11, 30)), st.integers(0, 10))
def test_still_overdue_cutoff_is_the_last_due_day_past_its_grace(today, n):
    cutoff = still_overdue_cutoff(today, n)
    assert cutoff < today
    assert add_working_days(cutoff, n) < today
    assert add_working_days(cutoff + timedelta(days=1), n) >= today


def test_a_later_change_of_the_category_keeps_the_deadlines_given(dw):
    request = make_request(
        dw.zone_a, dw.cat["policy"], "政策咨询", received_at=at(date(2024, 9, 30))
    )
    category = dw.cat["policy"]
    category.resolve_days = 5
    category.save()
    request.refresh_from_db()
    request.title = "政策咨询（补充）"
    request.save()
    assert request.resolve_due == date(2024, 10, 18)  # the ten working days it was given
    request.complex = True  # a change of its own: deadlines follow the category as it is now
    request.save()
    assert working_days_between(date(2024, 9, 30), request.resolve_due) == 25
