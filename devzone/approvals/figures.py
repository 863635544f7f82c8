"""What an approval item saved, computed from its mode, dates and catalogue
item: pure computations the model applies on every save and the services
and selectors read (no query, no write).

What an item saves against the standard route (标准路径)
---------------------------------------------------------
The standard route is the item handled on its own: the enterprise has its
report or documents prepared at its own cost and applies, and the department
takes up to the item's statutory time limit (working days). Per project
approval item, by its mode:

* standard (常规办理): nothing saved.
* commitment-based (承诺制): the government set the standard, the enterprise
  commits to it, and the approval is issued on the commitment. Days saved =
  statutory limit − working days actually taken (from ``applied_on`` to
  ``approved_on`` on China's official calendar, ``devzone.core.workdays``),
  never below 0. No fee saved: the enterprise still has its documents prepared.
* covered by the regional assessment (区域评估, 多评合一): the zone's completed
  regional assessment covers the item, so the project makes no application
  and needs no document of its own. Days saved = the whole statutory limit;
  fee saved = the item's usual document-preparation fee.
* paid by the government (政府买单): the zone pays for the document. Fee saved
  = the usual fee; the procedure takes its usual time: no days saved.

Savings count once they are real: when the item is done (``approved_on``
given; for a covered item, the day the agent confirmed the coverage), and
they belong to the year of that day. A project's savings are the sum over its
items: the standard route takes the items one after another (each
assessment's approval comes before the permits that need it). A zone's are
the sum over its projects; the average per project divides by the projects
with at least one item that saved something.

Working days read as months and calendar days by the official conversion
(劳社部发〔2008〕3号: 250 working days a year, 20.83 a month, 62.5 a quarter):
months = working days ÷ 20.83; calendar days = working days × 365 ÷ 250. The
seed's "3 months per project" is a quarter: 62.5 working days ≈ 91 calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.workdays import add_working_days, working_days_between


class Mode(models.TextChoices):
    STANDARD = "standard", _("Standard route (常规办理)")
    COMMITMENT = "commitment", _("Commitment-based (承诺制)")
    REGIONAL = "regional", _("Covered by the regional assessment (区域评估)")
    GOVERNMENT_PAID = "government_paid", _("Paid by the government (政府买单)")


class Status(models.TextChoices):
    PLANNED = "planned", _("Not applied yet (待申请)")
    IN_PROGRESS = "in_progress", _("In progress (办理中)")
    DONE = "done", _("Done (已办结)")


WORKING_DAYS_PER_YEAR = 250
WORKING_DAYS_PER_MONTH = Decimal("20.83")

DAY_SAVING_MODES = (Mode.COMMITMENT, Mode.REGIONAL)
FEE_SAVING_MODES = (Mode.REGIONAL, Mode.GOVERNMENT_PAID)
SAVING_MODES = (Mode.COMMITMENT, Mode.REGIONAL, Mode.GOVERNMENT_PAID)


@dataclass(frozen=True)
class ItemFigures:
    status: str
    due_on: date | None  # statutory deadline: applied_on + the limit in working days
    days_taken: int | None  # working days from application to approval
    days_saved: int
    fee_saved: Decimal


def item_figures(
    *,
    mode: str,
    statutory_days: int,
    usual_fee: Decimal | None,
    applied_on: date | None,
    approved_on: date | None,
) -> ItemFigures:
    """An item's status, deadline and savings against the standard route (see
    the module's docstring for the definition)."""
    if approved_on is not None:
        status = Status.DONE
    elif applied_on is not None:
        status = Status.IN_PROGRESS
    else:
        status = Status.PLANNED
    due_on = add_working_days(applied_on, statutory_days) if applied_on else None
    days_taken = (
        working_days_between(applied_on, approved_on) if applied_on and approved_on else None
    )
    days_saved, fee_saved = 0, Decimal(0)
    if status == Status.DONE:
        if mode == Mode.REGIONAL:
            days_saved = statutory_days
        elif mode == Mode.COMMITMENT and days_taken is not None:
            days_saved = max(0, statutory_days - days_taken)
        if mode in FEE_SAVING_MODES and usual_fee is not None:
            fee_saved = Decimal(usual_fee)
    return ItemFigures(status, due_on, days_taken, days_saved, fee_saved)


def apply_figures(approval) -> None:
    """Set an approval item's computed fields from its mode, dates and catalogue item."""
    item = approval.item
    figures = item_figures(
        mode=approval.mode,
        statutory_days=item.statutory_days,
        usual_fee=item.usual_fee,
        applied_on=approval.applied_on,
        approved_on=approval.approved_on,
    )
    approval.status = figures.status
    approval.due_on = figures.due_on
    approval.days_taken = figures.days_taken
    approval.days_saved = figures.days_saved
    approval.fee_saved = figures.fee_saved


FIGURE_FIELDS = ("status", "due_on", "days_taken", "days_saved", "fee_saved")


def months(working_days: int | Decimal) -> Decimal:
    """Working days as months (20.83 working days a month), one decimal."""
    return (Decimal(working_days) / WORKING_DAYS_PER_MONTH).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def calendar_days(working_days: int | Decimal) -> Decimal:
    """Working days as calendar days (365 calendar days to 250 working days), whole days."""
    return (Decimal(working_days) * 365 / WORKING_DAYS_PER_YEAR).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP
    )
