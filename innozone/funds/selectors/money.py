"""Money of special funds: the burn-down (budget, awarded, paid, remaining) by programme, source and subject,
by month; matching funds expected, paid and outstanding per project, programme and region; the cockpit's card
(awards and spend by city against the S&T input target); the live indicator source `funds:`."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import regions

from ..models import Award, BudgetLine, Matching, Performance, Programme, Project, Repayment, Tranche

ZERO = Decimal(0)
CENT = Decimal("0.01")

#: The S&T input target of the zone (全社会科技投入 100亿 by the end of the plan), split 兰州 80亿 / 白银 20亿 —
#: seed document 001 (兰白自创区建设工作方案). Yuan, by city name.
ST_INPUT_TARGETS = {"兰州": Decimal("8000000000"), "白银": Decimal("2000000000")}

#: funds:<key> — live indicators by region (the applicant's region) and year
LIVE_KEYS = (
    "专项资金立项金额",
    "专项资金拨付金额",
    "专项资金配套到位金额",
    "专项资金项目专利",
    "专项资金项目新增销售收入",
    "专项资金项目新增就业",
)
#: performance figures (the project's organization's region) by key
PERFORMANCE_KEYS = {
    "专项资金项目专利": "patents",
    "专项资金项目新增销售收入": "revenue",
    "专项资金项目新增就业": "jobs",
}


def _sum(qs, field="amount") -> Decimal:
    return qs.aggregate(s=Sum(field))["s"] or ZERO


def burn_rows(*, year: int | None = None, programme_id: int | None = None) -> list[dict]:
    """One row per budget line: programme, subject, source, budget, awarded, paid, remaining (budget − awarded)."""
    lines = BudgetLine.objects.select_related("programme", "region").order_by("programme__name", "subject_code")
    if year:
        lines = lines.filter(programme__year=year)
    if programme_id:
        lines = lines.filter(programme_id=programme_id)
    awarded = dict(Award.objects.values("budget_line").annotate(s=Sum("amount")).values_list("budget_line", "s"))
    paid = dict(
        Tranche.objects.filter(status=Tranche.Status.PAID)
        .values("project__award__budget_line")
        .annotate(s=Sum("amount"))
        .values_list("project__award__budget_line", "s")
    )
    rows = []
    for line in lines:
        a, p = awarded.get(line.pk) or ZERO, paid.get(line.pk) or ZERO
        rows.append(
            {
                "line": line,
                "programme": line.programme,
                "subject": f"{line.subject_code} {line.subject_name}",
                "source": line.get_source_display(),
                "source_code": line.source,
                "budget": line.amount,
                "awarded": a,
                "paid": p,
                "remaining": line.amount - a,
            }
        )
    return rows


def burn_totals(rows: list[dict], key: str) -> list[dict]:
    """The rows summed by "programme", "source" or "subject"."""
    out: dict = {}
    for row in rows:
        label = str(row["programme"]) if key == "programme" else row[key]
        total = out.setdefault(
            label, {"label": label, "budget": ZERO, "awarded": ZERO, "paid": ZERO, "remaining": ZERO}
        )
        for f in ("budget", "awarded", "paid", "remaining"):
            total[f] += row[f]
    return list(out.values())


def burn_by_month(*, year: int, programme_id: int | None = None) -> list[dict]:
    """Per month of `year`: awarded and paid in that month, and cumulative."""
    awards = Award.objects.filter(letter_date__year=year)
    paid = Tranche.objects.filter(status=Tranche.Status.PAID, paid_on__year=year)
    if programme_id:
        awards = awards.filter(budget_line__programme_id=programme_id)
        paid = paid.filter(project__award__budget_line__programme_id=programme_id)
    a = dict(awards.annotate(m=ExtractMonth("letter_date")).values("m").annotate(s=Sum("amount")).values_list("m", "s"))
    p = dict(paid.annotate(m=ExtractMonth("paid_on")).values("m").annotate(s=Sum("amount")).values_list("m", "s"))
    rows, ca, cp = [], ZERO, ZERO
    for month in range(1, 13):
        ca += a.get(month) or ZERO
        cp += p.get(month) or ZERO
        rows.append(
            {
                "month": f"{year}-{month:02d}",
                "awarded": a.get(month) or ZERO,
                "paid": p.get(month) or ZERO,
                "awarded_total": ca,
                "paid_total": cp,
            }
        )
    return rows


def programmes() -> list[Programme]:
    return list(Programme.objects.order_by("-year", "name"))


# --- matching funds ---------------------------------------------------------------------------------------


def matching_rows(*, programme_id: int | None = None) -> list[dict]:
    """Per project: expected (award × share), paid, outstanding, with the programme and the city."""
    projects = Project.objects.select_related("organization", "award", "award__budget_line__programme").order_by("-id")
    if programme_id:
        projects = projects.filter(award__budget_line__programme_id=programme_id)
    paid = dict(Matching.objects.values("project").annotate(s=Sum("amount")).values_list("project", "s"))
    names = regions.city_names()
    rows = []
    for project in projects:
        share = project.award.budget_line.programme.matching_share or ZERO
        expected = (project.award.amount * share).quantize(CENT, rounding=ROUND_HALF_UP)
        got = paid.get(project.pk) or ZERO
        if expected == 0 and got == 0:
            continue
        rows.append(
            {
                "project": project,
                "programme": project.award.budget_line.programme,
                "city": names.get(project.organization.region_id, ""),
                "expected": expected,
                "paid": got,
                "outstanding": max(expected - got, ZERO),
            }
        )
    return rows


def matching_totals(rows: list[dict], key: str) -> list[dict]:
    out: dict = {}
    for row in rows:
        label = str(row[key]) or _("（未知）")
        total = out.setdefault(label, {"label": label, "expected": ZERO, "paid": ZERO, "outstanding": ZERO})
        for f in ("expected", "paid", "outstanding"):
            total[f] += row[f]
    return list(out.values())


# --- the cockpit ------------------------------------------------------------------------------------------


def _city_short(name: str) -> str:
    return name.removesuffix("市")


def cockpit_card(*, year: int | None = None) -> dict:
    """Awards and paid tranches by the applicant's city against the S&T input target, tranches paid this year,
    projects by status."""
    year = year or timezone.localdate().year
    names = regions.city_names()
    by_city: dict[str, dict] = {
        city: {"city": city, "target": target, "awarded": ZERO, "paid": ZERO}
        for city, target in ST_INPUT_TARGETS.items()
    }
    for region_id, amount in Award.objects.values_list("application__region_id", "amount"):
        city = _city_short(names.get(region_id, ""))
        if city in by_city:
            by_city[city]["awarded"] += amount
    paid_qs = Tranche.objects.filter(status=Tranche.Status.PAID)
    for region_id, amount in paid_qs.values_list("project__award__application__region_id", "amount"):
        city = _city_short(names.get(region_id, ""))
        if city in by_city:
            by_city[city]["paid"] += amount
    for row in by_city.values():
        row["ratio"] = (row["paid"] / row["target"] * 100).quantize(Decimal("0.0001")) if row["target"] else ZERO
    statuses = dict(Project.objects.values("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "year": year,
        "cities": list(by_city.values()),
        "paid_this_year": _sum(paid_qs.filter(paid_on__year=year)),
        "paid_count_this_year": paid_qs.filter(paid_on__year=year).count(),
        "awarded_total": _sum(Award.objects.all()),
        "repaid_total": _sum(Repayment.objects.filter(status=Repayment.Status.PAID)),
        "statuses": [{"status": s, "label": label, "count": statuses.get(s, 0)} for s, label in Project.Status.choices],
    }


# --- live indicators --------------------------------------------------------------------------------------


def live_keys(year: int):
    return LIVE_KEYS


def live_missing(key: str, year: int) -> str:
    return _("专项资金没有指标“%(k)s”（可用：%(keys)s）") % {"k": key, "keys": "、".join(LIVE_KEYS)}


def live_totals(key: str, year: int) -> dict[int, Decimal]:
    """{region id: total} of the year, by the applicant's region."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if key == "专项资金立项金额":
        rows = Award.objects.filter(letter_date__year=year).values_list("application__region_id", "amount")
    elif key == "专项资金拨付金额":
        rows = Tranche.objects.filter(status=Tranche.Status.PAID, paid_on__year=year).values_list(
            "project__award__application__region_id", "amount"
        )
    elif key == "专项资金配套到位金额":
        rows = Matching.objects.filter(paid_on__year=year).values_list(
            "project__award__application__region_id", "amount"
        )
    elif key in PERFORMANCE_KEYS:
        rows = Performance.objects.filter(year=year).values_list(
            "project__award__application__region_id", PERFORMANCE_KEYS[key]
        )
    else:
        return {}
    for region_id, amount in rows:
        if region_id is not None:
            out[region_id] += Decimal(amount)
    return dict(out)


def paid_by_year() -> dict[int, Decimal]:
    return dict(
        Tranche.objects.filter(status=Tranche.Status.PAID)
        .annotate(y=ExtractYear("paid_on"))
        .values("y")
        .annotate(s=Sum("amount"))
        .values_list("y", "s")
    )
