"""Every write of the voucher lifecycle, one function per use case (seed 001, task 5), one module per stage:

`schemes` and `providers` (set-up) → `applications` (apply, approval, issue: the amount reserved from
the budget at once) → `orders` (order with a provider: the voucher part reserved on the voucher;
delivery with evidence; the enterprise's confirmation; redemption by the provider) → `settlement`
(office review, settlement batch, payment). `vouchers`: cancellation and expiry return what is
unspent to the budget.

Money rules are enforced by the database (`budget`): conditional UPDATEs with F() that cannot pass a
limit (so two concurrent requests cannot both take the last yuan), CheckConstraints as the backstop, a
unique redemption per order, and row locks taken in a fixed order (`locks`: scheme → organization →
voucher → order). Every change writes its audit row and ledger entry under one name (`events`) in
the same transaction; refusals carry the stable codes of `errors`.
"""

from .applications import application_submit, register_approval_handlers, voucher_issue
from .events import voucher_proof
from .orders import order_cancel, order_complain, order_confirm, order_deliver, order_place, voucher_redeem
from .providers import provider_register, provider_set_status, service_item_add
from .schemes import scheme_create
from .settlement import redemption_review, settlement_create, settlement_mark_paid
from .vouchers import voucher_cancel, voucher_set_expiry, vouchers_expire

__all__ = [
    "application_submit",
    "order_cancel",
    "order_complain",
    "order_confirm",
    "order_deliver",
    "order_place",
    "provider_register",
    "provider_set_status",
    "redemption_review",
    "register_approval_handlers",
    "scheme_create",
    "service_item_add",
    "settlement_create",
    "settlement_mark_paid",
    "voucher_cancel",
    "voucher_issue",
    "voucher_proof",
    "voucher_redeem",
    "voucher_set_expiry",
    "vouchers_expire",
]
