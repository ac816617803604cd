"""Row locks in one fixed order — scheme → organization → voucher → order — so two requests on the same
voucher never wait for each other in opposite orders (no deadlocks)."""

from __future__ import annotations

from innozone.core.errors import NotFound

from ..models import Order, Voucher


def lock_voucher(voucher_id: int) -> Voucher:
    return Voucher.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=voucher_id)


def lock_order(order_id: int) -> Order:
    """The order, after its voucher (the fixed lock order)."""
    voucher_id = Order.objects.filter(pk=order_id).values_list("voucher_id", flat=True).first()
    if voucher_id is None:
        raise NotFound()
    Voucher.objects.select_for_update().filter(pk=voucher_id).values_list("pk", flat=True).first()
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("voucher", "voucher__scheme", "provider")
        .get(pk=order_id)
    )
