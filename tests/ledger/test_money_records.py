"""Every record that carries money is in the ledger: a raw UPDATE of a redemption's amount, an order's
voucher part, a settlement batch's total (or a scheme's budget reservation) is named by `ledger verify`;
creating and paying a settlement batch are ledger events with the batch's total and its redemptions."""

import json
from decimal import Decimal

import pytest

from innozone.ledger import services
from innozone.ledger.models import LedgerEntry
from innozone.vouchers.models import Order, Redemption, Scheme, SettlementBatch
from tests.ledger.test_storage import run_verify


@pytest.fixture
def full_demo(busy_scheme):
    services.head_sign_current()


def test_the_busy_demo_has_every_money_record_in_the_ledger(full_demo):
    assert Order.objects.exists() and Redemption.objects.exists() and SettlementBatch.objects.exists()
    code, text = run_verify()
    assert code == 0, text


@pytest.mark.parametrize(
    ("model", "field", "label"),
    [
        (Redemption, "amount", "vouchers.Redemption"),
        (Order, "voucher_amount", "vouchers.Order"),
        (SettlementBatch, "total", "vouchers.SettlementBatch"),
        (Scheme, "committed", "vouchers.Scheme"),
    ],
)
def test_money_changed_behind_the_platform_is_named(full_demo, model, field, label):
    record = model.objects.order_by("pk").last()
    # a cent less keeps within the tables' CHECK constraints; a raw UPDATE, as whoever holds the database
    model.objects.filter(pk=record.pk).update(**{field: getattr(record, field) - Decimal("0.01")})
    code, text = run_verify()
    assert code == 1 and f"{label} {record.pk}: record differs from its last ledger event" in text


def test_redemption_moved_to_another_batch_is_named(full_demo):
    redemption = Redemption.objects.filter(batch__isnull=False).first()
    Redemption.objects.filter(pk=redemption.pk).update(batch=None)
    code, text = run_verify()
    assert code == 1 and f"vouchers.Redemption {redemption.pk}" in text


def test_settlement_creation_and_payment_are_ledger_events_with_total_and_redemptions(full_demo):
    batch = SettlementBatch.objects.filter(status=SettlementBatch.Status.PAID).first()
    events = [json.loads(e.payload) for e in LedgerEntry.objects.filter(subject_type="vouchers.SettlementBatch")]
    kinds = [e["kind"] for e in events if e["subject"] == f"vouchers.SettlementBatch:{batch.pk}"]
    assert kinds == ["settlement.create", "settlement.pay"]
    created = next(e for e in events if e["kind"] == "settlement.create" and e["subject"].endswith(f":{batch.pk}"))
    items = {str(r.pk): str(r.amount) for r in batch.items.all()}
    assert created["data"]["redemptions"] == items
    assert created["data"]["state"]["total"] == str(batch.total) == str(sum(r.amount for r in batch.items.all()))
