"""Races on the real PostgreSQL (SQLite has a single writer): the office creating the same item code from eight
sessions gets one item and seven refusals; eight materials of one name on one item (the item row serialises
them) give one material; eight entries for the same calendar day give one row."""

import pytest
from django.db import connection

from innozone.core.models import User, WorkdayOverride
from innozone.onestop.models import ItemMaterial, ServiceItem
from innozone.onestop.services import calendar as calendar_services
from innozone.onestop.services import catalogue as services
from tests.races import race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 8


@pytest.fixture
def office(transactional_db):
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    return User.objects.get(username="office")


def _create(office):
    services.item_create(
        actor=User.objects.get(pk=office.pk),
        code="62000000KJ-QR-0900",
        name="并发事项",
        type="QR",
        department="甘肃省科学技术厅",
        statutory_days=20,
        promised_days=10,
    )


def test_same_code_once(office):
    results = race([lambda: _create(office) for _ in range(THREADS)])
    assert sorted(results, key=str) == ["ok"] + ["refused"] * (THREADS - 1), results
    assert ServiceItem.objects.filter(code="62000000KJ-QR-0900").count() == 1


def test_same_material_once(office):
    _create(office)
    item = ServiceItem.objects.get(code="62000000KJ-QR-0900")
    results = race(
        [
            lambda: services.material_save(actor=User.objects.get(pk=office.pk), item=item, name="申请表")
            for _ in range(THREADS)
        ]
    )
    assert sorted(results, key=str) == ["ok"] + ["refused"] * (THREADS - 1), results
    assert ItemMaterial.objects.filter(item=item, name="申请表").count() == 1


def test_same_day_once(office):
    def mark():
        calendar_services.override_set(
            actor=User.objects.get(pk=office.pk), day="2028-02-02", is_workday=False, note="并发"
        )

    results = race([mark for _ in range(THREADS)])
    assert all(r in ("ok", "refused") for r in results), results
    assert "ok" in results
    assert WorkdayOverride.objects.filter(day__year=2028).count() == 1
