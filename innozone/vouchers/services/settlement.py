"""Office review of redemptions → settlement batches → payment, which closes the orders."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from .. import selectors
from ..models import Order, Redemption, Scheme, SettlementBatch, Voucher
from ..permissions import can_review_redemption, can_settle
from . import events
from .budget import order_unreserve
from .locks import lock_order


@transaction.atomic
def redemption_review(*, actor, redemption: Redemption, approve: bool, note: str = "") -> Redemption:
    """The office checks the evidence; a refused claim (with a reason) frees the voucher part (or
    returns it to the budget) and makes a used voucher usable again."""
    redemption = Redemption.objects.select_related("order").get(pk=redemption.pk)
    order = lock_order(redemption.order_id)
    redemption = (
        Redemption.objects.select_for_update(of=("self",)).select_related("provider", "voucher").get(pk=redemption.pk)
    )
    ensure_allowed(can_review_redemption(actor, redemption))
    if redemption.status != Redemption.Status.PENDING:
        raise Conflict(_("该兑付已审核"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("驳回时请填写理由")}])
    redemption.status = Redemption.Status.APPROVED if approve else Redemption.Status.REFUSED
    redemption.review_note, redemption.reviewed_at, redemption.reviewed_by = note.strip(), timezone.now(), actor
    redemption.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    order.status = Order.Status.REVIEWED if approve else Order.Status.REFUSED
    order.save(update_fields=["status"])
    if not approve:
        Voucher.objects.filter(pk=order.voucher_id).update(redeemed=F("redeemed") - redemption.amount)
        Voucher.objects.filter(pk=order.voucher_id, status=Voucher.Status.USED).update(status=Voucher.Status.ACTIVE)
        order_unreserve(order, "redemption refused")
    events.redemption_reviewed(actor=actor, redemption=redemption, order=order, approve=approve, note=note)
    return redemption


@transaction.atomic
def settlement_create(*, actor, scheme: Scheme) -> SettlementBatch:
    """Gather every approved, unsettled redemption of a scheme into a disbursement batch; not by who
    reviewed any of them."""
    items = list(selectors.redemptions_awaiting_settlement(scheme).select_for_update().order_by("pk"))
    ensure_allowed(can_settle(actor, items))
    if not items:
        raise ValidationFailed(_("没有待结算的兑付"))
    total = sum((r.amount for r in items), Decimal("0"))
    batch = SettlementBatch.objects.create(
        number=f"B{timezone.now():%Y%m%d%H%M%S%f}", scheme=scheme, total=total, created_by=actor
    )
    batch.number = f"JS{scheme.year}{batch.pk:05d}"
    batch.save(update_fields=["number"])
    Redemption.objects.filter(pk__in=[r.pk for r in items]).update(batch=batch)
    events.settlement_created(actor=actor, batch=batch, items=len(items))
    return batch


@transaction.atomic
def settlement_mark_paid(*, actor, batch: SettlementBatch) -> SettlementBatch:
    """The treasury has paid the batch: its redemptions and orders are settled (closed). Not recorded by
    who reviewed any of them."""
    batch = SettlementBatch.objects.select_for_update().get(pk=batch.pk)
    ensure_allowed(can_settle(actor, batch.items.all()))
    if batch.status != SettlementBatch.Status.DRAFT:
        raise Conflict(_("该批次已拨付"))
    batch.status, batch.paid_at = SettlementBatch.Status.PAID, timezone.now()
    batch.save(update_fields=["status", "paid_at"])
    for redemption in batch.items.select_related("order", "voucher"):
        Redemption.objects.filter(pk=redemption.pk).update(status=Redemption.Status.SETTLED)
        Order.objects.filter(pk=redemption.order_id).update(status=Order.Status.SETTLED)
        events.order_settled(batch=batch, redemption=redemption)
    events.settlement_paid(actor=actor, batch=batch)
    return batch
