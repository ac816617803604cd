"""Cooperating banks and guarantors, risk-compensation pools, their share rules and contributions (office)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization, Region

from .. import permissions
from ..models import Bank, LoanType, Pool, PoolMovement, PoolRule
from . import common, events


@transaction.atomic
def bank_register(
    *, actor, organization_id, kind: str = Bank.Kind.BANK, since=None, contact: str = "", is_demo: bool = False
) -> Bank:
    """The office registers an organization of kind `financial` as a cooperating bank or guarantor."""
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    org = Organization.objects.filter(pk=common.row_id(organization_id) or 0).first()
    if org is None:
        problems.append({"field": "organization", "message": _("请选择金融机构")})
    elif org.kind != Organization.Kind.FINANCIAL:
        problems.append({"field": "organization", "message": _("只有金融机构类单位可以登记为合作机构")})
    elif Bank.objects.filter(organization=org).exists():
        problems.append({"field": "organization", "message": _("该机构已登记为合作机构")})
    if kind not in Bank.Kind.values:
        problems.append({"field": "kind", "message": _("请选择机构类型")})
    since = common.date(since, "since", problems, required=False)
    contact = common.text(contact, "contact", problems, limit=100)
    if problems:
        raise ValidationFailed(detail=problems)
    bank = Bank.objects.create(organization=org, kind=kind, since=since, contact=contact, is_demo=is_demo)
    audit.record(actor=actor, action="finance.bank.register", obj=bank, summary=org.name)
    return bank


@transaction.atomic
def pool_create(
    *,
    actor,
    name: str,
    region_id,
    trustee: str = "",
    per_firm_cap=None,
    max_term_months=None,
    check_days=5,
    approve_days=25,
    is_demo: bool = False,
) -> Pool:
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    name = common.text(name, "name", problems, limit=200, required=True)
    if name and Pool.objects.filter(name=name).exists():
        problems.append({"field": "name", "message": _("已有同名资金池")})
    region = Region.objects.filter(pk=common.row_id(region_id) or 0).first()
    if region is None:
        problems.append({"field": "region", "message": _("请选择设立地区")})
    trustee = common.text(trustee, "trustee", problems, limit=200)
    cap = common.money(per_firm_cap, "per_firm_cap", problems, required=False)
    term = None
    if str(max_term_months or "").strip():
        term = common.whole(max_term_months, "max_term_months", problems, minimum=1, maximum=360)
    check = common.whole(check_days, "check_days", problems, minimum=1, maximum=60)
    approve = common.whole(approve_days, "approve_days", problems, minimum=1, maximum=120)
    if problems:
        raise ValidationFailed(detail=problems)
    pool = Pool.objects.create(
        name=name,
        region=region,
        trustee=trustee,
        per_firm_cap=cap,
        max_term_months=term,
        check_days=check,
        approve_days=approve,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="finance.pool.create", obj=pool, summary=name)
    return pool


@transaction.atomic
def pool_rule_set(*, actor, pool: Pool, loan_type: str, share, bonus_first_loan=0, cap_of_exposure=1) -> PoolRule:
    """Create or change the pool's rule for a loan type (claims already computed keep their figures)."""
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    if loan_type not in LoanType.values:
        problems.append({"field": "loan_type", "message": _("请选择贷款类型")})
    share = common.share(share, "share", problems)
    bonus = common.share(bonus_first_loan or 0, "bonus_first_loan", problems, allow_zero=True)
    cap = common.share(cap_of_exposure, "cap_of_exposure", problems)
    if share is not None and bonus is not None and share + bonus > 1:
        problems.append({"field": "bonus_first_loan", "message": _("补偿比例与首贷加计之和不能超过 1")})
    if problems:
        raise ValidationFailed(detail=problems)
    rule = PoolRule.objects.filter(pool=pool, loan_type=loan_type).first()
    before = None if rule is None else audit.snapshot(rule, ["share", "bonus_first_loan", "cap_of_exposure"])
    rule = rule or PoolRule(pool=pool, loan_type=loan_type)
    rule.share, rule.bonus_first_loan, rule.cap_of_exposure = share, bonus, cap
    rule.save()
    audit.record(
        actor=actor,
        action="finance.pool.rule",
        obj=rule,
        summary=f"{pool.name} · {rule.get_loan_type_display()}",
        before=before,
        after=audit.snapshot(rule, ["share", "bonus_first_loan", "cap_of_exposure"]),
    )
    return rule


@transaction.atomic
def pool_contribute(*, actor, pool: Pool, amount, funder: str, on=None, reference: str = "") -> PoolMovement:
    """A funder (province, city, county, bank) puts money into the pool: a positive movement and its event."""
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    amount = common.money(amount, "amount", problems)
    funder = common.text(funder, "funder", problems, limit=200, required=True)
    on = common.date(on, "on", problems, required=False) or timezone.localdate()
    if isinstance(on, dt.date) and on > timezone.localdate():
        problems.append({"field": "on", "message": _("日期不能晚于今天")})
    reference = common.text(reference, "reference", problems, limit=60)
    if problems:
        raise ValidationFailed(detail=problems)
    Pool.objects.select_for_update().get(pk=pool.pk)
    row = PoolMovement.objects.create(
        pool=pool,
        kind=PoolMovement.Kind.CONTRIBUTION,
        amount=amount,
        funder=funder,
        on=on,
        reference=reference,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    events.pool_moved(actor=actor, row=row, note=_("%(f)s 注资") % {"f": funder})
    return row
