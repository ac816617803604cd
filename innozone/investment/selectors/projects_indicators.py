"""The pipeline as figures: the live indicator source `investment:` (core.sources — plan indicators of seed 001
task 7 fed by the projects, as the 六个一百 are fed by the registry) and the cockpit card (signed vs in-place
funds by city, projects by stage, chain gaps).

investment:<key>, by the project's park (a city's total is the sum over its parks and counties):
    签约项目        projects signed that year (签约日期 in the year)
    签约投资额      their signed investment, 万元
    到位资金        funds in place reported for the months of that year, 万元
    落地项目        projects registered (注册落地) that year
    开工项目        projects started that year
    投产项目        projects producing that year
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import regions

from ..models import FundsInPlace, Project

ZERO = Decimal(0)
WAN = Decimal(10000)
LIVE_KEYS = ("签约项目", "签约投资额", "到位资金", "落地项目", "开工项目", "投产项目")
_COUNTED = {"签约项目": "signed_on", "落地项目": "registered_on", "开工项目": "started_on", "投产项目": "producing_on"}


def live_keys(year: int):
    return LIVE_KEYS


def live_missing(key: str, year: int) -> str:
    return _("招商项目没有指标“%(k)s”（可用：%(keys)s）") % {"k": key, "keys": "、".join(LIVE_KEYS)}


def live_totals(key: str, year: int) -> dict[int, Decimal]:
    """{park/county region id: total} of the year."""
    if key in _COUNTED:
        rows = (
            Project.objects.filter(**{f"{_COUNTED[key]}__year": year})
            .order_by()
            .values("park_id")
            .annotate(v=Count("id"))
            .values_list("park_id", "v")
        )
        return {park: Decimal(v) for park, v in rows}
    if key == "签约投资额":
        rows = (
            Project.objects.filter(signed_on__year=year)
            .order_by()
            .values("park_id")
            .annotate(v=Sum("signed_investment"))
            .values_list("park_id", "v")
        )
        return {park: (v or ZERO) / WAN for park, v in rows}
    if key == "到位资金":
        rows = (
            FundsInPlace.objects.filter(month__year=year)
            .order_by()
            .values("project__park_id")
            .annotate(v=Sum("amount"))
            .values_list("project__park_id", "v")
        )
        return {park: (v or ZERO) / WAN for park, v in rows}
    return {}


def _city(names: dict[int, str], region_id) -> str:
    return names.get(region_id, "").removesuffix("市") or _("其他")


def cockpit_card(*, year: int | None = None, gaps=None) -> dict:
    """Signed investment vs funds in place by city (all signed projects; this year's too), projects by stage
    (active), dropped, stalled; `gaps` (the chains part's summary) is passed through."""
    from .projects import stalled_qs

    year = year or timezone.localdate().year
    tree = regions.tree()
    names = tree.city_names()
    cities: dict[str, dict] = defaultdict(lambda: {"signed": ZERO, "in_place": ZERO, "signed_year": ZERO,
                                                   "in_place_year": ZERO, "projects": 0})  # fmt: skip
    signed = (
        Project.objects.exclude(signed_on=None)
        .order_by()
        .values("park_id")
        .annotate(s=Sum("signed_investment"), n=Count("id"))
    )
    for row in signed:
        c = cities[_city(names, row["park_id"])]
        c["signed"] += row["s"] or ZERO
        c["projects"] += row["n"]
    for row in (
        Project.objects.filter(signed_on__year=year).order_by().values("park_id").annotate(s=Sum("signed_investment"))
    ):
        cities[_city(names, row["park_id"])]["signed_year"] += row["s"] or ZERO
    funds = FundsInPlace.objects.order_by().values("project__park_id")
    for row in funds.annotate(s=Sum("amount")):
        cities[_city(names, row["project__park_id"])]["in_place"] += row["s"] or ZERO
    for row in funds.filter(month__year=year).annotate(s=Sum("amount")):
        cities[_city(names, row["project__park_id"])]["in_place_year"] += row["s"] or ZERO
    rows = []
    for city, c in sorted(cities.items(), key=lambda kv: -kv[1]["signed"]):
        c["city"] = city
        c["ratio"] = (c["in_place"] * 100 / c["signed"]).quantize(Decimal("0.1")) if c["signed"] else None
        rows.append(c)
    active = Project.objects.filter(status=Project.Status.ACTIVE)
    by_stage = dict(active.order_by().values("stage").annotate(n=Count("id")).values_list("stage", "n"))
    return {
        "year": year,
        "cities": rows,
        "stages": [
            {"stage": s, "label": str(label), "count": by_stage.get(s, 0)} for s, label in Project.Stage.choices
        ],
        "dropped": Project.objects.filter(status=Project.Status.DROPPED).count(),
        "stalled": stalled_qs(active).count(),
        "signed_total": sum((c["signed"] for c in rows), ZERO),
        "in_place_total": sum((c["in_place"] for c in rows), ZERO),
        "gaps": gaps,
    }
