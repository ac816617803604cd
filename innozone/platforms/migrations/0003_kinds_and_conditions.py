"""The platform kinds of issue 13 and the recognition conditions found in the research
(shared/research/rules-and-anchors.md §2.1–2.3, F6, F7), each with its source document and certainty
(V verified, P partly, U unverified). Numbers the research did not find (the 2025 incubator area, tenant and
graduation numbers; Gansu's own provincial rules; 国家星创天地 numbers) are left out, not guessed.

Idempotent (get_or_create on the kind's code and on kind/level/tier/metric/source); the reverse is a no-op
(the office may have edited the rows since). The office edits all of it in the Django admin.
"""

from decimal import Decimal

from django.db import migrations

KINDS = [
    # code, name, carrier
    ("key_lab", "重点实验室", False),
    ("eng_tech_center", "工程技术研究中心", False),
    ("enterprise_tech_center", "企业技术中心", False),
    ("eng_research_center", "工程研究中心", False),
    ("new_rd_institution", "新型研发机构", False),
    ("industry_alliance", "产业技术创新战略联盟", False),
    ("incubator", "科技企业孵化器", True),
    ("makerspace", "众创空间", True),
    ("star_space", "星创天地", True),
    ("science_park", "大学科技园", True),
    ("tech_transfer", "技术转移机构", False),
    ("expert_workstation", "院士/博士后工作站", False),
]

S2018 = "国科发区〔2018〕300号（已废止，多省仍沿用）"
S2025 = "工信部科〔2025〕131号（2025-06-13印发，标准级）"
SMAKER = "《国家众创空间备案暂行规定》"
SSTAR = "福建省星创天地认定条件（2021，省级示例；甘肃省条件未查到）"
SNRD = "广东省新型研发机构认定条件（省级示例；国家层面仅有定性要求）"

# kind, level, tier, metric, label, op, threshold, unit, source, certainty
CONDITIONS = [
    # 科技企业孵化器, national, 2018 baseline (F7, S40/S41)
    ("incubator", "national", "", "operating_years", "运营满3年", ">=", 3, "年", S2018, "V"),
    ("incubator", "national", "", "stats_years", "连续2年报送真实统计数据", ">=", 2, "年", S2018, "V"),
    ("incubator", "national", "", "area", "自主支配孵化场地不低于10000平方米", ">=", 10000, "㎡", S2018, "V"),
    ("incubator", "national", "", "occupancy", "在孵企业使用场地（含公共服务场地）占比不低于75%", ">=", 75, "%", S2018, "V"),
    ("incubator", "national", "", "seed_fund", "自有或合作种子资金不低于500万元", ">=", 5000000, "元", S2018, "V"),
    ("incubator", "national", "", "financed_share", "获得投融资的在孵企业占比不低于10%", ">=", 10, "%", S2018, "V"),
    ("incubator", "national", "", "financing_cases", "至少3个投融资案例", ">=", 3, "个", S2018, "V"),
    ("incubator", "national", "", "professional_staff_share", "专业人员占员工80%以上", ">=", 80, "%", S2018, "V"),
    ("incubator", "national", "", "professionals_per_10_tenants", "每10家在孵企业至少1名专业孵化人员", ">=", 1, "人", S2018, "V"),
    ("incubator", "national", "", "mentors_per_10_tenants", "每10家在孵企业至少1名创业导师", ">=", 1, "人", S2018, "V"),
    ("incubator", "national", "", "ip_filed_share", "申请专利的在孵企业占比不低于50%（或拥有有效知识产权的占30%）", ">=", 50, "%", S2018, "V"),
    ("incubator", "national", "", "ip_valid_share", "拥有有效知识产权的在孵企业占比不低于30%（或申请专利的占50%）", ">=", 30, "%", S2018, "V"),
    ("incubator", "national", "", "tenants", "在孵企业不少于50家", ">=", 50, "家", S2018, "V"),
    ("incubator", "national", "", "tenants_per_1000m2", "每千平方米不少于3家在孵企业", ">=", 3, "家", S2018, "V"),
    ("incubator", "national", "", "graduated_total", "累计毕业企业不少于20家", ">=", 20, "家", S2018, "V"),
    # 专业孵化器 (specialised), same document
    ("incubator", "national", "专业孵化器", "single_field_share", "同一领域在孵企业占比不低于75%", ">=", 75, "%", S2018, "V"),
    ("incubator", "national", "专业孵化器", "tenants", "在孵企业不少于30家", ">=", 30, "家", S2018, "V"),
    ("incubator", "national", "专业孵化器", "tenants_per_1000m2", "每千平方米不少于2家在孵企业", ">=", 2, "家", S2018, "V"),
    ("incubator", "national", "专业孵化器", "graduated_total", "累计毕业企业不少于15家", ">=", 15, "家", S2018, "V"),
    # 2025 MIIT 标准级: the three checks the research found (F6, S43–S45); other 2025 numbers not found (U, left out)
    ("incubator", "national", "标准级", "equity_invested_share", "上年度获孵化器自有资金股权投资的在孵企业占比不低于10%（或获投融资的占20%）", ">=", 10, "%", S2025, "V"),
    ("incubator", "national", "标准级", "financed_share", "上年度获得投融资的在孵企业占比不低于20%（或获自有资金股权投资的占10%）", ">=", 20, "%", S2025, "V"),
    ("incubator", "national", "标准级", "growth_share", "上年度营收或研发投入增长超过20%的在孵企业占比不低于30%", ">=", 30, "%", S2025, "V"),
    ("incubator", "national", "标准级", "non_rent_income_share", "非租金物业收入占总收入比例不低于30%", ">=", 30, "%", S2025, "V"),
    # 众创空间 national filing (S49)
    ("makerspace", "national", "", "operating_months", "运营满18个月", ">=", 18, "月", SMAKER, "V"),
    ("makerspace", "national", "", "area", "场地不少于500平方米（或工位不少于30个）", ">=", 500, "㎡", SMAKER, "V"),
    ("makerspace", "national", "", "workstations", "工位不少于30个（或场地不少于500平方米）", ">=", 30, "个", SMAKER, "V"),
    ("makerspace", "national", "", "workstation_space_share", "工位和公共服务空间占比不低于75%", ">=", 75, "%", SMAKER, "V"),
    ("makerspace", "national", "", "teams", "每年入驻团队和企业不少于20家", ">=", 20, "家", SMAKER, "V"),
    ("makerspace", "national", "", "new_firms", "每年新注册企业不少于10家（或获得投融资的不少于5家）", ">=", 10, "家", SMAKER, "V"),
    ("makerspace", "national", "", "financed_teams", "每年获得投融资的团队和企业不少于5家（或新注册企业不少于10家）", ">=", 5, "家", SMAKER, "V"),
    ("makerspace", "national", "", "typical_cases", "每年典型案例不少于3个", ">=", 3, "个", SMAKER, "V"),
    ("makerspace", "national", "", "fulltime_staff", "专职人员不少于3名", ">=", 3, "人", SMAKER, "V"),
    ("makerspace", "national", "", "mentors", "创业导师不少于3名", ">=", 3, "人", SMAKER, "V"),
    ("makerspace", "national", "", "events", "每年创业活动不少于10场", ">=", 10, "场", SMAKER, "V"),
    # 星创天地: Fujian 2021 provincial example (S52) — an example, not Gansu's rule: P
    ("star_space", "province", "", "operating_years", "运营满1年", ">=", 1, "年", SSTAR, "P"),
    ("star_space", "province", "", "area", "场地不少于300平方米（租期不少于5年）", ">=", 300, "㎡", SSTAR, "P"),
    ("star_space", "province", "", "workstations", "工位不少于15个", ">=", 15, "个", SSTAR, "P"),
    ("star_space", "province", "", "mentors", "创业导师不少于5名", ">=", 5, "人", SSTAR, "P"),
    ("star_space", "province", "", "fulltime_staff", "专职管理人员不少于3名", ">=", 3, "人", SSTAR, "P"),
    ("star_space", "province", "", "demo_base_mu", "示范基地不少于50亩", ">=", 50, "亩", SSTAR, "P"),
    # 新型研发机构: Guangdong example (S63/S64), the non-PRD R&D threshold (2 M yuan; PRD 5 M)
    ("new_rd_institution", "province", "", "operating_years", "运营满1年", ">=", 1, "年", SNRD, "P"),
    ("new_rd_institution", "province", "", "instruments_value", "仪器设备原值不低于200万元", ">=", 2000000, "元", SNRD, "P"),
    ("new_rd_institution", "province", "", "area", "研发场地不少于600平方米", ">=", 600, "㎡", SNRD, "P"),
    ("new_rd_institution", "province", "", "rd_staff", "常驻研发人员不少于20人", ">=", 20, "人", SNRD, "P"),
    ("new_rd_institution", "province", "", "rd_staff_share", "研发人员占员工比例不低于40%", ">=", 40, "%", SNRD, "P"),
    ("new_rd_institution", "province", "", "rd_spend", "上年度研发经费支出不低于200万元（珠三角地区500万元）", ">=", 2000000, "元", SNRD, "P"),
    ("new_rd_institution", "province", "", "rd_spend_share", "研发经费支出占年收入比例不低于20%", ">=", 20, "%", SNRD, "P"),
    ("new_rd_institution", "province", "", "conversion_income_share", "技术性收入占年收入比例不低于30%", ">=", 30, "%", SNRD, "P"),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("platforms", "Kind")
    Condition = apps.get_model("platforms", "Condition")
    kinds = {}
    for order, (code, name, carrier) in enumerate(KINDS, start=1):
        kinds[code], _ = Kind.objects.get_or_create(
            code=code, defaults={"name": name, "carrier": carrier, "order": order * 10}
        )
    for kind, level, tier, metric, label, op, threshold, unit, source, certainty in CONDITIONS:
        Condition.objects.get_or_create(
            kind=kinds[kind],
            level=level,
            tier=tier,
            metric=metric,
            source=source,
            defaults={
                "label": label,
                "op": op,
                "threshold": Decimal(threshold),
                "unit": unit,
                "certainty": certainty,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
