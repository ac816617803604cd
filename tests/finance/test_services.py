"""Finance services: validation, the pool's caps, subsidies and their cap, claims with their clocks and the
approval office → finance, the payout movement, recoveries, ledger verify."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import ApprovalTask
from innozone.finance.models import Claim, Loan, PoolMovement, Subsidy
from innozone.finance.selectors import finance_stats, finance_summary
from innozone.finance.services import claims, common, events, funds, loans, pools, subsidies
from innozone.ledger import services as ledger
from innozone.ledger.models import LedgerEntry
from innozone.ledger.verify import verify


def fields(error) -> list[str]:
    return sorted(d["field"] for d in error.value.detail)


def test_loan_validation_and_the_pools_limits(fin, loan_of):
    u = fin["users"]
    with pytest.raises(ValidationFailed) as e:
        loans.loan_record(
            actor=u["bank"],
            enterprise_id=u["office"].organization_id,
            loan_type="nope",
            contract_no="",
            amount="-5",
            rate="40",
            term_months=0,
            starts_on="2026-13-01",
        )
    assert fields(e) == ["amount", "contract_no", "enterprise", "loan_type", "rate", "starts_on", "term_months"]
    with pytest.raises(Forbidden):
        loans.loan_record(
            actor=u["office"],
            enterprise_id=1,
            loan_type="credit",
            contract_no="x",
            amount=1,
            rate=1,
            term_months=1,
            starts_on="2026-01-01",
        )
    with pytest.raises(ValidationFailed) as e:
        loan_of(term_months=48)
    assert fields(e) == ["term_months"]
    with pytest.raises(ValidationFailed) as e:
        loan_of(loan_type="guaranteed")
    assert fields(e) == ["guarantor"]
    with pytest.raises(ValidationFailed) as e:
        loan_of(loan_type="collateral")  # no rule in the pool for it
    assert fields(e) == ["loan_type"]
    big = loan_of(amount="6000000")
    with pytest.raises(ValidationFailed) as e:  # the per-firm yearly cap of 10 M: 6 M + 4.5 M
        loan_of(amount="4500000")
    assert fields(e) == ["amount"] and "10,000,000.00" in e.value.detail[0]["message"]
    loan_of(amount="4500000", starts_on=dt.date(2025, 3, 1))  # another year
    loan_of(amount="4000000")  # exactly at the cap
    with pytest.raises(ValidationFailed) as e:
        loan_of(contract_no=big.contract_no, starts_on=dt.date(2024, 3, 1))
    assert fields(e) == ["contract_no"]


def test_status_changes_by_the_bank_only(fin, loan_of):
    u = fin["users"]
    loan = loan_of()
    with pytest.raises(Forbidden):
        loans.loan_set_status(actor=u["office"], loan=loan, status="repaid")
    loans.loan_set_status(actor=u["bank"], loan=loan, status="repaid")
    with pytest.raises(Conflict):
        loans.loan_set_status(actor=u["bank"], loan=loan, status="default")


def test_subsidies_capped_per_firm_a_year_and_paid_as_ledger_events(fin, loan_of, settings):
    settings.INNOZONE_FINANCE_SUBSIDY_CAP = 60000
    office = fin["users"]["office"]
    a, b = loan_of(), loan_of(amount="2000000")
    first = subsidies.subsidy_compute(actor=office, loan=a, year=2026, interest_paid="80000", share="0.5")
    assert first.amount == D("40000.00")
    second = subsidies.subsidy_compute(actor=office, loan=b, year=2026, interest_paid="80000", share="0.5")
    assert second.amount == D("20000.00")  # 60,000 − 40,000 left this year for the firm
    with pytest.raises(ValidationFailed) as e:
        subsidies.subsidy_compute(actor=office, loan=a, year=2026, interest_paid="1", share="0.5")
    assert fields(e) == ["year"]
    with pytest.raises(Forbidden):
        subsidies.subsidy_compute(actor=fin["users"]["bank"], loan=a, year=2026, interest_paid="1", share="0.5")
    with pytest.raises(ValidationFailed):
        subsidies.subsidy_pay(actor=office, subsidy_row=first, reference=" ")
    subsidies.subsidy_pay(actor=office, subsidy_row=first, reference="TX-1")
    with pytest.raises(Conflict):
        subsidies.subsidy_pay(actor=office, subsidy_row=first, reference="TX-1")
    kinds = list(LedgerEntry.objects.filter(subject_type="finance.Subsidy").values_list("kind", flat=True))
    assert kinds == ["finance.subsidy"] * 3
    ledger.head_sign_current()
    assert verify().ok, verify().problems


def _defaulted(fin, loan_of, entry=None, **changes):
    loan = loan_of(entry, **changes)
    loans.loan_set_status(actor=fin["users"]["bank"], loan=loan, status="default")
    return loan


def test_claim_is_computed_with_the_rule_and_clocks_in_working_days(fin, loan_of):
    bank = fin["users"]["bank"]
    loan = loan_of(first_loan=True)
    with pytest.raises(ValidationFailed) as e:  # not in default yet
        claims.claim_file(actor=bank, loan=loan, default_on="2026-09-01", principal_loss="600000", bank_exposure="1")
    assert fields(e) == ["loan"]
    loans.loan_set_status(actor=bank, loan=loan, status="default")
    with pytest.raises(ValidationFailed) as e:
        claims.claim_file(
            actor=bank, loan=loan, default_on="2025-01-01", principal_loss="2000000", bank_exposure="3000000"
        )
    assert fields(e) == ["bank_exposure", "default_on", "principal_loss"]
    with pytest.raises(Forbidden):
        claims.claim_file(
            actor=fin["users"]["office"], loan=loan, default_on="2026-09-01", principal_loss="1", bank_exposure="1"
        )
    friday = dt.date(2026, 12, 4)
    claim = claims.claim_file(
        actor=bank,
        loan=loan,
        default_on="2026-09-01",
        principal_loss="600000",
        bank_exposure="600000",
        filed_on=friday,
    )
    assert claim.computed == D("210000.00")  # 600,000 × (30 % + 5 pp first loan)
    assert claim.detail["capped_by"] == "" and D(claim.detail["rate"]) == D("0.35")
    assert claim.check_due == dt.date(2026, 12, 11)  # 5 working days after a Friday
    assert claim.approve_due > claim.check_due
    other = _defaulted(fin, loan_of, fin["by"], loan_type="ip_pledge", pledged_patents="ZL1")
    capped = claims.claim_file(
        actor=bank, loan=other, default_on="2026-09-01", principal_loss="1000000", bank_exposure="200000"
    )
    assert (capped.computed, capped.detail["capped_by"]) == (D("160000.00"), "exposure")  # 80 % of 200,000


def test_approval_office_then_finance_pays_from_the_pool_and_the_ledger_checks(fin, loan_of):
    u = fin["users"]
    pool = fin["pool"]
    before = common.pool_balance(pool.pk)
    loan = _defaulted(fin, loan_of)
    claim = claims.claim_file(
        actor=u["bank"], loan=loan, default_on="2026-09-01", principal_loss="500000", bank_exposure="500000"
    )
    assert claim.approval.stage == 1
    with pytest.raises(Forbidden):  # finance cannot act before the office's check
        claims.claim_decide(actor=u["finance"], claim=claim, approve=True)
    with pytest.raises(Forbidden):
        claims.claim_decide(actor=u["bank"], claim=claim, approve=True)
    claim = claims.claim_decide(actor=u["office"], claim=claim, approve=True, note="初审通过")
    assert claim.status == Claim.Status.CHECKED and claim.approval.stage == 2
    assert not PoolMovement.objects.filter(claim=claim).exists()
    with pytest.raises(Forbidden):
        claims.claim_decide(actor=u["office"], claim=claim, approve=True)
    claim = claims.claim_decide(actor=u["finance"], claim=claim, approve=True, note="同意")
    assert claim.status == Claim.Status.PAID
    payout = PoolMovement.objects.get(claim=claim)
    assert (payout.kind, payout.amount) == ("compensation", D("-150000.00"))
    assert common.pool_balance(pool.pk) == before - D("150000")
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.COMPENSATED
    entry = LedgerEntry.objects.get(subject_type="finance.PoolMovement", subject_id=payout.pk)
    assert entry.kind == "finance.pool" and json.loads(entry.payload)["data"]["state"]["amount"] == "-150000.00"
    # a recovery returns the pool's share (150,000 / 500,000 = 30 % of 100,000)
    back = claims.claim_recover(actor=u["bank"], claim=claim, amount="100000", reference="ZH-1")
    assert (back.kind, back.amount) == ("recovery", D("30000.00"))
    events.register_snapshots()
    ledger.head_sign_current()
    assert verify().ok, verify().problems
    PoolMovement.objects.filter(pk=payout.pk).update(amount=D("-15000.00"))
    assert f"finance.PoolMovement {payout.pk}: record differs from its last ledger event" in verify().problems


def test_rejection_and_a_payout_the_balance_no_longer_covers(fin, loan_of):
    u = fin["users"]
    pool = pools.pool_create(actor=u["office"], name="小资金池", region_id=fin["pool"].region_id)
    pools.pool_rule_set(actor=u["office"], pool=pool, loan_type="credit", share="0.5")
    pools.pool_contribute(actor=u["office"], pool=pool, amount="300000", funder="兰州市财政局")
    a = _defaulted(fin, loan_of, pool_id=pool.pk)
    b = _defaulted(fin, loan_of, fin["by"], pool_id=pool.pk)
    c = _defaulted(fin, loan_of, fin["own"], pool_id=pool.pk)
    filed = [
        claims.claim_file(
            actor=u["bank"], loan=x, default_on="2026-09-01", principal_loss="400000", bank_exposure="400000"
        )
        for x in (a, b, c)
    ]
    assert [f.computed for f in filed] == [D("200000.00")] * 3
    for f in filed:
        claims.claim_decide(actor=u["office"], claim=f, approve=True)
    claims.claim_decide(actor=u["finance"], claim=filed[0], approve=True)
    with pytest.raises(ValidationFailed) as e:  # 100,000 left
        claims.claim_decide(actor=u["finance"], claim=filed[1], approve=True)
    assert "资金池余额不足" in str(e.value.message)
    assert Claim.objects.get(pk=filed[1].pk).status == Claim.Status.CHECKED
    with pytest.raises(ValidationFailed):  # a refusal needs a reason
        claims.claim_decide(actor=u["finance"], claim=filed[2], approve=False)
    claims.claim_decide(actor=u["finance"], claim=filed[2], approve=False, note="材料不实")
    assert Claim.objects.get(pk=filed[2].pk).status == Claim.Status.REJECTED
    assert common.pool_balance(pool.pk) == D("100000.00")
    task = ApprovalTask.objects.get(request=filed[1].approval, status="pending")
    assert task.approver.name == claims.FINANCE_ORG


def test_pools_banks_funds_validation_and_statistics(fin, loan_of):
    u = fin["users"]
    office = u["office"]
    with pytest.raises(ValidationFailed) as e:
        pools.bank_register(actor=office, organization_id=fin["lz"].organization_id)
    assert fields(e) == ["organization"]
    with pytest.raises(ValidationFailed) as e:
        pools.pool_rule_set(
            actor=office,
            pool=fin["pool"],
            loan_type="credit",
            share="0.9",
            bonus_first_loan="0.2",
            cap_of_exposure="1.5",
        )
    assert fields(e) == ["bonus_first_loan", "cap_of_exposure"]
    with pytest.raises(ValidationFailed) as e:
        pools.pool_contribute(actor=office, pool=fin["pool"], amount="0", funder="")
    assert fields(e) == ["amount", "funder"]
    with pytest.raises(Forbidden):
        pools.pool_contribute(actor=u["leader"], pool=fin["pool"], amount="1", funder="x")
    fund = funds.fund_create(
        actor=office,
        name="测试基金",
        kind="venture",
        manager="某管理公司",
        size="10000000",
        government_share="2000000",
        region_id=fin["pool"].region_id,
        established_on="2024-01-01",
    )
    inv = funds.investment_record(
        actor=office, fund=fund, enterprise_id=fin["lz"].organization_id, amount="6000000", invested_on="2025-01-01"
    )
    with pytest.raises(ValidationFailed) as e:
        funds.investment_record(
            actor=office, fund=fund, enterprise_id=fin["by"].organization_id, amount="5000000", invested_on="2025-02-01"
        )
    assert fields(e) == ["amount"]
    funds.investment_exit(actor=office, investment=inv, exited_on="2026-06-01", exit_amount="9000000", exit_kind="回购")
    with pytest.raises(Conflict):
        funds.investment_exit(actor=office, investment=inv, exited_on="2026-06-01", exit_amount="1", exit_kind="x")
    loan_of(fin["lz"], rate="4.0")
    loan_of(fin["by"], amount="3000000", rate="3.0")
    stats = finance_stats(2026)
    assert stats["total"]["loans"] == 2 and stats["total"]["amount"] == D("4000000")
    assert stats["total"]["avg_rate"] == D("3.250")  # weighted by amount
    assert {r["name"] for r in stats["by_city"]} == {"兰州市", "白银市"}
    assert stats["by_bank"][0]["name"] == fin["bank"].organization.name
    assert finance_summary(2026)["exits"] == 1 and finance_stats(2025)["total"]["invested"] == D("6000000.00")
    ledger.head_sign_current()
    assert verify().ok, verify().problems
    from innozone.finance.models import Investment

    Investment.objects.filter(pk=inv.pk).update(exit_amount=D("1"))
    assert any("finance.Investment" in p for p in verify().problems)
    assert Subsidy.objects.count() == 0


def test_a_stage_decided_from_the_approvals_inbox_moves_the_claim_too(fin, loan_of):
    from innozone.core import approvals
    from innozone.finance.selectors import claims_due

    u = fin["users"]
    loan = _defaulted(fin, loan_of)
    claim = claims.claim_file(
        actor=u["bank"], loan=loan, default_on="2026-09-01", principal_loss="100000", bank_exposure="100000"
    )
    task = ApprovalTask.objects.get(request=claim.approval, status="pending")
    approvals.approval_decide(actor=u["office"], task=task, approve=True)  # the generic inbox's path
    claim = Claim.objects.select_related("approval").get(pk=claim.pk)
    assert claim.open_stage == 2 and claim.status_label == "受托机构已初审"
    due = claims_due(claim.approve_due)
    assert [(r["claim"], r["stage"]) for r in due] == [(claim.pk, "approve")]
    task = ApprovalTask.objects.get(request=claim.approval, status="pending")
    approvals.approval_decide(actor=u["finance"], task=task, approve=True)
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.open_stage is None and PoolMovement.objects.filter(claim=claim).exists()
