"""16 threads at once requesting tranches of one project that together exceed the award, on the real
PostgreSQL (SQLite has a single writer): the project's row lock keeps Σ tranches ≤ the award."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from innozone.funds.models import Tranche
from tests.races import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 16


@pytest.fixture
def setup(transactional_db):
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)


def test_16_threads_never_exceed_the_award(setup):
    from innozone.funds.services import tranches

    from .test_projects_factory import running, users

    u = users()
    project = running(amount="1000000")
    tranches.tranche_request(actor=u["enterprise"], project=project, amount="600000", note="首笔")
    # room for exactly 4 tranches of 100 000; 16 ask at once
    calls = [
        (lambda: tranches.tranche_request(actor=u["enterprise"], project=project, amount="100000"))
        for _ in range(THREADS)
    ]
    results = race(calls)
    errors = [r for r in results if not isinstance(r, str)]
    assert not errors, errors
    assert results.count("ok") == 4 and results.count("refused") == THREADS - 4
    total = Tranche.objects.filter(project=project).exclude(status="rejected").aggregate(s=Sum("amount"))["s"]
    assert total == Decimal("1000000.00")
    assert sorted(Tranche.objects.filter(project=project).values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
