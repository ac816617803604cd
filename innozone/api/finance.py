"""/api/finance: technology finance — statistics, banks, pools, loans, subsidies, claims (file, decide,
recover), guided funds and investments. Same services, selectors and permissions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Path, Query, Router, Schema, Status

from innozone.core.errors import NotFound, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.finance import permissions, selectors
from innozone.finance.services import claims, loans, pools, subsidies

router = Router(tags=["finance"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


def _page(qs, limit: int, offset: int) -> dict:
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


class FinanceStatsRowOut(Schema):
    name: str
    loans: int
    amount: Decimal
    avg_rate: Decimal | None
    defaults: int
    compensation: Decimal
    subsidies: Decimal


class FinanceStatsTotalOut(FinanceStatsRowOut):
    investments: int
    invested: Decimal
    exits: int
    exit_amount: Decimal


class FinanceStatsOut(Schema):
    year: int | None
    total: FinanceStatsTotalOut
    by_bank: list[FinanceStatsRowOut]
    by_city: list[FinanceStatsRowOut]
    by_park: list[FinanceStatsRowOut]


class FinanceBankOut(Schema):
    id: int
    organization_id: int
    name: str
    kind: str
    since: dt.date | None
    active: bool

    @staticmethod
    def resolve_name(b) -> str:
        return b.organization.name


class FinanceRuleOut(Schema):
    loan_type: str
    share: Decimal
    bonus_first_loan: Decimal
    cap_of_exposure: Decimal


class FinancePoolOut(Schema):
    id: int
    name: str
    region_id: int
    trustee: str
    per_firm_cap: Decimal | None
    max_term_months: int | None
    check_days: int
    approve_days: int
    active: bool
    balance: Decimal
    rules: list[FinanceRuleOut]

    @staticmethod
    def resolve_balance(p) -> Decimal:
        return (p.balance or Decimal(0)).quantize(Decimal("0.01"))

    @staticmethod
    def resolve_rules(p) -> list:
        return list(p.rules.all())


class FinanceContributionIn(Schema):
    amount: str = Field(..., max_length=30)
    funder: str = Field(..., max_length=200)
    on: dt.date | None = None
    reference: str = Field("", max_length=60)


class FinanceMovementOut(Schema):
    id: int
    pool_id: int
    kind: str
    amount: Decimal
    funder: str
    claim_id: int | None
    on: dt.date
    reference: str


class FinanceLoanOut(Schema):
    id: int
    bank_id: int
    bank: str
    enterprise_id: int
    enterprise: str
    pool_id: int | None
    loan_type: str
    contract_no: str
    amount: Decimal
    rate: Decimal
    term_months: int
    starts_on: dt.date
    guarantee: str
    guarantor_id: int | None
    first_loan: bool
    status: str

    @staticmethod
    def resolve_bank(loan) -> str:
        return loan.bank.organization.name

    @staticmethod
    def resolve_enterprise(loan) -> str:
        return loan.enterprise.name


class FinanceLoanPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FinanceLoanOut]


class FinanceLoanIn(Schema):
    enterprise_id: int = Field(..., ge=1, le=ROW_ID_MAX)
    loan_type: str = Field(..., max_length=12)
    contract_no: str = Field(..., max_length=60)
    amount: str = Field(..., max_length=30)
    rate: str = Field(..., max_length=12)
    term_months: int = Field(..., ge=1, le=360)
    starts_on: dt.date
    pool_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    guarantee: str = Field("", max_length=200)
    guarantor_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    first_loan: bool = False
    pledged_patents: str = Field("", max_length=500)


class FinanceLoanStatusIn(Schema):
    status: str = Field(..., max_length=12)
    note: str = Field("", max_length=300)


class FinanceSubsidyIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    interest_paid: str = Field(..., max_length=30)
    share: str = Field(..., max_length=12)


class FinanceSubsidyPayIn(Schema):
    reference: str = Field(..., max_length=60)
    paid_on: dt.date | None = None


class FinanceSubsidyOut(Schema):
    id: int
    loan_id: int
    year: int
    interest_paid: Decimal
    share: Decimal
    amount: Decimal
    status: str
    paid_on: dt.date | None
    reference: str


class FinanceSubsidyPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FinanceSubsidyOut]


class FinanceClaimIn(Schema):
    default_on: dt.date
    principal_loss: str = Field(..., max_length=30)
    bank_exposure: str = Field(..., max_length=30)


class FinanceClaimDecisionIn(Schema):
    approve: bool
    comment: str = Field("", max_length=500)


class FinanceRecoveryIn(Schema):
    amount: str = Field(..., max_length=30)
    on: dt.date | None = None
    reference: str = Field("", max_length=60)


class FinanceClaimOut(Schema):
    id: int
    loan_id: int
    default_on: dt.date
    principal_loss: Decimal
    bank_exposure: Decimal
    computed: Decimal
    capped_by: str
    status: str
    stage: int | None
    filed_on: dt.date
    check_due: dt.date
    approve_due: dt.date
    paid_on: dt.date | None
    recovered: Decimal

    @staticmethod
    def resolve_capped_by(c) -> str:
        return str((c.detail or {}).get("capped_by", ""))

    @staticmethod
    def resolve_stage(c) -> int | None:
        return c.approval.stage if c.approval_id and c.approval.status == "pending" else None


class FinanceClaimPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FinanceClaimOut]


class FinanceInvestmentOut(Schema):
    id: int
    fund_id: int
    fund: str
    enterprise_id: int
    amount: Decimal
    stake: Decimal | None
    invested_on: dt.date
    exited_on: dt.date | None
    exit_amount: Decimal | None
    exit_kind: str

    @staticmethod
    def resolve_fund(i) -> str:
        return i.fund.name


class FinanceInvestmentPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FinanceInvestmentOut]


@router.get("/stats", response=FinanceStatsOut, summary="Statistics by bank, city and park (a year or all)")
def finance_stats(request, year: int | None = Query(None, ge=2000, le=2100)):
    ensure_allowed(permissions.can_view_overview(request.user))
    return selectors.finance_stats(year)


@router.get("/banks", response=list[FinanceBankOut], summary="Cooperating banks and guarantors")
def bank_list(request):
    ensure_allowed(permissions.can_view_banks(request.user))
    return list(selectors.banks_for(request.user))


@router.get("/pools", response=list[FinancePoolOut], summary="Risk-compensation pools with balance and rules")
def pool_list(request):
    ensure_allowed(permissions.can_view_pools(request.user))
    return list(selectors.pools_for(request.user).prefetch_related("rules"))


@router.post("/pools/{pool_id}/contributions", response={201: FinanceMovementOut}, summary="A contribution (office)")
def pool_contribute(request, payload: FinanceContributionIn, pool_id: int = RowId):
    pool = selectors.pool_visible(request.user, pool_id)
    return Status(201, pools.pool_contribute(actor=request.user, pool=pool, **payload.dict()))


@router.get("/loans", response=FinanceLoanPageOut, summary="Loans the user may see (filters as on the list page)")
def loan_list(
    request,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=12),
    loan_type: str = Query("", max_length=12),
    year: int | None = Query(None, ge=2000, le=2100),
    limit: int = Limit,
    offset: int = Offset,
):
    ensure_allowed(permissions.can_view_loans(request.user))
    qs = selectors.loans_for(request.user, q=q, status=status, loan_type=loan_type, year=year)
    return _page(qs, limit, offset)


@router.post("/loans", response={201: FinanceLoanOut}, summary="The bank records one of its loans")
def loan_create(request, payload: FinanceLoanIn):
    loan = loans.loan_record(actor=request.user, **payload.dict())
    return Status(201, selectors.loan_visible(request.user, loan.pk))


@router.get("/loans/{loan_id}", response=FinanceLoanOut, summary="One loan")
def loan_get(request, loan_id: int = RowId):
    return selectors.loan_visible(request.user, loan_id)


@router.post("/loans/{loan_id}/status", response=FinanceLoanOut, summary="The bank marks its loan repaid or in default")
def loan_status(request, payload: FinanceLoanStatusIn, loan_id: int = RowId):
    loan = selectors.loan_visible(request.user, loan_id)
    loans.loan_set_status(actor=request.user, loan=loan, **payload.dict())
    return selectors.loan_visible(request.user, loan_id)


@router.post("/loans/{loan_id}/subsidies", response={201: FinanceSubsidyOut}, summary="Compute a subsidy (office)")
def subsidy_compute(request, payload: FinanceSubsidyIn, loan_id: int = RowId):
    loan = selectors.loan_visible(request.user, loan_id)
    return Status(201, subsidies.subsidy_compute(actor=request.user, loan=loan, **payload.dict()))


@router.get("/subsidies", response=FinanceSubsidyPageOut, summary="Interest subsidies the user may see")
def subsidy_list(
    request,
    status: str = Query("", max_length=10),
    year: int | None = Query(None, ge=2000, le=2100),
    limit: int = Limit,
    offset: int = Offset,
):
    ensure_allowed(permissions.can_view_subsidies(request.user))
    return _page(selectors.subsidies_for(request.user, status=status, year=year), limit, offset)


@router.post("/subsidies/{subsidy_id}/pay", response=FinanceSubsidyOut, summary="Mark a subsidy paid (office)")
def subsidy_pay(request, payload: FinanceSubsidyPayIn, subsidy_id: int = RowId):
    row = selectors.subsidies_for(request.user).filter(pk=subsidy_id).first()
    if row is None:
        raise NotFound()
    return subsidies.subsidy_pay(actor=request.user, subsidy_row=row, **payload.dict())


@router.post("/loans/{loan_id}/claim", response={201: FinanceClaimOut}, summary="The bank files a claim on a default")
def claim_file(request, payload: FinanceClaimIn, loan_id: int = RowId):
    loan = selectors.loan_visible(request.user, loan_id)
    claim = claims.claim_file(actor=request.user, loan=loan, **payload.dict())
    return Status(201, selectors.claim_visible(request.user, claim.pk))


@router.get("/claims", response=FinanceClaimPageOut, summary="Claims the user may see")
def claim_list(request, status: str = Query("", max_length=10), limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_claims(request.user))
    return _page(selectors.claims_for(request.user, status=status), limit, offset)


@router.get("/claims/{claim_id}", response=FinanceClaimOut, summary="One claim with its clocks and stage")
def claim_get(request, claim_id: int = RowId):
    return selectors.claim_visible(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/decision", response=FinanceClaimOut, summary="Decide the current stage (office, then finance)"
)
def claim_decide(request, payload: FinanceClaimDecisionIn, claim_id: int = RowId):
    claim = selectors.claim_visible(request.user, claim_id)
    claims.claim_decide(actor=request.user, claim=claim, approve=payload.approve, note=payload.comment)
    return selectors.claim_visible(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/recoveries", response={201: FinanceMovementOut}, summary="A recovery after the payout (bank)"
)
def claim_recover(request, payload: FinanceRecoveryIn, claim_id: int = RowId):
    claim = selectors.claim_visible(request.user, claim_id)
    return Status(201, claims.claim_recover(actor=request.user, claim=claim, **payload.dict()))


@router.get("/investments", response=FinanceInvestmentPageOut, summary="Guided-fund investments")
def investment_list(request, q: str = Query("", max_length=100), limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_funds(request.user))
    return _page(selectors.investments_for(request.user, q=q), limit, offset)
