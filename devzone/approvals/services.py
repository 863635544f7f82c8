"""Writes of the approval service: adding items to projects, their agents,
documents and the figures kept up to date when the catalogue or the official
calendar changes (what an item saves: ``figures.py``), and what a write of
each model sets off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from devzone.core.models import User
from devzone.core.services import (
    after_writes_deferred,
    notify,
    on_write,
    record_delete,
    record_save,
)

from .documents import check_document_upload, document_max_bytes
from .figures import FIGURE_FIELDS, Mode, Status, apply_figures
from .models import ApprovalDocument, ApprovalItem, ProjectApproval, RegionalCoverage

if TYPE_CHECKING:
    from devzone.projects.models import Project


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


# --- Agents --------------------------------------------------------------------------------


@on_write(ProjectApproval)
def notify_new_agent(approval: ProjectApproval) -> None:
    """Tell the agent an item was assigned to them (not when they assigned it
    themselves; items added together are told together, by ``project_items_add``)."""
    if approval.pk is None or approval.agent_id is None or approval.status == Status.DONE:
        return
    if getattr(approval, "_told_with_others", False):
        return
    if not approval.changed("agent_id"):
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


def document_delete(*, document: ApprovalDocument, user: User, reason: str = "") -> None:
    """Delete the record; the file stays on disk for the record's history."""
    record_delete(instance=document, user=user, reason=reason)


# --- What a write sets off ---------------------------------------------------------------


@on_write(ApprovalItem)
def item_written(item: ApprovalItem) -> None:
    """A catalogue item's limit or fee changed: its projects' figures follow.
    An item zones' assessments cover stays coverable."""
    if item.pk is None:
        return
    if not item.regional_coverable and item.coverage.exists():
        raise ValidationError(
            _("Zones' regional assessments cover this item: remove their coverage first.")
        )
    refresh_figures(ProjectApproval.objects.filter(item_id=item.pk))


@on_write(RegionalCoverage)
def coverage_written(coverage: RegionalCoverage) -> None:
    """Items of projects marked as covered need the coverage to stay (its zone
    or item changed through the API or an import)."""
    relying = ProjectApproval.objects.filter(mode=Mode.REGIONAL).exclude(
        Exists(
            RegionalCoverage.objects.filter(zone=OuterRef("project__zone"), item=OuterRef("item"))
        )
    )
    names = list(relying.values_list("project__name", flat=True)[:5])
    if names:
        raise ValidationError(
            _("Projects rely on this coverage: %(names)s. Change their items' mode first.")
            % {"names": "、".join(names)}
        )
