"""Reads of 好差评: the ratings a user may see (the office, leaders and auditors all; a department its own) and a
summary (count, mean level, share satisfied, bad ones, rectified on time)."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q

from innozone.core.permissions import sees_all

from ..models import Rating


def ratings_for(user):
    qs = Rating.objects.select_related("case", "case__item", "case__applicant", "department")
    if sees_all(user):
        return qs
    org = getattr(user, "organization_id", None) if user.is_authenticated else None
    return qs.filter(department_id=org) if org else qs.none()


def ratings_search(qs, *, level: str = "", pending: str = ""):
    if str(level).isdigit():
        qs = qs.filter(level=int(level))
    if pending:
        qs = qs.filter(rectify_due__isnull=False, rectified_at__isnull=True)
    return qs


def summary(qs) -> dict:
    row = qs.aggregate(
        count=Count("pk"),
        mean=Avg("level"),
        satisfied=Count("pk", filter=Q(level__gte=4)),
        bad=Count("pk", filter=Q(level__lte=2)),
        rectified=Count("pk", filter=Q(level__lte=2, rectified_at__isnull=False)),
        on_time=Count("pk", filter=Q(level__lte=2, rectified_at__date__lte=F("rectify_due"))),
    )
    row["share"] = round(100 * row["satisfied"] / row["count"], 1) if row["count"] else None
    row["mean"] = round(row["mean"], 2) if row["mean"] is not None else None
    return row
