"""Writes and computations of investment projects: the schedule of a project
(倒排工期) and its tasks' status against the baseline, the notices that status
changes send, public feedback from notice boards, and leads becoming projects."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from devzone.core.models import User
from devzone.core.services import notify, on_write, record_save, system_save

from .models import Lead, NoticeFeedback, Project, ScheduleTask, TaskDependency
from .scheduling import Dependency, Schedule, ScheduleError, Task, WorkCalendar, inclusive, schedule
from .selectors import STARTED_OR_LATER

Status = ScheduleTask.Status

# Percentage points a task may fall behind the progress its baseline expects
# by today before it counts as at risk.
AT_RISK_MARGIN = 10

_COMPUTED = (
    "earliest_start",
    "earliest_finish",
    "latest_start",
    "latest_finish",
    "slack",
    "critical",
)


def compute_schedule(
    project: Project,
    *,
    calendar: WorkCalendar | None = None,
    today: date | None = None,
    by: User | None = None,
) -> Schedule | None:
    """Compute and store the earliest and latest dates, slack and critical path of
    the project's tasks, from its start to its expected operation (the deadline).
    Raises ``ValidationError`` naming the tasks when the dependencies form a
    cycle or the deadline cannot be met, so the write that caused it is refused.
    ``by``: whose write set it off, credited with the stage a milestone moves."""
    tasks = list(project.tasks.all())
    if not tasks:
        return None
    start = project.start_day
    if start is None:
        for t in tasks:
            for name in _COMPUTED:
                setattr(t, name, False if name == "critical" else None)
        ScheduleTask.objects.bulk_update(tasks, _COMPUTED)
        refresh_statuses(tasks, today=today)
        advance_stage(project, tasks, by=by)
        return None
    links = TaskDependency.objects.filter(after__project=project).values_list(
        "before_id", "after_id", "lag"
    )
    try:
        result = schedule(
            [Task(str(t.pk), t.duration, t.working_days, t.name) for t in tasks],
            [Dependency(str(b), str(a), lag) for b, a, lag in links],
            start=start,
            deadline=project.expected_operation,
            calendar=calendar,
        )
    except ScheduleError as exc:
        raise ValidationError(str(exc), code="schedule") from exc
    for t in tasks:
        dates = result.tasks[str(t.pk)]
        if t.duration == 0:
            # A milestone falls at the end of the day its predecessors finish.
            t.earliest_start = t.earliest_finish = max(start, inclusive(dates.earliest_finish))
            t.latest_start = t.latest_finish = max(start, inclusive(dates.latest_finish))
        else:
            t.earliest_start = dates.earliest_start
            t.earliest_finish = inclusive(dates.earliest_finish)
            t.latest_start = dates.latest_start
            t.latest_finish = inclusive(dates.latest_finish)
        t.slack = dates.slack
        t.critical = dates.critical
    ScheduleTask.objects.bulk_update(tasks, _COMPUTED)
    refresh_statuses(tasks, today=today)
    advance_stage(project, tasks, by=by)
    return result


# The date a stage is reached on, on the project.
STAGE_DATES: dict[str, str] = {
    Project.Stage.SIGNED: "signed_on",
    Project.Stage.STARTED: "started_on",
    Project.Stage.COMPLETED: "completed_on",
    Project.Stage.OPERATING: "operating_on",
}


def milestone_reached(project: Project, tasks: Iterable[ScheduleTask]) -> ScheduleTask | None:
    """The done milestone that marks the furthest stage beyond the project's
    own, if any: a schedule whose 投产运营 is done says the project operates."""
    order = list(Project.Stage.values)
    done = [t for t in tasks if t.marks_stage and t.actual_finish]
    if not done:
        return None
    furthest = max(done, key=lambda t: (order.index(t.marks_stage), t.actual_finish))
    return furthest if order.index(furthest.marks_stage) > order.index(project.stage) else None


def advance_stage(
    project: Project, tasks: Iterable[ScheduleTask], *, by: User | None = None
) -> ScheduleTask | None:
    """Move the project to the stage its done milestone marks, with that
    milestone's date, keeping in its history which milestone moved it. The
    milestone's writer may not edit the project (a task's staff): the service
    has checked the move itself, so it is a system write, whose hooks run (a
    project that starts lands its lead)."""
    milestone = milestone_reached(project, tasks)
    if milestone is None:
        return None
    project.refresh_from_db()
    project.stage = milestone.marks_stage
    field = STAGE_DATES.get(milestone.marks_stage)
    if field and getattr(project, field) is None:
        setattr(project, field, milestone.actual_finish)
    reason = _("Milestone “%(task)s” done on %(day)s") % {
        "task": milestone.name,
        # milestone_reached gives only a finished task.
        "day": milestone.actual_finish.isoformat(),  # type: ignore[union-attr]
    }
    system_save(instance=project, reason=reason, on_behalf_of=by)
    return milestone


def save_baseline(*, project: Project, user: User, today: date | None = None) -> int:
    """Keep the current plan as the baseline actual progress is measured against."""
    today = today or timezone.localdate()
    tasks = list(project.tasks.all())
    if not tasks or any(t.earliest_start is None for t in tasks):
        raise ValidationError(
            _("The schedule has no dates yet: give the project its expected start first.")
        )
    for t in tasks:
        t.baseline_start, t.baseline_finish = t.earliest_start, t.earliest_finish
    with transaction.atomic():
        ScheduleTask.objects.bulk_update(tasks, ["baseline_start", "baseline_finish"])
        project.baseline_saved_on = today
        record_save(instance=project, user=user, reason=_("Baseline saved"))
    return len(tasks)


def task_status(task: ScheduleTask, today: date) -> str:
    """Where a task stands today against its baseline (or its plan if no baseline is saved).

    Late: unfinished after its planned last day, or not started after its latest
    start (the deadline is then at stake). At risk: should have started and has
    not (after its planned first day), or behind the progress expected by
    today by more than the margin."""
    if task.actual_finish:
        return Status.DONE
    start, finish = task.planned_start, task.planned_finish
    if start is None or finish is None:
        return Status.NOT_STARTED
    if today > finish:
        return Status.LATE
    if not task.actual_start and task.latest_start and today > task.latest_start:
        return Status.LATE
    if not task.actual_start:
        return Status.NOT_STARTED if today <= start else Status.AT_RISK
    if today < start:
        return Status.ON_TRACK
    expected = 100 * ((today - start).days + 1) / ((finish - start).days + 1)
    if task.percent_complete + AT_RISK_MARGIN < expected:
        return Status.AT_RISK
    return Status.ON_TRACK


WARNING_STATES = (Status.AT_RISK, Status.LATE)


def refresh_statuses(tasks: Iterable[ScheduleTask], *, today: date | None = None) -> int:
    """Store each task's status; a task that becomes at risk or late notifies its
    project's leader and agent, once for each change of state."""
    today = today or timezone.localdate()
    changed = []
    for task in tasks:
        status = task_status(task, today)
        if status != task.status:
            task.status, task.status_since = status, today
            changed.append(task)
    if not changed:
        return 0
    ScheduleTask.objects.bulk_update(changed, ["status", "status_since"])
    warn = [t for t in changed if t.status in WARNING_STATES]
    if warn:
        projects = Project.objects.select_related("leader", "agent").in_bulk(
            {t.project_id for t in warn}
        )
        for task in warn:
            _notify_status(task, projects[task.project_id])
    return len(changed)


def _notify_status(task: ScheduleTask, project: Project) -> None:
    users = [u for u in {project.leader, project.agent} if u is not None]
    if not users:
        return
    with override(settings.LANGUAGE_CODE):
        label = ScheduleTask.Status(task.status).label
        title = _("%(project)s: “%(task)s” is %(status)s") % {
            "project": project.name,
            "task": task.name,
            "status": str(label).lower(),
        }
        body = _(
            "Planned %(start)s – %(finish)s, %(percent)s%% complete, latest start %(latest)s."
        ) % {
            "start": task.planned_start,
            "finish": task.planned_finish,
            "percent": task.percent_complete,
            "latest": task.latest_start or "—",
        }
    notify(users=users, title=title, body=body, url=task.get_absolute_url())


def refresh_all_statuses(*, today: date | None = None, chunk: int = 2000) -> int:
    """The daily scan: statuses move with the calendar even when nobody edits."""
    today = today or timezone.localdate()
    open_tasks = ScheduleTask.objects.exclude(status=Status.DONE).order_by("pk")
    changed = 0
    last = 0
    while True:
        batch = list(open_tasks.filter(pk__gt=last)[:chunk])
        if not batch:
            return changed
        with transaction.atomic():
            changed += refresh_statuses(batch, today=today)
        last = batch[-1].pk


# --- Notice boards -----------------------------------------------------------------------

FEEDBACK_PER_ADDRESS = 3  # within FEEDBACK_WINDOW, from one address
FEEDBACK_PER_PROJECT = 30  # within FEEDBACK_WINDOW, on one project
FEEDBACK_WINDOW = timedelta(minutes=10)


def feedback_is_throttled(*, project: Project, ip: str | None) -> bool:
    recent = NoticeFeedback.objects.filter(created_at__gte=timezone.now() - FEEDBACK_WINDOW)
    if ip and recent.filter(ip_address=ip).count() >= FEEDBACK_PER_ADDRESS:
        return True
    return recent.filter(project=project).count() >= FEEDBACK_PER_PROJECT


@transaction.atomic
def submit_feedback(
    *, project: Project, message: str, name: str = "", contact_phone: str = "", ip: str | None
) -> NoticeFeedback:
    """A member of the public writes on the notice board; the zone's staff and
    the project's leader and agent are told."""
    if not project.notice_board:
        raise PermissionDenied
    if feedback_is_throttled(project=project, ip=ip):
        raise ValidationError(
            _("Too many messages in a short time. Please try again in a few minutes."),
            code="throttled",
        )
    feedback = NoticeFeedback(
        project=project, message=message, name=name, contact_phone=contact_phone, ip_address=ip
    )
    feedback.full_clean()
    system_save(instance=feedback, reason=_("Left on the notice board"))
    # The message is also a service-desk request of the zone (channel 公示牌),
    # assigned to the project's agent, with its deadlines and escalation.
    from devzone.desk.services import request_from_notice_board

    feedback.service_request = request_from_notice_board(feedback)
    users = [u for u in {project.leader, project.agent} if u is not None]
    if users:
        with override(settings.LANGUAGE_CODE):
            title = _("New feedback on the notice board of %(project)s") % {"project": project}
        notify(users=users, title=title, body=message[:200], url=feedback.get_absolute_url())
    return feedback


# --- Leads -------------------------------------------------------------------------------


@transaction.atomic
def convert_lead(*, lead: Lead, user: User) -> Project:
    """A signed lead becomes a project in one step. The lead stays, with its
    follow-ups and history, and points to the project."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if not Lead.objects.editable_by(user).filter(pk=lead.pk).exists():
        raise PermissionDenied
    if lead.project_id is not None:
        raise ValidationError(
            _("This lead is already the project “%(project)s”.") % {"project": lead.project}
        )
    if lead.stage not in (Lead.Stage.SIGNED, Lead.Stage.LANDED):
        raise ValidationError(_("Only a signed lead becomes a project."))
    if lead.planned_investment is None:
        raise ValidationError(_("Give the lead's intended investment first."))
    if Project.objects.filter(zone_id=lead.zone_id, name=lead.project_name).exists():
        raise ValidationError(
            _("The zone already has a project named “%(name)s”.") % {"name": lead.project_name}
        )
    project = Project(
        zone_id=lead.zone_id,
        name=lead.project_name,
        chain_id=lead.chain_id,
        planned_investment=lead.planned_investment,
        stage=Project.Stage.SIGNED,
        signed_on=lead.signed_on,
        leader=lead.owner,
        description=lead.description,
        is_sample=lead.is_sample,
    )
    project.full_clean()
    # The reason names the lead by number: the project's readers may not read the lead.
    reason = _("From investment lead no. %(id)s") % {"id": lead.pk}
    record_save(instance=project, user=user, reason=reason)
    lead.project = project
    record_save(instance=lead, user=user, reason=_("Became a project"))
    return project


def land_lead(project: Project) -> None:
    """A lead has landed (落地) when its project has started."""
    if project.stage not in STARTED_OR_LATER:
        return
    lead = Lead.objects.filter(project=project).exclude(stage=Lead.Stage.LANDED).first()
    if lead is None:
        return
    lead.stage = Lead.Stage.LANDED
    lead.landed_on = project.started_on or timezone.localdate()
    if lead.signed_on is None:
        lead.signed_on = project.signed_on or lead.landed_on
    system_save(
        instance=lead,
        reason=_("Its project started"),
        on_behalf_of=getattr(project, "_history_user", None),
    )


# --- What a write sets off ---------------------------------------------------------------


@on_write(Project)
def project_written(project: Project) -> None:
    """A project's dates and stage written: its schedule follows, and its lead
    lands when it has started."""
    if project.pk is not None:
        compute_schedule(project, by=getattr(project, "_history_user", None))
        land_lead(project)


def _schedule_group(record: ScheduleTask | TaskDependency) -> object:
    project_id = record.project_id if isinstance(record, ScheduleTask) else record.after.project_id
    return ("schedule", project_id)


@on_write(ScheduleTask, group=_schedule_group)
@on_write(TaskDependency, group=_schedule_group)
def reschedule(record: ScheduleTask | TaskDependency) -> None:
    """A task or a dependency written or deleted: its project's schedule is
    computed again (once per project in an import)."""
    project_id: int | None
    if isinstance(record, ScheduleTask):
        project_id = record.project_id
    else:
        project_id = (
            ScheduleTask.objects.filter(pk=record.after_id)
            .values_list("project_id", flat=True)
            .first()
        )
    if project_id is not None:
        compute_schedule(
            Project.objects.get(pk=project_id), by=getattr(record, "_history_user", None)
        )
