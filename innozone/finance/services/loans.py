"""Loans recorded by the cooperating bank that made them, and their status (repaid, default)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.money import parse_decimal
from innozone.enterprises import selectors as registry

from .. import permissions
from ..models import Bank, Loan, LoanType, Pool, PoolRule
from . import common

CHANGES = {
    Loan.Status.ACTIVE: (Loan.Status.REPAID, Loan.Status.DEFAULT),
    Loan.Status.DEFAULT: (Loan.Status.REPAID,),  # a defaulted loan later settled in full (no claim)
}


def bank_of(user) -> Bank | None:
    if not user.is_authenticated or user.organization_id is None:
        return None
    return Bank.objects.filter(organization_id=user.organization_id, kind=Bank.Kind.BANK, active=True).first()


@transaction.atomic
def loan_record(
    *,
    actor,
    enterprise_id,
    loan_type: str,
    contract_no: str,
    amount,
    rate,
    term_months,
    starts_on,
    pool_id=None,
    guarantee: str = "",
    guarantor_id=None,
    first_loan: bool = False,
    pledged_patents: str = "",
    is_demo: bool = False,
) -> Loan:
    """The bank records one of its loans to a registry enterprise. In a pool the pool's limits hold: the
    per-firm yearly cap (loans starting that year, this one included) and the longest term."""
    ensure_allowed(permissions.can_record_loan(actor))
    bank = bank_of(actor)
    problems: list = []
    if bank is None:
        problems.append({"field": "bank", "message": _("您的机构尚未登记为合作银行，请联系自创区办公室")})
    entry = registry.enterprise_of(common.row_id(enterprise_id) or 0)
    if entry is None:
        problems.append({"field": "enterprise", "message": _("借款企业须为企业库中的企业")})
    if loan_type not in LoanType.values:
        problems.append({"field": "loan_type", "message": _("请选择贷款类型")})
    contract_no = common.text(contract_no, "contract_no", problems, limit=60, required=True)
    if bank and contract_no and Loan.objects.filter(bank=bank, contract_no=contract_no).exists():
        problems.append({"field": "contract_no", "message": _("该借款合同号已登记")})
    amount = common.money(amount, "amount", problems)
    rate = parse_decimal(rate, field="rate", errors=problems, places=3, maximum=Decimal(36))
    term = common.whole(term_months, "term_months", problems, minimum=1, maximum=360)
    starts_on = common.date(starts_on, "starts_on", problems)
    if starts_on and starts_on > timezone.localdate():
        problems.append({"field": "starts_on", "message": _("放款日期不能晚于今天")})
    guarantee = common.text(guarantee, "guarantee", problems, limit=200)
    pledged_patents = common.text(pledged_patents, "pledged_patents", problems, limit=500)
    guarantor = None
    if str(guarantor_id or "").strip():
        guarantor = Bank.objects.filter(pk=common.row_id(guarantor_id) or 0, kind=Bank.Kind.GUARANTOR).first()
        if guarantor is None:
            problems.append({"field": "guarantor", "message": _("请选择已登记的融资担保机构")})
    if loan_type == LoanType.GUARANTEED and guarantor is None:
        problems.append({"field": "guarantor", "message": _("担保贷款须选择融资担保机构")})
    if loan_type == LoanType.IP_PLEDGE and not pledged_patents:
        problems.append({"field": "pledged_patents", "message": _("知识产权质押贷款须填写质押专利号")})
    pool = None
    if str(pool_id or "").strip():
        pool = (
            Pool.objects.select_for_update().filter(pk=common.row_id(pool_id) or 0, active=True).first()
        )  # serialises the cap
        if pool is None:
            problems.append({"field": "pool", "message": _("请选择运行中的资金池")})
    if pool is not None and loan_type in LoanType.values:
        if not PoolRule.objects.filter(pool=pool, loan_type=loan_type).exists():
            problems.append({"field": "loan_type", "message": _("该资金池不覆盖此类贷款")})
        if pool.max_term_months and term and term > pool.max_term_months:
            problems.append(
                {"field": "term_months", "message": _("期限超过资金池上限 %(n)s 个月") % {"n": pool.max_term_months}}
            )
        if pool.per_firm_cap and amount and entry and starts_on:
            taken = Loan.objects.filter(
                pool=pool, enterprise_id=entry.organization_id, starts_on__year=starts_on.year
            ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
            if taken + amount > pool.per_firm_cap:
                problems.append(
                    {
                        "field": "amount",
                        "message": _("超过资金池单户年度贷款上限 %(cap)s 元（本年已纳入 %(taken)s 元）")
                        % {"cap": f"{pool.per_firm_cap:,.2f}", "taken": f"{taken:,.2f}"},
                    }
                )
    if problems:
        raise ValidationFailed(detail=problems)
    loan = Loan.objects.create(
        bank=bank,
        enterprise_id=entry.organization_id,
        pool=pool,
        loan_type=loan_type,
        contract_no=contract_no,
        amount=amount,
        rate=rate,
        term_months=term,
        starts_on=starts_on,
        guarantee=guarantee,
        guarantor=guarantor,
        first_loan=bool(first_loan),
        pledged_patents=pledged_patents,
        recorded_by=actor,
        is_demo=is_demo,
    )
    audit.record(
        actor=actor,
        action="finance.loan.record",
        obj=loan,
        summary=f"{contract_no} · {entry.organization.name}",
        after={"amount": str(amount), "rate": str(rate), "term_months": term, "pool": pool.pk if pool else None},
    )
    return loan


@transaction.atomic
def loan_set_status(*, actor, loan: Loan, status: str, note: str = "") -> Loan:
    """The bank marks its loan repaid or in default (a compensated loan is closed)."""
    loan = Loan.objects.select_for_update(of=("self",)).select_related("bank").get(pk=loan.pk)
    ensure_allowed(permissions.can_change_loan(actor, loan))
    if status not in CHANGES.get(loan.status, ()):
        target = Loan.Status(status).label if status in Loan.Status.values else status
        raise Conflict(_("贷款状态“%(a)s”不能改为“%(b)s”") % {"a": loan.get_status_display(), "b": target})
    if hasattr(loan, "claim") and loan.claim.status not in ("rejected",):
        raise Conflict(_("该贷款已申请风险补偿，不能再改状态"))
    before = loan.status
    loan.status = status
    loan.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="finance.loan.status",
        obj=loan,
        summary=note[:300],
        before={"status": before},
        after={"status": status},
    )
    return loan
