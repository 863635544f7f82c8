"""The service desk: the permission matrix of its pages and API, complaints
about officials reaching only the zone admin, the enterprise user's and the
public's reach, the lifecycle and its refusals, the hotline import, the
notice-board channel, notifications and the list's and dashboard's query
counts."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from devzone.core.models import BackgroundJob, Notification
from devzone.desk import deadlines, selectors, services
from devzone.desk.models import Category, Escalation, FollowUp, ServiceRequest
from devzone.testing import ROLES, if_match, world_fixtures

from .conftest import PHONE, api, make_request

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
SHANGHAI = ZoneInfo("Asia/Shanghai")


def expect(default, **overrides):
    """Expected status per role: ``default`` for the signed-in roles unless
    overridden; anonymous users go to the login page (302) unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def _build_esc(dw):
    """An escalation of zone A's enterprise request and of its complaint."""
    dw.esc = Escalation.objects.create(
        request=dw.req_ent, deadline="accept", level="department", due=date(2024, 10, 8)
    )
    dw.esc_complaint = Escalation.objects.create(
        request=dw.complaint, deadline="accept", level="department", due=date(2024, 10, 8)
    )
    dw.note = FollowUp.objects.create(request=dw.req_ent, note="已联系供水公司")
    dw.complaint_note = FollowUp.objects.create(request=dw.complaint, note="已约谈当事人")
    return dw


esc_once, esc = world_fixtures(_build_esc, name="esc", on="dw")


READ_A = expect(200, city_b_viewer=404, outsider=404)
READ_A_STAFF = expect(200, city_b_viewer=404, outsider=404, enterprise=404)
ADMIN_ONLY_A = expect(404, platform_admin=200, zone_admin=200)
EDIT_A = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)
ZONE_ADMINS_CREATE = expect(403, platform_admin=200, zone_admin=200, outsider=200)

PAGES = {
    "request_list": (lambda w: reverse("desk:request_list"), expect(200)),
    "request_detail_enterprise": (
        lambda w: reverse("desk:request_detail", args=[w.req_ent.pk]),
        READ_A,
    ),
    "request_detail_public": (
        lambda w: reverse("desk:request_detail", args=[w.req_public.pk]),
        READ_A_STAFF,
    ),
    "request_detail_complaint": (
        lambda w: reverse("desk:request_detail", args=[w.complaint.pk]),
        ADMIN_ONLY_A,
    ),
    "request_detail_zone_b": (
        lambda w: reverse("desk:request_detail", args=[w.req_b.pk]),
        expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200),
    ),
    "request_history_complaint": (
        lambda w: reverse("desk:request_history", args=[w.complaint.pk]),
        ADMIN_ONLY_A,
    ),
    "request_add": (lambda w: reverse("desk:request_add"), CREATE),
    "request_edit": (lambda w: reverse("desk:request_edit", args=[w.req_ent.pk]), EDIT_A),
    "request_edit_complaint": (
        lambda w: reverse("desk:request_edit", args=[w.complaint.pk]),
        ADMIN_ONLY_A,
    ),
    # A citizen's request is never deleted (there is no delete page): whoever
    # may change it voids it with a reason.
    "request_void": (
        lambda w: reverse("desk:request_void", args=[w.req_ent.pk]),
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            zone_staff=200,
            city_b_viewer=404,
            outsider=404,
        ),
    ),
    "request_export": (lambda w: reverse("desk:request_export") + "?format=csv", expect(200)),
    "request_import": (lambda w: reverse("desk:request_import"), CREATE),
    "request_import_template": (
        lambda w: reverse("desk:request_import_template", args=["csv"]),
        expect(200),
    ),
    "dashboard": (lambda w: reverse("desk:dashboard"), expect(200, enterprise=403)),
    "dashboard_zone_a": (
        lambda w: reverse("desk:dashboard") + f"?zone={w.zone_a.pk}",
        expect(200, enterprise=403),
    ),
    "followup_list": (lambda w: reverse("desk:followup_list"), expect(200)),
    "followup_detail": (lambda w: reverse("desk:followup_detail", args=[w.note.pk]), READ_A),
    "followup_detail_complaint": (
        lambda w: reverse("desk:followup_detail", args=[w.complaint_note.pk]),
        ADMIN_ONLY_A,
    ),
    "escalation_list": (
        lambda w: reverse("desk:escalation_list"),
        expect(200, enterprise=403),  # nothing of theirs: not offered (core.access)
    ),
    "escalation_detail": (
        lambda w: reverse("desk:escalation_detail", args=[w.esc.pk]),
        READ_A_STAFF,
    ),
    "escalation_detail_complaint": (
        lambda w: reverse("desk:escalation_detail", args=[w.esc_complaint.pk]),
        ADMIN_ONLY_A,
    ),
    "category_list": (lambda w: reverse("desk:category_list"), expect(200)),
    "category_detail": (
        lambda w: reverse("desk:category_detail", args=[w.cat["utilities"].pk]),
        expect(200),
    ),
    "category_add": (lambda w: reverse("desk:category_add"), ZONE_ADMINS_CREATE),
    "category_edit_national": (
        lambda w: reverse("desk:category_edit", args=[w.cat["utilities"].pk]),
        expect(403, platform_admin=200),
    ),
    "department_list": (
        lambda w: reverse("desk:department_list"),
        expect(200, enterprise=403),  # nothing of theirs: not offered (core.access)
    ),
    "department_detail": (
        lambda w: reverse("desk:department_detail", args=[w.department.pk]),
        READ_A_STAFF,
    ),
    "department_add": (lambda w: reverse("desk:department_add"), ZONE_ADMINS_CREATE),
    "department_edit": (
        lambda w: reverse("desk:department_edit", args=[w.department.pk]),
        expect(
            403, platform_admin=200, zone_admin=200, city_b_viewer=404, outsider=404, enterprise=404
        ),
    ),
    "public_form": (lambda w: reverse("service:form"), expect(200, anonymous=200)),
    "public_track": (lambda w: reverse("service:track"), expect(200, anonymous=200)),
    # Without giving the code and the phone first, nobody opens a request there.
    "public_status_unverified": (
        lambda w: reverse("service:status", args=[w.req_public.code]),
        expect(302),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(esc, role, page):
    url_of, expected = PAGES[page]
    response = esc.client(role).get(url_of(esc))
    assert response.status_code == expected[role], f"{role} {page}"


API_READS = {
    "requests": ("/api/v1/desk/requests/", expect(200, anonymous=401)),
    "request_enterprise": (
        lambda w: f"/api/v1/desk/requests/{w.req_ent.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "request_public": (
        lambda w: f"/api/v1/desk/requests/{w.req_public.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404, enterprise=404),
    ),
    "request_complaint": (
        lambda w: f"/api/v1/desk/requests/{w.complaint.pk}/",
        expect(404, anonymous=401, platform_admin=200, zone_admin=200),
    ),
    "follow_ups": ("/api/v1/desk/follow-ups/", expect(200, anonymous=401)),
    "follow_up_complaint": (
        lambda w: f"/api/v1/desk/follow-ups/{w.complaint_note.pk}/",
        expect(404, anonymous=401, platform_admin=200, zone_admin=200),
    ),
    "categories": ("/api/v1/desk/categories/", expect(200, anonymous=401)),
    "departments": ("/api/v1/desk/departments/", expect(200, anonymous=401)),
    "escalations": ("/api/v1/desk/escalations/", expect(200, anonymous=401)),
    "escalation_complaint": (
        lambda w: f"/api/v1/desk/escalations/{w.esc_complaint.pk}/",
        expect(404, anonymous=401, platform_admin=200, zone_admin=200),
    ),
    "dashboard": (
        lambda w: f"/api/v1/desk/requests/dashboard/?zone={w.zone_a.pk}",
        expect(200, anonymous=401, enterprise=403, city_b_viewer=404, outsider=404),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(esc, role, endpoint):
    url, expected = API_READS[endpoint]
    url = url(esc) if callable(url) else url
    assert api(esc, role).get(url).status_code == expected[role], f"{role} {endpoint}"


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
def test_api_accept_action(dw, role, expected):
    response = api(dw, role).post(
        f"/api/v1/desk/requests/{dw.req_ent.pk}/accept/", {}, format="json"
    )
    assert response.status_code == expected, response.content
    dw.req_ent.refresh_from_db()
    assert (dw.req_ent.status == "accepted") == (expected == 200)


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
def test_api_create_hotline_request_in_zone_a(dw, role, expected):
    payload = {
        "zone": dw.zone_a.pk,
        "category": dw.cat["financing"].pk,
        "title": "热线：贷款咨询",
        "description": "想了解园区贴息贷款政策。",
        "contact_phone": "13700000000",
    }
    response = api(dw, role).post("/api/v1/desk/requests/", payload, format="json")
    assert response.status_code == expected, response.content
    created = ServiceRequest.objects.filter(title="热线：贷款咨询").first()
    assert (created is not None) == (expected == 201)
    if created:
        assert created.channel == "hotline"
        assert created.submitted_by == dw.users[role]
        assert created.accept_due > timezone.localdate() - timedelta(days=1)


# --- Complaints about officials ---------------------------------------------------------------


def test_complaints_reach_only_the_zone_admin_in_lists_api_and_exports(esc):
    secret = "某科室索要好处费"
    for role in (ZS, PV, EN, CB, OUT):
        client = esc.client(role)
        assert secret not in client.get(reverse("desk:request_list")).content.decode(), role
        csv = client.get(reverse("desk:request_export") + "?format=csv").content.decode("utf-8-sig")
        assert secret not in csv, role
        titles = [
            r["title"] for r in api(esc, role).get("/api/v1/desk/requests/").json()["results"]
        ]
        assert secret not in titles, role
        notes = api(esc, role).get("/api/v1/desk/follow-ups/").json()["results"]
        assert esc.complaint_note.pk not in [n["id"] for n in notes], role
        escalations = api(esc, role).get("/api/v1/desk/escalations/").json()["results"]
        assert esc.esc_complaint.pk not in [e["id"] for e in escalations], role
        assert secret not in client.get(reverse("desk:escalation_list")).content.decode(), role
    for role in (ZA, A):
        assert secret in esc.client(role).get(reverse("desk:request_list")).content.decode()
        csv = esc.client(role).get(reverse("desk:request_export") + "?format=csv")
        assert secret in csv.content.decode("utf-8-sig")


def test_staff_may_not_act_on_a_complaint(dw):
    response = dw.client(ZS).post(reverse("desk:request_action", args=[dw.complaint.pk, "accept"]))
    assert response.status_code == 404
    response = api(dw, ZS).post(f"/api/v1/desk/requests/{dw.complaint.pk}/accept/", {})
    assert response.status_code == 404
    dw.complaint.refresh_from_db()
    assert dw.complaint.status == "received"


def test_a_complaint_is_assigned_to_a_zone_admin_only(dw):
    data = {"assignee": dw.users[ZS].pk}
    response = api(dw, ZA).patch(
        f"/api/v1/desk/requests/{dw.complaint.pk}/", data, format="json", **if_match(dw.complaint)
    )
    assert response.status_code == 400
    assert "assignee" in response.json()
    dw.complaint.refresh_from_db()
    assert dw.complaint.assignee is None
    data = {"assignee": dw.users[ZA].pk}
    response = api(dw, ZA).patch(
        f"/api/v1/desk/requests/{dw.complaint.pk}/", data, format="json", **if_match(dw.complaint)
    )
    assert response.status_code == 200, response.content


def test_dashboard_counts_complaints_as_numbers_but_never_shows_them(dw):
    counts = {}
    for role in (ZA, ZS, PV):
        response = api(dw, role).get(f"/api/v1/desk/requests/dashboard/?zone={dw.zone_a.pk}")
        data = response.json()
        counts[role] = (data["open"], sum(c["received"] for c in data["categories"]))
        body = dw.client(role).get(reverse("desk:dashboard") + f"?zone={dw.zone_a.pk}")
        html = body.content.decode()
        for secret in ("某科室索要好处费", "请客送礼"):
            assert secret not in html and secret not in response.content.decode()
    # Every reader of zone A sees the same totals, the complaint included.
    assert counts[ZA] == counts[ZS] == counts[PV] == (3, 3)


# --- The enterprise user and the public --------------------------------------------------------


def test_an_enterprise_user_reads_only_its_own_requests(dw):
    body = dw.client(EN).get(reverse("desk:request_list")).content.decode()
    assert "厂区停水" in body
    assert "招工难" not in body and "乙区政策咨询" not in body and "好处费" not in body
    titles = [r["title"] for r in api(dw, EN).get("/api/v1/desk/requests/").json()["results"]]
    assert titles == ["厂区停水"]
    # Personal data is masked for anyone but the zone's own staff.
    for role, shown in ((ZS, PHONE), (PV, "139********"), (EN, "139********")):
        data = api(dw, role).get(f"/api/v1/desk/requests/{dw.req_ent.pk}/").json()
        assert data["contact_phone"] == shown, role


def test_an_enterprise_user_submits_for_its_company_in_its_zone(dw):
    client = dw.client(EN)
    data = {
        "zone": dw.zone_b.pk,  # ignored: its company's zone is fixed
        "category": dw.cat["financing"].pk,
        "title": "申请贴息贷款",
        "description": "请介绍办理流程。",
    }
    response = client.post(reverse("service:form"), data)
    assert response.status_code == 302
    created = ServiceRequest.objects.get(title="申请贴息贷款")
    assert (created.zone, created.enterprise, created.submitted_by) == (
        dw.zone_a,
        dw.ent_a,
        dw.users[EN],
    )
    assert created.channel == "web"
    assert response["Location"] == created.get_absolute_url()
    assert client.get(created.get_absolute_url()).status_code == 200


def _submit(client, dw, **overrides):
    data = {
        "zone": dw.zone_a.pk,
        "category": dw.cat["utilities"].pk,
        "title": "路灯不亮",
        "description": "园区北路路灯一周未亮。",
        "contact_name": "王女士",
        "contact_phone": "13600000001",
        **overrides,
    }
    headers = {k: data.pop(k) for k in list(data) if k.startswith("HTTP_")}
    return client.post(reverse("service:form"), data, REMOTE_ADDR="10.0.0.9", **headers)


def test_the_public_submits_and_reads_only_its_own_request_by_code_and_phone(dw):
    public = Client()
    response = _submit(public, dw)
    assert response.status_code == 302
    created = ServiceRequest.objects.get(title="路灯不亮")
    assert created.enterprise is None and created.submitted_by is None
    assert response["Location"] == reverse("service:status", args=[created.code])
    page = public.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "园区北路路灯一周未亮" in html and created.code_display in html
    for other in ("厂区停水", "招工难", "好处费"):
        assert other not in html

    # Another browser needs the code and the phone; a wrong phone opens nothing.
    stranger = Client()
    assert stranger.get(reverse("service:status", args=[created.code])).status_code == 302
    wrong = stranger.post(reverse("service:track"), {"code": created.code, "phone": "13600000002"})
    assert wrong.status_code == 200 and wrong.context["form"].non_field_errors()
    assert stranger.get(reverse("service:status", args=[created.code])).status_code == 302
    # The code as a caller reads it out: grouped, lower case.
    right = stranger.post(
        reverse("service:track"),
        {"code": created.code_display.lower(), "phone": "136 0000 0001"},
    )
    assert right.status_code == 302
    assert stranger.get(right["Location"]).status_code == 200
    # Knowing one request's code does not open another's.
    other = reverse("service:status", args=[dw.req_public.code])
    assert stranger.get(other).status_code == 302
    # And the desk's pages and API stay closed.
    assert public.get(reverse("desk:request_detail", args=[created.pk])).status_code == 302
    assert public.get("/api/v1/desk/requests/").status_code == 401


def test_the_public_form_refuses_bad_input_and_keeps_it(dw):
    public = Client()
    response = _submit(public, dw, contact_phone="", title="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "contact_phone" in errors and "title" in errors
    assert "园区北路路灯一周未亮" in response.content.decode()  # what was typed stays
    response = _submit(public, dw, contact_phone="12345abc")
    assert "contact_phone" in response.context["form"].errors
    # A zone's own category is not another zone's.
    from devzone.desk.models import Category

    own = Category.objects.create(zone=dw.zone_b, code="parking", name="停车")
    response = _submit(public, dw, category=own.pk)
    assert response.context["form"].errors
    assert not ServiceRequest.objects.filter(title="路灯不亮").exists()


def test_the_public_form_refuses_control_characters(dw):
    # Stored, they broke the .docx briefings with the library's raw error.
    response = _submit(Client(), dw, description="路灯\x07不亮", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "U+0007" in str(response.context["form"].errors["description"])
    assert not ServiceRequest.objects.filter(title="路灯不亮").exists()


def test_the_public_form_is_throttled_per_address(dw):
    public = Client()
    for i in range(services.PUBLIC_PER_ADDRESS):
        assert _submit(public, dw, title=f"诉求{i}").status_code == 302
    response = _submit(public, dw, title="再来一条")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ServiceRequest.objects.filter(title="再来一条").exists()


def test_the_public_api_submits_tracks_and_rates(dw):
    from rest_framework.test import APIClient

    client = APIClient()
    payload = {
        "zone": dw.zone_a.pk,
        "category": dw.cat["policy"].pk,
        "title": "人才公寓申请",
        "description": "如何申请人才公寓？",
        "contact_phone": "13500000000",
    }
    response = client.post("/api/v1/desk/public/requests/", payload, format="json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    created = ServiceRequest.objects.get(title="人才公寓申请")
    wrong = client.post("/api/v1/desk/public/track/", {"code": code, "phone": "1"}, format="json")
    assert wrong.status_code == 404
    track = client.post(
        "/api/v1/desk/public/track/", {"code": code, "phone": "13500000000"}, format="json"
    )
    assert track.status_code == 200 and track.json()["title"] == "人才公寓申请"
    assert "contact_phone" not in track.json()
    # Not yet resolved: rating refused, nothing changes.
    rate = {"code": code, "phone": "13500000000", "rating": 5}
    refused = client.post("/api/v1/desk/public/rate/", rate, format="json")
    assert refused.status_code == 400
    staff = dw.users[ZS]
    services.request_accept(request=created, user=staff)
    services.request_resolve(request=created, user=staff, text="已发送申请指南")
    assert client.post("/api/v1/desk/public/rate/", rate, format="json").status_code == 200
    created.refresh_from_db()
    assert (created.status, created.rating) == ("closed", 5)
    missing = client.post("/api/v1/desk/public/requests/", {"zone": dw.zone_a.pk}, format="json")
    assert missing.status_code == 400 and "title" in missing.json()


# --- Lifecycle ------------------------------------------------------------------------------------


def test_lifecycle_with_refusals_that_change_nothing(dw):
    staff = dw.client(ZS)
    request = dw.req_public

    def act(action, **data):
        return staff.post(reverse("desk:request_action", args=[request.pk, action]), data)

    # Answering before accepting: refused, the typed answer is shown again.
    response = act("answer", text="已转人社局", step="answer")
    assert response.status_code == 200
    assert "已转人社局" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.answer) == ("received", "")

    assert act("accept", note="已受理").status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.assignee == dw.users[ZS]
    assert act("resolve", text="  ").status_code == 200  # refused: shown again
    request.refresh_from_db()
    assert request.status == "accepted"
    assert act("answer", text="已转人社局，三日内联系您").status_code == 302
    assert act("resolve", text="已推荐20名求职者").status_code == 302
    request.refresh_from_db()
    assert request.status == "resolved" and request.resolved_in_time is True
    assert request.answer == "已转人社局，三日内联系您"
    kinds = list(request.follow_ups.order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == ["accepted", "answered", "resolved"]
    # Staff do not rate for the requester.
    assert act("rate", rating="5").status_code == 403
    request.refresh_from_db()
    assert request.rating is None


def test_the_enterprise_user_rates_or_reopens_its_own_resolved_request(dw):
    staff = dw.users[ZS]
    request = dw.req_ent
    services.request_accept(request=request, user=staff)
    services.request_resolve(request=request, user=staff, text="已恢复供水")
    client = dw.client(EN)
    url = reverse("desk:request_action", args=[request.pk, "rate"])
    response = client.post(url, {"rating": "9", "comment": "很好"})
    assert response.status_code == 200
    assert "很好" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "resolved"

    reopen = client.post(
        reverse("desk:request_action", args=[request.pk, "reopen"]), {"reason": "又停水了"}
    )
    assert reopen.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.reopen_count) == ("received", 1)
    assert request.clock_start == timezone.localdate()
    assert (
        request.accept_due
        == deadlines.deadlines_from(request.clock_start, request.category, False)[0]
    )

    services.request_accept(request=request, user=staff)
    services.request_resolve(request=request, user=staff, text="已更换管道")
    Notification.objects.all().delete()
    assert client.post(url, {"rating": "4", "comment": "处理及时"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == ("closed", 4, "处理及时")
    # The assignee and the department head hear of the rating (here the same person).
    assert Notification.objects.filter(user=staff, title__contains="4").exists()


def test_assignment_notifies_the_new_assignee_not_oneself(dw):
    Notification.objects.all().delete()
    data = {
        "zone": dw.zone_a.pk,
        "channel": "hotline",
        "received_at": "2024-10-12 09:30",
        "category": dw.cat["approval"].pk,
        "title": "施工许可咨询",
        "description": "来电咨询施工许可办理。",
        "priority": "normal",
        "assignee": dw.users[ZS].pk,
        "department": dw.department.pk,
    }
    response = dw.client(ZA).post(reverse("desk:request_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    created = ServiceRequest.objects.get(title="施工许可咨询")
    # 12 October 2024 was a 调休 Saturday: a working day.
    assert created.clock_start == date(2024, 10, 12)
    assert created.accept_due == date(2024, 10, 14)
    assert created.submitted_by == dw.users[ZA]
    notes = Notification.objects.filter(user=dw.users[ZS])
    assert notes.count() == 1 and "施工许可咨询" in notes.get().title
    # Assigning it to oneself says nothing.
    Notification.objects.all().delete()
    edit = {**data, "assignee": dw.users[ZA].pk, "version": created.version}
    assert (
        dw.client(ZA).post(reverse("desk:request_edit", args=[created.pk]), edit).status_code == 302
    )
    assert not Notification.objects.exists()


def test_the_form_refuses_another_zones_department_and_people(dw):
    from devzone.desk.models import Department

    other = Department.objects.create(zone=dw.zone_b, name="乙区服务部")
    data = {
        "zone": dw.zone_a.pk,
        "channel": "hotline",
        "received_at": "2024-10-12 09:30",
        "category": dw.cat["approval"].pk,
        "title": "跨区",
        "description": "x",
        "priority": "normal",
        "department": other.pk,
        "assignee": dw.users[OUT].pk,
    }
    response = dw.client(A).post(reverse("desk:request_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "department" in errors and "assignee" in errors
    assert not ServiceRequest.objects.filter(title="跨区").exists()


# --- The notice-board channel ---------------------------------------------------------------------


def test_a_notice_board_message_becomes_a_request_once(dw):
    from decimal import Decimal

    from devzone.projects.models import NoticeFeedback, Project

    project = Project.objects.create(
        zone=dw.zone_a, name="光伏组件厂", planned_investment=Decimal(1), agent=dw.users[ZS]
    )
    feedback = NoticeFeedback.objects.create(
        project=project, message="夜间施工噪音较大，请协调。\n谢谢", contact_phone="13800000000"
    )
    Notification.objects.all().delete()
    created = services.request_from_notice_board(feedback)
    assert created.channel == "notice_board"
    assert (created.zone, created.project, created.assignee) == (dw.zone_a, project, dw.users[ZS])
    assert created.title == "夜间施工噪音较大，请协调。"
    assert created.category.code == "other"
    assert Notification.objects.filter(user=dw.users[ZS]).count() == 1
    assert services.request_from_notice_board(feedback) == created
    assert ServiceRequest.objects.filter(notice_feedback=feedback).count() == 1


@pytest.mark.parametrize("how", ["deleted", "deactivated"])
def test_a_notice_board_message_is_not_refused_when_the_desk_has_no_categories(dw, how):
    from decimal import Decimal

    from devzone.projects.models import NoticeFeedback, Project

    if how == "deleted":
        ServiceRequest.objects.all().delete()
        Category.objects.all().delete()
    else:
        Category.objects.update(active=False)
    project = Project.objects.create(
        zone=dw.zone_a, name="光伏组件厂", planned_investment=Decimal(1)
    )
    feedback = NoticeFeedback.objects.create(project=project, message="路口积水")
    created = services.request_from_notice_board(feedback)
    assert created.category.code == "other" and created.category.zone is None


# --- Import -----------------------------------------------------------------------------------------

HEADERS = (
    "所属开发区,工单编号,来电时间,诉求类别,诉求标题,诉求内容,来电人,联系电话,紧急程度,承办部门"
)


def _import(client, rows):
    content = "\n".join([HEADERS, *rows]).encode("utf-8")
    upload = SimpleUploadedFile("hotline.csv", content, content_type="text/csv")
    response = client.post(reverse("desk:request_import"), {"file": upload})
    assert response.status_code == 302, response.content[:500]
    return BackgroundJob.objects.order_by("-pk").first()


def test_hotline_log_import_reports_errors_then_imports(dw):
    client = dw.client(ZS)
    zone = dw.zone_a.name
    good = f"{zone},RX-001,2024-09-30 14:20,水电气暖,厂区停电,东区厂房停电,赵先生,13800000001,较急,企业服务部"
    bad = f"{zone},RX-002,2024-09-30 15:00,不存在的类别,咨询,内容,,13800000002,,"
    job = _import(client, [good, bad])
    assert job.status == "invalid"
    assert [(e["row"], e["column"]) for e in job.report["errors"]] == [(3, "诉求类别")]
    assert not ServiceRequest.objects.filter(external_ref__startswith="RX-").exists()

    ok = f"{zone},RX-002,2024-10-05 09:00,用工,招工咨询,需要电焊工,,13800000002,一般,"
    job = _import(client, [good, ok])
    assert job.status == "preview", job.report
    client.post(reverse("core:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.report
    first = ServiceRequest.objects.get(external_ref="RX-001")
    assert (first.priority, first.department, first.channel) == ("high", dw.department, "hotline")
    assert first.submitted_by == dw.users[ZS]
    second = ServiceRequest.objects.get(external_ref="RX-002")
    assert second.accept_due == date(2024, 10, 8)  # received on a holiday

    # The same log number again updates that request rather than adding one.
    again = f"{zone},RX-002,2024-10-05 09:00,用工,招工咨询（更正）,需要电焊工,,13800000002,一般,"
    job = _import(client, [again])
    client.post(reverse("core:job_confirm", args=[job.pk]))
    assert ServiceRequest.objects.filter(external_ref="RX-002").count() == 1
    assert ServiceRequest.objects.get(external_ref="RX-002").title == "招工咨询（更正）"


# --- Query counts -------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _more_requests(dw, n):
    received = datetime.combine(date(2024, 9, 2), time(9), tzinfo=SHANGHAI)
    for i in range(n):
        r = make_request(
            dw.zone_a if i % 2 else dw.zone_b,
            list(dw.cat.values())[i % len(dw.cat)],
            f"批量诉求{i}",
            received_at=received + timedelta(days=i),
            department=dw.department if i % 2 else None,
            assignee=dw.users[ZA] if i % 2 else None,
            enterprise=dw.ent_a if i % 4 == 1 else None,
        )
        if i % 3 == 0:
            services.request_accept(request=r, user=dw.users[A])
            services.request_resolve(request=r, user=dw.users[A], text="已办结")
            if i % 2 == 0:
                services.request_rate(request=r, rating=1 + i % 5)


@pytest.mark.parametrize("role", [A, ZA, EN])
def test_list_query_count_does_not_grow_with_rows(dw, role):
    client = dw.client(role)
    url = reverse("desk:request_list")
    before = _queries(client, url)
    _more_requests(dw, 20)
    assert _queries(client, url) == before


def test_dashboard_query_count_does_not_grow_with_rows(dw):
    client = dw.client(ZA)
    url = reverse("desk:dashboard") + f"?zone={dw.zone_a.pk}&year=2024"
    before = _queries(client, url)
    _more_requests(dw, 24)
    assert _queries(client, url) == before
    with CaptureQueriesContext(connection) as ctx:
        selectors.dashboard(
            selectors.dashboard_requests(dw.zone_a), year=2024, today=timezone.localdate()
        )
    assert len(ctx) == 5  # open by age; by month; by category; by department; ratings


def test_dashboard_figures(dw):
    staff = dw.users[ZA]
    in_time = make_request(dw.zone_a, dw.cat["approval"], "按时", department=dw.department)
    long_ago = datetime.combine(date(2024, 1, 2), time(9), tzinfo=SHANGHAI)
    late = make_request(dw.zone_a, dw.cat["approval"], "超时", received_at=long_ago)
    for r in (in_time, late):
        services.request_accept(request=r, user=staff)
        services.request_resolve(request=r, user=staff, text="已办结")
        r.refresh_from_db()
    assert (in_time.resolved_in_time, late.resolved_in_time) == (True, False)
    today = timezone.localdate()
    data = selectors.dashboard(
        selectors.dashboard_requests(dw.zone_a), year=today.year, today=today
    )
    month = data["months"][today.month - 1]
    assert (month["resolved"], month["in_time"], month["rate"]) == (2, 1, 50)
    assert (data["resolved"], data["in_time"]) == (2, 1)
    services.request_callback(request=in_time, user=staff, rating=5)  # 回访
    services.request_rate(request=late, rating=2)
    data = selectors.dashboard(
        selectors.dashboard_requests(dw.zone_a), year=today.year, today=today
    )
    assert data["satisfaction"]["average"] == 3.5
    assert [d["count"] for d in data["satisfaction"]["distribution"]] == [0, 1, 0, 0, 1]
    assert (data["satisfaction"]["rated"], data["satisfaction"]["on_callback"]) == (2, 1)
    assert data["open"] == 3  # the fixture's enterprise, public and complaint requests
    # Zone A's three open requests came in today: none is overdue yet.
    assert data["ages"][0]["count"] == 3 and data["overdue"] == 0
    approval = next(c for c in data["categories"] if c["name"] == "审批")
    assert (approval["resolved"], approval["in_time"], approval["rating"]) == (2, 1, 3.5)
    department = next(d for d in data["departments"] if d["name"] == "企业服务部")
    assert (department["resolved"], department["rate"]) == (1, 100)


def test_tracking_is_refused_after_repeated_failures(dw):
    from devzone.desk import views

    client = Client(REMOTE_ADDR="10.0.0.77")
    url = reverse("service:track")
    for _ in range(views.TRACK_FAILURES):
        response = client.post(url, {"code": dw.req_public.code, "phone": "13000000000"})
        assert response.status_code == 200
    # Even the right phone is refused for a while: guessing codes does not pay.
    response = client.post(url, {"code": dw.req_public.code, "phone": PHONE})
    assert response.status_code == 429
    assert dw.req_public.code not in client.session.get(views.TRACKED, [])
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.78")
    assert other.post(url, {"code": dw.req_public.code, "phone": PHONE}).status_code == 302


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        # A viewer may write no follow-up at all: refused before the body is
        # read, as every viewset refuses a create (ScopedModelViewSet.check_creatable).
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 403),
        (OUT, 400),
    ],
)
def test_api_follow_up_note(dw, role, expected):
    payload = {"request": dw.req_ent.pk, "note": "电话回访，企业确认已恢复"}
    response = api(dw, role).post("/api/v1/desk/follow-ups/", payload, format="json")
    assert response.status_code == expected, response.content
    assert FollowUp.objects.filter(note=payload["note"]).exists() == (expected == 201)


def test_api_lifecycle_and_refusals(dw):
    staff, ent = api(dw, ZS), api(dw, EN)
    url = f"/api/v1/desk/requests/{dw.req_ent.pk}/"
    refused = staff.post(url + "answer/", {"text": "已处理"}, format="json")
    assert refused.status_code == 400 and "detail" in refused.json()
    assert staff.post(url + "accept/", {}, format="json").json()["status"] == "accepted"
    assert staff.post(url + "resolve/", {"text": ""}, format="json").status_code == 400
    body = staff.post(url + "resolve/", {"text": "已恢复供水"}, format="json").json()
    assert body["status"] == "resolved" and body["resolved_in_time"] is True
    assert staff.post(url + "rate/", {"rating": 5}, format="json").status_code == 403
    assert ent.post(url + "rate/", {"rating": 6}, format="json").status_code == 400
    assert (
        ent.post(url + "reopen/", {"reason": "仍然停水"}, format="json").json()["reopen_count"] == 1
    )
    dw.req_ent.refresh_from_db()
    assert dw.req_ent.status == "received"


def test_dashboard_opens_on_the_zone_and_year_with_data(dw):
    """The platform admin, who works in no zone, opens the dashboard on the zone
    with most requests (zone A: three to zone B's one), not on the first zone by
    name (大同示例, empty), and on the newest year with resolutions."""
    staff = dw.users[ZA]
    services.request_accept(request=dw.req_public, user=staff)
    services.request_resolve(request=dw.req_public, user=staff, text="已办结")
    ServiceRequest.objects.filter(pk=dw.req_public.pk).update(
        resolved_at=datetime(2024, 5, 6, 9, tzinfo=SHANGHAI)
    )
    response = dw.client(A).get(reverse("desk:dashboard"))
    assert response.status_code == 200
    assert response.context["zone"] == dw.zone_a
    assert response.context["data"]["year"] == 2024
    # A zone asked for, or the zone a user works in, still wins.
    response = dw.client(A).get(reverse("desk:dashboard") + f"?zone={dw.zone_b.pk}")
    assert response.context["zone"] == dw.zone_b
    assert dw.client(OUT).get(reverse("desk:dashboard")).context["zone"] == dw.zone_b


def test_the_tracking_button_reads_look_it_up_not_the_status_open(dw):
    from django.utils import translation

    with translation.override("zh-hans"):
        html = Client().get(reverse("service:track"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    button = html.content.decode().split('data-testid="track-submit">')[1].split("<")[0]
    assert button == "查询"


@pytest.mark.parametrize(
    "phone,ok",
    [
        ("13912345678", True),
        ("139 1234 5678", True),
        ("+86 139-1234-5678", True),
        ("1391234567", False),  # ten digits
        ("12912345678", False),  # no mobile starts with 12
        ("0352-1234567", False),  # a landline: the public tracks by its mobile
    ],
)
def test_the_public_gives_a_mainland_mobile_number(dw, phone, ok):
    before = ServiceRequest.objects.count()
    data = {
        "zone": dw.zone_a.pk,
        "category": dw.cat["policy"].pk,
        "title": "政策咨询",
        "description": "请问有哪些优惠政策？",
        "contact_phone": phone,
    }
    response = Client(REMOTE_ADDR="10.0.0.90").post(reverse("service:form"), data)
    assert response.status_code == (302 if ok else 200)
    assert ServiceRequest.objects.count() == before + ok
    if not ok:
        assert "11" in " ".join(response.context["form"].errors["contact_phone"])
    response = api(dw, "anonymous").post("/api/v1/desk/public/requests/", data, format="json")
    assert response.status_code == (201 if ok else 400)


def test_the_english_service_form_names_the_categories_in_english(dw):
    from devzone.desk.catalogue import load_catalogue

    load_catalogue()
    url = reverse("service:form") + f"?zone={dw.zone_a.pk}"
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()
    assert ">Approvals<" in english and ">审批<" not in english
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url).content.decode()
    assert ">审批<" in chinese and ">Approvals<" not in chinese


def test_the_dashboard_names_categories_in_the_pages_language(dw):
    from django.utils import translation

    requests = selectors.dashboard_requests(dw.zone_a)
    today = timezone.localdate()
    with translation.override("en"):
        names = {
            c["name"]
            for c in selectors.dashboard(requests, year=today.year, today=today)["categories"]
        }
    assert "Water, power, gas and heating" in names and "水电气暖" not in names
    with translation.override("zh-hans"):
        names = {
            c["name"]
            for c in selectors.dashboard(requests, year=today.year, today=today)["categories"]
        }
    assert "水电气暖" in names
