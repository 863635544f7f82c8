"""Incentives and financing from the seed page.

晋城: "近年来为51家企业兑现优惠政策资金12亿元，帮助企业融资33.51亿元". The page
names neither the enterprises nor the policies, so both are samples (示例): the
members of the 光机电 chain and invented enterprises, 51 in all, paid 12亿元
in total from 2021 to mid-2024 under sample policies, and financing granted
to 30 of them that totals 33.51亿元.

垣曲: "制定厂房租赁、技术改造等十条优惠政策，对智能制造示范企业、“两化”融合企业、
高新技术企业、科技创新型企业等给予奖励": ten policies, six named by the page
(their amounts and conditions are samples) and four invented; 舜天服饰's rent
subsidy for its 7,000㎡ of leased factory, approved and half paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from devzone.core.demo import SEED, sample_credit_code
from devzone.core.models import ChainMember, Enterprise, IndustryChain, User, Zone
from devzone.core.services import system_save

from .models import Application, Disbursement, FinancingCase, Policy

WAN = Decimal(10_000)
JINCHENG_ENTERPRISES = 51
JINCHENG_DISBURSED = Decimal("1200000000.00")  # 12亿元
JINCHENG_FINANCED = Decimal("3351000000.00")  # 33.51亿元
JINCHENG_FINANCED_ENTERPRISES = 30
AWARD = Decimal("500000.00")
AWARDED = 6  # enterprises (规上) that also received the 规上 award

P, B, K = Policy.AmountRule, Policy.Base, Policy.Kind
AS = Application.Status


def _save(obj, reason=SEED):
    return system_save(instance=obj, reason=reason, quiet=True)


def _upsert(model, lookup: dict, values: dict):
    """Create or update on a natural key; unchanged records are not written again."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return _save(model(**lookup, **values))
    if any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        _save(obj)
    return obj


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """``total`` shared by ``weights``, each share in whole 万元, the first
    taking what rounding leaves so that the shares add up exactly."""
    whole = sum(weights)
    shares = [
        (total * w / whole / WAN).quantize(Decimal(1), rounding="ROUND_FLOOR") * WAN
        for w in weights
    ]
    shares[0] += total - sum(shares)
    return shares


# --- 晋城 ----------------------------------------------------------------------------------

JC_OFFICE = {
    "issuing_office": "晋城经济技术开发区管委会",
    "contact_office": "企业服务局（示例）",
    "contact_person": "政策兑现专员（示例）",
    "office_phone": "0356-8880010",
}

JC_POLICIES = [
    # title, kind, rule, fixed, rate, base, cap, valid from, conditions
    (
        "光机电产业项目投资奖励（示例）",
        K.INVESTMENT,
        P.PERCENT,
        None,
        Decimal("2"),
        B.INVESTMENT,
        Decimal("50000000"),
        date(2021, 1, 1),
        "（示例条款）在区内新建光机电产业项目、完成固定资产投资的企业，按实际投资额的2%给予奖励，单个项目最高5000万元。",
    ),
    (
        "研发创新补助（示例）",
        K.INNOVATION,
        P.PERCENT,
        None,
        Decimal("20"),
        B.RD,
        Decimal("30000000"),
        date(2021, 1, 1),
        "（示例条款）企业年度研发费用的20%给予补助，单户最高3000万元；依托“两院一站一平台”转化的项目优先。",
    ),
    (
        "标准厂房租金补贴（示例）",
        K.RENT,
        P.PERCENT,
        None,
        Decimal("50"),
        B.RENT,
        Decimal("20000000"),
        date(2021, 1, 1),
        "（示例条款）租用区内标准厂房、孵化器、加速器的企业，按实付租金的50%给予补贴，单户最高2000万元，实现“拎包入住”。",
    ),
    (
        "规上工业企业培育奖励（示例）",
        K.AWARD,
        P.FIXED,
        AWARD,
        None,
        "",
        None,
        date(2021, 1, 1),
        "（示例条款）在营的规模以上工业企业，一次性奖励50万元；平台按企业规模和经营状态自动匹配，免申即享。",
    ),
    (
        "光机电产业链协同奖励（示例）",
        K.AWARD,
        P.FIXED,
        Decimal("1000000"),
        None,
        "",
        None,
        date(2024, 1, 1),
        "（示例条款）光机电产业链上的企业，一次性奖励100万元；平台按产业链成员自动匹配，免申即享。",
    ),
]

# Invented enterprises of 晋城's 光机电 cluster: (name stem, GB/T 4754 code).
STEMS = [
    ("光电器件", "C3976"),
    ("精密机械", "C34"),
    ("智能装备", "C35"),
    ("电子元件", "C39"),
    ("光学材料", "C30"),
    ("仪器仪表", "C40"),
    ("激光设备", "C35"),
]

LENDERS = [
    ("国有商业银行晋城分行（示例）", FinancingCase.Product.LOAN),
    ("股份制银行晋城分行（示例）", FinancingCase.Product.LOAN),
    ("晋城农商银行（示例）", FinancingCase.Product.SUPPLY_CHAIN),
    ("市融资担保公司（示例）", FinancingCase.Product.GUARANTEE),
    ("光机电产业投资基金（示例）", FinancingCase.Product.EQUITY),
    ("融资租赁公司（示例）", FinancingCase.Product.LEASING),
    ("企业债券（示例）", FinancingCase.Product.BOND),
]


def _jincheng_enterprises(zone: Zone) -> list[Enterprise]:
    """The 光机电 chain's members, then invented enterprises: 51 in all."""
    members = [
        m.enterprise
        for m in ChainMember.objects.filter(chain__zone=zone, chain__name="光机电产业链")
        .select_related("enterprise")
        .order_by("role", "enterprise__name")
    ][:JINCHENG_ENTERPRISES]
    result = list(members)
    n = 0
    while len(result) < JINCHENG_ENTERPRISES:
        n += 1
        stem, industry = STEMS[n % len(STEMS)]
        name = f"晋城{stem}示例企业{n:02d}"
        existing = Enterprise.objects.filter(zone=zone, name=name).first()
        code = existing.credit_code if existing else sample_credit_code(zone.region.code, 7000 + n)
        result.append(
            _upsert(
                Enterprise,
                {"credit_code": code},
                {
                    "zone": zone,
                    "name": name,
                    "industry_code": industry,
                    "scale": Enterprise.Scale.BELOW if n % 3 == 0 else Enterprise.Scale.ABOVE,
                    "employees": 60 + (n * 37) % 420,
                    "status": Enterprise.Status.OPERATING,
                    "is_sample": True,
                },
            )
        )
    return result


def _application(policy, enterprise, submitted_on, **values) -> Application:
    return _upsert(
        Application,
        {"policy": policy, "enterprise": enterprise, "submitted_on": submitted_on},
        {"is_sample": True, **values},
    )


def _pay(app: Application, payments: list[tuple[date, Decimal]]) -> int:
    for paid_on, amount in payments:
        _upsert(
            Disbursement,
            {"application": app, "paid_on": paid_on},
            {
                "amount": amount,
                "reference": f"示例凭证-{app.number}-{paid_on:%m%d}",
                "is_sample": True,
            },
        )
    return len(payments)


def _load_jincheng(zone: Zone, agent: User | None) -> dict[str, int]:
    chain = IndustryChain.objects.filter(zone=zone, name="光机电产业链").first()
    criteria = {
        "规上工业企业培育奖励（示例）": {
            "req_scale": Enterprise.Scale.ABOVE,
            "req_operating": True,
        },
        "光机电产业链协同奖励（示例）": {"req_chain": chain},
    }
    policies = {}
    for title, kind, rule, fixed, rate, base, cap, start, conditions in JC_POLICIES:
        policies[title] = _upsert(
            Policy,
            {"zone": zone, "title": title},
            {
                "kind": kind,
                "amount_rule": rule,
                "fixed_amount": fixed,
                "rate_percent": rate,
                "base": base,
                "cap": cap,
                "valid_from": start,
                "valid_until": None,
                "conditions": conditions,
                "is_sample": True,
                **JC_OFFICE,
                **criteria.get(title, {}),
            },
        )
    invest, rd, rent, award, _chain_award = (policies[p[0]] for p in JC_POLICIES)

    enterprises = _jincheng_enterprises(zone)
    awarded = [e for e in enterprises if e.scale == Enterprise.Scale.ABOVE][:AWARDED]
    main = _split(
        JINCHENG_DISBURSED - AWARD * len(awarded),
        [JINCHENG_ENTERPRISES - i + 20 for i in range(1, JINCHENG_ENTERPRISES + 1)],
    )
    applications = payments = 0
    for i, (enterprise, amount) in enumerate(zip(enterprises, main, strict=True), start=1):
        policy = invest if i <= 17 else rd if i <= 34 else rent
        year = 2021 + i % 4
        day = 1 + i % 20
        base_value = (amount * 100 / policy.rate_percent).quantize(Decimal("0.01"))
        app = _application(
            policy,
            enterprise,
            date(year, 3, day),
            origin=Application.Origin.ENTERPRISE,
            base_amount=base_value,
            requested_amount=amount,
            status=AS.APPROVED,
            approved_amount=amount,
            decided_on=date(year, 5, day),
            decided_by=agent,
            decision_note="（示例）材料齐全，经核实予以兑现。",
        )
        applications += 1
        if year < 2024 and i % 2 == 0:
            first = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
            plan = [
                (date(year, 7, 1 + i % 25), first),
                (date(year + 1, 1, 5 + i % 20), amount - first),
            ]
        else:
            plan = [(date(year, 6, 1 + i % 25), amount)]
        payments += _pay(app, plan)
        if enterprise in awarded:
            app = _application(
                award,
                enterprise,
                date(year, 8, day),
                origin=Application.Origin.PROACTIVE,
                requested_amount=AWARD,
                status=AS.APPROVED,
                approved_amount=AWARD,
                decided_on=date(year, 9, day),
                decided_by=agent,
                decision_note="（示例）免申即享，平台自动匹配。",
            )
            applications += 1
            payments += _pay(app, [(date(year, 10, day), AWARD)])
    # Being handled, and one refused: nothing paid on these.
    for enterprise, policy, submitted_on, status, note in (
        (enterprises[4], rd, date(2024, 5, 20), AS.UNDER_REVIEW, ""),
        (enterprises[39], invest, date(2024, 6, 12), AS.SUBMITTED, ""),
        (
            enterprises[44],
            rd,
            date(2023, 9, 8),
            AS.REJECTED,
            "（示例）研发费用未经专项审计，不符合申报条件。",
        ),
    ):
        _application(
            policy,
            enterprise,
            submitted_on,
            origin=Application.Origin.ENTERPRISE,
            base_amount=Decimal("8000000"),
            requested_amount=(Decimal("8000000") * policy.rate_percent / 100),
            status=status,
            approved_amount=None,
            decided_on=date(2023, 10, 9) if status == AS.REJECTED else None,
            decided_by=agent if status == AS.REJECTED else None,
            decision_note=note,
        )
        applications += 1

    financed = enterprises[:JINCHENG_FINANCED_ENTERPRISES]
    amounts = _split(JINCHENG_FINANCED, [40 - j for j in range(len(financed))])
    cases = 0
    for j, (enterprise, amount) in enumerate(zip(financed, amounts, strict=True), start=1):
        lender, product = LENDERS[j % len(LENDERS)]
        year = 2021 + j % 4
        _upsert(
            FinancingCase,
            {
                "enterprise": enterprise,
                "lender": lender,
                "product": product,
                "applied_on": date(year, 2, 1 + j % 25),
            },
            {
                "amount_requested": amount,
                "amount_granted": amount,
                "status": FinancingCase.Status.GRANTED,
                "decided_on": date(year, 4, 1 + j % 25),
                "term_months": 36 if product != FinancingCase.Product.EQUITY else None,
                "note": "（示例）经开区组织银企对接，协助落实。",
                "is_sample": True,
            },
        )
        cases += 1
    for enterprise, status, decided_on in (
        (enterprises[31], FinancingCase.Status.REVIEWING, None),
        (enterprises[32], FinancingCase.Status.REJECTED, date(2023, 8, 30)),
    ):
        _upsert(
            FinancingCase,
            {
                "enterprise": enterprise,
                "lender": LENDERS[0][0],
                "product": FinancingCase.Product.LOAN,
                "applied_on": date(2023 if decided_on else 2024, 6, 18),
            },
            {
                "amount_requested": Decimal("30000000"),
                "amount_granted": None,
                "status": status,
                "decided_on": decided_on,
                "term_months": 36,
                "note": "（示例）",
                "is_sample": True,
            },
        )
        cases += 1
    return {
        "policies": len(policies),
        "applications": applications,
        "disbursements": payments,
        "financing cases": cases,
    }


# --- 垣曲 -----------------------------------------------------------------------------------

YQ_OFFICE = {
    "issuing_office": "垣曲经济技术开发区管委会",
    "contact_office": "创新创业孵化园企业服务中心（示例）",
    "contact_person": "政策专员（示例）",
    "office_phone": "0359-8880010",
}

# The ten policies: six the page names, four invented (their titles say 示例).
YQ_POLICIES = [
    # title, kind, rule, fixed, rate, base, cap, conditions, criteria
    (
        "厂房租赁优惠",
        K.RENT,
        P.PERCENT,
        None,
        Decimal("50"),
        B.RENT,
        Decimal("500000"),
        "（示例条款）入驻孵化园、租赁标准化厂房的企业，按年租金的50%给予补贴，每户每年最高50万元。",
        {"chain": "服装+电子产业集群"},
    ),
    (
        "技术改造补助",
        K.TECH_UPGRADE,
        P.PERCENT,
        None,
        Decimal("10"),
        B.EQUIPMENT,
        Decimal("1000000"),
        "（示例条款）实施技术改造的企业，按设备投资额的10%给予补助，最高100万元。",
        {},
    ),
    (
        "智能制造示范企业奖励",
        K.AWARD,
        P.FIXED,
        Decimal("300000"),
        None,
        "",
        None,
        "（示例条款）被认定为省级以上智能制造示范企业的，一次性奖励30万元。",
        {},
    ),
    (
        "“两化”融合企业奖励",
        K.AWARD,
        P.FIXED,
        Decimal("200000"),
        None,
        "",
        None,
        "（示例条款）通过信息化和工业化融合管理体系评定的企业，一次性奖励20万元。",
        {},
    ),
    (
        "高新技术企业奖励",
        K.AWARD,
        P.FIXED,
        Decimal("200000"),
        None,
        "",
        None,
        "（示例条款）首次被认定为高新技术企业的，一次性奖励20万元。",
        {},
    ),
    (
        "科技创新型企业奖励",
        K.INNOVATION,
        P.FIXED,
        Decimal("100000"),
        None,
        "",
        None,
        "（示例条款）被认定为科技型中小企业或创新型中小企业的，一次性奖励10万元。",
        {},
    ),
    (
        "用工招聘补贴（示例）",
        K.EMPLOYMENT,
        P.PERCENT,
        None,
        Decimal("10"),
        B.WAGES,
        Decimal("200000"),
        "（示例条款）吸纳本地劳动力就业100人以上的企业，按当年工资总额的10%给予补贴，最高20万元。",
        {"employees": 100},
    ),
    (
        "岗前培训补贴（示例）",
        K.EMPLOYMENT,
        P.PERCENT,
        None,
        Decimal("50"),
        B.WAGES,
        Decimal("100000"),
        "（示例条款）组织新招员工岗前培训的企业，按培训费用的50%给予补贴，最高10万元。",
        {},
    ),
    (
        "物流运输补贴（示例）",
        K.OTHER,
        P.PERCENT,
        None,
        Decimal("20"),
        B.OTHER,
        Decimal("100000"),
        "（示例条款）产品外销的孵化园企业，按物流费用的20%给予补贴，最高10万元。",
        {},
    ),
    (
        "贷款贴息（示例）",
        K.FINANCING,
        P.PERCENT,
        None,
        Decimal("50"),
        B.INTEREST,
        Decimal("200000"),
        "（示例条款）为扩大生产取得银行贷款的企业，按实付利息的50%给予贴息，最高20万元。",
        {},
    ),
]


def _load_yuanqu(zone: Zone, agent: User | None) -> dict[str, int]:
    policies = {}
    for title, kind, rule, fixed, rate, base, cap, conditions, crit in YQ_POLICIES:
        chain = None
        if "chain" in crit:
            chain = IndustryChain.objects.filter(zone=zone, name=crit["chain"]).first()
        policies[title] = _upsert(
            Policy,
            {"zone": zone, "title": title},
            {
                "kind": kind,
                "amount_rule": rule,
                "fixed_amount": fixed,
                "rate_percent": rate,
                "base": base,
                "cap": cap,
                "valid_from": date(2024, 1, 1),
                "valid_until": None,
                "conditions": conditions,
                "req_chain": chain,
                "req_min_employees": crit.get("employees"),
                "is_sample": True,
                **YQ_OFFICE,
            },
        )
    rent = policies["厂房租赁优惠"]
    shuntian = Enterprise.objects.filter(zone=zone, name="舜天服饰").first()
    longsheng = Enterprise.objects.filter(zone=zone, name="隆胜服饰").first()
    applications = payments = cases = 0
    if shuntian is not None:
        # 7,000㎡ leased (the page); a sample rent of 10元/㎡ a month.
        app = _application(
            rent,
            shuntian,
            date(2024, 6, 3),
            origin=Application.Origin.ENTERPRISE,
            submitted_by=User.objects.filter(enterprise=shuntian).first(),
            base_amount=Decimal("840000"),
            requested_amount=Decimal("420000"),
            description="（示例）租赁孵化园标准化厂房7000平米，年租金84万元。",
            status=AS.APPROVED,
            approved_amount=Decimal("420000"),
            decided_on=date(2024, 6, 20),
            decided_by=agent,
            decision_note="（示例）租赁合同与付款凭证齐全，分两期兑现。",
        )
        applications += 1
        payments += _pay(app, [(date(2024, 7, 15), Decimal("210000"))])
        _upsert(
            FinancingCase,
            {
                "enterprise": shuntian,
                "lender": "垣曲县农商银行（示例）",
                "product": FinancingCase.Product.LOAN,
                "applied_on": date(2024, 8, 5),
            },
            {
                "amount_requested": Decimal("2000000"),
                "amount_granted": None,
                "status": FinancingCase.Status.REVIEWING,
                "decided_on": None,
                "term_months": 12,
                "note": "（示例）扩大服装生产线的流动资金贷款。",
                "is_sample": True,
            },
        )
        cases += 1
    if longsheng is not None:
        # 3,500㎡ leased (the page).
        _application(
            rent,
            longsheng,
            date(2024, 9, 10),
            origin=Application.Origin.ENTERPRISE,
            base_amount=Decimal("420000"),
            requested_amount=Decimal("210000"),
            description="（示例）租赁孵化园标准化厂房3500平米，年租金42万元。",
            status=AS.SUBMITTED,
            approved_amount=None,
            decided_on=None,
        )
        applications += 1
    return {
        "policies": len(policies),
        "applications": applications,
        "disbursements": payments,
        "financing cases": cases,
    }


@transaction.atomic
def load() -> dict[str, int]:
    zones = {z.name: z for z in Zone.objects.filter(is_sample=False)}
    agents = {u.username: u for u in User.objects.filter(username__in=["jc_agent", "yq_agent"])}
    totals: dict[str, int] = {}
    for counts in (
        _load_jincheng(zones["晋城经济技术开发区"], agents.get("jc_agent")),
        _load_yuanqu(zones["垣曲经济技术开发区"], agents.get("yq_agent")),
    ):
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals
