"""Reads of the annual evaluation: the platforms a user may see, their yearly figures and the assessments."""

from __future__ import annotations

from django.db.models import Count, Q

from innozone.carriers import selectors as carriers

from ..models import Assessment, Platform, YearFigures
from .platforms import platform_visible, platforms_for  # noqa: F401  (the evaluation pages read them here)

#: the yearly figures' fields, in the order the form and the tables show them
FIGURE_FIELDS = (
    "rd_staff",
    "projects",
    "rd_spend",
    "outputs",
    "patents",
    "services",
    "service_income",
    "tenants",
    "graduated",
    "area",
    "occupancy",
)
MONEY_FIELDS = ("rd_spend", "service_income")
CARRIER_FIELDS = ("tenants", "graduated", "area", "occupancy")
#: statuses that take part in the annual evaluation
ASSESSED_STATUSES = (Platform.Status.RECOGNISED, Platform.Status.OPERATING, Platform.Status.RECTIFYING)


def figures_of(platform) -> list[YearFigures]:
    """Every year's figures of a platform, newest first."""
    return list(YearFigures.objects.filter(platform=platform).select_related("filed_by").order_by("-year"))


def figures_for_year(platform, year: int) -> YearFigures | None:
    return YearFigures.objects.filter(platform=platform, year=year).first()


def figures_dict(row: YearFigures | None) -> dict:
    """A year's figures as metric → value (the keys of `conditions.METRICS`); {} for none."""
    if row is None:
        return {}
    return {f: getattr(row, f) for f in FIGURE_FIELDS if getattr(row, f) is not None}


def assessed_platforms(year: int, kind=None):
    """Platforms taking part in the year's evaluation (recognised, operating, rectifying), with or without figures.

    A platform revoked by this year's run still belongs to it: its assessment row keeps it in."""
    qs = Platform.objects.select_related("kind", "host", "region").filter(
        Q(status__in=ASSESSED_STATUSES) | Q(assessments__year=year)
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.distinct().order_by("id")


def figures_by_platform(year: int, platform_ids) -> dict[int, YearFigures]:
    return {f.platform_id: f for f in YearFigures.objects.filter(year=year, platform_id__in=list(platform_ids))}


def assessments_for(user, year: int):
    """The year's assessments of the platforms the user may see, best first."""
    return (
        Assessment.objects.filter(year=year, platform__in=platforms_for(user))
        .select_related("platform__kind", "platform__host", "platform__region", "run_by")
        .order_by("detail__group", "rank", "platform_id")
    )


def assessment_years() -> list[int]:
    return list(Assessment.objects.values_list("year", flat=True).distinct().order_by("-year"))


def grade_counts(assessments) -> dict[str, int]:
    counts = dict.fromkeys(Assessment.Grade.values, 0)
    for row in assessments.values("grade").annotate(n=Count("id")):
        counts[row["grade"]] = row["n"]
    return counts


def previous_grade(platform_id: int, year: int) -> str | None:
    return Assessment.objects.filter(platform_id=platform_id, year=year - 1).values_list("grade", flat=True).first()


def carrier_prefill(user, platform, year: int) -> dict:
    """For a carrier kind (incubator, 众创空间 …): tenants, graduated, area and occupancy from the carriers linked
    to the platform (carriers app); {} for other kinds or when no carrier is linked."""
    if not platform.kind.carrier:
        return {}
    ids = list(carriers.carriers_for(user).filter(platform_id=platform.pk).values_list("pk", flat=True))
    if not ids:
        return {}
    found = carriers.incubator_figures(ids, year)
    return {k: v for k, v in found.items() if k in CARRIER_FIELDS and v is not None}


def absent_ids(year: int) -> list[int]:
    """Platforms that take part in the year's evaluation but filed no figures for it (and were not graded)."""
    return list(
        Platform.objects.filter(status__in=ASSESSED_STATUSES)
        .exclude(figures__year=year)
        .exclude(assessments__year=year)
        .values_list("pk", flat=True)
    )
