"""A year's scheme: its budget, per-enterprise cap, validity, approval path and subsidy ratios."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.money import parse_decimal, parse_money

from ..models import CategoryRate, Scheme
from ..permissions import can_manage
from . import events


@transaction.atomic
def scheme_create(
    *,
    actor,
    year,
    name,
    issuer,
    budget,
    per_enterprise_cap,
    valid_from,
    valid_until,
    approval_flow,
    rates: dict,
    cross_region=False,
    spend_regions=(),
    eligible_regions=(),
    required_flags=(),
    max_employees=None,
    voucher_days=180,
) -> Scheme:
    """A year's scheme with its budget and subsidy ratio per service category."""
    ensure_allowed(can_manage(actor))
    errors = []
    if not rates:
        errors.append({"field": "rates", "message": _("至少配置一个服务类别的补贴比例")})
    if valid_until < valid_from:
        errors.append({"field": "valid_until", "message": _("有效期止不能早于有效期起")})
    if errors:
        raise ValidationFailed(detail=errors)
    scheme = Scheme.objects.create(
        year=year,
        name=name,
        issuer=issuer,
        budget=parse_money(budget, field="budget"),
        per_enterprise_cap=parse_money(per_enterprise_cap, field="per_enterprise_cap"),
        valid_from=valid_from,
        valid_until=valid_until,
        approval_flow=approval_flow,
        cross_region=cross_region,
        required_flags=list(required_flags),
        max_employees=max_employees,
        voucher_days=voucher_days,
    )
    scheme.spend_regions.set(spend_regions)
    scheme.eligible_regions.set(eligible_regions)
    for category, ratio in rates.items():
        CategoryRate.objects.create(scheme=scheme, category=category, subsidy_ratio=parse_decimal(ratio, field="rates"))
    events.scheme_created(actor=actor, scheme=scheme)
    return scheme
