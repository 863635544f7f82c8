"""Writes and computations of the approval service.

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
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from devzone.core.models import User
from devzone.core.services import after_writes_deferred, notify, record_delete, record_save
from devzone.core.workdays import add_working_days, working_days_between

from .models import ApprovalDocument, ApprovalItem, ProjectApproval

if TYPE_CHECKING:
    from devzone.projects.models import Project

Mode = ProjectApproval.Mode
Status = ProjectApproval.Status

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


def apply_figures(approval: ProjectApproval) -> None:
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


def refresh_figures(approvals: QuerySet[ProjectApproval], *, chunk: int = 2000) -> int:
    """Recompute stored figures (after a catalogue item's limit or fee changed,
    or the official calendar did); returns how many changed."""
    changed = 0
    last = 0
    qs = approvals.select_related("item").order_by("pk")
    while True:
        batch = list(qs.filter(pk__gt=last)[:chunk])
        if not batch:
            return changed
        stale = []
        for approval in batch:
            before = tuple(getattr(approval, f) for f in FIGURE_FIELDS)
            apply_figures(approval)
            if tuple(getattr(approval, f) for f in FIGURE_FIELDS) != before:
                stale.append(approval)
        ProjectApproval.objects.bulk_update(stale, FIGURE_FIELDS)
        changed += len(stale)
        last = batch[-1].pk


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


# --- Agents --------------------------------------------------------------------------------


def notify_new_agent(approval: ProjectApproval) -> None:
    """Tell the agent an item was assigned to them (not when they assigned it
    themselves; items added together are told together, by ``project_items_add``)."""
    if approval.agent_id is None or approval.status == Status.DONE:
        return
    if getattr(approval, "_told_with_others", False):
        return
    versions = list(approval.history.order_by("-history_id").values_list("agent_id", flat=True)[:2])
    previous = versions[1] if len(versions) > 1 else None
    if previous == approval.agent_id:
        return
    actor = getattr(approval, "_history_user", None)
    if actor is not None and actor.pk == approval.agent_id:
        return
    with override(settings.LANGUAGE_CODE):
        title = _("Approval item for you: %(project)s · %(item)s") % {
            "project": approval.project.name,
            "item": approval.item.name,
        }
        body = _("%(mode)s; statutory time limit %(days)s working days.") % {
            "mode": approval.get_mode_display(),
            "days": approval.item.statutory_days,
        }
    # agent_id is set (checked above).
    notify(users=[approval.agent], title=title, body=body, url=approval.get_absolute_url())  # type: ignore[list-item]


# --- Adding items to a project ----------------------------------------------------------------


@transaction.atomic
def project_items_add(
    *, project: Project, user: User, modes: dict[int, str]
) -> list[ProjectApproval]:
    """Add catalogue items (by id) to a project, each in its mode, all or none.
    Raises ``ValidationError`` keyed by item id when any is refused."""
    items = ApprovalItem.objects.in_bulk(list(modes))
    errors: dict[str, list[str]] = {}
    created = []
    existing = set(project.approvals.values_list("item_id", flat=True))
    with after_writes_deferred():
        for item_id, mode in modes.items():
            item = items.get(item_id)
            if item is None or not item.active:
                errors[str(item_id)] = [_("This item is not in the catalogue.")]
                continue
            if item_id in existing:
                errors[str(item_id)] = [_("The project has this item already.")]
                continue
            approval = ProjectApproval(project=project, item=item, mode=mode)
            # notify_new_agent then stays quiet: project_items_add tells the lot at once.
            approval._told_with_others = True  # type: ignore[attr-defined]
            try:
                approval.full_clean()
            except ValidationError as exc:
                errors[str(item_id)] = exc.messages
                continue
            created.append(record_save(instance=approval, user=user, reason=_("Items added")))
        if errors:
            raise ValidationError(errors)
    _notify_items_added(project, created, user)
    return created


def _notify_items_added(project: Project, created: list[ProjectApproval], user: User) -> None:
    """One notice per agent for the items added to a project together."""
    by_agent: dict = {}
    for approval in created:
        if approval.agent_id and approval.agent_id != user.pk:
            by_agent.setdefault(approval.agent, []).append(approval)
    for agent, approvals in by_agent.items():
        with override(settings.LANGUAGE_CODE):
            title = _("%(n)s approval items of %(project)s for you") % {
                "n": len(approvals),
                "project": project.name,
            }
            body = "、".join(f"{a.item.name}（{a.get_mode_display()}）" for a in approvals)
        notify(
            users=[agent],
            title=title,
            body=body,
            url=reverse("approvals:project", args=[project.pk]),
        )


# --- Documents ---------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *, approval: ProjectApproval, user: User, upload: UploadedFile, kind: str, title: str = ""
) -> ApprovalDocument:
    """Keep an uploaded file with an approval item, once its type and size are checked."""
    from .documents import check_document_upload

    assert upload.name is not None  # an upload always comes with its name

    content = upload.read(document_max_bytes() + 1)
    check_document_upload(upload.name, content)
    if not ProjectApproval.objects.editable_by(user).filter(pk=approval.pk).exists():
        raise PermissionDenied
    from django.core.files.base import ContentFile

    document = ApprovalDocument(
        approval=approval,
        kind=kind,
        title=(title or upload.name)[:200],
        filename=upload.name[-200:],
        size=len(content),
    )
    document.file.save(_storage_name(upload.name), ContentFile(content), save=False)
    try:
        record_save(instance=document, user=user, reason=_("Uploaded"))
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def _storage_name(name: str) -> str:
    """A stored file's name: a random stem, the original suffix (the original
    name is kept in the record and given back on download)."""
    import secrets
    from pathlib import Path

    return f"{secrets.token_hex(8)}{Path(name).suffix.lower()}"


def document_max_bytes() -> int:
    return getattr(settings, "APPROVAL_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def document_delete(*, document: ApprovalDocument, user: User, reason: str = "") -> None:
    """Delete the record; the file stays on disk for the record's history."""
    record_delete(instance=document, user=user, reason=reason)
