"""Applications from the enterprise's form to the decision, payments that never
exceed what was approved (all or nothing), 免申即享 offers, financing cases,
and the notices each step sends."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from devzone.core.models import Notification
from devzone.core.services import record_delete, record_save
from devzone.incentives import services
from devzone.incentives.models import Application, Disbursement, FinancingCase, Policy
from devzone.testing import if_match

from .conftest import make_application

pytestmark = pytest.mark.django_db

AS = Application.Status
FS = FinancingCase.Status


def notes(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def api(world, role):
    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


# --- applying -----------------------------------------------------------------------------


def test_enterprise_applies_for_itself_and_the_zone_is_told(iw):
    client = iw.client("enterprise")
    response = client.post(
        reverse("incentives:application_add"),
        {
            "policy": iw.policy_a.pk,
            "enterprise": iw.ent_c.pk,  # ignored: an enterprise applies for itself
            "base_amount": "300000",
            "requested_amount": "15",  # 万元, as the lists show it
            "description": "租赁厂房2000平米",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get(description="租赁厂房2000平米")
    assert app.enterprise == iw.ent_a
    assert app.origin == Application.Origin.ENTERPRISE
    assert app.status == AS.SUBMITTED
    assert app.submitted_by == iw.users["enterprise"]
    assert app.submitted_on == date.today()
    assert app.suggested_amount == Decimal("150000")
    for role in ("zone_admin", "zone_staff"):
        assert any(app.number in t for t in notes(iw.users[role]))
    assert not notes(iw.users["outsider"])


def test_enterprise_cannot_apply_under_another_zones_policy_or_above_the_cap(iw):
    client = iw.client("enterprise")
    before = Application.objects.count()
    response = client.post(
        reverse("incentives:application_add"),
        {"policy": iw.policy_b.pk, "requested_amount": "1000"},
    )
    assert response.status_code == 200
    assert "policy" in response.context["form"].errors
    response = client.post(
        reverse("incentives:application_add"),
        {"policy": iw.policy_a.pk, "requested_amount": "600000", "description": "保留"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "requested_amount" in form.errors
    assert form["description"].value() == "保留"  # what the user typed is kept
    assert Application.objects.count() == before


def test_one_open_application_per_policy_and_enterprise(iw):
    client = iw.client("zone_staff")
    response = client.post(
        reverse("incentives:application_add"),
        {
            "policy": iw.policy_a.pk,
            "enterprise": iw.ent_c.pk,
            "origin": "staff",
            "submitted_on": "2024-03-05",
            "status": "submitted",
            "requested_amount": "0.1",  # 万元
        },
    )
    assert response.status_code == 200
    assert "policy" in response.context["form"].errors
    assert Application.objects.filter(enterprise=iw.ent_c).count() == 1


def test_the_application_must_fall_within_the_policys_validity(iw):
    iw.policy_a.valid_until = date(2024, 12, 31)
    iw.policy_a.save()
    app = Application(
        policy=iw.policy_a, enterprise=iw.ent_c, submitted_on=date(2025, 1, 2), status=AS.SUBMITTED
    )
    with pytest.raises(ValidationError) as exc:
        app.full_clean()
    assert "submitted_on" in exc.value.message_dict


# --- review ---------------------------------------------------------------------------------


def test_review_start_approve_with_notices_and_email(iw, django_capture_on_commit_callbacks):
    ent_user = iw.users["enterprise"]
    app = make_application(iw.policy_a, iw.ent_a, submitted_on=date(2024, 6, 1))
    staff = iw.client("zone_staff")
    url = reverse("incentives:application_review", args=[app.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url, {"decision": "under_review"}).status_code == 302
    app.refresh_from_db()
    assert app.status == AS.UNDER_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            url,
            {"decision": "approved", "approved_amount": "8", "decided_on": "2024-06-20"},
        )
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.approved_amount, app.decided_by) == (
        AS.APPROVED,
        Decimal("80000"),
        iw.users["zone_staff"],
    )
    titles = notes(ent_user)
    assert len(titles) == 2 and all(app.number in t for t in titles)
    assert [m.to for m in mail.outbox] == [[ent_user.email], [ent_user.email]]
    history = list(
        app.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        assert history[-2:] == [gettext("Review started"), gettext("Approved")]


def test_a_rejection_needs_its_reason_and_bad_input_changes_nothing(iw):
    staff = iw.client("zone_staff")
    url = reverse("incentives:application_review", args=[iw.app_c.pk])
    response = staff.post(url, {"decision": "rejected", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    response = staff.post(url, {"decision": "approved", "approved_amount": "900000"})
    assert response.status_code == 200
    assert response.context["form"].errors["approved_amount"]
    iw.app_c.refresh_from_db()
    assert iw.app_c.status == AS.SUBMITTED and iw.app_c.version == 1
    response = staff.post(url, {"decision": "rejected", "note": "材料不全"})
    assert response.status_code == 302
    iw.app_c.refresh_from_db()
    assert iw.app_c.status == AS.REJECTED and iw.app_c.decision_note == "材料不全"


def test_decisions_follow_the_allowed_steps(iw):
    app = iw.app_a  # approved, 40,000 paid
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app, user=iw.users["zone_staff"], status=AS.REJECTED, note="x"
        )
    # Reopening a paid application is refused: it stays approved.
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app, user=iw.users["zone_staff"], status=AS.UNDER_REVIEW
        )
    app.refresh_from_db()
    assert app.status == AS.APPROVED
    # The page says so instead of offering a decision that would be refused.
    response = iw.client("zone_staff").get(reverse("incentives:application_review", args=[app.pk]))
    assert response.status_code == 302 and response["Location"] == app.get_absolute_url()
    body = iw.client("zone_staff").get(app.get_absolute_url()).content.decode()
    assert 'data-testid="decide"' not in body and 'data-testid="add-disbursement"' in body


def test_the_enterprise_cannot_decide_nor_edit_once_handled(iw):
    ent = iw.client("enterprise")
    app = make_application(iw.policy_a, iw.ent_a, submitted_on=date(2024, 6, 1))
    assert ent.get(reverse("incentives:application_review", args=[app.pk])).status_code == 403
    edit = reverse("incentives:application_edit", args=[app.pk])
    assert ent.get(edit).status_code == 200  # still only submitted
    response = ent.post(
        edit, {"policy": iw.policy_a.pk, "requested_amount": "0.5", "version": app.version}
    )
    assert response.status_code == 302
    services.application_decide(
        application=app, user=iw.users["zone_staff"], status=AS.UNDER_REVIEW
    )
    assert ent.get(edit).status_code == 403
    response = api(iw, "enterprise").patch(
        f"/api/v1/incentives/applications/{app.pk}/",
        {"requested_amount": "1"},
        format="json",
        **if_match(app),
    )
    assert response.status_code == 403
    response = api(iw, "enterprise").patch(
        f"/api/v1/incentives/applications/{iw.app_a.pk}/",
        {"status": "rejected", "approved_amount": "999999"},
        format="json",
        **if_match(iw.app_a),
    )
    assert response.status_code == 403
    # Even written directly, the service refuses an enterprise's decision.
    app.refresh_from_db()
    app.status = AS.APPROVED
    app.approved_amount, app.decided_on = Decimal(1), date(2024, 7, 1)
    with pytest.raises(ValidationError):
        record_save(instance=app, user=iw.users["enterprise"])
    app.refresh_from_db()
    assert app.status == AS.UNDER_REVIEW


def test_api_application_by_enterprise_user_is_its_own(iw):
    response = api(iw, "enterprise").post(
        "/api/v1/incentives/applications/",
        {
            "policy": iw.policy_a.pk,
            "enterprise": iw.ent_c.pk,
            "status": "approved",
            "approved_amount": "100",
            "requested_amount": "1000",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["enterprise"] == iw.ent_a.pk
    assert data["status"] == "submitted" and data["approved_amount"] is None
    assert data["origin"] == "enterprise"


def test_api_review_and_bad_decision(iw):
    client = api(iw, "zone_admin")
    url = f"/api/v1/incentives/applications/{iw.app_c.pk}/review/"
    response = client.post(url, {"decision": "approved"}, format="json")
    assert response.status_code == 400
    assert "approved_amount" in response.json()
    response = client.post(url, {"decision": "approved", "approved_amount": "5000"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert (
        api(iw, "outsider").post(url, {"decision": "under_review"}, format="json").status_code
        == 404
    )
    response = api(iw, "enterprise").post(
        f"/api/v1/incentives/applications/{iw.app_a.pk}/review/",
        {"decision": "rejected"},
        format="json",
    )
    assert response.status_code == 403


# --- disbursements ------------------------------------------------------------------------


def _pay(world, amount, paid_on="2024-06-01", role="zone_staff", app=None):
    """A payment of ``amount`` 元, typed on the page in 万元."""
    typed = format((Decimal(amount) / 10000).normalize(), "f")
    return world.client(role).post(
        reverse("incentives:disbursement_add"),
        {"application": (app or world.app_a).pk, "paid_on": paid_on, "amount": typed},
    )


def test_payments_up_to_the_approved_amount_and_the_enterprise_is_told(iw):
    ent_user = iw.users["enterprise"]
    assert _pay(iw, "60000").status_code == 302
    assert services.disbursed_total(iw.app_a.pk) == Decimal("100000")
    assert any("60,000.00" in t for t in notes(ent_user))


def test_a_payment_above_what_remains_is_refused_and_nothing_changes(iw):
    response = _pay(iw, "60000.01")
    assert response.status_code == 200
    assert "100,000.00" in " ".join(response.context["form"].non_field_errors())
    assert response.context["form"]["amount"].value() == "6.000001"  # as typed, in 万元
    assert Disbursement.objects.filter(application=iw.app_a).count() == 1
    assert not notes(iw.users["enterprise"])


def test_payments_only_on_approved_applications_and_after_the_decision(iw):
    response = _pay(iw, "10", app=iw.app_c)
    assert response.status_code == 200 and "application" in response.context["form"].errors
    response = _pay(iw, "10", paid_on="2024-03-01")
    assert "paid_on" in response.context["form"].errors
    assert Disbursement.objects.count() == 1


def test_the_approved_amount_cannot_drop_below_what_was_paid(iw):
    app = Application.objects.get(pk=iw.app_a.pk)
    app.approved_amount = Decimal("39999.99")
    with pytest.raises(ValidationError):
        record_save(instance=app, user=iw.users["zone_staff"])
    iw.app_a.refresh_from_db()
    assert iw.app_a.approved_amount == Decimal("100000")
    response = iw.client("zone_staff").post(
        reverse("incentives:application_edit", args=[iw.app_a.pk]),
        {
            "policy": iw.policy_a.pk,
            "enterprise": iw.ent_a.pk,
            "origin": "staff",
            "submitted_on": "2024-03-01",
            "status": "approved",
            "approved_amount": "3",  # 万元
            "decided_on": "2024-04-01",
            "requested_amount": "10",
            "version": iw.app_a.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_editing_a_payment_keeps_the_total_within_the_approved(iw):
    payment = Disbursement.objects.get(pk=iw.payment_a.pk)
    payment.amount = Decimal("100000.01")
    with pytest.raises(ValidationError):
        record_save(instance=payment, user=iw.users["zone_staff"])
    payment.refresh_from_db()
    assert payment.amount == Decimal("40000")
    record_delete(instance=payment, user=iw.users["zone_staff"])
    assert services.disbursed_total(iw.app_a.pk) == 0


def test_api_payment_above_the_approved_is_refused(iw):
    client = api(iw, "zone_staff")
    response = client.post(
        "/api/v1/incentives/disbursements/",
        {"application": iw.app_a.pk, "paid_on": "2024-06-01", "amount": "70000"},
        format="json",
    )
    assert response.status_code == 400
    assert Disbursement.objects.count() == 1
    response = client.post(
        "/api/v1/incentives/disbursements/",
        {"application": iw.app_a.pk, "paid_on": "2024-06-01", "amount": "60000"},
        format="json",
    )
    assert response.status_code == 201
    response = api(iw, "enterprise").post(
        "/api/v1/incentives/disbursements/",
        {"application": iw.app_a.pk, "paid_on": "2024-07-01", "amount": "1"},
        format="json",
    )
    assert response.status_code == 403


def test_concurrent_style_batch_is_all_or_nothing(iw):
    """Two payments written together that exceed the approved amount: neither stays."""
    from django.db import transaction

    from devzone.core.services import after_writes_deferred

    with pytest.raises(ValidationError), transaction.atomic(), after_writes_deferred():
        for paid_on, amount in ((date(2024, 6, 1), "30000"), (date(2024, 7, 1), "30001")):
            record_save(
                instance=Disbursement(
                    application=iw.app_a, paid_on=paid_on, amount=Decimal(amount)
                ),
                user=iw.users["zone_staff"],
            )
    assert Disbursement.objects.count() == 1
    assert not notes(iw.users["enterprise"])


# --- 免申即享 -------------------------------------------------------------------------------


def test_offer_creates_the_application_and_tells_the_enterprise(iw):
    policy = Policy.objects.get(pk=iw.policy_a.pk)
    policy.req_chain = None
    policy.req_min_employees = 200
    policy.save()
    url = reverse("incentives:policy_offer", args=[policy.pk, iw.ent_c.pk])
    Application.objects.filter(enterprise=iw.ent_c).delete()
    assert iw.client("enterprise").post(url).status_code == 403
    assert iw.client("province_viewer").post(url).status_code == 403
    assert not Application.objects.filter(enterprise=iw.ent_c).exists()
    response = iw.client("zone_staff").post(url)
    assert response.status_code == 302
    app = Application.objects.get(enterprise=iw.ent_c)
    assert app.origin == Application.Origin.PROACTIVE and app.status == AS.SUBMITTED
    assert app.submitted_by == iw.users["zone_staff"]
    # A second offer is refused; 甲企业 (no employees) does not qualify.
    iw.client("zone_staff").post(url)
    assert Application.objects.filter(enterprise=iw.ent_c).count() == 1
    iw.client("zone_staff").post(reverse("incentives:policy_offer", args=[policy.pk, iw.ent_a.pk]))
    assert Application.objects.filter(enterprise=iw.ent_a).count() == 1


def test_offer_needs_a_policy_in_force(iw):
    policy = Policy.objects.get(pk=iw.policy_a.pk)
    policy.valid_until = date(2021, 1, 1)
    policy.save()
    Application.objects.filter(enterprise=iw.ent_c).delete()
    from devzone.core.models import ChainMember

    ChainMember.objects.create(chain=iw.chain_a, enterprise=iw.ent_c, role="core")
    with pytest.raises(ValidationError):
        services.application_offer(policy=policy, enterprise=iw.ent_c, user=iw.users["zone_staff"])


# --- financing ------------------------------------------------------------------------------


def test_financing_request_by_enterprise_then_granted_by_staff(iw):
    ent = iw.client("enterprise")
    response = ent.post(
        reverse("incentives:financing_add"),
        {
            "lender": "县农商银行",
            "product": "loan",
            "amount_requested": "1000000",
            "applied_on": "2024-08-01",
            "status": "granted",  # ignored: the zone records the lender's answer
            "amount_granted": "1000000",
        },
    )
    assert response.status_code == 302
    case = FinancingCase.objects.get(lender="县农商银行")
    assert case.enterprise == iw.ent_a and case.status == FS.APPLIED and case.amount_granted is None
    assert any("县农商银行" in t for t in notes(iw.users["zone_staff"]))
    staff = iw.client("zone_staff")
    data = {
        "enterprise": iw.ent_a.pk,
        "lender": "县农商银行",
        "product": "loan",
        "amount_requested": "1000000",
        "applied_on": "2024-08-01",
        "status": "granted",
        "version": case.version,
    }
    response = staff.post(reverse("incentives:financing_edit", args=[case.pk]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"amount_granted", "decided_on"}
    data.update(amount_granted="900000", decided_on="2024-09-01")
    response = staff.post(reverse("incentives:financing_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == FS.GRANTED
    assert any("县农商银行" in t for t in notes(iw.users["enterprise"]))
    assert ent.get(reverse("incentives:financing_edit", args=[case.pk])).status_code == 403


def test_financing_dates_and_amounts_are_checked(iw):
    case = FinancingCase(
        enterprise=iw.ent_a,
        lender="x",
        product="loan",
        amount_requested=Decimal(1),
        applied_on=date(2024, 5, 1),
        status=FS.REJECTED,
        amount_granted=Decimal(1),
        decided_on=date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as exc:
        case.full_clean()
    assert set(exc.value.message_dict) == {"amount_granted", "decided_on"}


def test_a_second_application_the_same_day_is_refused_not_an_error(iw):
    """The enterprise's form has no date or enterprise field: the rule still holds."""
    client = iw.client("enterprise")
    payload = {"policy": iw.policy_a.pk, "requested_amount": "0.1"}  # 万元
    assert client.post(reverse("incentives:application_add"), payload).status_code == 302
    app = Application.objects.get(enterprise=iw.ent_a, submitted_on=date.today())
    services.application_decide(
        application=app, user=iw.users["zone_staff"], status=AS.REJECTED, note="材料不全"
    )
    response = client.post(reverse("incentives:application_add"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors["policy"]
    assert Application.objects.filter(enterprise=iw.ent_a, submitted_on=date.today()).count() == 1


def test_a_duplicate_financing_request_is_refused(iw):
    payload = {
        "lender": "示例银行",
        "product": "loan",
        "amount_requested": "1000",
        "applied_on": "2024-02-01",
    }
    response = api(iw, "enterprise").post("/api/v1/incentives/financing/", payload, format="json")
    assert response.status_code == 400, response.content
    assert FinancingCase.objects.filter(enterprise=iw.ent_a).count() == 1
    response = iw.client("enterprise").post(reverse("incentives:financing_add"), payload)
    assert response.status_code == 200 and response.context["form"].errors["lender"]
