"""The approval service: the permission matrix of every page and endpoint,
validation that changes nothing, documents, import and export, notices to
agents, and query counts fixed as rows grow."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from devzone.approvals.models import (
    ApprovalDocument,
    DocumentTemplate,
    ProjectApproval,
    RegionalCoverage,
)
from devzone.core.models import BackgroundJob, Notification
from devzone.core.tests.test_import_export import csv_file
from devzone.projects.models import Project
from devzone.testing import ROLES, if_match

from .conftest import item

pytestmark = pytest.mark.django_db

A, PV, CB, ZA, ZS, EN, OUT = (
    "platform_admin",
    "province_viewer",
    "city_b_viewer",
    "zone_admin",
    "zone_staff",
    "enterprise",
    "outsider",
)
M = ProjectApproval.Mode


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless
    overridden; anonymous users go to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def api(world, role):
    from rest_framework.test import APIClient

    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


READ = expect(200, city_b_viewer=404, outsider=404)
READ_B = expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200)
EDIT = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)
ADMIN_ONLY = expect(403, platform_admin=200)

PAGES = {
    "overview": (lambda w: reverse("approvals:overview"), expect(200)),
    "project": (lambda w: reverse("approvals:project", args=[w.project_a.pk]), READ),
    "project_b": (lambda w: reverse("approvals:project", args=[w.project_b.pk]), READ_B),
    "add_items": (lambda w: reverse("approvals:add_items", args=[w.project_a.pk]), EDIT),
    "start": (
        lambda w: reverse("approvals:start") + f"?project={w.project_a.pk}",
        expect(404, platform_admin=302, zone_admin=302, zone_staff=302),
    ),
    "savings": (lambda w: reverse("approvals:savings"), expect(200)),
    "worklist": (lambda w: reverse("approvals:worklist"), expect(200)),
    "item_list": (lambda w: reverse("approvals:projectitem_list"), expect(200)),
    "item_detail": (lambda w: reverse("approvals:projectitem_detail", args=[w.commit_a.pk]), READ),
    "item_detail_b": (
        lambda w: reverse("approvals:projectitem_detail", args=[w.commit_b.pk]),
        READ_B,
    ),
    "item_add": (lambda w: reverse("approvals:projectitem_add"), CREATE),
    "item_edit": (lambda w: reverse("approvals:projectitem_edit", args=[w.commit_a.pk]), EDIT),
    "item_delete": (lambda w: reverse("approvals:projectitem_delete", args=[w.commit_a.pk]), EDIT),
    "item_history": (
        lambda w: reverse("approvals:projectitem_history", args=[w.commit_a.pk]),
        READ,
    ),
    "item_export": (
        lambda w: reverse("approvals:projectitem_export") + "?format=csv",
        expect(200),
    ),
    "item_import": (lambda w: reverse("approvals:projectitem_import"), CREATE),
    "item_import_template": (
        lambda w: reverse("approvals:projectitem_import_template", args=["xlsx"]),
        expect(200),
    ),
    "letter": (lambda w: reverse("approvals:letter", args=[w.commit_a.pk, "commitment"]), READ),
    "notice": (lambda w: reverse("approvals:letter", args=[w.commit_a.pk, "notice"]), READ),
    "book": (
        lambda w: reverse("approvals:commitment_book", args=[w.project_a.pk, "commitment"]),
        READ,
    ),
    "upload": (lambda w: reverse("approvals:document_upload", args=[w.commit_a.pk]), EDIT),
    "document_list": (lambda w: reverse("approvals:document_list"), expect(200)),
    "document_detail": (
        lambda w: reverse("approvals:document_detail", args=[w.document_a.pk]),
        READ,
    ),
    "document_download": (
        lambda w: reverse("approvals:document_download", args=[w.document_a.pk]),
        READ,
    ),
    "document_delete": (
        lambda w: reverse("approvals:document_delete", args=[w.document_a.pk]),
        EDIT,
    ),
    "catalogue": (lambda w: reverse("approvals:item_list"), expect(200)),
    "catalogue_detail": (
        lambda w: reverse("approvals:item_detail", args=[item("节能审查").pk]),
        expect(200),
    ),
    "catalogue_add": (lambda w: reverse("approvals:item_add"), ADMIN_ONLY),
    "catalogue_edit": (
        lambda w: reverse("approvals:item_edit", args=[item("节能审查").pk]),
        ADMIN_ONLY,
    ),
    "catalogue_import": (lambda w: reverse("approvals:item_import"), ADMIN_ONLY),
    "coverage_list": (
        lambda w: reverse("approvals:coverage_list"),
        expect(200, enterprise=403),  # nothing of theirs: not offered (core.access)
    ),
    "coverage_detail": (
        lambda w: reverse("approvals:coverage_detail", args=[w.coverage_a.pk]),
        expect(200, city_b_viewer=404, outsider=404, enterprise=404),
    ),
    "coverage_add": (lambda w: reverse("approvals:coverage_add"), CREATE),
    "coverage_edit": (
        lambda w: reverse("approvals:coverage_edit", args=[w.coverage_a.pk]),
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            zone_staff=200,
            city_b_viewer=404,
            outsider=404,
            enterprise=404,
        ),
    ),
    "template_list": (lambda w: reverse("approvals:template_list"), expect(200)),
    "template_global": (
        lambda w: reverse("approvals:template_detail", args=[w.global_commitment.pk]),
        expect(200),
    ),
    # Viewers read the platform's templates (published); a zone's stay in the zone.
    "template_zone": (
        lambda w: reverse("approvals:template_detail", args=[w.template_a.pk]),
        expect(200, province_viewer=404, city_b_viewer=404, outsider=404, enterprise=404),
    ),
    "template_add": (
        lambda w: reverse("approvals:template_add"),
        expect(403, platform_admin=200, zone_admin=200, outsider=200),
    ),
    "template_edit_zone": (
        lambda w: reverse("approvals:template_edit", args=[w.template_a.pk]),
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            province_viewer=404,
            city_b_viewer=404,
            outsider=404,
            enterprise=404,
        ),
    ),
    "template_edit_global": (
        lambda w: reverse("approvals:template_edit", args=[w.global_commitment.pk]),
        ADMIN_ONLY,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(aw, role, page):
    url_of, expected = PAGES[page]
    response = aw.client(role).get(url_of(aw))
    assert response.status_code == expected[role], f"{role} {page}"


API_READS = {
    "catalogue": ("/api/v1/approvals/catalogue/", expect(200, anonymous=401)),
    "coverage": ("/api/v1/approvals/coverage/", expect(200, anonymous=401)),
    "project_items": ("/api/v1/approvals/project-items/", expect(200, anonymous=401)),
    "project_item": (
        lambda w: f"/api/v1/approvals/project-items/{w.commit_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "project_item_b": (
        lambda w: f"/api/v1/approvals/project-items/{w.commit_b.pk}/",
        {**READ_B, "anonymous": 401},
    ),
    "letter": (
        lambda w: f"/api/v1/approvals/project-items/{w.commit_a.pk}/letter/?kind=commitment",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "worklist": ("/api/v1/approvals/project-items/worklist/", expect(200, anonymous=401)),
    "documents": ("/api/v1/approvals/documents/", expect(200, anonymous=401)),
    "document": (
        lambda w: f"/api/v1/approvals/documents/{w.document_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "document_download": (
        lambda w: f"/api/v1/approvals/documents/{w.document_a.pk}/download/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "templates": ("/api/v1/approvals/templates/", expect(200, anonymous=401)),
    "template_zone": (
        lambda w: f"/api/v1/approvals/templates/{w.template_a.pk}/",
        expect(
            200, anonymous=401, province_viewer=404, city_b_viewer=404, outsider=404, enterprise=404
        ),
    ),
    "projects": ("/api/v1/approvals/projects/", expect(200, anonymous=401)),
    "project": (
        lambda w: f"/api/v1/approvals/projects/{w.project_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "book": (
        lambda w: f"/api/v1/approvals/projects/{w.project_a.pk}/commitment-book/?kind=notice",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "savings": ("/api/v1/approvals/savings/", expect(200, anonymous=401)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(aw, role, endpoint):
    url, expected = API_READS[endpoint]
    url = url(aw) if callable(url) else url
    assert api(aw, role).get(url).status_code == expected[role], f"{role} {endpoint}"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 403),
        (OUT, 400),
    ],
)
def test_api_create_item_in_project_a(aw, role, expected):
    payload = {
        "project": aw.project_a.pk,
        "item": item("环境影响评价").pk,
        "mode": "government_paid",
    }
    response = api(aw, role).post("/api/v1/approvals/project-items/", payload, format="json")
    assert response.status_code == expected, response.content
    created = ProjectApproval.objects.filter(project=aw.project_a, item=item("环境影响评价"))
    assert created.exists() == (expected == 201)
    if expected == 201:
        # The project's agent takes it; the figures are computed.
        assert created.get().agent == aw.users[ZS]
        assert response.json()["status"] == "planned"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 200),
        (PV, 403),
        (CB, 404),
        (ZA, 200),
        (ZS, 200),
        (EN, 403),
        (OUT, 404),
    ],
)
def test_api_patch_item(aw, role, expected):
    response = api(aw, role).patch(
        f"/api/v1/approvals/project-items/{aw.open_a.pk}/",
        {"approved_on": "2024-05-09"},
        format="json",
        **if_match(aw.open_a),
    )
    assert response.status_code == expected, response.content
    aw.open_a.refresh_from_db()
    assert (aw.open_a.status == "done") == (expected == 200)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 403),
        (OUT, 400),
    ],
)
def test_api_upload_document(aw, role, expected):
    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    response = api(aw, role).post(
        "/api/v1/approvals/documents/",
        {"approval": aw.commit_a.pk, "kind": "decision", "file": upload},
        format="multipart",
    )
    assert response.status_code == expected, response.content
    stored = ApprovalDocument.objects.filter(filename="批复.pdf")
    assert stored.exists() == (expected == 201)
    if expected == 201:
        document = stored.get()
        assert document.title == "批复.pdf" and document.size == 13
        assert document.file.read() == b"%PDF-1.7 test"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 403),
        (EN, 403),
        (OUT, 400),
    ],
)
def test_api_create_zone_template(aw, role, expected):
    payload = {"kind": "notice", "zone": aw.zone_a.pk, "title": "告知书", "body": "{项目名称}"}
    response = api(aw, role).post("/api/v1/approvals/templates/", payload, format="json")
    # The outsider may create templates in its own zone but not name zone A: the
    # zone is not among its choices (400).
    assert response.status_code == expected, response.content
    assert DocumentTemplate.objects.filter(kind="notice", zone=aw.zone_a).exists() == (
        expected == 201
    )


@pytest.mark.parametrize(
    "role,zone",
    [(A, None), (A, "zone_a"), (ZA, "zone_a")],
)
def test_api_second_template_of_a_kind_is_refused_not_a_server_error(aw, role, zone):
    """The model's unique constraints are checked before the write (schemathesis
    found the database refusing it with a 500)."""
    zone_id = getattr(aw, zone).pk if zone else None
    assert DocumentTemplate.objects.filter(kind="commitment", zone_id=zone_id).exists()
    before = DocumentTemplate.objects.count()
    payload = {"kind": "commitment", "zone": zone_id, "title": "又一份", "body": "{项目名称}"}
    response = api(aw, role).post("/api/v1/approvals/templates/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "已有这一类模板" in str(response.json()), response.json()
    assert DocumentTemplate.objects.count() == before


WRITES = {
    # endpoint, method, payload → expected status per role
    "catalogue_create": (
        lambda w: "/api/v1/approvals/catalogue/",
        "post",
        lambda w: {
            "code": "new_item",
            "name": "新事项",
            "department": "某部门",
            "stage": "assessment",
            "statutory_days": 10,
        },
        {"anonymous": 401, A: 201, PV: 403, CB: 403, ZA: 403, ZS: 403, EN: 403, OUT: 403},
    ),
    "coverage_create": (
        lambda w: "/api/v1/approvals/coverage/",
        "post",
        lambda w: {
            "zone": w.zone_a.pk,
            "item": item("水资源论证").pk,
            "completed_on": "2023-05-01",
        },
        {"anonymous": 401, A: 201, PV: 403, CB: 403, ZA: 201, ZS: 201, EN: 403, OUT: 400},
    ),
    "document_delete": (
        lambda w: f"/api/v1/approvals/documents/{w.document_a.pk}/",
        "delete",
        lambda w: None,
        {"anonymous": 401, A: 204, PV: 403, CB: 404, ZA: 204, ZS: 204, EN: 403, OUT: 404},
    ),
    "global_template_patch": (
        lambda w: f"/api/v1/approvals/templates/{w.global_commitment.pk}/",
        "patch",
        lambda w: {"title": "新标题"},
        {"anonymous": 401, A: 200, PV: 403, CB: 403, ZA: 403, ZS: 403, EN: 403, OUT: 403},
    ),
    "item_delete": (
        lambda w: f"/api/v1/approvals/project-items/{w.open_a.pk}/",
        "delete",
        lambda w: None,
        {"anonymous": 401, A: 204, PV: 403, CB: 404, ZA: 204, ZS: 204, EN: 403, OUT: 404},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(WRITES))
def test_api_write_matrix(aw, role, endpoint):
    url, method, payload, expected = WRITES[endpoint]
    client = api(aw, role)
    data = payload(aw)
    # Updates and deletes send the ETag they read (If-Match is required).
    headers = {} if method == "post" else {"HTTP_IF_MATCH": api(aw, A).get(url(aw))["ETag"]}
    response = (
        getattr(client, method)(url(aw), data, format="json", **headers)
        if data
        else getattr(client, method)(url(aw), **headers)
    )
    assert response.status_code == expected[role], f"{role} {endpoint} {response.content[:200]}"


def test_api_keeps_a_coverage_on_its_zone_and_item(aw):
    response = api(aw, ZA).patch(
        f"/api/v1/approvals/coverage/{aw.coverage_a.pk}/",
        {"item": item("水资源论证").pk},
        format="json",
        **if_match(aw.coverage_a),
    )
    assert response.status_code == 400
    aw.coverage_a.refresh_from_db()
    assert aw.coverage_a.item == item("地质灾害危险性评估")


def test_lists_follow_scope(aw):
    def items_of(role):
        data = api(aw, role).get("/api/v1/approvals/project-items/").json()["results"]
        return {(d["project_name"], d["item_name"]) for d in data}

    own = {("甲项目", "节能审查"), ("甲项目", "地质灾害危险性评估"), ("甲项目", "施工许可")}
    assert items_of(EN) == own  # the enterprise's own project only
    assert items_of(ZA) == own
    assert items_of(OUT) == {("乙项目", "节能审查")}
    body = aw.client(EN).get(reverse("approvals:overview")).content.decode()
    assert "甲项目" in body and "乙项目" not in body
    body = aw.client(OUT).get(reverse("approvals:savings")).content.decode()
    assert "乙项目" in body and "甲项目" not in body
    csv = aw.client(OUT).get(reverse("approvals:projectitem_export") + "?format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "乙项目" in text and "甲项目" not in text
    documents = api(aw, OUT).get("/api/v1/approvals/documents/").json()["results"]
    assert documents == []


def test_the_enterprise_downloads_its_commitment_letter_but_changes_nothing(aw):
    client = aw.client(EN)
    response = client.get(reverse("approvals:letter", args=[aw.commit_a.pk, "commitment"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert (
        client.post(reverse("approvals:document_upload", args=[aw.commit_a.pk])).status_code == 403
    )
    assert (
        client.post(reverse("approvals:projectitem_delete", args=[aw.commit_a.pk])).status_code
        == 403
    )
    assert ProjectApproval.objects.filter(pk=aw.commit_a.pk).exists()


# --- validation -----------------------------------------------------------------------------------


def _form(aw, **overrides):
    data = {
        "project": aw.project_a.pk,
        "item": item("环境影响评价").pk,
        "mode": "commitment",
        "applied_on": "2024-03-11",
        "approved_on": "2024-03-15",
        "agent": aw.users[ZS].pk,
    }
    data.update(overrides)
    return data


def _refused(aw, field, **overrides):
    response = aw.client(ZA).post(reverse("approvals:projectitem_add"), _form(aw, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert escape(errors[field][0]) in response.content.decode()
    data = _form(aw, **overrides)
    assert response.context["form"]["item"].value() == str(data["item"])  # kept
    assert ProjectApproval.objects.filter(project=aw.project_a).count() == 3
    return errors[field][0]


def test_approved_before_applied_is_refused(aw):
    _refused(aw, "approved_on", applied_on="2024-03-15", approved_on="2024-03-11")


def test_approved_without_application_is_refused(aw):
    _refused(aw, "applied_on", applied_on="")


def test_dates_in_the_future_are_refused(aw):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    _refused(aw, "approved_on", approved_on=tomorrow)


def test_regional_mode_needs_the_zones_coverage(aw):
    message = _refused(aw, "mode", mode="regional")
    assert "环境影响评价" in message
    RegionalCoverage.objects.create(
        zone=aw.zone_a, item=item("环境影响评价"), completed_on=date(2024, 6, 1)
    )
    # Covered only since June: an item confirmed in March is refused.
    _refused(aw, "approved_on", mode="regional", applied_on="", approved_on="2024-03-15")
    response = aw.client(ZA).post(
        reverse("approvals:projectitem_add"),
        _form(aw, mode="regional", applied_on="", approved_on="2024-06-03"),
    )
    assert response.status_code == 302
    saved = ProjectApproval.objects.get(item=item("环境影响评价"))
    assert (saved.days_saved, saved.fee_saved) == (30, Decimal("50000"))


def test_modes_the_item_does_not_allow_are_refused(aw):
    _refused(aw, "mode", mode="government_paid", item=item("施工许可").pk)
    _refused(aw, "mode", mode="commitment", item=item("消防设计审查").pk)


def test_an_agent_outside_the_zone_is_refused(aw):
    _refused(aw, "agent", agent=aw.users[OUT].pk)


def test_the_api_refuses_bad_dates_and_duplicates(aw):
    client = api(aw, ZA)
    response = client.post(
        "/api/v1/approvals/project-items/",
        {
            "project": aw.project_a.pk,
            "item": item("环境影响评价").pk,
            "mode": "commitment",
            "applied_on": "2024-03-15",
            "approved_on": "2024-03-11",
        },
        format="json",
    )
    assert response.status_code == 400 and "approved_on" in response.json()
    response = client.post(
        "/api/v1/approvals/project-items/",
        {"project": aw.project_a.pk, "item": item("节能审查").pk, "mode": "standard"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert ProjectApproval.objects.filter(project=aw.project_a).count() == 3
    response = client.patch(
        f"/api/v1/approvals/project-items/{aw.commit_a.pk}/",
        {"approved_on": "2024-03-01"},
        format="json",
        **if_match(aw.commit_a),
    )
    assert response.status_code == 400
    aw.commit_a.refresh_from_db()
    assert aw.commit_a.approved_on == date(2024, 3, 13)


def test_coverage_that_projects_rely_on_cannot_be_deleted(aw):
    client = aw.client(ZA)
    response = client.post(reverse("approvals:coverage_delete", args=[aw.coverage_a.pk]))
    assert response.status_code == 302
    assert RegionalCoverage.objects.filter(pk=aw.coverage_a.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("甲项目" in m for m in messages)
    response = api(aw, ZA).delete(
        f"/api/v1/approvals/coverage/{aw.coverage_a.pk}/", **if_match(aw.coverage_a)
    )
    assert response.status_code == 400
    assert RegionalCoverage.objects.filter(pk=aw.coverage_a.pk).exists()


def test_coverage_of_an_item_no_regional_assessment_covers_is_refused(aw):
    response = aw.client(ZA).post(
        reverse("approvals:coverage_add"),
        {"zone": aw.zone_a.pk, "item": item("施工许可").pk, "completed_on": "2023-01-01"},
    )
    assert response.status_code == 200 and "item" in response.context["form"].errors
    response = api(aw, ZA).post(
        "/api/v1/approvals/coverage/",
        {"zone": aw.zone_a.pk, "item": item("施工许可").pk, "completed_on": "2023-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert not RegionalCoverage.objects.filter(item=item("施工许可")).exists()


# --- adding several items ---------------------------------------------------------------------------


def test_add_items_in_their_modes(aw):
    url = reverse("approvals:add_items", args=[aw.project_a.pk])
    page = aw.client(ZS).get(url).content.decode()
    assert f'name="mode_{item("节能审查").pk}"' not in page  # the project has it already
    response = aw.client(ZS).post(
        url,
        {
            f"mode_{item('环境影响评价').pk}": "government_paid",
            f"mode_{item('用地预审与选址').pk}": "commitment",
        },
    )
    assert response.status_code == 302
    added = ProjectApproval.objects.filter(
        project=aw.project_a, item__name__in=["环境影响评价", "用地预审与选址"]
    )
    assert {(a.item.name, a.mode, a.agent_id) for a in added} == {
        ("环境影响评价", "government_paid", aw.users[ZS].pk),
        ("用地预审与选址", "commitment", aw.users[ZS].pk),
    }


def test_items_added_together_are_told_together(aw):
    response = aw.client(ZA).post(
        reverse("approvals:add_items", args=[aw.project_a.pk]),
        {
            f"mode_{item('环境影响评价').pk}": "government_paid",
            f"mode_{item('用地预审与选址').pk}": "commitment",
        },
    )
    assert response.status_code == 302
    (note,) = Notification.objects.filter(user=aw.users[ZS])
    assert "甲项目" in note.title and "环境影响评价" in note.body and "用地预审与选址" in note.body
    assert not Notification.objects.filter(user=aw.users[ZA]).exists()


def test_add_items_refuses_all_when_one_is_bad(aw):
    url = reverse("approvals:add_items", args=[aw.project_a.pk])
    response = aw.client(ZS).post(
        url,
        {
            f"mode_{item('环境影响评价').pk}": "government_paid",
            # Not covered by zone A's regional assessment: not a choice.
            f"mode_{item('水资源论证').pk}": "regional",
        },
    )
    assert response.status_code == 200
    assert f"mode_{item('水资源论证').pk}" in response.context["form"].errors
    assert not ProjectApproval.objects.filter(item=item("环境影响评价")).exists()
    response = aw.client(ZS).post(url, {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


# --- documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,fragment",
    [
        ("tool.exe", b"MZ\x90\x00", ".docx"),
        ("fake.pdf", b"not a pdf at all", ".pdf"),
        ("empty.png", b"", "empty"),
    ],
)
def test_uploads_of_the_wrong_kind_are_refused(aw, name, content, fragment):
    url = reverse("approvals:document_upload", args=[aw.commit_a.pk])
    upload = SimpleUploadedFile(name, content)
    response = aw.client(ZS).post(url, {"kind": "decision", "title": "批复", "file": upload})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "file" in errors
    assert fragment in errors["file"][0] or fragment == "empty"
    assert response.context["form"]["title"].value() == "批复"
    assert ApprovalDocument.objects.count() == 1


def test_an_upload_too_large_is_refused(aw, settings):
    settings.APPROVAL_DOCUMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    response = aw.client(ZS).post(
        reverse("approvals:document_upload", args=[aw.commit_a.pk]),
        {"kind": "decision", "file": upload},
    )
    assert response.status_code == 200
    assert "1 MB" in response.context["form"].errors["file"][0]
    response = api(aw, ZS).post(
        "/api/v1/approvals/documents/",
        {
            "approval": aw.commit_a.pk,
            "kind": "decision",
            "file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert ApprovalDocument.objects.count() == 1


def test_upload_download_and_delete_a_document(aw):
    client = aw.client(ZS)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    response = client.post(
        reverse("approvals:document_upload", args=[aw.commit_a.pk]),
        {"kind": "application", "title": "现场照片", "file": SimpleUploadedFile("现场.png", png)},
    )
    assert response.status_code == 302
    document = ApprovalDocument.objects.get(title="现场照片")
    assert document.filename == "现场.png" and document.size == len(png)
    assert not document.file.name.endswith("现场.png")  # stored under a random name
    download = aw.client(EN).get(reverse("approvals:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png
    assert "attachment" in download["Content-Disposition"]
    response = client.post(reverse("approvals:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not ApprovalDocument.objects.filter(pk=document.pk).exists()
    assert document.history.filter(history_type="-").exists()


# --- notices to agents ------------------------------------------------------------------------------


def test_the_new_agent_is_told_once(aw):
    staff, admin = aw.users[ZS], aw.users[ZA]
    url = reverse("approvals:projectitem_edit", args=[aw.open_a.pk])
    data = {
        "item": aw.open_a.item_id,
        "mode": "standard",
        "applied_on": "2024-05-06",
        "agent": admin.pk,
        "version": aw.open_a.version,
    }
    response = aw.client(ZS).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    notes = Notification.objects.filter(user=admin)
    assert notes.count() == 1 and "施工许可" in notes.get().title
    aw.open_a.refresh_from_db()
    data["version"] = aw.open_a.version
    data["note"] = "补充材料"
    assert aw.client(ZS).post(url, data).status_code == 302
    assert notes.count() == 1  # same agent: no second notice
    # Assigning oneself tells nobody.
    aw.open_a.refresh_from_db()
    data.update(agent=staff.pk, version=aw.open_a.version)
    assert aw.client(ZS).post(url, data).status_code == 302
    assert not Notification.objects.filter(user=staff).exists()


# --- worklist --------------------------------------------------------------------------------------


def test_worklist_oldest_first_with_working_days_left(aw):
    staff = aw.users[ZS]
    newer = ProjectApproval.objects.create(
        project=aw.project_a,
        item=item("消防设计审查"),
        mode=M.STANDARD,
        applied_on=date(2024, 6, 3),
    )
    planned = ProjectApproval.objects.create(
        project=aw.project_a, item=item("安全评价"), mode=M.GOVERNMENT_PAID
    )
    ProjectApproval.objects.create(
        project=aw.project_b,
        item=item("施工许可"),
        mode=M.STANDARD,
        applied_on=date(2024, 1, 2),
        agent=aw.users[OUT],
    )
    from devzone.approvals import selectors

    rows = selectors.worklist(
        ProjectApproval.objects.visible_to(staff), agent=staff, today=date(2024, 6, 7)
    )
    assert [r.approval.pk for r in rows] == [aw.open_a.pk, newer.pk, planned.pk]
    # 施工许可 applied Monday 6 May: 25 working days by Friday 7 June (24 weekdays and
    # Saturday 11 May, a 调休 working day of Labour Day) → 7 − 25 = −18: overdue.
    assert (rows[0].days_used, rows[0].days_left, rows[0].overdue) == (25, -18, True)
    assert (rows[1].days_used, rows[1].days_left) == (4, 11)
    assert (rows[2].days_used, rows[2].days_left, rows[2].overdue) == (None, None, False)
    html = aw.client(ZS).get(reverse("approvals:worklist")).content.decode()
    assert html.index("施工许可") < html.index("消防设计审查") < html.index("安全评价")
    assert "乙项目" not in html
    data = api(aw, ZS).get("/api/v1/approvals/project-items/worklist/").json()
    assert [d["id"] for d in data] == [aw.open_a.pk, newer.pk, planned.pk]


# --- import and export -------------------------------------------------------------------------------

HEADERS = ["项目名称", "审批事项", "办理方式", "申请日期", "办结日期"]


def import_file(aw, file, role=ZS):
    client = aw.client(role)
    client.post(reverse("approvals:projectitem_import"), {"file": file})
    job = BackgroundJob.objects.latest("pk")
    if job.status == BackgroundJob.Status.PREVIEW:
        client.post(reverse("core:job_confirm", args=[job.pk]))
        job.refresh_from_db()
    return job


def test_import_items_of_a_project(aw):
    job = import_file(
        aw,
        csv_file(
            [
                ["甲项目", "环境影响评价", "政府买单", "2024-03-11", "2024-04-19"],
                ["甲项目", "用地预审与选址", "Commitment-based", "2024-03-04", "2024-03-08"],
                ["甲项目", "施工许可", "常规办理", "2024-05-06", "2024-05-09"],  # updates
            ],
            HEADERS,
        ),
    )
    assert job.status == BackgroundJob.Status.DONE, job.report
    eia = ProjectApproval.objects.get(project=aw.project_a, item=item("环境影响评价"))
    assert (eia.mode, eia.fee_saved, eia.agent_id) == ("government_paid", 50000, aw.users[ZS].pk)
    land = ProjectApproval.objects.get(project=aw.project_a, item=item("用地预审与选址"))
    assert land.days_saved == 16
    aw.open_a.refresh_from_db()
    assert aw.open_a.status == "done"


def test_an_import_with_bad_rows_writes_nothing(aw):
    job = import_file(
        aw,
        csv_file(
            [
                ["甲项目", "环境影响评价", "政府买单", "2024-03-11", "2024-04-19"],
                ["甲项目", "用地预审与选址", "承诺制", "2024-03-08", "2024-03-04"],
                ["甲项目", "不存在的事项", "承诺制", "", ""],
                ["乙项目", "施工许可", "常规办理", "", ""],  # not the staff's project
            ],
            HEADERS,
        ),
    )
    assert job.status == BackgroundJob.Status.INVALID
    by_row = {(e["row"], e["column"]) for e in job.report["errors"]}
    assert (3, "办结日期") in by_row
    assert (4, "审批事项") in by_row
    assert (5, "项目名称") in by_row
    assert not ProjectApproval.objects.filter(item=item("环境影响评价")).exists()


def test_export_lists_the_items_with_their_savings(aw):
    text = (
        aw.client(ZA)
        .get(reverse("approvals:projectitem_export") + "?format=csv")
        .content.decode("utf-8-sig")
    )
    lines = text.splitlines()
    assert len(lines) == 4
    energy = next(line for line in lines if "节能审查" in line)
    assert "2024-03-13" in energy and ",18," in energy


# --- templates -------------------------------------------------------------------------------------


def test_a_template_with_an_unknown_placeholder_is_refused(aw):
    body = "{企业名称}承诺：{承诺内容}，{法人代表}于{签字日期}签字。"
    response = aw.client(ZA).post(
        reverse("approvals:template_edit", args=[aw.template_a.pk]),
        {
            "kind": "commitment",
            "zone": aw.zone_a.pk,
            "title": "承诺书",
            "body": body,
            "version": aw.template_a.version,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    error = response.context["form"].errors["body"][0]
    assert (
        "{法人代表}" in error and "{签字日期}" in error and "{企业名称}" not in error.split(".")[0]
    )
    assert response.context["form"]["body"].value() == body  # kept
    aw.template_a.refresh_from_db()
    assert "法人代表" not in aw.template_a.body
    response = api(aw, ZA).patch(
        f"/api/v1/approvals/templates/{aw.template_a.pk}/",
        {"body": "{未知}"},
        format="json",
        **if_match(aw.template_a),
    )
    assert response.status_code == 400 and "{未知}" in str(response.json())
    response = aw.client(ZA).post(
        reverse("approvals:template_edit", args=[aw.template_a.pk]),
        {
            "kind": "commitment",
            "zone": aw.zone_a.pk,
            "title": "承诺书",
            "body": "{项目名称",
            "version": aw.template_a.version,
        },
    )
    assert "body" in response.context["form"].errors


def test_a_zone_admin_cannot_write_a_platform_template(aw):
    response = aw.client(ZA).post(
        reverse("approvals:template_add"),
        {"kind": "notice", "zone": "", "title": "告知书", "body": "{项目名称}"},
    )
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    assert DocumentTemplate.objects.filter(kind="notice").count() == 1


def test_a_second_template_of_a_kind_for_a_zone_is_refused(aw):
    response = aw.client(ZA).post(
        reverse("approvals:template_add"),
        {"kind": "commitment", "zone": aw.zone_a.pk, "title": "又一个", "body": "{项目名称}"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() or response.context["form"].errors
    assert DocumentTemplate.objects.filter(zone=aw.zone_a).count() == 1


# --- query counts ----------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _grow(aw, n=12):
    """More projects in both zones, each with items in every mode and a document."""
    from django.core.files.base import ContentFile

    for i in range(n):
        zone = aw.zone_a if i % 2 else aw.zone_b
        project = Project.objects.create(
            zone=zone,
            name=f"新项目{i}",
            planned_investment=Decimal(1000 + i),
            agent=aw.users[ZS] if zone == aw.zone_a else aw.users[OUT],
        )
        project.enterprises.add(aw.ent_a if zone == aw.zone_a else aw.ent_b)
        if zone == aw.zone_b and not RegionalCoverage.objects.filter(zone=zone).exists():
            RegionalCoverage.objects.create(
                zone=zone, item=item("地质灾害危险性评估"), completed_on=date(2022, 1, 1)
            )
        made = [
            ProjectApproval.objects.create(
                project=project,
                item=item("节能审查"),
                mode=M.COMMITMENT,
                applied_on=date(2023 + i % 2, 3, 1),
                approved_on=date(2023 + i % 2, 3, 6),
            ),
            ProjectApproval.objects.create(
                project=project,
                item=item("地质灾害危险性评估"),
                mode=M.REGIONAL,
                approved_on=date(2024, 3, 4),
            ),
            ProjectApproval.objects.create(
                project=project,
                item=item("环境影响评价"),
                mode=M.GOVERNMENT_PAID,
                applied_on=date(2024, 3, 1),
            ),
            ProjectApproval.objects.create(
                project=project,
                item=item("施工许可"),
                mode=M.STANDARD,
                applied_on=date(2024, 5, 6),
            ),
        ]
        document = ApprovalDocument(
            approval=made[0], kind="other", title=f"材料{i}", filename="a.pdf"
        )
        document.file.save(f"a{i}.pdf", ContentFile(b"%PDF-1.4"), save=True)


QUERY_PAGES = [
    lambda w: reverse("approvals:overview"),
    lambda w: reverse("approvals:savings"),
    lambda w: reverse("approvals:worklist"),
    lambda w: reverse("approvals:project", args=[w.project_a.pk]),
    lambda w: reverse("approvals:projectitem_list"),
    lambda w: reverse("approvals:document_list"),
    lambda w: reverse("approvals:coverage_list"),
    lambda w: "/api/v1/approvals/savings/",
    lambda w: "/api/v1/approvals/project-items/",
    lambda w: "/api/v1/approvals/projects/",
]


@pytest.mark.parametrize("role", [A, ZS, EN])
def test_query_counts_do_not_grow_with_rows(aw, role):
    client = aw.client(role)
    # The regional assessments are the committee's: an enterprise user is refused them.
    pages = [p for p in QUERY_PAGES if role != EN or "coverage" not in p(aw)]
    for url in pages:  # the official calendar reads each year's entered days once
        client.get(url(aw))
    before = [_queries(client, url(aw)) for url in pages]
    _grow(aw)
    after = [_queries(client, url(aw)) for url in pages]
    assert after == before


def test_savings_page_queries(aw):
    """The savings page in 7 queries: session and user (2), the years with
    items done (1), the savings by project and year (1) and by mode (1), the
    notifications badge (1) and the zones with items for the filter (1)."""
    client = aw.client(A)
    client.get(reverse("approvals:savings"))
    assert _queries(client, reverse("approvals:savings")) == 7
    _grow(aw, 20)
    assert _queries(client, reverse("approvals:savings")) == 7
