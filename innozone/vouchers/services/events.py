"""The voucher domain events, one function each, under one name: the audit row's action and the ledger
entry's kind are the same `Event` value, written together inside the caller's transaction.

Events that move money (issue, order, redeem, review, cancel, expiry, settlement) go to the ledger
with the state after the event of every money record they touch — the voucher or scheme they are about
and, under `related`, the order, the redemption and the settlement batch — which `ledger verify`
compares with the database (the snapshots registered in `VouchersConfig.ready`). Events of the
catalogue, applications and complaints only go to the audit trail. What the platform does by itself
has no actor and goes only to the ledger: the budget's reserve and release, the nightly expiry, and
each order a paid batch settles (the batch's own event is `settlement.pay`).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from innozone.core import audit
from innozone.ledger.services import ledger_append, subject_key, subject_proof

from ..models import Order, Redemption, Scheme, SettlementBatch, Voucher


class Event(StrEnum):
    SCHEME_CREATE = "scheme.create"
    BUDGET_RESERVE = "budget.reserve"
    BUDGET_RELEASE = "budget.release"
    PROVIDER_REGISTER = "provider.register"
    PROVIDER_STATUS = "provider.status"
    ITEM_ADD = "item.add"
    APPLICATION_SUBMIT = "application.submit"
    VOUCHER_ISSUE = "voucher.issue"
    VOUCHER_EXPIRY = "voucher.expiry"
    VOUCHER_CANCEL = "voucher.cancel"
    VOUCHER_EXPIRE = "voucher.expire"
    VOUCHER_REDEEM = "voucher.redeem"
    ORDER_PLACE = "order.place"
    ORDER_CANCEL = "order.cancel"
    ORDER_DELIVER = "order.deliver"
    ORDER_CONFIRM = "order.confirm"
    ORDER_COMPLAIN = "order.complain"
    ORDER_SETTLE = "order.settle"
    REDEMPTION_APPROVE = "redemption.approve"
    REDEMPTION_REFUSE = "redemption.refuse"
    SETTLEMENT_CREATE = "settlement.create"
    SETTLEMENT_PAY = "settlement.pay"


#: What each ledger event of a voucher or scheme means, for the pages (the ledger keeps the code).
LEDGER_LABELS = {
    Event.SCHEME_CREATE: _("方案已设立"),
    Event.BUDGET_RESERVE: _("预算已占用"),
    Event.BUDGET_RELEASE: _("预算已退回"),
    Event.VOUCHER_ISSUE: _("已发券"),
    Event.VOUCHER_EXPIRY: _("有效期已调整"),
    Event.VOUCHER_CANCEL: _("券已作废"),
    Event.VOUCHER_EXPIRE: _("券已到期"),
    Event.VOUCHER_REDEEM: _("已申请兑付"),
    Event.ORDER_PLACE: _("已下单"),
    Event.ORDER_CANCEL: _("订单已取消"),
    Event.ORDER_DELIVER: _("已登记交付"),
    Event.ORDER_CONFIRM: _("企业已确认服务"),
    Event.ORDER_SETTLE: _("已结算拨付"),
    Event.REDEMPTION_APPROVE: _("兑付审核已通过"),
    Event.REDEMPTION_REFUSE: _("兑付已驳回"),
}


def voucher_state(v: Voucher) -> dict:
    """What the ledger records of a voucher after each event (and `ledger verify` compares)."""
    return {
        "number": v.number,
        "scheme": v.scheme_id,
        "enterprise": v.enterprise_id,
        "amount": str(v.amount),
        "redeemed": str(v.redeemed),
        "reserved": str(v.reserved),
        "released": str(v.released),
        "status": v.status,
        "expires_on": v.expires_on.isoformat(),
    }


def scheme_state(s: Scheme) -> dict:
    return {"budget": str(s.budget), "committed": str(s.committed), "cap": str(s.per_enterprise_cap)}


def order_state(o: Order) -> dict:
    return {
        "number": o.number,
        "voucher": o.voucher_id,
        "provider": o.provider_id,
        "quantity": str(o.quantity),
        "price_total": str(o.price_total),
        "voucher_amount": str(o.voucher_amount),
        "status": o.status,
    }


def redemption_state(r: Redemption) -> dict:
    return {
        "order": r.order_id,
        "voucher": r.voucher_id,
        "provider": r.provider_id,
        "amount": str(r.amount),
        "status": r.status,
        "batch": r.batch_id,
    }


def batch_state(b: SettlementBatch) -> dict:
    return {"number": b.number, "scheme": b.scheme_id, "total": str(b.total), "status": b.status}


#: model → its state function, for the records an event carries beside its subject.
STATES = {Order: order_state, Redemption: redemption_state, SettlementBatch: batch_state}


def _related(*records) -> dict:
    """{subject key: state after the event} of the money records an event touches beside its subject."""
    states = {}
    for record in records:
        record.refresh_from_db()
        states[subject_key(record)] = STATES[type(record)](record)
    return states


def voucher_proof(voucher: Voucher) -> dict:
    """Every ledger event of the voucher with its inclusion proof against the latest signed head."""
    return {"voucher": voucher.number, **subject_proof("vouchers.Voucher", voucher.pk)}


def _voucher(event: Event, voucher: Voucher, *, related=(), **data) -> None:
    voucher.refresh_from_db()
    if related:
        data["related"] = _related(*related)
    ledger_append(
        kind=event,
        subject=voucher,
        data={**data, "state": voucher_state(voucher)},
        organization_id=voucher.enterprise_id,
    )


def _scheme(event: Event, scheme: Scheme, **data) -> None:
    scheme.refresh_from_db()
    ledger_append(kind=event, subject=scheme, data={**data, "state": scheme_state(scheme)})


# ---------------------------------------------------------------- schemes, budget, catalogue


def scheme_created(*, actor, scheme: Scheme) -> None:
    audit.record(actor=actor, action=Event.SCHEME_CREATE, obj=scheme, summary=str(scheme))
    _scheme(Event.SCHEME_CREATE, scheme, name=scheme.name, year=scheme.year)


def budget_reserved(*, scheme: Scheme, voucher: Voucher) -> None:
    _scheme(Event.BUDGET_RESERVE, scheme, voucher=voucher.number, amount=str(voucher.amount))


def budget_released(*, voucher: Voucher, amount, reason: str) -> None:
    _scheme(Event.BUDGET_RELEASE, voucher.scheme, voucher=voucher.number, amount=str(amount), reason=reason)


def provider_registered(*, actor, provider) -> None:
    audit.record(actor=actor, action=Event.PROVIDER_REGISTER, obj=provider, summary=str(provider))


def provider_status_changed(*, actor, provider, before: str, note: str) -> None:
    audit.record(
        actor=actor,
        action=Event.PROVIDER_STATUS,
        obj=provider,
        summary=str(provider),
        before={"status": before},
        after={"status": provider.status, "note": note},
    )


def service_item_added(*, actor, item) -> None:
    audit.record(actor=actor, action=Event.ITEM_ADD, obj=item, summary=item.name, after={"price": str(item.price)})


# ---------------------------------------------------------------- applications and vouchers


def application_submitted(*, actor, application) -> None:
    audit.record(actor=actor, action=Event.APPLICATION_SUBMIT, obj=application, summary=str(application))


def voucher_issued(*, actor, voucher: Voucher, application) -> None:
    voucher.refresh_from_db()
    audit.record(
        actor=actor, action=Event.VOUCHER_ISSUE, obj=voucher, summary=voucher.number, after=voucher_state(voucher)
    )
    _voucher(Event.VOUCHER_ISSUE, voucher, application=application.pk)


def voucher_cancelled(*, actor, voucher: Voucher, reason: str, released) -> None:
    audit.record(
        actor=actor,
        action=Event.VOUCHER_CANCEL,
        obj=voucher,
        summary=voucher.number,
        after={"reason": reason, "released": str(released)},
    )
    _voucher(Event.VOUCHER_CANCEL, voucher, reason=reason.strip(), released=str(released))


def voucher_expiry_changed(*, actor, voucher: Voucher, before, expires_on, reason: str) -> None:
    audit.record(
        actor=actor,
        action=Event.VOUCHER_EXPIRY,
        obj=voucher,
        summary=voucher.number,
        before={"expires_on": before},
        after={"expires_on": expires_on, "reason": reason},
    )
    _voucher(Event.VOUCHER_EXPIRY, voucher, before=before.isoformat(), reason=reason.strip())


def voucher_expired(*, voucher: Voucher, released) -> None:
    _voucher(Event.VOUCHER_EXPIRE, voucher, released=str(released))


# ---------------------------------------------------------------- orders and redemption


def order_placed(*, actor, order) -> None:
    part, price_total = order.voucher_amount, order.price_total
    audit.record(
        actor=actor,
        action=Event.ORDER_PLACE,
        obj=order,
        summary=order.number,
        after={"voucher_amount": str(part), "price_total": str(price_total)},
    )
    _voucher(
        Event.ORDER_PLACE,
        order.voucher,
        order=order.number,
        provider=order.provider.organization_id,
        amount=str(part),
        related=[order],
    )


def order_cancelled(*, actor, order, reason: str) -> None:
    audit.record(actor=actor, action=Event.ORDER_CANCEL, obj=order, summary=order.number, after={"reason": reason})
    _voucher(Event.ORDER_CANCEL, order.voucher, order=order.number, reason=reason, related=[order])


def order_delivered(*, actor, order, evidence: list[dict]) -> None:
    audit.record(actor=actor, action=Event.ORDER_DELIVER, obj=order, summary=order.number, after={"evidence": evidence})
    _voucher(Event.ORDER_DELIVER, order.voucher, order=order.number, evidence=evidence, related=[order])


def order_confirmed(*, actor, order) -> None:
    audit.record(actor=actor, action=Event.ORDER_CONFIRM, obj=order, summary=order.number)
    _voucher(Event.ORDER_CONFIRM, order.voucher, order=order.number, related=[order])


def order_complained(*, actor, order) -> None:
    audit.record(actor=actor, action=Event.ORDER_COMPLAIN, obj=order, summary=order.number)


def voucher_redeemed(*, actor, redemption, order) -> None:
    audit.record(
        actor=actor,
        action=Event.VOUCHER_REDEEM,
        obj=redemption,
        summary=order.number,
        after={"amount": str(redemption.amount)},
    )
    _voucher(
        Event.VOUCHER_REDEEM,
        order.voucher,
        order=order.number,
        amount=str(redemption.amount),
        redemption=redemption.pk,
        related=[order, redemption],
    )


def redemption_reviewed(*, actor, redemption, order, approve: bool, note: str) -> None:
    event = Event.REDEMPTION_APPROVE if approve else Event.REDEMPTION_REFUSE
    audit.record(
        actor=actor, action=event, obj=redemption, summary=order.number, after={"approve": approve, "note": note}
    )
    _voucher(event, order.voucher, order=order.number, note=note.strip(), related=[order, redemption])


# ---------------------------------------------------------------- settlement


def settlement_created(*, actor, batch, items: int) -> None:
    """The batch with its total and the amount of each redemption it gathers (which now name the batch)."""
    batch.refresh_from_db()
    redemptions = list(batch.items.order_by("pk"))
    audit.record(
        actor=actor,
        action=Event.SETTLEMENT_CREATE,
        obj=batch,
        summary=batch.number,
        after={"total": str(batch.total), "items": items},
    )
    ledger_append(
        kind=Event.SETTLEMENT_CREATE,
        subject=batch,
        data={
            "redemptions": {str(r.pk): str(r.amount) for r in redemptions},
            "state": batch_state(batch),
            "related": _related(*redemptions),
        },
    )


def order_settled(*, batch, redemption) -> None:
    """One order of a paid batch, on its voucher's ledger (the batch's own event is `settlement_paid`)."""
    _voucher(
        Event.ORDER_SETTLE,
        redemption.voucher,
        order=redemption.order.number,
        batch=batch.number,
        amount=str(redemption.amount),
        related=[redemption.order, redemption],
    )


def settlement_paid(*, actor, batch) -> None:
    batch.refresh_from_db()
    audit.record(actor=actor, action=Event.SETTLEMENT_PAY, obj=batch, summary=batch.number)
    ledger_append(
        kind=Event.SETTLEMENT_PAY,
        subject=batch,
        data={"redemptions": sorted(batch.items.values_list("pk", flat=True)), "state": batch_state(batch)},
    )
