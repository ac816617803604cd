"""Races on the real PostgreSQL (SQLite has a single writer): eight applicants submitting at the same moment get
eight different consecutive numbers; two clerks accepting the same case at once accept it once."""

import pytest
from django.db import connection

from innozone.core.models import AuditEvent
from innozone.onestop.models import Case
from innozone.onestop.services import cases as services
from tests.races import race

from .cases_world import make_item, materials, pdf, user

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 8


@pytest.fixture
def item(transactional_db):
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    return make_item()


def _submit(item):
    form, licence, _ = materials(item)
    services.case_submit(
        actor=user("enterprise"),
        item=item,
        title="并发",
        contact="a",
        phone="1",
        files={form.pk: pdf(), licence.pk: pdf()},
    )


def test_simultaneous_submissions_get_distinct_consecutive_numbers(item):
    results = race([lambda: _submit(item) for _ in range(THREADS)])
    assert results == ["ok"] * THREADS, results
    numbers = sorted(Case.objects.values_list("number", flat=True))
    year = numbers[0][2:6]
    assert numbers == [f"BJ{year}-{n:06d}" for n in range(1, THREADS + 1)]


def test_two_clerks_accept_once(item):
    _submit(item)
    case = Case.objects.get()
    results = race([lambda: services.case_accept(actor=user("kjt"), case=case) for _ in range(2)])
    assert sorted(map(str, results)) == ["ok", "refused"], results
    assert AuditEvent.objects.filter(action="onestop.case.accept").count() == 1
