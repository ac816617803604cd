"""Recognition conditions as data: the metrics they name, which thresholds the hardship rule lowers, which
conditions are alternatives to each other, and the pure check of figures against them (no models).

A condition compares one **metric** of a platform's figures with a threshold. The metrics are the keys of
the figures dict a check is given (a platform's yearly figures, an application's declared figures, or what the
host types on the self-check page). `METRICS` is the documented list; the seeded conditions and the admin use
these keys, and a condition naming a key not listed here is shown with the key as its label.

Hardship (艰苦边远地区): for incubators the 2018 办法 allows the area, tenant, graduate, fund and IP thresholds to
be 20 % lower (research F7, S40). `HARDSHIP_REDUCIBLE` lists, per kind code, the metrics that rule lowers; only
"at least" conditions are lowered (lowering an "at most" one would make it stricter).

Alternatives: some documents accept either of two figures (≥50 % of tenants filed patents **or** ≥30 % hold
valid IP; ≥10 new firms **or** ≥5 financed). `ALTERNATIVES` lists such pairs; when one condition of a pair is
met, the other counts as met through it (`via`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

#: metric key → (label, unit). Keep in step with the conditions' data (migration 0003) and the figures form.
METRICS: dict[str, tuple[str, str]] = {
    # from the yearly figures (YearFigures)
    "rd_staff": ("研发人员", "人"),
    "projects": ("承担项目", "项"),
    "rd_spend": ("研发投入", "元"),
    "outputs": ("成果产出", "项"),
    "patents": ("授权专利", "件"),
    "services": ("对外服务", "次"),
    "service_income": ("对外服务收入", "元"),
    "tenants": ("在孵企业", "家"),
    "graduated": ("当年毕业企业", "家"),
    "area": ("孵化场地面积", "㎡"),
    "occupancy": ("场地使用率", "%"),
    # derived from the yearly figures
    "tenants_per_1000m2": ("每千平方米在孵企业", "家"),
    # declared in an application or on the self-check page
    "graduated_total": ("累计毕业企业", "家"),
    "operating_years": ("运营年限", "年"),
    "operating_months": ("运营时间", "月"),
    "stats_years": ("连续报送统计数据", "年"),
    "seed_fund": ("种子资金", "元"),
    "financed_share": ("获得投融资的在孵企业占比", "%"),
    "equity_invested_share": ("获孵化器自有资金股权投资的在孵企业占比", "%"),
    "financing_cases": ("投融资案例", "个"),
    "professional_staff_share": ("专业人员占员工比例", "%"),
    "professionals_per_10_tenants": ("每10家在孵企业专业孵化人员", "人"),
    "mentors_per_10_tenants": ("每10家在孵企业创业导师", "人"),
    "ip_filed_share": ("申请专利的在孵企业占比", "%"),
    "ip_valid_share": ("拥有有效知识产权的在孵企业占比", "%"),
    "single_field_share": ("同一领域在孵企业占比", "%"),
    "growth_share": ("营收或研发投入增长超过20%的在孵企业占比", "%"),
    "non_rent_income_share": ("非租金物业收入占总收入比例", "%"),
    "workstations": ("工位", "个"),
    "workstation_space_share": ("工位和公共服务空间占比", "%"),
    "teams": ("当年入驻团队和企业", "家"),
    "new_firms": ("当年新注册企业", "家"),
    "financed_teams": ("当年获得投融资的团队和企业", "家"),
    "typical_cases": ("当年典型案例", "个"),
    "fulltime_staff": ("专职工作人员", "人"),
    "mentors": ("创业导师", "人"),
    "events": ("当年创业活动", "场"),
    "demo_base_mu": ("示范基地面积", "亩"),
    "instruments_value": ("仪器设备原值", "元"),
    "rd_staff_share": ("研发人员占员工比例", "%"),
    "rd_spend_share": ("研发经费支出占年收入比例", "%"),
    "conversion_income_share": ("技术性收入占年收入比例", "%"),
}

#: 艰苦边远地区: thresholds of these metrics may be 20 % lower (F7 / S40: area, tenants, graduates, fund, IP).
HARDSHIP_FACTOR = Decimal("0.8")
HARDSHIP_REDUCIBLE: dict[str, frozenset[str]] = {
    "incubator": frozenset(
        {
            "area",
            "tenants",
            "tenants_per_1000m2",
            "graduated_total",
            "seed_fund",
            "financed_share",
            "ip_filed_share",
            "ip_valid_share",
        }
    ),
}

#: pairs of metrics either of which satisfies the document (when both are conditions of the same check)
ALTERNATIVES: tuple[frozenset[str], ...] = (
    frozenset({"ip_filed_share", "ip_valid_share"}),
    frozenset({"equity_invested_share", "financed_share"}),
    frozenset({"new_firms", "financed_teams"}),
    frozenset({"area", "workstations"}),
)

CERTAINTY = {"V": "已核实", "P": "部分核实", "U": "未核实"}


def metric_label(metric: str) -> str:
    return METRICS.get(metric, (metric, ""))[0]


def metric_unit(metric: str) -> str:
    return METRICS.get(metric, ("", ""))[1]


def number(value) -> Decimal | None:
    """A figure as a Decimal; None for missing or not a number (the check then says "unknown")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        out = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return out if out.is_finite() else None


def derived(figures: dict) -> dict:
    """The figures with the metrics computed from others (tenants per 1,000 m²) added when absent."""
    out = dict(figures)
    tenants, area = number(out.get("tenants")), number(out.get("area"))
    if number(out.get("tenants_per_1000m2")) is None and tenants is not None and area:
        out["tenants_per_1000m2"] = (tenants * 1000 / area).quantize(Decimal("0.01"))
    return out


def effective_threshold(*, kind_code: str, metric: str, op: str, threshold, hardship: bool) -> Decimal:
    value = Decimal(str(threshold))
    if hardship and op == ">=" and metric in HARDSHIP_REDUCIBLE.get(kind_code, ()):
        value = value * HARDSHIP_FACTOR
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _met(value: Decimal, op: str, threshold: Decimal) -> bool:
    if op == ">=":
        return value >= threshold
    if op == "<=":
        return value <= threshold
    return value == threshold


def _gap(value: Decimal, op: str, threshold: Decimal) -> Decimal:
    return (threshold - value) if op == ">=" else (value - threshold) if op == "<=" else abs(value - threshold)


def check(conditions: list[dict], figures: dict, *, kind_code: str = "", hardship: bool = False) -> list[dict]:
    """Each condition ({"id", "metric", "op", "threshold", …}) against the figures.

    Row: {"condition": the given dict, "metric", "label", "unit", "value" (Decimal or None), "threshold" (after
    the hardship rule), "reduced" (bool), "met" (True/False, None when the figure is missing), "gap" (how much is
    missing, None when met or unknown), "via" (the metric of an alternative that satisfied it, else "")}.
    """
    figures = derived(figures)
    rows = []
    for c in conditions:
        metric, op = c["metric"], c["op"]
        threshold = effective_threshold(
            kind_code=kind_code, metric=metric, op=op, threshold=c["threshold"], hardship=hardship
        )
        value = number(figures.get(metric))
        met = None if value is None else _met(value, op, threshold)
        rows.append(
            {
                "condition": c,
                "metric": metric,
                "label": metric_label(metric),
                "unit": c.get("unit") or metric_unit(metric),
                "value": value,
                "threshold": threshold,
                "reduced": threshold != Decimal(str(c["threshold"])),
                "met": met,
                "gap": _gap(value, op, threshold) if met is False else None,
                "via": "",
            }
        )
    met_metrics = {r["metric"] for r in rows if r["met"]}
    for r in rows:
        if r["met"]:
            continue
        for pair in ALTERNATIVES:
            other = (pair - {r["metric"]}) & met_metrics if r["metric"] in pair else set()
            if other:
                r.update(met=True, gap=None, via=sorted(other)[0])
    return rows


def summary(rows: list[dict]) -> dict:
    """Counts: met, not met, unknown (missing figure), and whether every condition is met."""
    met = sum(1 for r in rows if r["met"] is True)
    unmet = sum(1 for r in rows if r["met"] is False)
    unknown = sum(1 for r in rows if r["met"] is None)
    return {"met": met, "unmet": unmet, "unknown": unknown, "all_met": bool(rows) and met == len(rows)}
