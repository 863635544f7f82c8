"""The preloaded indicator catalogue (the platform admin edits it afterwards)."""

from .models import Indicator

K, U, D = Indicator.Kind, Indicator.Unit, Indicator.Display
YI, WAN, ONE = D.HUNDRED_MILLION, D.TEN_THOUSAND, D.ONE

# code, Chinese, English, unit, shown in, flow/stock, decimals, higher better, January on its own,
# reported by enterprises
CATALOGUE = [
    ("gdp", "地区生产总值", "Gross regional product", U.YUAN, YI, K.FLOW, 2, True, True, False),
    (
        "industrial_value_added",
        "规模以上工业增加值",
        "Value added of industry above designated size",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "industrial_output",
        "工业总产值",
        "Gross industrial output",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        True,
    ),
    (
        "industrial_revenue",
        "规上工业营业收入",
        "Operating revenue of industry above designated size",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        True,
    ),
    (
        "fixed_asset_investment",
        "固定资产投资",
        "Fixed-asset investment",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        False,
        False,
    ),
    (
        "industrial_investment",
        "工业投资",
        "Industrial investment",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        False,
        True,
    ),
    ("tax_revenue", "税收收入", "Tax revenue", U.YUAN, YI, K.FLOW, 2, True, True, False),
    (
        "public_budget_revenue",
        "一般公共预算收入",
        "General public budget revenue",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "fdi_used",
        "实际使用外资",
        "Foreign direct investment actually used",
        U.USD,
        WAN,
        K.FLOW,
        0,
        True,
        True,
        False,
    ),
    (
        "import_export",
        "进出口总额",
        "Total imports and exports",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "new_signed_projects",
        "新签约项目个数",
        "New projects signed",
        U.COUNT,
        ONE,
        K.FLOW,
        0,
        True,
        True,
        False,
    ),
    (
        "new_signed_amount",
        "新签约项目金额",
        "Investment of new projects signed",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "new_started_projects",
        "新开工项目个数",
        "New projects started",
        U.COUNT,
        ONE,
        K.FLOW,
        0,
        True,
        True,
        False,
    ),
    (
        "above_scale_enterprises",
        "规上工业企业数",
        "Industrial enterprises above designated size",
        U.COUNT,
        ONE,
        K.STOCK,
        0,
        True,
        True,
        False,
    ),
    ("employees", "从业人员", "Persons employed", U.PERSON, ONE, K.STOCK, 0, True, True, True),
    (
        "tourist_visits",
        "旅游接待人次",
        "Tourist visits",
        U.PERSON_TIME,
        WAN,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    ("tourism_revenue", "旅游收入", "Tourism revenue", U.YUAN, WAN, K.FLOW, 0, True, True, False),
    (
        "industrial_profit",
        "规上工业利润总额",
        "Profits of industry above designated size",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "retail_sales",
        "社会消费品零售总额",
        "Retail sales of consumer goods",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    ("exports", "出口总额", "Total exports", U.YUAN, YI, K.FLOW, 2, True, True, False),
    (
        "high_tech_output",
        "高新技术产业产值",
        "Output of high-tech industries",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    ("rd_expenditure", "研发经费投入", "R&D expenditure", U.YUAN, YI, K.FLOW, 2, True, True, False),
    (
        "infrastructure_investment",
        "基础设施投资",
        "Infrastructure investment",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        False,
        False,
    ),
    (
        "key_project_investment",
        "重点项目完成投资",
        "Investment completed by key projects",
        U.YUAN,
        YI,
        K.FLOW,
        2,
        True,
        False,
        False,
    ),
    (
        "new_market_entities",
        "新设立市场主体",
        "New market entities registered",
        U.COUNT,
        ONE,
        K.FLOW,
        0,
        True,
        True,
        False,
    ),
    (
        "high_tech_enterprises",
        "高新技术企业数",
        "High-tech enterprises",
        U.COUNT,
        ONE,
        K.STOCK,
        0,
        True,
        True,
        False,
    ),
    (
        "industrial_electricity",
        "工业用电量",
        "Industrial electricity consumption",
        U.KWH,
        YI,
        K.FLOW,
        2,
        True,
        True,
        False,
    ),
    (
        "industrial_land_supplied",
        "工业用地供应",
        "Industrial land supplied",
        U.MU,
        ONE,
        K.FLOW,
        0,
        True,
        True,
        False,
    ),
    (
        "energy_intensity",
        "单位工业增加值能耗",
        "Energy use per unit of industrial value added",
        U.TCE_PER_10K_YUAN,
        ONE,
        K.STOCK,
        3,
        False,
        True,
        False,
    ),
    (
        "trading_enterprises",
        "有进出口实绩企业数",
        "Enterprises with import or export business",
        U.COUNT,
        ONE,
        K.STOCK,
        0,
        True,
        True,
        False,
    ),
]


def catalogue_load() -> int:
    """Create the catalogue's indicators that are missing; edits are kept."""
    existing = set(Indicator.objects.values_list("code", flat=True))
    created = 0
    for order, row in enumerate(CATALOGUE, start=1):
        code, zh, en, unit, display, kind, decimals, higher, january, enterprise = row
        if code in existing:
            continue
        indicator = Indicator(
            code=code,
            name_zh=zh,
            name_en=en,
            unit=unit,
            display=display,
            kind=kind,
            decimals=decimals,
            better=Indicator.Better.HIGHER if higher else Indicator.Better.LOWER,
            january_reported=january,
            enterprise_level=enterprise,
            sort_order=order * 10,
        )
        indicator._change_reason = "catalogue"
        indicator.save()
        created += 1
    return created


# The preloaded audit rules (审核关系); the platform admin edits them afterwards.
# code, check, severity, indicator, whole/denominator, lower, upper, other source,
# Chinese message, English message. Messages take %(indicator)s, %(other)s,
# %(value)s, %(other_value)s and %(limit)s.
_PART = (
    "%(indicator)s（%(value)s）不能大于%(other)s（%(other_value)s）。",
    "%(indicator)s (%(value)s) cannot exceed %(other)s (%(other_value)s).",
)
_FALLS = (
    "%(indicator)s是年内累计数，本月（%(value)s）不能低于上月（%(other_value)s）。",
    "%(indicator)s is cumulative within the year: this month (%(value)s) cannot be below last "
    "month (%(other_value)s).",
)
AUDIT_RULES = [
    (
        "industrial-investment-in-fai",
        "part_le_whole",
        "hard",
        "industrial_investment",
        "fixed_asset_investment",
        None,
        None,
        "",
        *_PART,
    ),
    (
        "infrastructure-in-fai",
        "part_le_whole",
        "hard",
        "infrastructure_investment",
        "fixed_asset_investment",
        None,
        None,
        "",
        *_PART,
    ),
    (
        "value-added-in-output",
        "part_le_whole",
        "hard",
        "industrial_value_added",
        "industrial_output",
        None,
        None,
        "",
        *_PART,
    ),
    (
        "exports-in-trade",
        "part_le_whole",
        "hard",
        "exports",
        "import_export",
        None,
        None,
        "",
        *_PART,
    ),
    *[
        (
            f"cumulative-{code.replace('_', '-')}",
            "cumulative_not_falling",
            "hard",
            code,
            None,
            None,
            None,
            "",
            *_FALLS,
        )
        for code in (
            "gdp",
            "industrial_value_added",
            "industrial_output",
            "fixed_asset_investment",
            "industrial_investment",
            "tax_revenue",
            "import_export",
        )
    ],
    (
        "value-added-ratio",
        "ratio_band",
        "soft",
        "industrial_value_added",
        "industrial_output",
        "5",
        "50",
        "",
        "%(indicator)s占%(other)s的%(value)s，超出常见的增加值率区间（5%%–50%%），请说明原因。",
        "%(indicator)s is %(value)s of %(other)s, outside the usual value-added ratio (5%%–50%%): "
        "explain why.",
    ),
    (
        "stated-growth",
        "growth_matches",
        "soft",
        None,
        None,
        None,
        "5",
        "",
        "%(indicator)s填报增速%(value)s，按去年同期数据计算为%(other_value)s，相差超过%(limit)s个百分点："
        "同口径调整请说明。",
        "%(indicator)s: the stated growth %(value)s differs from the %(other_value)s computed from "
        "last year's figure by more than %(limit)s points: explain the comparable-basis (同口径) "
        "adjustment.",
    ),
    (
        "month-in-history",
        "month_change",
        "soft",
        None,
        None,
        None,
        "3",
        "",
        "%(indicator)s当月数（%(value)s）与本区此前12个月的月均（%(other_value)s）相差超过%(limit)s倍，"
        "请核实。",
        "%(indicator)s: this month alone (%(value)s) is more than %(limit)s times off the zone's "
        "monthly average of the twelve months before (%(other_value)s): check it.",
    ),
    (
        "above-scale-registry",
        "fact_matches",
        "soft",
        "above_scale_enterprises",
        None,
        None,
        "0",
        "registry_above_scale",
        "%(indicator)s填报%(value)s，企业名录中的规上企业为%(other_value)s，请核实或更新名录。",
        "%(indicator)s is %(value)s, but the registry has %(other_value)s enterprises above "
        "designated size: check it or update the registry.",
    ),
    (
        "enterprise-reports-in-output",
        "fact_le_whole",
        "soft",
        "industrial_output",
        None,
        None,
        None,
        "enterprise_reports",
        "企业已审核的%(indicator)s合计%(other_value)s，大于本区填报的%(value)s，请核实。",
        "The enterprises' approved %(indicator)s add up to %(other_value)s, more than the zone's "
        "%(value)s: check it.",
    ),
    (
        "projects-in-fai",
        "fact_le_whole",
        "soft",
        "fixed_asset_investment",
        None,
        None,
        None,
        "project_investment",
        "项目填报的累计完成投资合计%(other_value)s，大于本区%(indicator)s（%(value)s），请核实。",
        "The projects' reported investment adds up to %(other_value)s, more than the zone's "
        "%(indicator)s (%(value)s): check it.",
    ),
    (
        "industrial-projects-in-investment",
        "fact_le_whole",
        "soft",
        "industrial_investment",
        None,
        None,
        None,
        "project_investment",
        "工业项目填报的累计完成投资合计%(other_value)s，大于本区%(indicator)s（%(value)s），请核实。",
        "The industrial projects' reported investment adds up to %(other_value)s, more than the "
        "zone's %(indicator)s (%(value)s): check it.",
    ),
]


def audit_rules_load(rule_model=None, indicator_model=None) -> int:
    """Create the preloaded audit rules that are missing; edits are kept. Takes
    the historical models when a migration calls it."""
    from decimal import Decimal

    from .models import AuditRule

    rule_model = rule_model or AuditRule
    indicator_model = indicator_model or Indicator
    indicators = {i.code: i for i in indicator_model.objects.all()}
    existing = set(rule_model.objects.values_list("code", flat=True))
    created = 0
    for row in AUDIT_RULES:
        code, check, severity, indicator, other, lower, upper, fact, zh, en = row
        if code in existing:
            continue
        rule_model.objects.create(
            code=code,
            kind=check,
            severity=severity,
            indicator=indicators.get(indicator) if indicator else None,
            other_indicator=indicators.get(other) if other else None,
            lower=Decimal(lower) if lower else None,
            upper=Decimal(upper) if upper else None,
            fact=fact,
            message_zh=zh,
            message_en=en,
        )
        created += 1
    return created
