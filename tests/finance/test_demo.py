"""The finance demo with activity: loans across Lanzhou and Baiyin, subsidies, one claim paid and one pending
inside its clock, a guided fund with an exit; every money row in the ledger; a second run adds nothing."""

from django.utils import timezone

from innozone.finance import demo
from innozone.finance.models import Claim, Investment, Loan, PoolMovement, Subsidy
from innozone.finance.selectors import finance_stats
from innozone.ledger import services as ledger
from innozone.ledger.verify import verify


def test_demo_with_activity_and_rerun(innovation):
    demo.seed(with_activity=True)
    assert Loan.objects.filter(is_demo=True).count() == 20
    cities = {r["name"] for r in finance_stats()["by_city"]}
    assert {"兰州市", "白银市"} <= cities
    assert Subsidy.objects.filter(status="paid").count() == 4 and Subsidy.objects.count() == 6
    paid = Claim.objects.get(status=Claim.Status.PAID)
    assert PoolMovement.objects.get(claim=paid).amount == -paid.computed
    pending = Claim.objects.exclude(pk=paid.pk).get()
    assert pending.status == Claim.Status.FILED and pending.check_due >= timezone.localdate()
    assert Investment.objects.count() == 4 and Investment.objects.filter(exited_on__isnull=False).count() == 1
    ledger.head_sign_current()
    assert verify().ok, verify().problems
    models = (Loan, PoolMovement, Claim, Investment)
    counts = [m.objects.count() for m in models]
    demo.seed(with_activity=True)
    assert [m.objects.count() for m in models] == counts


def test_the_funds_world_has_the_pool_without_activity(funds_world):
    from innozone.finance.models import Bank, Pool

    pool = Pool.objects.get(name=demo.POOL)
    assert pool.rules.count() == 3 and pool.movements.count() == 3
    assert Bank.objects.filter(kind="guarantor").exists() and not Loan.objects.exists()
