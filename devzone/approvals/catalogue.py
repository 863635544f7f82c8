"""The catalogue of approval items (审批事项) and the default document templates
the data migration preloads. Plain data, no models: the migration reads it
as it was when it ran; the platform admin edits the catalogue afterwards.

Time limits are the working days of the law or rule named in each item's
note where it states one (企业投资项目核准和备案管理条例, 环境影响评价法 §22,
取水许可和水资源费征收管理条例 §21, 建筑工程施工许可管理办法 §5, 建设工程
消防设计审查验收管理暂行规定); the others are the limits service guides
commonly print, and the fees of document preparation (文本编制费) are typical
market prices. Every figure not taken from a rule says 示例 in its note."""

# A 国办发〔2019〕11号 regional assessment (区域评估) may cover: 压覆重要矿产资源,
# 环境影响评价, 节能评价, 地质灾害危险性评估, 地震安全性评价, 水资源论证 (and,
# in Shanxi's zones, 水土保持, 洪水影响评价, 文物考古调查 and 气候可行性论证).

SAMPLE_FEE = "文本编制费用为常见市场价，示例。"

# code, name, department, stage, statutory working days, usual fee (元) or None,
# regional assessment may cover it, commitment-based allowed, basis, standard, note
ITEMS = [
    (
        "project_filing",
        "立项备案",
        "发展改革部门（行政审批服务管理局）",
        "project",
        1,
        None,
        False,
        True,
        "《企业投资项目核准和备案管理条例》第十三条",
        "项目符合国家产业政策和开发区产业准入条件，不属于核准类和禁止类项目。",
        "条例规定备案机关收到全部信息即为备案；按1个工作日计（示例）。无文本编制费用。",
    ),
    (
        "land_preexam",
        "用地预审与选址",
        "自然资源部门",
        "project",
        20,
        None,
        False,
        True,
        "《建设项目用地预审管理办法》",
        "项目用地符合国土空间规划和土地使用标准，不占或少占耕地，选址避让生态保护红线。",
        "时限为预审办法规定的20日，按工作日计。无文本编制费用。",
    ),
    (
        "land_planning_permit",
        "建设用地规划许可",
        "自然资源部门",
        "project",
        20,
        None,
        False,
        True,
        "《城乡规划法》第三十七条、第三十八条",
        "按土地出让合同和规划条件使用土地，不擅自改变用地性质、容积率等规划指标。",
        "法律未规定时限，20个工作日为办事指南常见时限（示例）。无文本编制费用。",
    ),
    (
        "construction_planning_permit",
        "建设工程规划许可",
        "自然资源部门",
        "engineering",
        20,
        None,
        False,
        True,
        "《城乡规划法》第四十条",
        "设计方案符合控制性详细规划和规划条件，建筑退线、限高和绿地率达到标准。",
        "法律未规定时限，20个工作日为办事指南常见时限（示例）。无文本编制费用。",
    ),
    (
        "construction_permit",
        "施工许可",
        "住房和城乡建设部门",
        "construction",
        7,
        None,
        False,
        True,
        "《建筑工程施工许可管理办法》第五条",
        "已确定施工和监理单位，施工图审查合格，质量安全措施和建设资金已落实。",
        "办法规定自收到申请之日起七日内颁发施工许可证。无文本编制费用。",
    ),
    (
        "eia",
        "环境影响评价",
        "生态环境部门",
        "assessment",
        30,
        50000,
        True,
        True,
        "《环境影响评价法》第二十二条",
        "落实环境影响评价提出的污染防治措施，污染物达标排放，执行环保“三同时”制度。",
        "法律规定报告表三十日内审批（报告书六十日）；按报告表计。" + SAMPLE_FEE,
    ),
    (
        "energy_review",
        "节能审查",
        "发展改革部门",
        "assessment",
        20,
        30000,
        True,
        True,
        "《固定资产投资项目节能审查办法》",
        "采用先进适用的节能技术和设备，能效水平达到国家标准，能耗在区域能评确定的总量内。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "safety_assessment",
        "安全评价",
        "应急管理部门",
        "assessment",
        20,
        30000,
        False,
        True,
        "《安全生产法》第三十二条",
        "安全设施与主体工程同时设计、同时施工、同时投入生产和使用。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "soil_water",
        "水土保持方案",
        "水利部门",
        "assessment",
        20,
        30000,
        True,
        True,
        "《水土保持法》第二十五条",
        "落实水土保持措施，弃土弃渣按规定堆放和防护，依法缴纳水土保持补偿费。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "geohazard",
        "地质灾害危险性评估",
        "自然资源部门",
        "assessment",
        10,
        40000,
        True,
        True,
        "《地质灾害防治条例》第二十一条",
        "按区域评估结论采取地质灾害防治措施，避让地质灾害危险区。",
        "10个工作日为评估报告备案的常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "mineral_overlay",
        "压覆矿产资源评估",
        "自然资源部门",
        "assessment",
        20,
        20000,
        True,
        True,
        "《矿产资源法》第三十三条",
        "项目选址不压覆重要矿产资源；确需压覆的，依法办理压覆审批。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "flood_impact",
        "洪水影响评价",
        "水利部门",
        "assessment",
        20,
        50000,
        True,
        True,
        "《防洪法》第二十七条",
        "建设项目不影响河道行洪安全，落实防洪补救措施。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "water_resources",
        "水资源论证",
        "水利部门",
        "assessment",
        45,
        50000,
        True,
        True,
        "《取水许可和水资源费征收管理条例》第二十一条",
        "取用水量符合区域用水总量控制指标和行业用水定额，节水设施与主体工程同时建设。",
        "条例规定自受理之日起45个工作日内决定。" + SAMPLE_FEE,
    ),
    (
        "seismic_safety",
        "地震安全性评价",
        "地震工作主管部门",
        "assessment",
        15,
        100000,
        True,
        True,
        "《地震安全性评价管理条例》",
        "按区域地震安全性评价确定的抗震设防要求进行设计和建设。",
        "15个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "archaeology",
        "文物考古调查",
        "文物部门",
        "assessment",
        30,
        40000,
        True,
        True,
        "《文物保护法》第二十九条",
        "施工中发现文物立即停工，保护现场并报告文物部门。",
        "30个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
    (
        "fire_design",
        "消防设计审查",
        "住房和城乡建设部门",
        "engineering",
        15,
        None,
        False,
        False,
        "《建设工程消防设计审查验收管理暂行规定》",
        "消防设计符合国家工程建设消防技术标准，施工按审查合格的消防设计进行。",
        "规定自受理之日起十五个工作日内出具审查意见。无单独的文本编制费用。",
    ),
    (
        "climate_feasibility",
        "气候可行性论证",
        "气象部门",
        "assessment",
        20,
        30000,
        True,
        True,
        "《气象灾害防御条例》第二十七条",
        "按区域气候可行性论证结论落实气象灾害防御措施。",
        "20个工作日为办事指南常见时限（示例）。" + SAMPLE_FEE,
    ),
]

# kind, title, body: the platform's default templates; zone admins write their own.
TEMPLATES = [
    (
        "commitment",
        "企业投资项目承诺书",
        "{开发区}管理委员会：\n"
        "\n"
        "　　本企业{企业名称}（统一社会信用代码：{统一社会信用代码}）投资建设的{项目名称}"
        "（建设地点：{项目地点}），申请以承诺制方式办理{审批事项}。本企业已知悉政府部门"
        "公布的审批标准和要求，现郑重承诺如下：\n"
        "\n"
        "{承诺内容}\n"
        "\n"
        "　　本企业对所提交材料的真实性负责；如有违反上述承诺的行为，愿意承担相应法律责任，"
        "接受撤销审批决定、纳入信用记录等处理。\n"
        "\n"
        "承诺企业（盖章）：{企业名称}\n"
        "法定代表人（签字）：\n"
        "全程代办员：{代办员}（联系电话：{代办员电话}）\n"
        "日期：{日期}",
    ),
    (
        "notice",
        "承诺制审批告知书",
        "{企业名称}：\n"
        "\n"
        "　　你单位投资建设的{项目名称}申请办理{审批事项}，按照承诺制审批“一本制”要求，"
        "实行“政府定标准、企业做承诺”。现将有关事项告知如下：\n"
        "\n"
        "　　一、审批标准：\n"
        "{审批标准}\n"
        "　　二、主管部门：{主管部门}；法定办理时限（工作日）：{法定时限}。\n"
        "　　三、你单位书面承诺符合上述标准后，审批部门依据承诺作出审批决定；开发区已完成"
        "区域评估的事项，可直接使用区域评估成果。\n"
        "　　四、审批部门将在项目建设和投产前核查承诺事项，发现不符合承诺的，依法责令整改"
        "或者撤销审批决定。\n"
        "\n"
        "　　全程代办员：{代办员}，联系电话：{代办员电话}。\n"
        "\n"
        "{开发区}管理委员会\n"
        "{日期}",
    ),
]


def catalogue_load(item_model=None, template_model=None) -> int:
    """Add the catalogue's items and the default templates that are missing
    (by code; by kind for the platform's templates); return how many items
    were added. The data migration passes its historical models; tests whose
    database a transactional test flushed call it without arguments."""
    from decimal import Decimal

    if item_model is None or template_model is None:
        from .models import ApprovalItem, DocumentTemplate

        item_model, template_model = ApprovalItem, DocumentTemplate
    existing = set(item_model.objects.values_list("code", flat=True))
    added = 0
    for order, row in enumerate(ITEMS, start=1):
        code, name, department, stage, days, fee, coverable, commitment, basis, standard, note = row
        if code in existing:
            continue
        item_model.objects.create(
            code=code,
            name=name,
            department=department,
            stage=stage,
            statutory_days=days,
            usual_fee=None if fee is None else Decimal(fee),
            regional_coverable=coverable,
            commitment_allowed=commitment,
            basis=basis,
            standard=standard,
            note=note,
            sort_order=order * 10,
        )
        added += 1
    for kind, title, body in TEMPLATES:
        if not template_model.objects.filter(kind=kind, zone__isnull=True).exists():
            template_model.objects.create(kind=kind, zone=None, title=title, body=body)
    return added
