"""A small incentives world on top of the shared ``world``: a policy in zone A
and one in zone B, applications of 甲企业 and of a neighbour in zone A (丙企业)
and of 乙企业 in zone B, a payment, and financing cases of each."""

from datetime import date
from decimal import Decimal

from devzone.core.demo import sample_credit_code
from devzone.core.models import Enterprise
from devzone.incentives.models import Application, Disbursement, FinancingCase, Policy
from devzone.testing import world_fixtures

AS = Application.Status


def make_policy(zone, title, **kw):
    values = {
        "issuing_office": "管委会",
        "contact_office": "企业服务中心",
        "office_phone": "0352-1234567",
        "conditions": "入驻企业",
        "amount_rule": Policy.AmountRule.PERCENT,
        "rate_percent": Decimal("50"),
        "base": Policy.Base.RENT,
        "cap": Decimal("500000"),
        "valid_from": date(2020, 1, 1),
        **kw,
    }
    return Policy.objects.create(zone=zone, title=title, **values)


def make_application(policy, enterprise, **kw):
    values = {"submitted_on": date(2024, 3, 1), "requested_amount": Decimal("100000"), **kw}
    app = Application(policy=policy, enterprise=enterprise, **values)
    app.save()
    return app


def _build_iw(world):
    world.ent_c = Enterprise.objects.create(
        zone=world.zone_a,
        credit_code=sample_credit_code("140223", 3),
        name="丙企业",
        industry_code="C18",
        employees=300,
        scale=Enterprise.Scale.ABOVE,
    )
    world.policy_a = make_policy(world.zone_a, "厂房租赁优惠", req_chain=world.chain_a)
    world.policy_b = make_policy(world.zone_b, "乙区奖励")
    world.app_a = make_application(
        world.policy_a,
        world.ent_a,
        status=AS.APPROVED,
        approved_amount=Decimal("100000"),
        decided_on=date(2024, 4, 1),
    )
    world.payment_a = Disbursement.objects.create(
        application=world.app_a, paid_on=date(2024, 5, 1), amount=Decimal("40000")
    )
    world.app_c = make_application(world.policy_a, world.ent_c)
    world.app_b = make_application(world.policy_b, world.ent_b)
    world.case_a = FinancingCase.objects.create(
        enterprise=world.ent_a,
        lender="示例银行",
        product=FinancingCase.Product.LOAN,
        amount_requested=Decimal("2000000"),
        applied_on=date(2024, 2, 1),
    )
    world.case_c = FinancingCase.objects.create(
        enterprise=world.ent_c,
        lender="示例银行",
        product=FinancingCase.Product.LOAN,
        amount_requested=Decimal("3000000"),
        applied_on=date(2024, 2, 1),
    )
    world.case_b = FinancingCase.objects.create(
        enterprise=world.ent_b,
        lender="示例银行",
        product=FinancingCase.Product.GUARANTEE,
        amount_requested=Decimal("1000000"),
        amount_granted=Decimal("800000"),
        status=FinancingCase.Status.GRANTED,
        applied_on=date(2024, 2, 1),
        decided_on=date(2024, 3, 1),
    )
    return world


iw_once, iw = world_fixtures(_build_iw, name="iw")
