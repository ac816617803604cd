"""Enterprise size class (大/中/小/微) by 《统计上大中小微型企业划分办法（2017）》(国统字〔2017〕213号).

The rule (第四条 and the table's notes): large, medium and small enterprises must meet the lower bound of every
indicator listed for their industry, otherwise they drop a class ("须同时满足所列指标的下限，否则下划一档");
a micro enterprise needs only one indicator below the small bound ("只须满足所列指标中的一项即可"). So the class is
the highest one whose lower bounds are all met, and micro when even the small bounds are not all met.

Indicators: 从业人员 X (persons), 营业收入 Y and 资产总额 Z (the table is in 万元; inputs here are in yuan).
Industries by GB/T 4754-2017 section letter and two-digit division ("C3562" → 工业, "I65" → 软件和信息技术服务业).

Verification: 工业 appears in two independent copies of the table (research notes §1.2, "V"); 软件和信息技术服务业,
信息传输业, 租赁和商务服务业, 其他未列明行业, 农林牧渔业 and 建筑业 match the partly verified rows ("P") and the
official 2017 table as known to the author. NOT verified against any retrieved text: 批发业, 零售业, 交通运输业,
仓储业, 邮政业, 住宿业, 餐饮业, 房地产开发经营, 物业管理, and the table note's mapping of 装卸搬运 (591) to
交通运输业 and exclusion of 铁路运输业 (53, so not classified). Check them against stats.gov.cn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
CLASSES = ("large", "medium", "small")  # checked in this order; micro otherwise
CLASS_NAMES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
INDICATOR_NAMES = {"employees": "从业人员", "revenue": "营业收入", "assets": "资产总额"}
INDICATOR_UNITS = {"employees": "人", "revenue": "万元", "assets": "万元"}


@dataclass(frozen=True)
class Group:
    """One row group of the 2017 table: for each indicator the lower bounds (large, medium, small); persons,
    or 万元 for money."""

    name: str
    bounds: dict[str, tuple[int, int, int]]


GROUPS: dict[str, Group] = {
    "agriculture": Group("农、林、牧、渔业", {"revenue": (20000, 500, 50)}),
    "industry": Group("工业", {"employees": (1000, 300, 20), "revenue": (40000, 2000, 300)}),
    "construction": Group("建筑业", {"revenue": (80000, 6000, 300), "assets": (80000, 5000, 300)}),
    "wholesale": Group("批发业", {"employees": (200, 20, 5), "revenue": (40000, 5000, 1000)}),
    "retail": Group("零售业", {"employees": (300, 50, 10), "revenue": (20000, 500, 100)}),
    "transport": Group("交通运输业", {"employees": (1000, 300, 20), "revenue": (30000, 3000, 200)}),
    "warehousing": Group("仓储业", {"employees": (200, 100, 20), "revenue": (30000, 1000, 100)}),
    "postal": Group("邮政业", {"employees": (1000, 300, 20), "revenue": (30000, 2000, 100)}),
    "accommodation": Group("住宿业", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    "catering": Group("餐饮业", {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)}),
    "telecom": Group("信息传输业", {"employees": (2000, 100, 10), "revenue": (100000, 1000, 100)}),
    "software": Group("软件和信息技术服务业", {"employees": (300, 100, 10), "revenue": (10000, 1000, 50)}),
    "real_estate": Group("房地产开发经营", {"revenue": (200000, 1000, 100), "assets": (10000, 5000, 2000)}),
    "property": Group("物业管理", {"employees": (1000, 300, 100), "revenue": (5000, 1000, 500)}),
    "leasing": Group("租赁和商务服务业", {"employees": (300, 100, 10), "assets": (120000, 8000, 100)}),
    "other": Group("其他未列明行业", {"employees": (300, 100, 10)}),
}

# GB/T 4754-2017 sections and their two-digit divisions.
SECTIONS = {
    "A": range(1, 6), "B": range(6, 13), "C": range(13, 44), "D": range(44, 47), "E": range(47, 51),
    "F": range(51, 53), "G": range(53, 61), "H": range(61, 63), "I": range(63, 66), "J": range(66, 70),
    "K": range(70, 71), "L": range(71, 73), "M": range(73, 76), "N": range(76, 80), "O": range(80, 83),
    "P": range(83, 84), "Q": range(84, 86), "R": range(86, 91), "S": range(91, 97), "T": range(97, 98),
}  # fmt: skip
# Whole sections in one group; 其他未列明行业 covers M, N, O, R (and 社会工作 85, 房地产中介 703, 其他房地产业 709).
SECTION_GROUPS = {
    "A": "agriculture", "B": "industry", "C": "industry", "D": "industry", "E": "construction",
    "L": "leasing", "M": "other", "N": "other", "O": "other", "R": "other",
}  # fmt: skip
DIVISION_GROUPS = {
    51: "wholesale", 52: "retail", 54: "transport", 55: "transport", 56: "transport", 57: "transport",
    58: "transport", 59: "warehousing", 60: "postal", 61: "accommodation", 62: "catering", 63: "telecom",
    64: "telecom", 65: "software", 85: "other",
}  # fmt: skip
# Three-digit classes that differ from their division: 装卸搬运 (591) is 交通运输业 in the table's note;
# 房地产业 (70) splits into 开发经营 (701), 物业管理 (702), 其他未列明 (703 中介, 709 其他); 704 (房地产租赁经营,
# formerly 自有房地产经营活动) is excluded by the note.
CLASS_GROUPS = {"591": "transport", "701": "real_estate", "702": "property", "703": "other", "709": "other"}
# Outside the 办法's scope (第二条): 铁路运输业 53, 金融业 J, 教育 P, 卫生 84, 公共管理… S, 国际组织 T, 704.
NOT_COVERED = {"J", "P", "S", "T"}

_EXAMPLES = {"F": "F51", "G": "G54", "H": "H61", "I": "I65", "K": "K701", "Q": "Q85"}
_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")


@dataclass(frozen=True)
class SizeResult:
    code: str | None  # "large" | "medium" | "small" | "micro", or None when the class cannot be decided
    group: str | None  # the table's row group, e.g. "工业"
    reason: str

    @property
    def label(self) -> str:
        return CLASS_NAMES.get(self.code, "")


def industry_group(industry: str) -> tuple[str | None, str]:
    """The key of GROUPS for a GB/T 4754-2017 code (section letter and/or 2–4 digits), or None and why."""
    text = (industry or "").strip().upper()
    match = _CODE.match(text)
    if not text or not match:
        return None, f"行业代码“{industry}”无法识别（应为门类字母和/或 2–4 位数字，如 C3562、I65）"
    letter, digits = match.groups()
    if digits is None:
        if letter in SECTION_GROUPS:
            return SECTION_GROUPS[letter], ""
        if letter in NOT_COVERED:
            return None, f"门类 {letter} 不在《统计上大中小微型企业划分办法（2017）》适用范围内"
        return None, f"门类 {letter} 下各行业标准不同，请填写大类代码（如 {_EXAMPLES[letter]}）"
    division = int(digits[:2])
    section = next((s for s, r in SECTIONS.items() if division in r), None)
    if section is None or (letter and letter != section):
        return None, f"行业代码“{industry}”的门类与大类不符或大类不存在"
    if len(digits) >= 3 and digits[:3] in CLASS_GROUPS:
        return CLASS_GROUPS[digits[:3]], ""
    if division == 70:
        if len(digits) >= 3:
            return None, f"房地产业中类 {digits[:3]} 不在划分办法适用范围内（不含自有房地产经营活动）"
        return None, "房地产业请填写中类代码（701 开发经营、702 物业管理、703 中介、709 其他）"
    if division in DIVISION_GROUPS:
        return DIVISION_GROUPS[division], ""
    if section in SECTION_GROUPS:
        return SECTION_GROUPS[section], ""
    return None, f"行业代码“{industry}”不在《统计上大中小微型企业划分办法（2017）》适用范围内"


def size_class(industry: str, *, employees: int | None, revenue: Decimal | None, assets: Decimal | None) -> SizeResult:
    """The size class of an enterprise in `industry` with `employees` persons, `revenue` and `assets` in yuan."""
    key, why = industry_group(industry)
    if key is None:
        return SizeResult(None, None, why)
    group = GROUPS[key]
    values = {"employees": employees, "revenue": revenue, "assets": assets}
    missing = [INDICATOR_NAMES[i] for i in group.bounds if values[i] is None]
    if missing:
        return SizeResult(None, group.name, f"{group.name}划型需要{'、'.join(missing)}，未提供")
    figures = {i: _in_table_unit(i, values[i]) for i in group.bounds}
    shown = "，".join(_show(i, figures[i]) for i in group.bounds)
    missed = ""
    for rank, code in enumerate(CLASSES):
        short = [i for i, bounds in group.bounds.items() if figures[i] < bounds[rank]]
        if not short:
            reached = f"达到{CLASS_NAMES[code]}企业全部下限{missed}"
            return SizeResult(code, group.name, f"{group.name}：{shown}；{reached}")
        missed = "（未同时达到{}下限：{}，下划一档）".format(
            CLASS_NAMES[code], "、".join(f"{INDICATOR_NAMES[i]} {_bound(i, group.bounds[i][rank])}" for i in short)
        )
        if code == "small":
            below = "、".join(f"{INDICATOR_NAMES[i]}低于小型下限 {_bound(i, group.bounds[i][2])}" for i in short)
            return SizeResult("micro", group.name, f"{group.name}：{shown}；{below}")
    raise AssertionError("unreachable")


def _in_table_unit(indicator: str, value) -> Decimal:
    return Decimal(value) if indicator == "employees" else Decimal(value) / TEN_THOUSAND


def _show(indicator: str, value: Decimal) -> str:
    number = f"{value:,.0f}" if indicator == "employees" else f"{value.quantize(CENT).normalize():,f}"
    return f"{INDICATOR_NAMES[indicator]} {number} {INDICATOR_UNITS[indicator]}"


def _bound(indicator: str, bound: int) -> str:
    return f"{bound:,} {INDICATOR_UNITS[indicator]}"
