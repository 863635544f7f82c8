"""Who may open every page and endpoint of incentives, role by role: an
enterprise user sees only its own applications and financing cases and
applies only for itself; outsiders see nothing of zone A; the public sees
nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.incentives.models import Application, Disbursement, FinancingCase, Policy
from devzone.testing import ROLES, if_match

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


def expect(default, **overrides):
    """Expected status per role: ``default`` for signed-in roles unless
    overridden; anonymous users are sent to the login page (302)."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def api(world, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


# Zone A's records: its zone, the province, and (for its own) the enterprise.
READ_A = expect(200, city_b_viewer=404, outsider=404)
READ_A_NOT_ENTERPRISE = expect(200, city_b_viewer=404, outsider=404, enterprise=404)
READ_B = expect(404, platform_admin=200, province_viewer=200, city_b_viewer=200, outsider=200)
EDIT_A = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)
CREATE = expect(403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200)
CREATE_OR_APPLY = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, outsider=200, enterprise=200
)
STAFF_OF_A = expect(
    403, platform_admin=200, zone_admin=200, zone_staff=200, city_b_viewer=404, outsider=404
)

R = reverse
PAGES = {
    "summary": (lambda w: R("incentives:summary"), expect(200)),
    "policy_list": (lambda w: R("incentives:policy_list"), expect(200)),
    "policy_detail": (lambda w: R("incentives:policy_detail", args=[w.policy_a.pk]), READ_A),
    "policy_detail_b": (lambda w: R("incentives:policy_detail", args=[w.policy_b.pk]), READ_B),
    "policy_add": (lambda w: R("incentives:policy_add"), CREATE),
    "policy_edit": (lambda w: R("incentives:policy_edit", args=[w.policy_a.pk]), EDIT_A),
    "policy_delete": (lambda w: R("incentives:policy_delete", args=[w.policy_a.pk]), EDIT_A),
    "policy_history": (lambda w: R("incentives:policy_history", args=[w.policy_a.pk]), READ_A),
    "policy_import": (lambda w: R("incentives:policy_import"), CREATE),
    "policy_export": (lambda w: R("incentives:policy_export") + "?format=csv", expect(200)),
    "policy_eligible": (
        lambda w: R("incentives:policy_eligible", args=[w.policy_a.pk]),
        expect(200, city_b_viewer=404, outsider=404, enterprise=403),
    ),
    "application_list": (lambda w: R("incentives:application_list"), expect(200)),
    "application_own": (
        lambda w: R("incentives:application_detail", args=[w.app_a.pk]),
        READ_A,
    ),
    "application_neighbours": (
        lambda w: R("incentives:application_detail", args=[w.app_c.pk]),
        READ_A_NOT_ENTERPRISE,
    ),
    "application_b": (lambda w: R("incentives:application_detail", args=[w.app_b.pk]), READ_B),
    "application_add": (lambda w: R("incentives:application_add"), CREATE_OR_APPLY),
    # Approved already: the enterprise may no longer change it.
    "application_edit_own_decided": (
        lambda w: R("incentives:application_edit", args=[w.app_a.pk]),
        EDIT_A,
    ),
    "application_edit_neighbours": (
        lambda w: R("incentives:application_edit", args=[w.app_c.pk]),
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
    "application_delete": (
        lambda w: R("incentives:application_delete", args=[w.app_c.pk]),
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
    "application_history": (
        lambda w: R("incentives:application_history", args=[w.app_a.pk]),
        READ_A,
    ),
    "application_review": (
        lambda w: R("incentives:application_review", args=[w.app_c.pk]),
        {**STAFF_OF_A, "enterprise": 404},
    ),
    "application_import": (lambda w: R("incentives:application_import"), CREATE_OR_APPLY),
    "application_export": (
        lambda w: R("incentives:application_export") + "?format=xlsx",
        expect(200),
    ),
    "disbursement_list": (lambda w: R("incentives:disbursement_list"), expect(200)),
    "disbursement_detail": (
        lambda w: R("incentives:disbursement_detail", args=[w.payment_a.pk]),
        READ_A,
    ),
    "disbursement_add": (lambda w: R("incentives:disbursement_add"), CREATE),
    "disbursement_edit": (
        lambda w: R("incentives:disbursement_edit", args=[w.payment_a.pk]),
        EDIT_A,
    ),
    "disbursement_import": (lambda w: R("incentives:disbursement_import"), CREATE),
    "financing_list": (lambda w: R("incentives:financing_list"), expect(200)),
    "financing_own": (lambda w: R("incentives:financing_detail", args=[w.case_a.pk]), READ_A),
    "financing_neighbours": (
        lambda w: R("incentives:financing_detail", args=[w.case_c.pk]),
        READ_A_NOT_ENTERPRISE,
    ),
    "financing_b": (lambda w: R("incentives:financing_detail", args=[w.case_b.pk]), READ_B),
    "financing_add": (lambda w: R("incentives:financing_add"), CREATE_OR_APPLY),
    # Still only applied: its enterprise may correct it.
    "financing_edit_own": (
        lambda w: R("incentives:financing_edit", args=[w.case_a.pk]),
        expect(
            403,
            platform_admin=200,
            zone_admin=200,
            zone_staff=200,
            enterprise=200,
            city_b_viewer=404,
            outsider=404,
        ),
    ),
    "financing_delete": (
        lambda w: R("incentives:financing_delete", args=[w.case_a.pk]),
        EDIT_A,
    ),
    "financing_import": (lambda w: R("incentives:financing_import"), CREATE_OR_APPLY),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(iw, role, page):
    url_of, expected = PAGES[page]
    response = iw.client(role).get(url_of(iw))
    assert response.status_code == expected[role], f"{role} {page}"


API = "/api/v1/incentives"
API_READS = {
    "policies": (lambda w: f"{API}/policies/", expect(200, anonymous=401)),
    "policy_a": (
        lambda w: f"{API}/policies/{w.policy_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "policy_b": (lambda w: f"{API}/policies/{w.policy_b.pk}/", {**READ_B, "anonymous": 401}),
    "policy_a_eligible": (
        lambda w: f"{API}/policies/{w.policy_a.pk}/eligible/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404, enterprise=403),
    ),
    "applications": (lambda w: f"{API}/applications/", expect(200, anonymous=401)),
    "application_own": (
        lambda w: f"{API}/applications/{w.app_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "application_neighbours": (
        lambda w: f"{API}/applications/{w.app_c.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404, enterprise=404),
    ),
    "disbursements": (lambda w: f"{API}/disbursements/", expect(200, anonymous=401)),
    "disbursement_a": (
        lambda w: f"{API}/disbursements/{w.payment_a.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
    "financing": (lambda w: f"{API}/financing/", expect(200, anonymous=401)),
    "financing_neighbours": (
        lambda w: f"{API}/financing/{w.case_c.pk}/",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404, enterprise=404),
    ),
    "summary": (lambda w: f"{API}/summary/", expect(200, anonymous=401)),
    "summary_zone_a": (
        lambda w: f"{API}/summary/?zone={w.zone_a.pk}",
        expect(200, anonymous=401, city_b_viewer=404, outsider=404),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API_READS))
def test_api_read_matrix(iw, role, endpoint):
    url_of, expected = API_READS[endpoint]
    assert api(iw, role).get(url_of(iw)).status_code == expected[role], f"{role} {endpoint}"


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
def test_api_patch_policy(iw, role, expected):
    response = api(iw, role).patch(
        f"{API}/policies/{iw.policy_a.pk}/",
        {"contact_person": "新联系人"},
        format="json",
        **if_match(iw.policy_a),
    )
    assert response.status_code == expected, response.content
    iw.policy_a.refresh_from_db()
    assert (iw.policy_a.contact_person == "新联系人") == (expected == 200)


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
def test_api_create_policy_in_zone_a(iw, role, expected):
    payload = {
        "zone": iw.zone_a.pk,
        "title": "新政策",
        "issuing_office": "管委会",
        "contact_office": "中心",
        "conditions": "条件",
        "amount_rule": "fixed",
        "fixed_amount": "100000",
        "valid_from": "2024-01-01",
    }
    response = api(iw, role).post(f"{API}/policies/", payload, format="json")
    assert response.status_code == expected, response.content
    assert Policy.objects.filter(title="新政策").exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 403),
        (ZA, 201),
        (ZS, 201),
        (EN, 201),
        (OUT, 400),
    ],
)
def test_api_apply_for_ent_c_in_zone_a(iw, role, expected):
    """Staff of zone A enter it; the enterprise user may apply but only for itself."""
    Application.objects.filter(enterprise=iw.ent_c).delete()
    payload = {"policy": iw.policy_a.pk, "enterprise": iw.ent_c.pk, "requested_amount": "1000"}
    response = api(iw, role).post(f"{API}/applications/", payload, format="json")
    assert response.status_code == expected, response.content
    created = Application.objects.filter(requested_amount=1000, policy=iw.policy_a)
    if role == EN:
        assert created.get().enterprise == iw.ent_a
    else:
        assert created.filter(enterprise=iw.ent_c).exists() == (expected == 201)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 204),
        (PV, 403),
        (CB, 404),
        (ZA, 204),
        (ZS, 204),
        (EN, 404),
        (OUT, 404),
    ],
)
def test_api_delete_neighbours_financing(iw, role, expected):
    response = api(iw, role).delete(f"{API}/financing/{iw.case_c.pk}/", **if_match(iw.case_c))
    assert response.status_code == expected, response.content
    assert FinancingCase.objects.filter(pk=iw.case_c.pk).exists() == (expected != 204)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 401),
        (A, 201),
        (PV, 403),
        (CB, 404),
        (ZA, 201),
        (ZS, 201),
        (EN, 403),
        (OUT, 404),
    ],
)
def test_api_offer(iw, role, expected):
    from devzone.core.models import ChainMember

    ChainMember.objects.create(chain=iw.chain_a, enterprise=iw.ent_c, role="core")
    Application.objects.filter(enterprise=iw.ent_c).delete()
    response = api(iw, role).post(
        f"{API}/policies/{iw.policy_a.pk}/offer/", {"enterprise": iw.ent_c.pk}, format="json"
    )
    assert response.status_code == expected, response.content
    assert Application.objects.filter(enterprise=iw.ent_c).exists() == (expected == 201)


def test_lists_follow_scope(iw):
    """Pages, exports and the API list only what each role may see."""
    cases = {
        EN: ({"甲企业"}, {"丙企业", "乙企业"}),
        ZS: ({"甲企业", "丙企业"}, {"乙企业"}),
        OUT: ({"乙企业"}, {"甲企业", "丙企业"}),
        CB: ({"乙企业"}, {"甲企业", "丙企业"}),
    }
    for role, (seen, unseen) in cases.items():
        client = iw.client(role)
        for name in ("application", "financing", "disbursement"):
            body = client.get(reverse(f"incentives:{name}_list")).content.decode()
            csv = client.get(reverse(f"incentives:{name}_export") + "?format=csv").content.decode(
                "utf-8-sig"
            )
            for text in (body, csv):
                for enterprise in unseen:
                    assert enterprise not in text, (role, name, enterprise)
            if name != "disbursement":
                for enterprise in seen:
                    assert enterprise in body, (role, name, enterprise)
        names = {
            row["enterprise"] for row in api(iw, role).get(f"{API}/applications/").json()["results"]
        }
        expected = {
            {"甲企业": iw.ent_a, "丙企业": iw.ent_c, "乙企业": iw.ent_b}[n].pk for n in seen
        }
        assert names == expected, role
    assert api(iw, "anonymous").get(f"{API}/applications/").status_code == 401
    assert iw.client("anonymous").get(reverse("incentives:summary")).status_code == 302


def test_summary_shows_only_what_the_role_may_see(iw):
    body = iw.client(OUT).get(reverse("incentives:summary")).content.decode()
    assert "广灵" not in body  # nothing of zone A
    assert "晋城经济技术开发区" in body
    data = api(iw, EN).get(f"{API}/summary/").json()
    assert [z["name"] for z in data["zones"]] == ["广灵经济技术开发区"]
    assert data["total"]["disbursed"] == "40000.00"


def test_enterprise_user_never_sees_other_enterprises_on_a_policy(iw):
    body = (
        iw.client(EN)
        .get(reverse("incentives:policy_detail", args=[iw.policy_a.pk]))
        .content.decode()
    )
    assert "丙企业" not in body
    assert "eligible-link" not in body
    assert 'data-testid="apply"' in body


def test_public_sees_nothing(iw):
    client = iw.client("anonymous")
    for url in (
        reverse("incentives:policy_list"),
        reverse("incentives:policy_detail", args=[iw.policy_a.pk]),
        reverse("incentives:summary"),
        reverse("incentives:policy_eligible", args=[iw.policy_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(reverse("incentives:policy_offer", args=[iw.policy_a.pk, iw.ent_c.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Disbursement.objects.count() == 1
