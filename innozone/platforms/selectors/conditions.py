"""Recognition conditions of a kind at a level (and tier) on a day, and the check of figures against them
(the pure rules are in `platforms.conditions`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from .. import conditions as rules
from ..models import Condition, Kind


def kinds_with_conditions(*, active_only: bool = True):
    """Every kind with its conditions (for the read-only page and the API)."""
    qs = Kind.objects.prefetch_related("conditions")
    return qs.filter(active=True) if active_only else qs


def conditions_for(kind, level: str, tier: str = "", on: date | None = None) -> list[Condition]:
    """The conditions of `kind` (a Kind or its id) at `level` and `tier` valid on `on` (default today).

    A tier names its own set (标准级, 专业孵化器 …); the empty tier is the set without a tier."""
    on = on or timezone.localdate()
    kind_id = getattr(kind, "pk", kind)
    return list(
        Condition.objects.filter(kind_id=kind_id, level=level, tier=tier or "")
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("kind")
        .order_by("id")
    )


def tiers_for(kind, level: str) -> list[str]:
    """The tiers that have conditions for a kind at a level ("" first when it has its own set)."""
    kind_id = getattr(kind, "pk", kind)
    tiers = set(Condition.objects.filter(kind_id=kind_id, level=level).values_list("tier", flat=True))
    return sorted(tiers, key=lambda t: (t != "", t))


def _as_dict(c: Condition) -> dict:
    return {
        "id": c.pk,
        "metric": c.metric,
        "label": c.label,
        "op": c.op,
        "threshold": c.threshold,
        "unit": c.unit,
        "source": c.source,
        "certainty": c.certainty,
    }


def condition_check(subject, figures: dict, *, hardship: bool = False, on: date | None = None) -> list[dict]:
    """Check `figures` (metric → value) against the conditions of a platform (its kind, level and tier) or of
    a (kind, level, tier) triple. Rows as `conditions.check`: condition, value, threshold, met (True/False, None
    when the figure is missing), gap, via; `hardship` lowers the reducible thresholds by 20 %."""
    if isinstance(subject, tuple):
        kind, level, tier = subject
    else:
        kind, level, tier = subject.kind, subject.level, subject.tier
    if not isinstance(kind, Kind):
        kind = Kind.objects.get(pk=kind)
    found = [_as_dict(c) for c in conditions_for(kind, level, tier, on)]
    return rules.check(found, figures, kind_code=kind.code, hardship=hardship)
