"""Investment-promotion leads: validation, a signed lead becoming a project
with its history kept, landing when the project starts, and the funnel."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from devzone.core.services import record_save
from devzone.projects import selectors, services
from devzone.projects.models import Lead, LeadFollowUp, Project

pytestmark = pytest.mark.django_db

LS = Lead.Stage
R = Lead.SourceRegion


def make_lead(world, stage=LS.SIGNED, **values):
    defaults = {
        "zone": world.zone_a,
        "investor": "长三角某服装企业",
        "project_name": "服装加工项目",
        "source_region": R.YANGTZE_DELTA,
        "stage": stage,
        "first_contact_on": date(2024, 3, 1),
        "signed_on": date(2024, 6, 1) if stage in (LS.SIGNED, LS.LANDED) else None,
        "planned_investment": Decimal("50000000"),
        "owner": world.users["zone_staff"],
        "chain": world.chain_a,
    }
    defaults.update(values)
    lead = Lead(**defaults)
    lead.full_clean()
    return record_save(instance=lead, user=world.users["zone_staff"])


def test_a_signed_lead_needs_its_signing_day(world):
    lead = Lead(
        zone=world.zone_a,
        investor="甲",
        project_name="乙",
        source_region=R.CHENG_YU,
        stage=LS.SIGNED,
    )
    with pytest.raises(ValidationError) as caught:
        lead.full_clean()
    assert "signed_on" in caught.value.message_dict


def test_landing_before_signing_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make_lead(world, stage=LS.LANDED, landed_on=date(2024, 5, 1))
    assert "landed_on" in caught.value.message_dict


def test_a_signed_lead_becomes_a_project_keeping_its_history(world):
    lead = make_lead(world)
    LeadFollowUp.objects.create(lead=lead, note="考察厂房")
    project = services.convert_lead(lead=lead, user=world.users["zone_staff"])
    lead.refresh_from_db()
    assert lead.project == project
    assert project.name == "服装加工项目" and project.zone == world.zone_a
    assert project.stage == Project.Stage.SIGNED and project.signed_on == date(2024, 6, 1)
    assert project.planned_investment == Decimal("50000000")
    assert project.leader == world.users["zone_staff"] and project.chain == world.chain_a
    assert lead.follow_ups.count() == 1
    assert lead.history.count() == 2  # created, then became a project
    assert str(lead.pk) in project.history.first().history_change_reason


@pytest.mark.parametrize(
    "stage,values,fragment",
    [
        (LS.NEGOTIATING, {}, "signed"),
        (LS.SIGNED, {"planned_investment": None}, "investment"),
    ],
)
def test_conversion_refusals_change_nothing(world, stage, values, fragment):
    lead = make_lead(world, stage=stage, **values)
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.convert_lead(lead=lead, user=world.users["zone_staff"])
    assert fragment in str(caught.value)
    assert not Project.objects.exists()


def test_a_lead_converts_once(world):
    lead = make_lead(world)
    services.convert_lead(lead=lead, user=world.users["zone_staff"])
    with pytest.raises(ValidationError):
        services.convert_lead(lead=lead, user=world.users["zone_staff"])
    assert Project.objects.count() == 1


def test_a_project_name_taken_in_the_zone_is_refused(world):
    Project.objects.create(zone=world.zone_a, name="服装加工项目", planned_investment=1)
    lead = make_lead(world)
    with pytest.raises(ValidationError) as caught:
        services.convert_lead(lead=lead, user=world.users["zone_staff"])
    assert "服装加工项目" in str(caught.value)
    lead.refresh_from_db()
    assert lead.project is None


def test_convert_page_redirects_to_the_new_project(world):
    lead = make_lead(world)
    response = world.client("zone_admin").post(reverse("projects:convert_lead", args=[lead.pk]))
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    page = world.client("zone_admin").get(project.get_absolute_url()).content.decode()
    assert "长三角某服装企业" in page  # the project names its lead


def test_the_lead_lands_when_its_project_starts(world):
    lead = make_lead(world)
    project = services.convert_lead(lead=lead, user=world.users["zone_staff"])
    project.stage, project.started_on = Project.Stage.STARTED, date(2024, 9, 1)
    record_save(instance=project, user=world.users["zone_staff"])
    lead.refresh_from_db()
    assert lead.stage == LS.LANDED and lead.landed_on == date(2024, 9, 1)


def test_funnel_counts_the_stages_reached(world):
    make_lead(world, stage=LS.CONTACT, investor="甲", signed_on=None)
    make_lead(world, stage=LS.NEGOTIATING, investor="乙", source_region=R.GREATER_BAY)
    make_lead(world, stage=LS.NEGOTIATING, investor="丙", source_region=R.GREATER_BAY)
    make_lead(world, stage=LS.SIGNED, investor="丁")
    steps, regions = selectors.lead_funnel(Lead.objects.all())
    assert [s.reached for s in steps] == [4, 3, 1, 0]
    assert [s.rate for s in steps] == [None, Decimal("75.0"), Decimal("33.3"), Decimal("0.0")]
    by_region = {r["region"]: r["counts"] for r in regions}
    assert list(by_region.values()) == [[2, 1, 1, 0], [2, 2, 0, 0]]


def test_funnel_page_filters_by_zone_and_year(world):
    make_lead(world, investor="甲", first_contact_on=date(2023, 5, 1), signed_on=date(2023, 6, 1))
    make_lead(world, investor="乙")
    client = world.client("zone_admin")
    page = client.get(reverse("projects:lead_funnel") + f"?zone={world.zone_a.pk}&year=2023")
    assert page.status_code == 200
    steps = page.context["steps"]
    assert steps[0].reached == 1
    assert client.get(reverse("projects:lead_funnel")).context["steps"][0].reached == 2
