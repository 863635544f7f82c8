"""Demo data of the core registry, from the seed page (科学导报, five Shanxi zones).

What the page states is loaded as it is; what it does not state (credit codes,
employees of single firms, unnamed chain members) is invented and marked as
sample data."""

from __future__ import annotations

from django.db import transaction

from .models import ChainMember, Enterprise, IndustryChain, Region, User, Zone
from .regions import regions_load
from .scoping import Role
from .services import system_save
from .validators import credit_code_check_character

SEED = "科学导报 seed page"
DEMO_PASSWORD = "devzone-demo-2024"  # noqa: S105 (printed by load_demo; demo only)

ZONES = [
    # name, short name, type, level, category, region code, leading industries
    (
        "晋城经济技术开发区",
        "晋城经开区",
        Zone.ZoneType.ETDZ,
        Zone.Level.NATIONAL,
        Zone.Category.INDUSTRIAL,
        "140500",
        "光机电",
    ),
    (
        "广灵经济技术开发区",
        "广灵经开区",
        Zone.ZoneType.ETDZ,
        Zone.Level.PROVINCIAL,
        Zone.Category.INDUSTRIAL,
        "140223",
        "再生金属（再生铝）、算力",
    ),
    (
        "垣曲经济技术开发区",
        "垣曲经开区",
        Zone.ZoneType.ETDZ,
        Zone.Level.PROVINCIAL,
        Zone.Category.INDUSTRIAL,
        "140827",
        "机械制造、轻纺劳保、智能产品组装、印刷包装（服装+电子）",
    ),
    (
        "平顺生态文化旅游示范区",
        "平顺示范区",
        Zone.ZoneType.ECO_TOURISM,
        Zone.Level.PROVINCIAL,
        Zone.Category.ECO_TOURISM,
        "140425",
        "文旅康养",
    ),
    (
        "忻州经济开发区",
        "忻州经开区",
        Zone.ZoneType.ECONOMIC,
        Zone.Level.PROVINCIAL,
        Zone.Category.INDUSTRIAL,
        "140902",
        "",
    ),
]

# Enterprises the seed names: (zone, name, industry, scale, employees)
ENTERPRISES = [
    ("垣曲经济技术开发区", "舜天服饰", "C18", Enterprise.Scale.BELOW, 600),
    ("垣曲经济技术开发区", "隆胜服饰", "C18", Enterprise.Scale.BELOW, 380),
    ("垣曲经济技术开发区", "鼎乐纺织品", "C17", Enterprise.Scale.BELOW, 60),
    ("垣曲经济技术开发区", "正胜制衣", "C18", Enterprise.Scale.BELOW, 80),
    ("垣曲经济技术开发区", "永静服饰", "C18", Enterprise.Scale.BELOW, 70),
    ("垣曲经济技术开发区", "雅之美穿戴甲", "C24", Enterprise.Scale.BELOW, 200),
    ("垣曲经济技术开发区", "苏器电子", "C39", Enterprise.Scale.BELOW, 90),
    ("平顺生态文化旅游示范区", "山西省恒佰利康养发展有限公司", "N78", Enterprise.Scale.BELOW, 40),
]

# What the seed does not say about the enterprises it names.
ENTERPRISE_SAMPLE_FIELDS = ["credit_code", "industry_code", "scale", "employees"]

CHAINS: list[
    tuple[str, str, str, list[tuple[str, str | None, ChainMember.ChainRole, int | None]]]
] = [
    # zone, chain name, description, members: (name, industry, role, employees)
    (
        "晋城经济技术开发区",
        "光机电产业链",
        "研发—孵化—转化—产业化的光机电全链条（两院一站一平台）。",
        [
            ("晋城光机电示例龙头企业", "C39", ChainMember.ChainRole.LEADER, 1200),
            ("晋城光学元件示例企业", "C3976", ChainMember.ChainRole.UPSTREAM, 320),
            ("晋城精密机械示例企业", "C34", ChainMember.ChainRole.MIDSTREAM, 260),
            ("晋城智能装备示例企业", "C35", ChainMember.ChainRole.DOWNSTREAM, 410),
        ],
    ),
    (
        "广灵经济技术开发区",
        "再生金属产业链",
        "以再生铝为链主产业的全产业链闭环；16家再生金属企业。",
        [
            (
                f"广灵再生金属示例企业{i:02d}",
                "C3216" if i <= 4 else ("C3252" if i <= 10 else "C4210"),
                ChainMember.ChainRole.LEADER
                if i == 1
                else (
                    ChainMember.ChainRole.MIDSTREAM if i <= 10 else ChainMember.ChainRole.UPSTREAM
                ),
                300 - i * 12,
            )
            for i in range(1, 17)
        ],
    ),
    (
        "垣曲经济技术开发区",
        "服装+电子产业集群",
        "孵化园的“服装+电子”产业集群。",
        [
            ("舜天服饰", None, ChainMember.ChainRole.CORE, None),
            ("隆胜服饰", None, ChainMember.ChainRole.CORE, None),
            ("正胜制衣", None, ChainMember.ChainRole.CORE, None),
            ("永静服饰", None, ChainMember.ChainRole.CORE, None),
            ("鼎乐纺织品", None, ChainMember.ChainRole.UPSTREAM, None),
            ("雅之美穿戴甲", None, ChainMember.ChainRole.SUPPORTING, None),
            ("苏器电子", None, ChainMember.ChainRole.CORE, None),
        ],
    ),
]

USERS: list[tuple[str, str, Role, str | None, list[str], str | None]] = [
    # username, full name, role, region code, zones, enterprise
    ("admin", "平台管理员", Role.PLATFORM_ADMIN, None, [], None),
    ("shanxi", "省商务厅开发区处", Role.REGION_VIEWER, "140000", [], None),
    ("datong", "大同市商务局", Role.REGION_VIEWER, "140200", [], None),
    ("jincheng", "晋城经开区管委会", Role.ZONE_ADMIN, None, ["晋城经济技术开发区"], None),
    ("guangling", "广灵经开区管委会", Role.ZONE_ADMIN, None, ["广灵经济技术开发区"], None),
    (
        "staff",
        "开发区统计员",
        Role.ZONE_STAFF,
        None,
        ["广灵经济技术开发区", "垣曲经济技术开发区"],
        None,
    ),
    ("shuntian", "舜天服饰", Role.ENTERPRISE, None, [], "舜天服饰"),
]


def sample_credit_code(zone_region: str, serial: int) -> str:
    """A well-formed but invented unified social credit code (sample data)."""
    body = f"91{zone_region}MA0{serial:05d}X"[:17]
    body = body.replace("X", "Y")
    return body + credit_code_check_character(body)


def _save(obj, reason=SEED):
    return system_save(instance=obj, reason=reason, quiet=True)


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return _save(model(**lookup, **values))
    if any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        _save(obj)
    return obj


@transaction.atomic
def load_core_demo() -> dict[str, int]:
    regions_load(province_codes=["14"])
    regions = {r.code: r for r in Region.objects.filter(code__startswith="14")}
    zones = {}
    for name, short, ztype, level, category, region_code, industries in ZONES:
        zones[name] = _upsert(
            Zone,
            {"name": name},
            {
                "short_name": short,
                "zone_type": ztype,
                "level": level,
                "category": category,
                "region": regions[region_code],
                "leading_industries": industries,
            },
        )
    serial = 0
    enterprises = {}

    def enterprise(zone_name, name, industry, scale, employees, named_by_seed):
        nonlocal serial
        serial += 1
        zone = zones[zone_name]
        existing = Enterprise.objects.filter(zone=zone, name=name).first()
        code = existing.credit_code if existing else sample_credit_code(zone.region.code, serial)
        enterprises[name] = _upsert(
            Enterprise,
            {"credit_code": code},
            {
                "zone": zone,
                "name": name,
                "industry_code": industry,
                "scale": scale,
                "employees": employees,
                # The seed names the firm; its code, industry, scale and head count are samples.
                "is_sample": not named_by_seed,
                "sample_fields": ENTERPRISE_SAMPLE_FIELDS if named_by_seed else [],
            },
        )

    for row in ENTERPRISES:
        enterprise(*row, named_by_seed=True)
    for zone_name, chain_name, description, members in CHAINS:
        for name, industry, _role, employees in members:
            if name not in enterprises:
                enterprise(
                    zone_name,
                    name,
                    industry,
                    Enterprise.Scale.ABOVE,
                    employees,
                    named_by_seed=False,
                )
        leader_name = next((m[0] for m in members if m[2] == ChainMember.ChainRole.LEADER), None)
        chain = _upsert(
            IndustryChain,
            {"zone": zones[zone_name], "name": chain_name},
            {
                "description": description,
                "leader": enterprises.get(leader_name),
                # The seed names the chain; a leading firm it does not name is a sample.
                "is_sample": False,
                "sample_fields": ["leader"] if leader_name is not None else [],
            },
        )
        for name, _industry, chain_role, _employees in members:
            member = enterprises[name]
            _upsert(
                ChainMember,
                {"chain": chain, "enterprise": member},
                # A seed firm's place in the seed's cluster is stated, its role is not.
                {
                    "role": chain_role,
                    "is_sample": member.is_sample,
                    "sample_fields": [] if member.is_sample else ["role"],
                },
            )
    for username, full_name, role, viewer_region, zone_names, enterprise_name in USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name = full_name
        user.role = role
        user.region = regions.get(viewer_region) if viewer_region else None
        user.enterprise = enterprises.get(enterprise_name) if enterprise_name else None
        user.is_staff = user.is_superuser = role == Role.PLATFORM_ADMIN
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.zones.set([zones[z] for z in zone_names])
    return {
        "zones": len(zones),
        "enterprises": len(enterprises),
        "chains": len(CHAINS),
        "users": len(USERS),
    }


load = load_core_demo
