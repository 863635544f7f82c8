"""The deadlines of a service-desk request, in working days of the official
calendar: pure computations the request applies on every save and the
services read (no query but the stored values a changed request compares with)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from devzone.core.workdays import add_working_days

DEADLINES = ("accept", "answer", "resolve")
# What the deadlines follow from: when one of them changes, they are computed again.
DEADLINE_INPUTS = ("category_id", "complex", "clock_start")


def deadlines_from(start: date, category, complex_case: bool) -> tuple[date, date, date]:
    """The days by which a request whose clock starts on ``start`` must be
    accepted, answered and resolved. Each is the n-th working day of the
    official calendar after ``start`` (its 调休 Saturdays count, its holidays do
    not), so a request received on a weekend or holiday starts counting on the
    next working day."""
    return (
        add_working_days(start, category.accept_days),
        add_working_days(start, category.answer_days),
        add_working_days(start, category.days_to_resolve(complex_case)),
    )


def clock_start_of(request) -> date:
    """The day the deadlines count from: the day of receipt, or of the last reopening."""
    return timezone.localdate(request.reopened_at or request.received_at)


def refresh_deadlines(request) -> None:
    """Store the request's deadlines (before every save) when what they follow
    from changed: its category, whether it is complex, the day its clock
    started. A later change of the category's days leaves the deadlines an
    open request was given. A deadline that moves may warn again."""
    # A void request is no longer open: no deadline of it escalates or counts.
    request.is_open = request.status in request.OPEN and request.voided_at is None
    if request.category_id is None or request.received_at is None:
        return
    request.clock_start = clock_start_of(request)
    request.ensure_loaded()
    if request.pk is not None and all(
        request.loaded(field) == getattr(request, field) for field in DEADLINE_INPUTS
    ):
        return
    days = deadlines_from(request.clock_start, request.category, request.complex)
    for kind, day in zip(DEADLINES, days, strict=True):
        if getattr(request, f"{kind}_due") != day:
            setattr(request, f"{kind}_due", day)
            setattr(request, f"{kind}_warned", False)
