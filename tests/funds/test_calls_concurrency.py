"""16 recommending threads at once under a city quota of 3, on the real PostgreSQL (SQLite has a single
writer): exactly 3 recommendations, the others refused by the quota."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from innozone.funds.models import Application, Call, Programme, Quota, Recommendation
from innozone.funds.services import recommendations
from tests.races import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 16


@pytest.fixture
def setup(transactional_db):
    from innozone.core.models import Organization, Region, User
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    office = User.objects.get(username="office")
    lanzhou = User.objects.select_related("organization").get(username="lanzhou")
    programme = Programme.objects.create(name="并发测试专项", kind="plan", year=2026, owner=office.organization)
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        title="并发测试通知",
        stage="closed",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now - dt.timedelta(days=1),
        budget="1000000",
        chain=["city"],
    )
    lz = Region.objects.get(code="lz")
    Quota.objects.create(call=call, stage="city", region=lz, quota=3)
    applicant = Organization.objects.get(name="甘肃陇原新材料科技有限公司")
    apps = [
        Application.objects.create(
            call=call,
            applicant=applicant,
            region=Region.objects.get(code="lzgx"),
            number=f"ZX2026-01-{i:04d}",
            title=f"并发 {i}",
            amount="100000",
            status="recommending",
            chain_stage="city",
        )
        for i in range(1, THREADS + 1)
    ]
    return lanzhou, call, apps


def test_16_threads_recommend_under_a_quota_of_3(setup):
    lanzhou, call, apps = setup
    results = race(
        [
            (
                lambda a=a, n=n: recommendations.application_recommend(
                    actor=lanzhou, application=a, recommended=True, rank=n
                )
            )
            for n, a in enumerate(apps, start=1)
        ]
    )
    errors = [r for r in results if not isinstance(r, str)]
    assert not errors, errors
    assert results.count("ok") == 3 and results.count("refused") == THREADS - 3
    assert Recommendation.objects.filter(application__call=call, recommended=True).count() == 3
    assert Application.objects.filter(call=call, status="review").count() == 3
