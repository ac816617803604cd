"""16 claims at once against a pool that covers 3, on the real PostgreSQL (SQLite has a single writer, so there
is nothing to race there): the claims and their payouts serialise on the Pool row, the balance never goes
below zero, exactly the affordable ones are paid and the others wait with the reason."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from tests.races import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

CLAIMS = 16


def test_16_payouts_at_once_against_a_pool_that_covers_3(transactional_db):
    from innozone.core.models import User
    from innozone.enterprises.engine.identity import complete_uscc
    from innozone.enterprises.services import enterprise_register
    from innozone.finance import demo
    from innozone.finance.models import Claim, PoolMovement
    from innozone.finance.services import claims, common, loans, pools
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    demo.seed(with_activity=False)
    users = {u.username: u for u in User.objects.select_related("organization")}
    office, bank, finance = users["office"], users["bank"], users["finance"]
    org = users["enterprise"].organization
    enterprise_register(
        actor=office,
        organization=org,
        data={"uscc": complete_uscc("91620102MA7R00002"), "name": org.name, "region": org.region},
    )
    pool = pools.pool_create(actor=office, name="并发测试资金池", region_id=org.region_id)
    pools.pool_rule_set(actor=office, pool=pool, loan_type="credit", share="0.5")
    pools.pool_contribute(actor=office, pool=pool, amount="350000", funder="测试")  # covers 3 of 100,000
    defaulted = []
    for n in range(CLAIMS):
        loan = loans.loan_record(
            actor=bank,
            enterprise_id=org.pk,
            loan_type="credit",
            contract_no=f"RACE-{n}",
            amount="200000",
            rate="4",
            term_months=12,
            starts_on=dt.date(2026, 1, 5),
            pool_id=pool.pk,
        )
        defaulted.append(loans.loan_set_status(actor=bank, loan=loan, status="default"))

    filed = race(
        [
            lambda loan=loan: claims.claim_file(
                actor=bank, loan=loan, default_on="2026-06-01", principal_loss="200000", bank_exposure="200000"
            )
            for loan in defaulted
        ]
    )
    assert filed == ["ok"] * CLAIMS
    all_claims = list(Claim.objects.filter(loan__pool=pool))
    assert {c.computed for c in all_claims} == {Decimal("100000.00")}
    for claim in all_claims:
        claims.claim_decide(actor=office, claim=claim, approve=True)

    paid = race([lambda c=c: claims.claim_decide(actor=finance, claim=c, approve=True) for c in all_claims])

    assert [r for r in paid if not isinstance(r, str)] == []
    assert paid.count("ok") == 3 and paid.count("refused") == CLAIMS - 3
    assert common.pool_balance(pool.pk) == Decimal("50000.00")
    assert PoolMovement.objects.filter(pool=pool, kind="compensation").count() == 3
    statuses = sorted(Claim.objects.filter(loan__pool=pool).values_list("status", flat=True))
    assert statuses == ["checked"] * (CLAIMS - 3) + ["paid"] * 3
    waiting = Claim.objects.filter(loan__pool=pool, status="checked").first()
    with pytest.raises(Exception, match="资金池余额不足"):
        claims.claim_decide(actor=finance, claim=waiting, approve=True)
