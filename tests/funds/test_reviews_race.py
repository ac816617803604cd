"""16 threads deciding approvals at once against a call budget that fits 3, on the real PostgreSQL (SQLite has
a single writer): never over the budget, every refusal a domain error."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from innozone.funds.models import Application, BudgetLine, Call, Decision, Meeting, Programme
from innozone.funds.services import decisions
from tests.races import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 16


@pytest.fixture
def setup(transactional_db):
    from innozone.core.models import Organization, User
    from innozone.core.selectors import office_organization
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    office = User.objects.get(username="office")
    programme = Programme.objects.create(name="并发测试专项", kind="plan", year=2026, owner=office_organization())
    line = BudgetLine.objects.create(
        programme=programme,
        subject_code="2060499",
        subject_name="其他技术研究与开发支出",
        source="province",
        amount=Decimal("10000000"),
    )
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        title="并发测试通知",
        stage="review",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
        budget=Decimal("300000"),
    )
    meeting = Meeting.objects.create(call=call, kind="decision", name="决策会", held_on=dt.date(2026, 12, 1))
    apps = [
        Application.objects.create(
            call=call,
            applicant=Organization.objects.create(name=f"并发企业{i}", kind="enterprise"),
            number=f"R{i:03d}",
            title=f"并发项目{i}",
            amount=Decimal("100000"),
            status="reviewed",
        )
        for i in range(THREADS)
    ]
    return office, call, meeting, line, apps


def test_16_threads_never_approve_over_the_call_budget(setup):
    office, call, meeting, line, apps = setup

    def decide(app):
        return lambda: decisions.decisions_record(
            actor=office,
            call=call,
            meeting=meeting,
            items=[{"application": app.pk, "outcome": "approve", "budget_line": line.pk}],
        )

    results = race([decide(a) for a in apps])
    errors = [r for r in results if not isinstance(r, str)]
    assert errors == []
    assert results.count("ok") == 3 and results.count("refused") == THREADS - 3
    approved = Decision.objects.filter(application__call=call, outcome="approve")
    assert approved.count() == 3
    assert sum(d.amount for d in approved) <= call.budget
    assert Application.objects.filter(call=call, status="approved").count() == 3
