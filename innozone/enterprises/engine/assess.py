"""Self-assessment against the 高新技术企业 (HNTE) and 科技型中小企业 (TSME) conditions.

Sources:
- 《高新技术企业认定管理办法》国科发火〔2016〕32号 第十一条 (the conditions) and 《高新技术企业认定管理工作指引》
  国科发火〔2016〕195号 (how each figure is counted, the 70-point innovation score);
- 《科技型中小企业评价办法》国科发政〔2017〕115号 第六条 (conditions) and its annex 《科技型中小企业评价指标及评价方法》
  (the 100-point score), with 《科技型中小企业评价工作指引》国科火字〔2022〕67号.

What the platform cannot judge is an input (the experts' innovation score) or not checked (the 核心支持作用 of the
IP, the fit with 《国家重点支持的高新技术领域》, 查账征收 and the industry catalogue for TSME, the TSME direct routes);
docs/enterprises.md lists them. Decimal arithmetic throughout; thresholds are compared by cross-multiplying, so a
ratio exactly at a threshold passes ("不低于") without rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
WAN = Decimal(10000)
YI = Decimal(100_000_000)


@dataclass(frozen=True)
class Figures:
    """One enterprise's figures. Index 0 of `revenue`/`rd` is the most recent accounting year; None = the
    enterprise did not exist that year. Money in yuan."""

    uscc: str
    name: str
    registered_on: date
    employees: int
    sci_staff: int
    revenue: tuple[Decimal | None, Decimal | None, Decimal | None]
    rd: tuple[Decimal | None, Decimal | None, Decimal | None]
    rd_domestic: Decimal
    hitech_income: Decimal
    total_income: Decimal
    total_assets: Decimal
    ip_class1: int
    ip_class2: int
    innovation_score: int | None = None
    major_incident: bool = False

    @property
    def years(self) -> list[int]:
        """The accounting years the enterprise has figures for (按实际经营时间计算)."""
        return [k for k in range(3) if self.revenue[k] is not None]


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    failed: tuple[str, ...]
    detail: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "failed": list(self.failed),
            "detail": [{"code": c, "message": m} for c, m in self.detail],
        }


@dataclass(frozen=True)
class TsmeAssessment(Assessment):
    score: int = 0
    scores: dict[str, int] = field(default_factory=dict)  # sci_staff, rd, ip

    def as_dict(self) -> dict:
        return {**super().as_dict(), "score": self.score, "scores": dict(self.scores)}


def _result(cls, problems: list[tuple[str, str]], **extra):
    return cls(eligible=not problems, failed=tuple(c for c, _ in problems), detail=tuple(problems), **extra)


# ---------------------------------------------------------------- 高新技术企业 (国科发火〔2016〕32号 第十一条)

MIN_DAYS = 365  # 第十一条（一）: 注册成立一年以上; 工作指引: "365个日历天数以上"
MIN_SCI_STAFF_PCT = Decimal(10)  # 第十一条（四）
RD_BANDS = ((Decimal(50_000_000), Decimal(5)), (Decimal(200_000_000), Decimal(4)), (None, Decimal(3)))  # （五）
# 第十一条（五）: 在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于60%
MIN_DOMESTIC_RD_PCT = Decimal(60)
MIN_HITECH_INCOME_PCT = Decimal(60)  # 第十一条（六）
MIN_INNOVATION_SCORE = 70  # 第十一条（七）; 工作指引: "70分以上（不含70分）"


def assess_hnte(f: Figures, *, as_of: date) -> Assessment:
    """The 高企 conditions of 第十一条 the file can show, in the contract's order of codes."""
    problems: list[tuple[str, str]] = []
    # （一）注册成立一年以上 — 工作指引: 截至申报日注册成立365个日历天数以上.
    days = (as_of - f.registered_on).days
    if days < MIN_DAYS:
        if days < 0:
            problems.append(("registered_lt_1y", f"注册日期 {f.registered_on} 晚于评价日期 {as_of}"))
        else:
            problems.append(
                (
                    "registered_lt_1y",
                    f"注册成立 {days} 个日历天（{f.registered_on} 至 {as_of}），不足 365 个日历天",
                )
            )
    # （二）拥有对主要产品（服务）在技术上发挥核心支持作用的知识产权 — only "owns any" is checkable.
    if f.ip_class1 + f.ip_class2 == 0:
        problems.append(("no_ip", "未拥有知识产权（Ⅰ类 0 件，Ⅱ类 0 件）"))
    # （四）科技人员占企业当年职工总数的比例不低于10%.
    if f.employees == 0:
        problems.append(("sci_staff_ratio", "职工总数为 0，无法计算科技人员占比（须不低于 10%）"))
    elif f.sci_staff * HUNDRED < MIN_SCI_STAFF_PCT * f.employees:
        ratio = _pct(Decimal(f.sci_staff), Decimal(f.employees))
        problems.append(
            (
                "sci_staff_ratio",
                f"科技人员 {f.sci_staff:,} 人，占职工总数 {f.employees:,} 人的 {ratio}，低于 10%",
            )
        )
    # （五）近三个会计年度研究开发费用总额占同期销售收入总额的比例, banded by the most recent year's sales;
    # 实际经营期不满三年的按实际经营时间计算.
    years = f.years
    sales = sum((f.revenue[k] for k in years), Decimal(0))
    rd_total = sum((f.rd[k] or Decimal(0) for k in years), Decimal(0))
    need, band = _rd_band(f.revenue[0])
    period = "近三个会计年度" if len(years) == 3 else f"实际经营的 {len(years)} 个会计年度"
    if sales == 0:
        problems.append(("rd_ratio", f"{period}销售收入合计为 0，无法计算研究开发费用占比（{band}须不低于 {need}%）"))
    elif rd_total * HUNDRED < need * sales:
        problems.append(
            (
                "rd_ratio",
                f"研发费用占比 {_pct(rd_total, sales)}，低于 {need}%（{band}）："
                f"{period}研究开发费用合计 {_yuan(rd_total)}，销售收入合计 {_yuan(sales)}",
            )
        )
    # （五）境内研发费用占全部研发费用不低于60%.
    if rd_total == 0:
        problems.append(("rd_domestic_share", "研究开发费用总额为 0，无法计算境内研究开发费用占比（须不低于 60%）"))
    elif f.rd_domestic * HUNDRED < MIN_DOMESTIC_RD_PCT * rd_total:
        problems.append(
            (
                "rd_domestic_share",
                f"境内研究开发费用 {_yuan(f.rd_domestic)}，占研究开发费用总额 {_yuan(rd_total)}的 "
                f"{_pct(f.rd_domestic, rd_total)}，低于 60%",
            )
        )
    # （六）近一年高新技术产品（服务）收入占企业同期总收入的比例不低于60%.
    if f.total_income == 0:
        message = "近一年总收入为 0，无法计算高新技术产品（服务）收入占比（须不低于 60%）"
        problems.append(("hitech_income_ratio", message))
    elif f.hitech_income * HUNDRED < MIN_HITECH_INCOME_PCT * f.total_income:
        problems.append(
            (
                "hitech_income_ratio",
                f"高新技术产品（服务）收入 {_yuan(f.hitech_income)}，占近一年总收入 {_yuan(f.total_income)}的 "
                f"{_pct(f.hitech_income, f.total_income)}，低于 60%",
            )
        )
    # （七）企业创新能力评价应达到相应要求 — 工作指引: 70分以上（不含70分）; scored by experts, so an input.
    if f.innovation_score is None:
        problems.append(("innovation_score", "未提供创新能力评价得分（由专家评价，须在 70 分以上，不含 70 分）"))
    elif f.innovation_score <= MIN_INNOVATION_SCORE:
        problems.append(("innovation_score", f"创新能力评价得分 {f.innovation_score} 分，须在 70 分以上（不含 70 分）"))
    # （八）企业申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为.
    if f.major_incident:
        problems.append(("major_incident", "申请认定前一年内发生过重大安全、重大质量事故或严重环境违法行为"))
    return _result(Assessment, problems)


def _rd_band(latest_sales: Decimal) -> tuple[Decimal, str]:
    """The minimum R&D share (percent) and the band's wording for the most recent year's sales (第十一条（五）)."""
    if latest_sales <= RD_BANDS[0][0]:
        return RD_BANDS[0][1], "最近一年销售收入不超过 5,000 万元"
    if latest_sales <= RD_BANDS[1][0]:
        return RD_BANDS[1][1], "最近一年销售收入 5,000 万–2 亿元"
    return RD_BANDS[2][1], "最近一年销售收入超过 2 亿元"


# ---------------------------------------------------------------- 科技型中小企业 (国科发政〔2017〕115号)

MAX_STAFF = 500  # 第六条（二）: 职工总数不超过500人
MAX_REVENUE = Decimal(200_000_000)  # 年销售收入不超过2亿元
MAX_ASSETS = Decimal(200_000_000)  # 资产总额不超过2亿元
PASS_SCORE = 60  # 第六条（五）: 综合评价得分不低于60分，且科技人员指标得分不得为0分
# 附件《科技型中小企业评价指标及评价方法》: lower bounds inclusive, in percent → points.
SCI_STAFF_POINTS = ((30, 20), (25, 16), (20, 12), (15, 8), (10, 4))
RD_SALES_POINTS = ((6, 50), (5, 40), (4, 30), (3, 20), (2, 10))
IP_CLASS2_POINTS = {4: 24, 3: 18, 2: 12, 1: 6, 0: 0}
IP_CLASS1_POINTS = 30


def tsme_scores(f: Figures) -> dict[str, int]:
    """The three indicator scores of the annex: 科技人员 (20), 研发投入 (50, the R&D / sales route only — the
    R&D / total cost route needs figures not in the file), 科技成果 (30)."""
    sci = _banded(Decimal(f.sci_staff), Decimal(f.employees), SCI_STAFF_POINTS)
    rd = _banded(f.rd[0] or Decimal(0), f.revenue[0] or Decimal(0), RD_SALES_POINTS)
    ip = IP_CLASS1_POINTS if f.ip_class1 >= 1 else IP_CLASS2_POINTS[min(f.ip_class2, 4)]
    return {"sci_staff": sci, "rd": rd, "ip": ip}


def _banded(part: Decimal, whole: Decimal, bands) -> int:
    if whole == 0:
        return 0
    return next((points for pct, points in bands if part * HUNDRED >= pct * whole), 0)


def assess_tsme(f: Figures) -> TsmeAssessment:
    """The TSME conditions of 第六条 the file can show, in the contract's order of codes."""
    problems: list[tuple[str, str]] = []
    if f.employees > MAX_STAFF:
        problems.append(("staff_gt_500", f"职工总数 {f.employees:,} 人，超过 500 人"))
    if f.revenue[0] > MAX_REVENUE:
        amount = f"{_yuan(f.revenue[0])}（{_yi(f.revenue[0])}）"
        problems.append(("revenue_gt_200m", f"最近一年销售收入 {amount}，超过 2 亿元"))
    if f.total_assets > MAX_ASSETS:
        amount = f"{_yuan(f.total_assets)}（{_yi(f.total_assets)}）"
        problems.append(("assets_gt_200m", f"资产总额 {amount}，超过 2 亿元"))
    # 第六条（四） (2022 指引: 上一年及当年内): the file carries one flag for the year before.
    if f.major_incident:
        problems.append(("major_incident", "发生过重大安全、重大质量事故或严重环境违法、科研严重失信行为"))
    scores = tsme_scores(f)
    score = sum(scores.values())
    if scores["sci_staff"] == 0:
        if f.employees == 0:
            why = "职工总数为 0"
        else:
            why = f"科技人员占比 {_pct(Decimal(f.sci_staff), Decimal(f.employees))}，低于 10%"
        problems.append(("sci_staff_zero", f"科技人员指标得 0 分（{why}），不符合评价条件"))
    if score < PASS_SCORE:
        problems.append(
            (
                "score_lt_60",
                f"综合评价得分 {score} 分（科技人员 {scores['sci_staff']} + 研发投入 {scores['rd']} + "
                f"科技成果 {scores['ip']}），低于 60 分",
            )
        )
    return _result(TsmeAssessment, problems, score=score, scores=scores)


# ---------------------------------------------------------------- formatting


def _pct(part: Decimal, whole: Decimal) -> str:
    """part / whole as a percentage with 2 decimals, truncated (3.999 % shows as 3.99 %, never as the 4 % it
    is below)."""
    return f"{(part * HUNDRED / whole).quantize(CENT, rounding=ROUND_DOWN)}%"


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):,} 元"


def _yi(amount: Decimal) -> str:
    """An amount in 亿元 from 1 亿 up, else in 万元 (2 decimals, trailing zeros dropped)."""
    unit, name = (YI, "亿元") if amount >= YI else (WAN, "万元")
    return f"{_trim((amount / unit).quantize(CENT, rounding=ROUND_DOWN))} {name}"


def _trim(number: Decimal) -> str:
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
