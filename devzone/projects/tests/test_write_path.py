"""A milestone moving its project's stage and a visitor's notice-board
message go through the one write path (``system_save``): the history keeps
why, and the hooks registered on the model run (a project that starts this
way lands its lead, as one edited by hand does)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from devzone.core import services as core_services
from devzone.core.services import on_write, record_save
from devzone.projects import services
from devzone.projects.models import Lead, NoticeFeedback, Project, ScheduleTask

pytestmark = pytest.mark.django_db


def test_a_milestone_that_starts_the_project_lands_its_lead(world):
    staff = world.users["zone_staff"]
    lead = Lead(
        zone=world.zone_a,
        investor="长三角某服装企业",
        project_name="服装加工项目",
        source_region=Lead.SourceRegion.YANGTZE_DELTA,
        stage=Lead.Stage.SIGNED,
        first_contact_on=date(2024, 3, 1),
        signed_on=date(2024, 6, 1),
        planned_investment=Decimal("50000000"),
        owner=staff,
    )
    record_save(instance=lead, user=staff)
    project = services.convert_lead(lead=lead, user=staff)
    project.expected_start, project.expected_operation = date(2024, 7, 1), date(2025, 6, 30)
    record_save(instance=project, user=staff)
    version = Project.objects.get(pk=project.pk).version
    start = ScheduleTask(
        project=project,
        name="开工",
        duration=0,
        marks_stage=Project.Stage.STARTED,
        actual_start=date(2024, 9, 1),
        actual_finish=date(2024, 9, 1),
    )
    record_save(instance=start, user=staff)
    project.refresh_from_db()
    assert (project.stage, project.started_on) == (Project.Stage.STARTED, date(2024, 9, 1))
    assert project.version == version + 1
    latest = project.history.first()
    assert latest.history_user == staff and "开工" in latest.history_change_reason
    lead.refresh_from_db()
    assert (lead.stage, lead.landed_on) == (Lead.Stage.LANDED, date(2024, 9, 1))


def test_notice_board_feedback_runs_the_write_hooks(world, monkeypatch):
    monkeypatch.setitem(
        core_services._hooks, NoticeFeedback, list(core_services._hooks.get(NoticeFeedback, []))
    )
    seen = []

    @on_write(NoticeFeedback)
    def feedback_written(feedback):
        seen.append(feedback.pk)

    project = Project.objects.create(
        zone=world.zone_a, name="公示项目", planned_investment=Decimal(1), notice_board=True
    )
    feedback = services.submit_feedback(project=project, message="工地夜间噪音大", ip="10.0.0.9")
    assert seen == [feedback.pk]
    assert feedback.history.first().history_change_reason == _("Left on the notice board")
