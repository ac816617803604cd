"""Fairs (节会) with their projects and the follow-up a year later: of the projects signed from a fair, how much
of the signed investment is in place (到位率), how many have started (开工率) and how many produce (投产率) by the
day one year after the fair ended (or today, while that year is not over: then the rates are interim)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from ..engine import stages
from ..models import Fair, FundsInPlace, Project

ZERO = Decimal(0)


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 2, 28)


def follow_up(fairs, *, projects_qs=None, today: dt.date | None = None) -> list[dict]:
    """One row per fair: projects, signed projects and investment, and the rates a year after the fair."""
    today = today or timezone.localdate()
    fairs = list(fairs)
    qs = projects_qs if projects_qs is not None else Project.objects.all()
    rows = {
        f.pk: {"fair": f, "projects": 0, "signed": 0, "signed_investment": ZERO, "in_place": ZERO, "started": 0,
               "producing": 0, "dropped": 0}
        for f in fairs
    }  # fmt: skip
    cutoff = {f.pk: min(one_year_after(f.ends_on), today) for f in fairs}
    signed_ids: dict[int, int] = {}
    fields = ("pk", "fair_id", "status", "signed_on", "signed_investment", "started_on", "producing_on")
    for pk, fair_id, status, signed_on, money, started_on, producing_on in qs.filter(fair__in=fairs).values_list(
        *fields
    ):
        row, day = rows[fair_id], cutoff[fair_id]
        row["projects"] += 1
        row["dropped"] += status == Project.Status.DROPPED
        if signed_on is None or signed_on > day:
            continue
        row["signed"] += 1
        row["signed_investment"] += money or ZERO
        signed_ids[pk] = fair_id
        row["started"] += started_on is not None and started_on <= day
        row["producing"] += producing_on is not None and producing_on <= day
    money_in = defaultdict(lambda: ZERO)
    for project_id, month, amount in FundsInPlace.objects.filter(project_id__in=list(signed_ids)).values_list(
        "project_id", "month", "amount"
    ):
        fair_id = signed_ids[project_id]
        if month <= cutoff[fair_id]:
            money_in[fair_id] += amount
    out = []
    for f in fairs:
        row = rows[f.pk]
        row["in_place"] = money_in[f.pk]
        row["as_of"] = cutoff[f.pk]
        row["interim"] = cutoff[f.pk] < one_year_after(f.ends_on)
        row["funds_rate"] = stages.rate(row["in_place"], row["signed_investment"])
        row["started_rate"] = stages.rate(row["started"], row["signed"])
        row["producing_rate"] = stages.rate(row["producing"], row["signed"])
        out.append(row)
    return out


def fairs_list(*, kind: str = "", year: int | None = None):
    qs = Fair.objects.all()
    if kind in Fair.Kind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs


def fair_projects(fair: Fair, projects_qs):
    return projects_qs.filter(fair=fair).select_related("park").order_by("-signed_investment", "pk")


def fair_years() -> list[int]:
    return sorted(set(Fair.objects.values_list("year", flat=True)), reverse=True)


def fair_totals(projects_qs) -> dict:
    return projects_qs.filter(~Q(fair=None)).aggregate(signed=Sum("signed_investment"))
