"""Matching funds (配套资金): the city (and county) owes award × programme.matching_share; each payment recorded
is a ledger event (events.matching_paid). What is outstanding is read in selectors/money.py."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.money import parse_money

from ..models import Matching, Project
from ..permissions import projects as permissions
from . import events

CENT = Decimal("0.01")


def matching_expected(project: Project) -> Decimal:
    award = project.award
    share = award.budget_line.programme.matching_share or Decimal(0)
    return (award.amount * share).quantize(CENT, rounding=ROUND_HALF_UP)


def matching_region_id(project: Project) -> int | None:
    """The city the project's organization lies in (who owes the matching funds)."""
    return regions.city_of(project.organization.region_id)


@transaction.atomic
def matching_record(
    *, actor, project: Project, amount, paid_on: dt.date | None, reference: str = "", region_id: int | None = None
) -> Matching:
    """The office records matching funds paid by the city (or a county under it)."""
    ensure_allowed(permissions.can_manage_projects(actor))
    problems: list[dict] = []
    value = parse_money(amount, field="amount", errors=problems)
    region_id = region_id or matching_region_id(project)
    city = matching_region_id(project)
    if region_id is None or not Region.objects.filter(pk=region_id).exists():
        problems.append({"field": "region", "message": _("请选择配套地区")})
    elif city is not None and region_id != city and city not in regions.ancestors(region_id):
        problems.append({"field": "region", "message": _("配套地区应为项目所在市或其下属县（区）")})
    if paid_on is None or paid_on > timezone.localdate():
        problems.append({"field": "paid_on", "message": _("请填写到位日期（不晚于今天）")})
    reference = (reference or "").strip()
    if len(reference) > 60:
        problems.append({"field": "reference", "message": _("凭证号不能超过 60 字")})
    if problems:
        raise ValidationFailed(detail=problems)
    row = Matching.objects.create(
        project=project, region_id=region_id, amount=value, paid_on=paid_on, reference=reference, recorded_by=actor
    )
    events.matching_paid(actor=actor, row=row)
    return row
