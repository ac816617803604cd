# ruff: noqa: E501  (the chain table reads best one link per line)
"""Demo data: the zone's six leading industries (有色冶金新材料, 石油化工, 生物医药, 装备制造, 新能源, 电子信息) as
chains with up-, mid- and downstream links two levels deep (GB/T 4754 codes on every leaf), the registry's
demo enterprises placed on the leaves whose codes they carry, with output values for last year; the leaves no
registry enterprise works on are gaps, each with outside companies in the target list (招商目标库). Written
through the services as the office; the same on every run (one `random.Random`); skipped when loaded.

The pipeline's journey fills the gap `JOURNEY_CHAIN` / `JOURNEY_LINK` (石油化工 › 上游 › 原油加工及石油制品)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from innozone.core.models import Organization, User
from innozone.enterprises.selectors import bulk

from ..models import Chain, Link
from ..services import chains as services
from ..services import chains_placements, targets

SEED = 2016
JOURNEY_CHAIN = "PETRO"
JOURNEY_LINK = "原油加工及石油制品"
YI = Decimal(100_000_000)  # 亿元

#: (code, name, lead unit, description, {segment: [(top link, key, [(leaf, codes, min_enterprises, min_output 亿, key)])]})
CHAINS = [
    ("NFM", "有色冶金新材料", "白银高新区管委会", "以铜、铝、镍钴、稀土为基础，向合金材料和电子专用材料延伸。", {
        "up": [("有色金属采选与冶炼", True, [("稀有金属冶炼", ["C3239"], 2, 10, True), ("铜铝冶炼", ["C3211", "C3216"], 1, None, False)])],
        "mid": [("有色金属合金与加工", True, [("有色金属合金", ["C3240"], 2, 5, True), ("碳素与石墨制品", ["C3091"], 1, None, False)])],
        "down": [("新材料应用", False, [("电子专用材料", ["C3985"], 1, None, False), ("电池正极材料", ["C3985", "C2613"], 1, None, True)])],
    }),
    ("PETRO", "石油化工", "兰州新区管委会", "依托兰州石化，延伸精细化工和化工新材料。", {
        "up": [("炼油与基础原料", True, [(JOURNEY_LINK, ["C2511"], 1, None, True), ("有机化学原料", ["C2614"], 2, None, False)])],
        "mid": [("精细化工", True, [("专用化学产品", ["C2669"], 2, 3, True), ("合成材料", ["C2651", "C2653"], 1, None, False)])],
        "down": [("化工新材料应用", False, [("化学试剂与助剂", ["C2661", "C2662"], 1, None, False)])],
    }),
    ("BIO", "生物医药", "兰州高新区管委会", "生物制品、中医药与医疗器械。", {
        "up": [("研发与原料", False, [("医药研发服务", ["M7340", "M7330"], 1, None, False), ("中药材种植与饮片", ["A0170", "C2730"], 1, None, False)])],
        "mid": [("药品制造", True, [("生物药品", ["C2761"], 2, 5, True), ("中成药", ["C2740"], 1, None, False)])],
        "down": [("医疗器械与流通", False, [("医疗诊断设备", ["C3581"], 1, None, True), ("医药流通", ["F5151"], 1, None, False)])],
    }),
    ("EQUIP", "装备制造", "兰州市人民政府", "矿山与石化装备、数控机床和工业机器人。", {
        "up": [("基础零部件", False, [("泵与真空设备", ["C3441"], 1, None, False), ("轴承与齿轮", ["C3451", "C3453"], 1, None, True)])],
        "mid": [("整机制造", True, [("矿山机械", ["C3511"], 2, 3, True), ("金属切削机床", ["C3421"], 1, None, False)])],
        "down": [("智能装备", True, [("工业机器人", ["C3491"], 1, 1, True), ("工业自动控制系统", ["C4011"], 1, None, False)])],
    }),
    ("NEV", "新能源", "白银高新区管委会", "光伏、锂电和储能。", {
        "up": [("材料与设备", False, [("光伏设备及元器件", ["C3825"], 2, 5, True), ("多晶硅", ["C3985"], 1, None, False)])],
        "mid": [("电池与组件", True, [("锂离子电池", ["C3841"], 2, 8, True), ("储能电池系统", ["C3849"], 1, None, True)])],
        "down": [("应用与运营", False, [("光伏电站运营", ["D4416"], 1, None, False)])],
    }),
    ("ICT", "电子信息", "兰州高新区管委会", "光电子器件、软件和数据服务。", {
        "up": [("元器件", True, [("光电子器件", ["C3976"], 2, 3, True), ("集成电路", ["C3973"], 1, None, True)])],
        "mid": [("软件与数据", True, [("应用软件", ["I6513"], 2, 1, False), ("数据中心与云服务", ["I6450"], 1, None, False)])],
        "down": [("行业应用", False, [("工业互联网平台", ["I6432"], 1, None, False)])],
    }),
]  # fmt: skip

#: outside companies for the gap leaves (company, location, ranking)
TARGET_POOL = [
    ("中国石油天然气股份有限公司（演示）", "北京", "世界500强"),
    ("万华化学集团股份有限公司（演示）", "山东烟台", "中国500强"),
    ("宁德时代新能源科技股份有限公司（演示）", "福建宁德", "链主"),
    ("迈瑞医疗国际股份有限公司（演示）", "广东深圳", "中国500强"),
    ("华为技术有限公司（演示）", "广东深圳", "世界500强"),
    ("人本集团有限公司（演示）", "浙江温州", "民营500强"),
    ("天齐锂业股份有限公司（演示）", "四川成都", "中国500强"),
    ("国药控股股份有限公司（演示）", "上海", "世界500强"),
    ("中芯国际集成电路制造有限公司（演示）", "上海", "链主"),
    ("阿里云计算有限公司（演示）", "浙江杭州", "民营500强"),
    ("隆基绿能科技股份有限公司（演示）", "陕西西安", "中国500强"),
    ("金川集团股份有限公司（演示）", "甘肃金昌", "中国500强"),
]


def seed_part(*, with_activity: bool) -> str:
    if Chain.objects.filter(is_demo=True).exists():
        return ""
    office = User.objects.filter(username="office").first()
    if office is None:
        return ""
    rng = random.Random(SEED)
    year = timezone.localdate().year - 1
    entries = bulk.entry_rows(("organization_id", "industry_code", "name"))
    by_code: dict[str, list[int]] = {}
    for org_id, code, _name in entries:
        by_code.setdefault(code, []).append(org_id)
    used: set[tuple[int, int]] = set()
    links = placements = gap_targets = 0
    pool = list(TARGET_POOL)
    for order, (code, name, lead_name, description, segments) in enumerate(CHAINS, start=1):
        lead = Organization.objects.filter(name=lead_name).first()
        chain = services.chain_create(
            actor=office, is_demo=True, code=code, name=name, description=description,
            lead=lead.pk if lead else None, order=order, is_leading=True,
        )  # fmt: skip
        for seg_order, (segment, tops) in enumerate(segments.items()):
            for top_name, top_key, leaves in tops:
                top = services.link_create(
                    actor=office, chain=chain, name=top_name, segment=segment, is_key=top_key, min_enterprises=1,
                    order=seg_order * 10,
                )  # fmt: skip
                links += 1
                for leaf_order, (leaf_name, codes, minimum, min_output, key) in enumerate(leaves):
                    leaf = services.link_create(
                        actor=office, chain=chain, name=leaf_name, parent=top.pk, segment=segment,
                        industry_codes=codes, min_enterprises=minimum, is_key=key, order=leaf_order,
                        min_output=str(min_output * YI) if min_output else "",
                    )  # fmt: skip
                    links += 1
                    candidates = sorted({o for c in codes for o in by_code.get(c, [])})
                    rng.shuffle(candidates)
                    for org_id in candidates[: rng.randint(1, 3)]:
                        if (leaf.pk, org_id) in used:
                            continue
                        used.add((leaf.pk, org_id))
                        output = Decimal(rng.randint(3_000, 300_000)) * Decimal(10_000)
                        chains_placements.placement_add(
                            actor=office, link=leaf, organization=org_id, year=year, output_value=str(output),
                            products=leaf_name, is_leader=output > 20 * YI,
                        )  # fmt: skip
                        placements += 1
                    if not candidates:
                        for n in range(2):
                            company, location, ranking = pool[(gap_targets + n) % len(pool)]
                            status = "contacted" if with_activity and n == 0 else "identified"
                            targets.target_create(
                                actor=office, link=leaf, company=company, location=location, ranking=ranking,
                                priority=1 if key else 2, status=status,
                                reason=f"补齐“{leaf_name}”环节（{name}产业链缺链）",
                            )  # fmt: skip
                        gap_targets += 2
    return f"chains: {len(CHAINS)} chains, {links} links, {placements} placements ({year}), {gap_targets} targets"


def journey_link() -> Link | None:
    """The gap the pipeline's journey fills (for R2's tests and journey)."""
    return Link.objects.filter(chain__code=JOURNEY_CHAIN, name=JOURNEY_LINK).first()
