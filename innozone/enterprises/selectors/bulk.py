"""Bulk reads of the registry for another app's engine (the policy library's "who is eligible" over every
entry): plain rows in a few queries, never model instances, so the caller needs none of the registry's models.

- `entry_rows(fields, organization_ids=None)`: the active entries' fields, ordered by organization;
- `valid_qualification_pairs(on, organization_ids=None)`: (entry id, kind) of every qualification valid on a day;
- `latest_figure_rows(columns, organization_ids=None)`: (entry id, source, *columns) of the latest year filed,
  every source of it (choose with `most_authoritative`);
- `is_active(entry)`: whether an entry is active (not 注销/吊销).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import OuterRef, Subquery

from ..models import AnnualFigures, Enterprise, Qualification

CHUNK = 20000


def _active(organization_ids: Iterable[int] | None = None):
    entries = Enterprise.objects.filter(status=Enterprise.Status.ACTIVE)
    if organization_ids is not None:
        entries = entries.filter(organization_id__in=list(organization_ids))
    return entries


def entry_rows(fields: Iterable[str], organization_ids: Iterable[int] | None = None) -> list[tuple]:
    return list(_active(organization_ids).order_by("organization_id").values_list(*fields))


def valid_qualification_pairs(on: dt.date, organization_ids: Iterable[int] | None = None) -> Iterator[tuple]:
    qs = Qualification.objects.filter(
        status=Qualification.Status.VALID,
        issued_on__lte=on,
        valid_until__gte=on,
        enterprise_id__in=_active(organization_ids).values("pk"),
    ).values_list("enterprise_id", "kind")
    return qs.iterator(chunk_size=CHUNK)


def latest_figure_rows(columns: Iterable[str], organization_ids: Iterable[int] | None = None) -> Iterator[tuple]:
    latest = AnnualFigures.objects.filter(enterprise=OuterRef("enterprise")).order_by("-year").values("year")[:1]
    qs = AnnualFigures.objects.filter(
        enterprise_id__in=_active(organization_ids).values("pk"), year=Subquery(latest)
    ).values_list("enterprise_id", "source", *columns)
    return qs.iterator(chunk_size=CHUNK)


def is_active(entry) -> bool:
    return entry.status == Enterprise.Status.ACTIVE
