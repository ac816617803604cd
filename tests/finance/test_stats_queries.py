"""The statistics read each borrower's place in one query, not one per borrower."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from innozone.finance.models import Loan
from innozone.finance.selectors.stats import finance_stats


def test_statistics_queries_do_not_grow_with_the_borrowers(busy_fin):
    borrowers = Loan.objects.values("enterprise_id").distinct().count()
    assert borrowers >= 10
    with CaptureQueriesContext(connection) as queries:
        stats = finance_stats()
    assert len(queries) < borrowers
    assert sum(row["loans"] for row in stats["by_park"]) == Loan.objects.count()
