"""Money moving between a scheme's budget, its vouchers and their orders. Each move is one conditional
UPDATE with F(), so two concurrent requests cannot both take the last yuan (the row lock re-checks the
condition on PostgreSQL; SQLite has one writer), and the CheckConstraints are the backstop."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict

from ..models import Order, Scheme, Voucher
from . import events
from .errors import ErrorCode


def budget_reserve(scheme: Scheme, amount: Decimal) -> None:
    """committed += amount, only if it stays within the budget."""
    done = Scheme.objects.filter(pk=scheme.pk, committed__lte=F("budget") - amount).update(
        committed=F("committed") + amount
    )
    if not done:
        raise Conflict(_("方案预算不足"), code=ErrorCode.BUDGET_EXHAUSTED)


def budget_release(voucher: Voucher, amount: Decimal, reason: str) -> None:
    """Return `amount` of a voucher to its scheme's budget."""
    if amount <= 0:
        return
    Voucher.objects.filter(pk=voucher.pk).update(released=F("released") + amount)
    Scheme.objects.filter(pk=voucher.scheme_id).update(committed=F("committed") - amount)
    events.budget_released(voucher=voucher, amount=amount, reason=reason)


def voucher_hold(voucher: Voucher, part: Decimal) -> None:
    """reserved += part, only if the voucher still has it (what is neither held nor released)."""
    held = Voucher.objects.filter(pk=voucher.pk, reserved__lte=F("amount") - F("released") - part).update(
        reserved=F("reserved") + part
    )
    if not held:
        raise Conflict(_("该券余额不足"), code=ErrorCode.VOUCHER_EXHAUSTED)


def order_unreserve(order: Order, reason: str) -> None:
    """Free an order's voucher part; on a cancelled or expired voucher it goes back to the budget."""
    voucher = order.voucher
    Voucher.objects.filter(pk=voucher.pk).update(reserved=F("reserved") - order.voucher_amount)
    if voucher.status in (Voucher.Status.CANCELLED, Voucher.Status.EXPIRED):
        budget_release(voucher, order.voucher_amount, reason)
