"""Lists and single records of technology finance, each scoped to the user: everything for the office, the
finance office, leaders and auditors; a bank's own loans, subsidies and claims; an enterprise's own loans."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from innozone.core.errors import NotFound

from .. import permissions
from ..models import Bank, Claim, GuidedFund, Investment, Loan, Pool, PoolMovement, Subsidy


def _bank_scope(user, qs, path: str):
    if permissions.sees_everything(user):
        return qs
    if permissions.is_bank_user(user):
        return qs.filter(**{f"{path}organization_id": user.organization_id})
    return qs.none()


def banks_for(user) -> QuerySet[Bank]:
    if not permissions.can_view_banks(user)[0]:
        return Bank.objects.none()
    return Bank.objects.select_related("organization", "organization__region")


def pools_for(user) -> QuerySet[Pool]:
    if not permissions.can_view_pools(user)[0]:
        return Pool.objects.none()
    return Pool.objects.select_related("region").annotate(balance=Sum("movements__amount")).order_by("name")


def pool_balances() -> dict[int, Decimal]:
    rows = PoolMovement.objects.values("pool_id").annotate(s=Sum("amount"))
    return {r["pool_id"]: r["s"] or Decimal(0) for r in rows}


def pool_visible(user, pool_id) -> Pool:
    found = pools_for(user).filter(pk=pool_id).first()
    if found is None:
        raise NotFound()
    return found


def loans_for(user, *, q: str = "", status: str = "", loan_type: str = "", bank=None, pool=None, year=None):
    qs = Loan.objects.select_related("bank__organization", "enterprise", "pool", "guarantor__organization")
    if permissions.is_enterprise_user(user) and not permissions.sees_everything(user):
        qs = qs.filter(enterprise_id=user.organization_id)
    else:
        qs = _bank_scope(user, qs, "bank__")
    if q:
        qs = qs.filter(Q(contract_no__icontains=q) | Q(enterprise__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if loan_type:
        qs = qs.filter(loan_type=loan_type)
    if bank:
        qs = qs.filter(bank_id=bank)
    if pool:
        qs = qs.filter(pool_id=pool)
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs


def loan_visible(user, loan_id) -> Loan:
    found = loans_for(user).filter(pk=loan_id).first()
    if found is None:
        raise NotFound()
    return found


def subsidies_for(user, *, q: str = "", status: str = "", year=None):
    qs = Subsidy.objects.select_related("loan", "loan__bank__organization", "loan__enterprise").order_by("-year", "-id")
    if permissions.is_enterprise_user(user) and not permissions.sees_everything(user):
        qs = qs.filter(loan__enterprise_id=user.organization_id)
    else:
        qs = _bank_scope(user, qs, "loan__bank__")
    if q:
        qs = qs.filter(Q(loan__contract_no__icontains=q) | Q(loan__enterprise__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs


def claims_for(user, *, q: str = "", status: str = ""):
    qs = Claim.objects.select_related("loan", "loan__bank__organization", "loan__enterprise", "loan__pool", "approval")
    qs = _bank_scope(user, qs, "loan__bank__") if permissions.can_view_claims(user)[0] else qs.none()
    if q:
        qs = qs.filter(Q(loan__contract_no__icontains=q) | Q(loan__enterprise__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return qs


def claim_visible(user, claim_id) -> Claim:
    found = claims_for(user).filter(pk=claim_id).first()
    if found is None:
        raise NotFound()
    return found


def funds_for(user) -> QuerySet[GuidedFund]:
    if not permissions.can_view_funds(user)[0]:
        return GuidedFund.objects.none()
    return GuidedFund.objects.select_related("region").annotate(invested=Sum("investments__amount")).order_by("name")


def investments_for(user, *, q: str = "", fund=None, exited: bool | None = None):
    if not permissions.can_view_funds(user)[0]:
        return Investment.objects.none()
    qs = Investment.objects.select_related("fund", "enterprise")
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(fund__name__icontains=q))
    if fund:
        qs = qs.filter(fund_id=fund)
    if exited is not None:
        qs = qs.filter(exited_on__isnull=not exited)
    return qs


def claims_due(on, *, within: int = 0) -> list[dict]:
    """Open claims whose running clock (the trustee's check while filed, the approval once checked) ends by
    `on` + `within` days, earliest first: what the office and finance must handle."""
    import datetime as dt

    limit = on + dt.timedelta(days=within)
    out = []
    open_claims = Claim.objects.filter(status__in=[Claim.Status.FILED, Claim.Status.CHECKED]).select_related(
        "loan", "loan__bank__organization", "loan__enterprise", "approval"
    )
    for c in open_claims:
        if c.open_stage is None:
            continue
        stage, due = ("check", c.check_due) if c.open_stage == 1 else ("approve", c.approve_due)
        if due <= limit:
            out.append(
                {
                    "claim": c.pk,
                    "contract_no": c.loan.contract_no,
                    "bank": c.loan.bank.organization.name,
                    "enterprise": c.loan.enterprise.name,
                    "computed": f"{c.computed:.2f}",
                    "stage": stage,
                    "due": due.isoformat(),
                    "overdue": due < on,
                }
            )
    return sorted(out, key=lambda r: (r["due"], r["claim"]))
