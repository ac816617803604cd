"""Sanctions (限制申报) in force, for other apps that check them (the policy library's `sanctioned` fact)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..models import Sanction


def sanctioned_organization_ids(on: dt.date, organization_ids: Iterable[int] | None = None) -> set[int]:
    """Organizations under a restriction in force on `on` (not lifted, starts_on ≤ on ≤ ends_on)."""
    qs = Sanction.objects.filter(lifted=False, starts_on__lte=on, ends_on__gte=on)
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=list(organization_ids))
    return set(qs.values_list("organization_id", flat=True))
