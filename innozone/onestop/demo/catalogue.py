"""Demo data of the catalogue part: fourteen service items — the platform's own flows (创新券申领, 技术合同认定登记,
高企培育入库, 平台认定, 专项资金申报) linked to their pages, two 行政许可 items on the licence clock, two items handled
in parallel by several departments (并联审批), a suspended item and a draft — with their materials (容缺 marks,
blank templates as .docx), the responsibility list (权责清单) and the negative list (负面清单). With activity, the
office has also entered the 2027 dates the law fixes (元旦, the weekdays of 春节) before the package knows 2027.

Items go through the services (the same validation as the office's editor); rerunning changes nothing. Codes
follow the Gansu pattern (region + department + type + sequence); other parts name items by these codes."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction

from innozone.core.models import Organization, User, WorkdayOverride

from ..models import ItemMaterial, NegativeEntry, PowerEntry, ServiceItem
from ..services import calendar as calendar_services
from ..services import catalogue as services

OFFICE = "兰白国家自主创新示范区办公室"
KJT = "甘肃省科学技术厅"
KJJ = "兰州市科学技术局"
SCJG = "甘肃省市场监督管理局"

#: the parallel items (P4's demo cases use them)
PARALLEL_TWO = "62000000KJ-QR-0003"
PARALLEL_THREE = "62000000ZC-QT-0001"
LICENCE = "62000000KJ-XK-0001"

STEPS = [
    {"name": "申请", "text": "申请人在平台在线填写申请并上传材料"},
    {"name": "受理", "text": "主管部门审查材料，作出受理、不予受理或一次性告知补正"},
    {"name": "审查", "text": "对申请材料进行审查，必要时组织专家评审或现场核查"},
    {"name": "决定", "text": "作出准予或不予办理的决定，出具结果文书"},
    {"name": "送达", "text": "结果文书在平台送达，申请人可下载电子证照或结果文书"},
]

ITEMS = [
    {
        "code": "62000000ZC-JF-0001",
        "name": "科技创新券申领",
        "type": "JF",
        "department": OFFICE,
        "region": "lbzc",
        "legal_basis": "《兰白自创区科技创新券管理办法》（演示）",
        "conditions": "在兰白自创区内注册、具有独立法人资格的科技型中小企业；未被列入严重失信主体名单。",
        "statutory_days": 15,
        "promised_days": 10,
        "flow_url": "vouchers:apply",
        "flow_note": "在“创新券”模块在线申领，申领记录和额度在该模块查看",
        "result_name": "创新券",
        "materials": [("营业执照", True, False), ("创新券申领表", True, False)],
    },
    {
        "code": "62000000ZC-JF-0002",
        "name": "省级科技专项资金项目申报",
        "type": "JF",
        "department": OFFICE,
        "region": "lbzc",
        "legal_basis": "《兰白自创区专项资金管理办法》（演示）；年度申报通知",
        "conditions": "符合当年度申报通知规定的申报条件，按通知要求经推荐单位推荐。",
        "statutory_days": 60,
        "promised_days": 45,
        "flow_url": "funds:index",
        "flow_note": "在“专项资金”模块查看开放中的申报通知并在线申报",
        "result_name": "立项通知书",
        "pauses": ["correction", "expert", "publicity"],
        "materials": [("项目申报书", True, False), ("单位承诺书", True, False), ("财务审计报告", True, True)],
    },
    {
        "code": "62000000KJ-QR-0001",
        "name": "技术合同认定登记",
        "type": "QR",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《技术合同认定登记管理办法》（国科发政字〔2000〕063号）",
        "conditions": "依法订立的技术开发、技术转让、技术许可、技术咨询和技术服务合同。",
        "statutory_days": 30,
        "promised_days": 7,
        "flow_url": "market:contracts",
        "flow_note": "在“科技大市场”的技术合同页面登记，登记结果在该页面查看",
        "result_name": "技术合同登记证明",
        "materials": [("技术合同文本", True, False), ("技术合同认定登记申请表", True, False)],
    },
    {
        "code": "62010000KJ-QR-0001",
        "name": "高新技术企业培育库入库",
        "type": "QR",
        "department": KJJ,
        "region": "lz",
        "legal_basis": "《兰州市高新技术企业培育库管理办法》（演示）",
        "conditions": "在兰州市注册满一年，拥有知识产权，研发投入达到培育库标准的科技型企业。",
        "statutory_days": 20,
        "promised_days": 15,
        "flow_url": "enterprises:mine",
        "flow_note": "在“企业库”本单位档案中申请进入培育库，自评结果即时可见",
        "result_name": "入库通知",
        "pauses": ["correction", "expert"],
        "materials": [("企业基本情况表", True, False), ("知识产权证明", True, False), ("上年度财务报表", True, True)],
    },
    {
        "code": "62000000KJ-QR-0002",
        "name": "省级科技创新平台认定",
        "type": "QR",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《甘肃省重点实验室建设与运行管理办法》等平台管理办法",
        "conditions": "依托单位在甘肃省内注册，具备平台类型规定的研究条件、人员和运行机制。",
        "statutory_days": 60,
        "promised_days": 40,
        "flow_url": "platforms:list",
        "flow_note": "在“创新平台”模块选择本单位平台后申请认定，专家评审和公示在该模块进行",
        "result_name": "认定文件",
        "pauses": ["correction", "expert", "publicity"],
        "materials": [("平台认定申请书", True, False), ("依托单位承诺书", True, False)],
    },
    {
        "code": LICENCE,
        "name": "实验动物生产许可证核发",
        "type": "XK",
        "department": KJT,
        "region": "gs",
        "clock": "licence",
        "legal_basis": "《实验动物管理条例》；《实验动物许可证管理办法（试行）》（国科发财字〔2001〕545号）",
        "conditions": "具有符合国家标准的实验动物生产设施、环境和质量控制条件，有经过专业培训的人员。",
        "statutory_days": 20,
        "promised_days": 15,
        "extension_days": 10,
        "acceptance_days": 5,
        "pauses": ["correction", "expert", "test"],
        "channel": "both",
        "result_name": "实验动物生产许可证",
        "contact": "0931-0000001（演示）",
        "materials": [
            ("实验动物生产许可证申请书", True, False),
            ("实验动物质量检测报告", True, False),
            ("设施环境检测报告", True, False),
            ("从业人员培训证明", True, True),
            ("管理制度文件", True, True),
        ],
    },
    {
        "code": "62000000KJ-XK-0002",
        "name": "外国人来华工作许可",
        "type": "XK",
        "department": KJT,
        "region": "gs",
        "clock": "licence",
        "legal_basis": "《中华人民共和国出境入境管理法》；《外国人在中国就业管理规定》",
        "conditions": "用人单位依法设立，聘用岗位有特殊需要，外国人符合年龄、健康、学历和工作经历要求。",
        "statutory_days": 20,
        "promised_days": 10,
        "extension_days": 10,
        "acceptance_days": 5,
        "pauses": ["correction"],
        "result_name": "外国人工作许可通知",
        "materials": [
            ("外国人来华工作许可申请表", True, False),
            ("工作资历证明", True, False),
            ("最高学位证书", True, False),
            ("无犯罪记录证明", True, False),
            ("体检证明", True, True),
        ],
    },
    {
        "code": PARALLEL_TWO,
        "name": "科技型中小企业评价入库（并联核验）",
        "type": "QR",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《科技型中小企业评价办法》（国科发政〔2017〕115号）",
        "conditions": "在中国境内注册的居民企业，职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元，"
        "科技人员和研发投入达到评价指标要求。",
        "statutory_days": 20,
        "promised_days": 10,
        "extension_days": 5,
        "branch_days": 5,
        "pauses": ["correction", "expert"],
        "branches": [KJJ, SCJG],
        "result_name": "入库登记编号",
        "materials": [
            ("科技型中小企业信息表", True, False),
            ("营业执照", True, False),
            ("上年度企业所得税年度纳税申报表", True, False),
            ("研发费用辅助账", True, True),
            ("知识产权证明", False, True),
        ],
    },
    {
        "code": PARALLEL_THREE,
        "name": "科技企业入驻兰白自创区“一件事”",
        "type": "QT",
        "department": OFFICE,
        "region": "lbzc",
        "legal_basis": "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）",
        "conditions": "拟在兰白自创区注册或迁入的科技型企业，一次申请、一套材料，科技、市场监管部门并联办理。",
        "statutory_days": 20,
        "promised_days": 15,
        "branch_days": 10,
        "pauses": ["correction", "publicity"],
        "branches": [KJT, KJJ, SCJG],
        "result_name": "入驻确认书",
        "materials": [
            ("入驻申请表（一表申请）", True, False),
            ("企业名称自主申报告知书或营业执照", True, False),
            ("法定代表人身份证明", True, False),
            ("场地使用证明", True, True),
            ("技术团队情况说明", False, True),
        ],
    },
    {
        "code": "62000000KJ-GG-0001",
        "name": "科技成果登记",
        "type": "GG",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《科技成果登记办法》（国科发计字〔2000〕542号）",
        "conditions": "执行各级、各类科技计划产生的科技成果及其他科技成果，成果权属清晰。",
        "statutory_days": 15,
        "promised_days": 5,
        "result_name": "科技成果登记证书",
        "materials": [("科技成果登记表", True, False), ("成果评价或验收证明", True, True)],
    },
    {
        "code": "62000000KJ-JL-0001",
        "name": "甘肃省科学技术奖提名",
        "type": "JL",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《甘肃省科学技术奖励办法》",
        "conditions": "在甘肃省科学研究、技术创新、成果转化中作出突出贡献的个人和组织，由提名者提名。",
        "statutory_days": 90,
        "promised_days": 60,
        "pauses": ["correction", "expert", "publicity"],
        "channel": "both",
        "result_name": "获奖证书",
        "materials": [("提名书", True, False), ("主要知识产权证明", True, False), ("应用证明", True, True)],
    },
    {
        "code": "62010000KJ-GG-0001",
        "name": "技术转移机构备案",
        "type": "GG",
        "department": KJJ,
        "region": "lz",
        "legal_basis": "《国家技术转移体系建设方案》（国发〔2017〕44号）",
        "conditions": "在兰州市注册、从事技术转移服务的法人机构，有专职技术经理人。",
        "statutory_days": 15,
        "promised_days": 10,
        "result_name": "备案回执",
        "materials": [("技术转移机构备案表", True, False), ("技术经理人名单及证书", True, True)],
    },
    {
        "code": "62000000SJ-QR-0001",
        "name": "专利优先审查推荐",
        "type": "QR",
        "department": SCJG,
        "region": "gs",
        "legal_basis": "《专利优先审查管理办法》（国家知识产权局令第76号）",
        "conditions": "涉及国家和地方重点发展产业的专利申请，申请人在甘肃省内。",
        "statutory_days": 10,
        "promised_days": 5,
        "result_name": "优先审查推荐意见",
        "materials": [("专利优先审查请求书", True, False), ("现有技术或设计材料", True, False)],
    },
    {
        "code": "62000000KJ-QR-0098",
        "name": "省级科技企业孵化器认定",
        "type": "QR",
        "department": KJT,
        "region": "gs",
        "legal_basis": "《科技企业孵化器管理办法》（国科发区〔2018〕300号）",
        "conditions": "孵化场地、在孵企业、孵化服务和运营团队达到认定条件。",
        "statutory_days": 60,
        "promised_days": 40,
        "pauses": ["correction", "expert", "publicity"],
        "materials": [("孵化器认定申请书", True, False)],
        "status": "suspended",
        "reason": "工业和信息化部2025年新办法施行，省级认定办法修订期间暂停受理（演示）",
    },
    {
        "code": "62000000KJ-QT-0099",
        "name": "新型研发机构备案",
        "type": "QT",
        "department": KJT,
        "region": "gs",
        "legal_basis": "",
        "conditions": "",
        "statutory_days": 20,
        "promised_days": 15,
        "materials": [],
        "status": "draft",
    },
]

POWERS = [
    (KJT, "实验动物生产、使用许可证核发", "行政许可", "《实验动物管理条例》第十二条", LICENCE),
    (KJT, "外国人来华工作许可", "行政许可", "《中华人民共和国出境入境管理法》第四十一条", "62000000KJ-XK-0002"),
    (KJT, "技术合同认定登记", "行政确认", "《技术合同认定登记管理办法》第四条", "62000000KJ-QR-0001"),
    (KJT, "甘肃省科学技术奖评审", "行政奖励", "《甘肃省科学技术奖励办法》", "62000000KJ-JL-0001"),
    (KJT, "科技计划项目监督检查", "行政检查", "《中华人民共和国科学技术进步法》第一百零五条", ""),
    (
        KJJ,
        "高新技术企业培育库入库认定",
        "行政确认",
        "《兰州市高新技术企业培育库管理办法》（演示）",
        "62010000KJ-QR-0001",
    ),
    (KJJ, "技术转移机构备案", "公共服务", "《国家技术转移体系建设方案》", "62010000KJ-GG-0001"),
    (SCJG, "专利优先审查推荐", "行政确认", "《专利优先审查管理办法》第四条", "62000000SJ-QR-0001"),
    (SCJG, "企业登记注册", "行政许可", "《中华人民共和国市场主体登记管理条例》", ""),
    (OFFICE, "科技创新券发放", "行政给付", "《兰白自创区科技创新券管理办法》（演示）", "62000000ZC-JF-0001"),
    (OFFICE, "专项资金项目立项", "行政给付", "《兰白自创区专项资金管理办法》（演示）", "62000000ZC-JF-0002"),
]
RESPONSIBILITY = (
    "1.受理责任：公示依法应当提交的材料，一次性告知补正材料；2.审查责任：对申请材料审查，提出意见；"
    "3.决定责任：作出决定并说明理由；4.送达责任：制发并送达结果；5.监管责任：事中事后监管。"
)
ACCOUNTABILITY = (
    "因不履行或不正确履行行政职责，有下列情形的，行政机关及其工作人员应承担相应责任："
    "对符合条件的申请不予受理、不予办理或超过法定期限的；违反法定程序的；索取或收受他人财物的。"
)

NEGATIVES = [
    ("forbidden", "禁止引进《产业结构调整指导目录》中的淘汰类项目。", "《产业结构调整指导目录（2024年本）》"),
    ("forbidden", "禁止在自创区内新建高耗能、高排放且不符合产业规划的项目。", "兰白自创区产业发展规划（演示）"),
    (
        "restricted",
        "《市场准入负面清单》许可准入类事项，须依法取得许可后方可进入。",
        "《市场准入负面清单（2025年版）》",
    ),
    (
        "not_supported",
        "列入严重失信主体名单且未完成信用修复的企业，不予政策和资金支持，不适用容缺受理。",
        "《甘肃省社会信用条例》",
    ),
    ("not_supported", "同一项目已获得其他省级财政资金支持的，不重复支持。", "《兰白自创区专项资金管理办法》（演示）"),
]

#: the dates of 2027 the law fixes (全国年节及纪念日放假办法: 元旦 1 day; 春节 除夕 to 初三) that fall on weekdays;
#: the 调休 arrangement comes with the State Council's notice
OFFICE_2027 = [
    (dt.date(2027, 1, 1), "元旦（全国年节及纪念日放假办法；调休安排以国务院办公厅通知为准）"),
    (dt.date(2027, 2, 5), "春节·除夕（全国年节及纪念日放假办法；调休安排以国务院办公厅通知为准）"),
    (dt.date(2027, 2, 8), "春节·初三（全国年节及纪念日放假办法；调休安排以国务院办公厅通知为准）"),
]


def _template(item_name: str, material: str) -> ContentFile:
    """A blank form as a .docx: the item, the material and the applicant's fields."""
    import docx

    document = docx.Document()
    document.add_heading(material, level=1)
    document.add_paragraph(f"适用事项：{item_name}（演示模板）")
    table = document.add_table(rows=5, cols=2)
    for row, label in zip(table.rows, ("申请单位", "统一社会信用代码", "联系人", "联系电话", "申请内容"), strict=True):
        row.cells[0].text = label
    document.add_paragraph("申请单位（盖章）：            日期：    年  月  日")
    buf = BytesIO()
    document.save(buf)
    return ContentFile(buf.getvalue(), name=f"{material}（模板）.docx")


def _item(office, spec: dict) -> ServiceItem:
    item = ServiceItem.objects.filter(code=spec["code"]).first()
    if item is not None:
        return item
    data = {
        "code": spec["code"],
        "name": spec["name"],
        "type": spec["type"],
        "department": spec["department"],
        "region": spec.get("region", ""),
        "implementer": spec["department"],
        "legal_basis": spec["legal_basis"],
        "conditions": spec["conditions"],
        "steps": STEPS if not spec.get("flow_url") else STEPS[:1] + STEPS[3:4],
        "clock": spec.get("clock", "own"),
        "statutory_days": spec["statutory_days"],
        "promised_days": spec["promised_days"],
        "extension_days": spec.get("extension_days", 0),
        "acceptance_days": spec.get("acceptance_days", 5),
        "pauses_allowed": spec.get("pauses", ["correction"]),
        "warn_days": 3,
        "fees": "不收费",
        "channel": spec.get("channel", "online"),
        "allows_deferral": True,
        "flow_url": spec.get("flow_url", ""),
        "flow_note": spec.get("flow_note", ""),
        "branch_departments": spec.get("branches", []),
        "branch_days": spec.get("branch_days", 10),
        "result_name": spec.get("result_name", ""),
        "contact": spec.get("contact", "0931-0000000（演示）"),
    }
    item = services.item_create(actor=office, is_demo=True, **data)
    for n, (name, required, may_defer) in enumerate(spec["materials"], start=1):
        template = _template(spec["name"], name) if n == 1 else None
        services.material_save(
            actor=office,
            item=item,
            name=name,
            required=required,
            may_defer=may_defer,
            order=n,
            note="可先行受理，承诺期限内补齐" if may_defer else "",
            template=template,
        )
    status = spec.get("status", "published")
    if status != "draft":
        services.item_set_status(actor=office, item=item, status="published")
    if status == "suspended":
        services.item_set_status(actor=office, item=item, status="suspended", reason=spec["reason"])
    return item


def _lists(office) -> None:
    if not PowerEntry.objects.exists():
        for n, (department, name, type_, basis, code) in enumerate(POWERS, start=1):
            services.power_save(
                actor=office,
                department=department,
                name=name,
                type=type_,
                basis=basis,
                responsibility=RESPONSIBILITY,
                accountability=ACCOUNTABILITY,
                item=code,
                order=n,
            )
    if not NegativeEntry.objects.exists():
        for n, (category, text, basis) in enumerate(NEGATIVES, start=1):
            services.negative_save(actor=office, category=category, text=text, basis=basis, order=n)


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    office = User.objects.filter(username="office").first()
    if office is None or not Organization.objects.filter(name=KJT).exists():
        return ""
    items = [_item(office, spec) for spec in ITEMS]
    _lists(office)
    if with_activity:
        for day, note in OFFICE_2027:
            if not WorkdayOverride.objects.filter(day=day).exists():
                calendar_services.override_set(actor=office, day=day, is_workday=False, note=note)
    materials = ItemMaterial.objects.filter(item__in=items).count()
    powers, negatives = PowerEntry.objects.count(), NegativeEntry.objects.count()
    return f"{len(items)} service items, {materials} materials, {powers} powers, {negatives} negative entries"
