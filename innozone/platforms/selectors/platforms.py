"""Reads of platforms and recognition applications, scoped to what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from innozone.core import regions
from innozone.core.permissions import sees_all, visible_region_ids
from innozone.core.selectors import one_or_not_found

from ..models import Kind, Platform, Recognition


def platforms_for(user) -> QuerySet[Platform]:
    qs = Platform.objects.select_related("kind", "host", "region")
    if sees_all(user):
        return qs
    ids = visible_region_ids(user)
    own = Q(host_id=user.organization_id) if user.is_authenticated and user.organization_id else Q(pk__in=[])
    return qs.filter(own | Q(region_id__in=ids or []))


def platform_search(user, *, q: str = "", kind: str = "", level: str = "", status: str = "", region: str = ""):
    qs = platforms_for(user)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(host__name__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind__code=kind)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if region.isdigit():
        qs = qs.filter(region_id__in=regions.descendants(int(region)))
    return qs.order_by("-id")


def platform_visible(user, platform_id) -> Platform:
    return one_or_not_found(platforms_for(user), platform_id)


def kinds() -> QuerySet[Kind]:
    return Kind.objects.filter(active=True)


def status_counts(qs: QuerySet[Platform]) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("pk")))


def recognitions_for(user) -> QuerySet[Recognition]:
    qs = Recognition.objects.select_related(
        "platform", "platform__kind", "platform__host", "team", "team__host", "approval"
    )
    if sees_all(user):
        return qs
    ids = visible_region_ids(user) or []
    org = user.organization_id if user.is_authenticated else None
    return qs.filter(
        Q(platform__host_id=org) | Q(team__host_id=org) | Q(platform__region_id__in=ids) | Q(team__region_id__in=ids)
    )


def recognition_visible(user, recognition_id) -> Recognition:
    return one_or_not_found(recognitions_for(user), recognition_id)


def platforms_recognised_by_region(year: int) -> dict[int, Decimal]:
    """Platforms newly recognised in that year, by the platform's region (the 六个一百 indicator 创新平台)."""
    rows = (
        Platform.objects.filter(recognised_on__year=year)
        .exclude(status=Platform.Status.CULTIVATING)
        .values_list("region_id")
        .annotate(n=Count("pk"))
    )
    return {region: Decimal(n) for region, n in rows}
