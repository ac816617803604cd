"""Demo data of technology finance: the cooperating bank 兰州银行科技支行（演示） and a guarantor, the zone's
risk-compensation pool with its rules and contributions (province and cities); with activity ~20 loans to
registry demo enterprises across Lanzhou and Baiyin, interest subsidies, two defaults with claims (one paid
through office → finance, one pending inside its clock), a guided fund with investments and one exit.
Everything goes through the services; safe to rerun."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.core.roles import Role
from innozone.enterprises import selectors as registry

from ..models import Bank, Claim, GuidedFund, Investment, Loan, LoanType, Pool, PoolRule, Subsidy
from ..services import claims, funds, loans, pools, subsidies

ORDER = 62

BANK = "兰州银行科技支行（演示）"
GUARANTOR = "甘肃省科技融资担保有限公司（演示）"
POOL = "兰白自创区科技型中小企业贷款风险补偿资金池（演示）"
FUND = "兰白自创区科技创新创业引导基金（演示）"
RULES = [  # loan type, share, first-loan bonus, cap of the bank's exposure
    (LoanType.CREDIT, "0.30", "0.05", "0.80"),
    (LoanType.IP_PLEDGE, "0.35", "0", "0.80"),
    (LoanType.GUARANTEED, "0.20", "0", "0.80"),
]
CONTRIBUTIONS = [("甘肃省财政厅", "20000000.00"), ("兰州市财政局", "8000000.00"), ("白银市财政局", "2000000.00")]


def _user(role: str, username: str) -> User | None:
    return User.objects.filter(username=username, role=role).select_related("organization").first()


def _bank(office) -> Bank | None:
    org = Organization.objects.filter(name=BANK).first()
    if org is None:
        return None
    bank = Bank.objects.filter(organization=org).first()
    if bank is None:
        bank = pools.bank_register(
            actor=office, organization_id=org.pk, since=dt.date(2020, 6, 1), contact="科技支行 公司业务部", is_demo=True
        )
    guarantor_org, _created = Organization.objects.get_or_create(
        name=GUARANTOR, defaults={"kind": Organization.Kind.FINANCIAL, "region": Region.objects.get(code="lz-cg")}
    )
    if not Bank.objects.filter(organization=guarantor_org).exists():
        pools.bank_register(
            actor=office,
            organization_id=guarantor_org.pk,
            kind=Bank.Kind.GUARANTOR,
            since=dt.date(2021, 3, 1),
            is_demo=True,
        )
    return bank


def _pool(office, today) -> Pool:
    pool = Pool.objects.filter(name=POOL).first()
    if pool is None:
        pool = pools.pool_create(
            actor=office,
            name=POOL,
            region_id=Region.objects.get(code="lbzc").pk,
            trustee="兰白国家自主创新示范区办公室",
            per_firm_cap="10000000",
            max_term_months=36,
            is_demo=True,
        )
    for loan_type, share, bonus, cap in RULES:
        if not PoolRule.objects.filter(pool=pool, loan_type=loan_type).exists():
            pools.pool_rule_set(
                actor=office, pool=pool, loan_type=loan_type, share=share, bonus_first_loan=bonus, cap_of_exposure=cap
            )
    if not pool.movements.exists():
        for n, (funder, amount) in enumerate(CONTRIBUTIONS):
            pools.pool_contribute(
                actor=office,
                pool=pool,
                amount=amount,
                funder=funder,
                on=dt.date(today.year, 1, 10 + n),
                reference=f"ZC-{today.year}-{n + 1:03d}",
            )
    return pool


def _borrowers(office, count: int):
    """Registry demo enterprises, Lanzhou and Baiyin alternating."""
    entries = list(registry.enterprises_for(office).filter(is_demo=True).order_by("pk"))
    own = set(User.objects.filter(role=Role.ENTERPRISE).values_list("organization_id", flat=True))
    entries.sort(key=lambda e: e.organization_id not in own)  # the enterprise logins' firms first
    baiyin = [e for e in entries if e.region.code.startswith("by")]
    lanzhou = [e for e in entries if not e.region.code.startswith("by")]
    out = []
    while len(out) < count and (baiyin or lanzhou):
        for side in (lanzhou, lanzhou, baiyin):
            if side and len(out) < count:
                out.append(side.pop(0))
    return out


def _loans(bank_user, pool, guarantor, today) -> list[Loan]:
    office = _user(Role.OFFICE_ADMIN, "office")
    made = []
    types = [LoanType.CREDIT, LoanType.IP_PLEDGE, LoanType.CREDIT, LoanType.GUARANTEED, LoanType.CREDIT]
    for n, entry in enumerate(_borrowers(office, 20)):
        loan_type = types[n % len(types)]
        last_year = n % 2 == 0
        starts = dt.date(today.year - 1, 1 + n % 12, 5 + n) if last_year else today - dt.timedelta(days=30 + 9 * n)
        made.append(
            loans.loan_record(
                actor=bank_user,
                enterprise_id=entry.organization_id,
                loan_type=loan_type,
                contract_no=f"LZB-KJ-{starts.year}-{n + 1:04d}",
                amount=Decimal(1000000 + 250000 * (n % 9)),
                rate=Decimal("3.450") + Decimal("0.100") * (n % 5),
                term_months=12 if n % 3 else 24,
                starts_on=starts,
                pool_id=pool.pk,
                guarantee={"guaranteed": "融资担保", "ip_pledge": "专利权质押"}.get(loan_type, "信用"),
                guarantor_id=guarantor.pk if loan_type == LoanType.GUARANTEED else None,
                first_loan=n % 4 == 0,
                pledged_patents=f"ZL2023{n + 1:07d}.X" if loan_type == LoanType.IP_PLEDGE else "",
                is_demo=True,
            )
        )
    return made


def _activity(office, bank_user, finance_user, pool, today) -> str:
    guarantor = Bank.objects.get(organization__name=GUARANTOR)
    made = _loans(bank_user, pool, guarantor, today)
    last_year = [loan for loan in made if loan.starts_on.year == today.year - 1]
    for n, loan in enumerate(last_year[:6]):
        interest = (loan.amount * loan.rate / 100 * Decimal("0.8")).quantize(Decimal("0.01"))
        row = subsidies.subsidy_compute(
            actor=office, loan=loan, year=today.year - 1, interest_paid=interest, share="0.5"
        )
        if n < 4:
            subsidies.subsidy_pay(actor=office, subsidy_row=row, reference=f"TX-{today.year - 1}-{n + 1:03d}")
    paid_loan = next(loan for loan in last_year if loan.loan_type == LoanType.CREDIT)
    pending_loan = next(loan for loan in last_year if loan.loan_type == LoanType.IP_PLEDGE)
    for loan in (paid_loan, pending_loan):
        loans.loan_set_status(actor=bank_user, loan=loan, status=Loan.Status.DEFAULT, note="逾期 90 天以上（演示）")
    paid = claims.claim_file(
        actor=bank_user,
        loan=paid_loan,
        default_on=paid_loan.starts_on + dt.timedelta(days=200),
        principal_loss=paid_loan.amount * Decimal("0.6"),
        bank_exposure=paid_loan.amount * Decimal("0.6"),
    )
    claims.claim_decide(actor=office, claim=paid, approve=True, note="材料齐全，损失核实（演示）")
    claims.claim_decide(actor=finance_user, claim=paid, approve=True, note="同意补偿（演示）")
    claims.claim_file(
        actor=bank_user,
        loan=pending_loan,
        default_on=min(today, pending_loan.starts_on + dt.timedelta(days=300)),
        principal_loss=pending_loan.amount * Decimal("0.5"),
        bank_exposure=pending_loan.amount * Decimal("0.4"),
    )
    fund = funds.fund_create(
        actor=office,
        name=FUND,
        kind=GuidedFund.Kind.VENTURE,
        manager="兰州科技创新投资管理有限公司（演示）",
        size="500000000",
        government_share="100000000",
        region_id=Region.objects.get(code="lbzc").pk,
        established_on=dt.date(today.year - 3, 6, 30),
        is_demo=True,
    )
    borrowers = _borrowers(office, 24)[20:] or _borrowers(office, 4)
    invested = []
    for n, entry in enumerate(borrowers[:4]):
        invested.append(
            funds.investment_record(
                actor=office,
                fund=fund,
                enterprise_id=entry.organization_id,
                amount=Decimal(5000000 + 2500000 * n),
                stake=Decimal("8.5") + n,
                invested_on=dt.date(today.year - 2, 3 + n, 15),
            )
        )
    funds.investment_exit(
        actor=office,
        investment=invested[0],
        exited_on=dt.date(today.year - 1, 11, 20),
        exit_amount=Decimal("7200000"),
        exit_kind="股权转让",
    )
    return (
        f"{len(made)} loans, {Subsidy.objects.count()} subsidies, {Claim.objects.count()} claims, "
        f"{Investment.objects.count()} investments"
    )


@transaction.atomic
def seed(*, with_activity: bool = True) -> str:
    office = _user(Role.OFFICE_ADMIN, "office")
    bank_user = _user(Role.BANK, "bank")
    if office is None:
        return ""
    today = timezone.localdate()
    bank = _bank(office)
    pool = _pool(office, today)
    summary = f"finance: {Bank.objects.count()} banks, pool {pool.name}"
    finance_user = _user(Role.FINANCE, "finance")
    ready = bank is not None and bank_user is not None and finance_user is not None
    if with_activity and ready and not Loan.objects.filter(is_demo=True).exists():
        summary += "; " + _activity(office, bank_user, finance_user, pool, today)
    return summary
