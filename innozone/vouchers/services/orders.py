"""Order with a provider (the voucher part reserved on the voucher) → delivery with evidence →
the enterprise's confirmation → redemption by the provider. Orders lock their voucher first."""

from __future__ import annotations

import hashlib
from decimal import ROUND_DOWN, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.money import CENT, parse_decimal
from innozone.core.uploads import attachment_problem

from ..models import CategoryRate, Complaint, Evidence, Order, Provider, Redemption, ServiceItem, Voucher
from ..permissions import can_act_for_enterprise, can_act_for_provider
from . import events
from .budget import order_unreserve, voucher_hold
from .eligibility import related_parties, spend_region_ok
from .errors import ErrorCode
from .locks import lock_order, lock_voucher


@transaction.atomic
def order_place(*, actor, voucher: Voucher, item: ServiceItem, quantity=1, note: str = "") -> Order:
    """An enterprise orders a provider's service; the voucher part (price × subsidy ratio, at most what
    is left on the voucher) is reserved on the voucher. Refused between related parties and outside the
    scheme's spend regions."""
    voucher = lock_voucher(voucher.pk)
    ensure_allowed(can_act_for_enterprise(actor, voucher.enterprise_id))
    item = ServiceItem.objects.select_related("provider__organization__region", "category").get(pk=item.pk)
    provider = item.provider
    errors = []
    if voucher.status != Voucher.Status.ACTIVE or voucher.expires_on < timezone.localdate():
        errors.append({"field": "voucher", "message": _("该券已不可使用")})
    if provider.status != Provider.Status.APPROVED or not item.active:
        errors.append({"field": "item", "message": _("该服务机构或服务项目当前不可下单")})
    reason = related_parties(voucher.enterprise, provider.organization)
    if reason:
        errors.append(
            {"field": "provider", "message": _("企业与服务机构存在关联（%(r)s），不能使用创新券") % {"r": reason}}
        )
    if not spend_region_ok(voucher.scheme, provider):
        errors.append({"field": "provider", "message": _("本方案不允许在该机构所在地区使用")})
    rate = CategoryRate.objects.filter(scheme=voucher.scheme, category=item.category).first()
    if rate is None:
        errors.append({"field": "item", "message": _("本方案不补贴该服务类别")})
    # as the form and the column: more than 0, at most two decimals, under 10^8 (max_digits=10)
    quantity = parse_decimal(quantity, field="quantity", errors=errors, positive=True, places=2, maximum=Decimal("1e8"))
    if errors:
        raise ValidationFailed(detail=errors)
    price_total = (item.price * quantity).quantize(CENT)
    part = min((price_total * rate.subsidy_ratio).quantize(CENT, rounding=ROUND_DOWN), voucher.remaining)
    if part <= 0:
        raise Conflict(_("该券余额不足"), code=ErrorCode.VOUCHER_EXHAUSTED)
    voucher_hold(voucher, part)
    order = Order.objects.create(
        number=f"O{timezone.now():%Y%m%d%H%M%S%f}",
        voucher=voucher,
        provider=provider,
        item=item,
        quantity=quantity,
        price_total=price_total,
        voucher_amount=part,
        note=note.strip(),
    )
    order.number = f"DD{order.pk:08d}"
    order.save(update_fields=["number"])
    events.order_placed(actor=actor, order=order)
    return order


@transaction.atomic
def order_cancel(*, actor, order: Order, reason: str) -> Order:
    """Cancel an order not yet delivered; its voucher part is free again (or back to the budget)."""
    order = lock_order(order.pk)
    if not (
        can_act_for_enterprise(actor, order.voucher.enterprise_id)[0] or can_act_for_provider(actor, order.provider)[0]
    ):
        raise Forbidden(_("只有下单企业或服务机构可以取消订单"))
    if order.status != Order.Status.PLACED:
        raise Conflict(_("已交付的订单不能取消"))
    order.status = Order.Status.CANCELLED
    order.save(update_fields=["status"])
    order_unreserve(order, "order cancel")
    events.order_cancelled(actor=actor, order=order, reason=reason)
    return order


@transaction.atomic
def order_deliver(*, actor, order: Order, files: list[tuple[str, object]]) -> Order:
    """The provider delivers with evidence: at least a contract or invoice, and a service report, each
    of the types and size report attachments may have (`attachments`)."""
    order = lock_order(order.pk)
    ensure_allowed(can_act_for_provider(actor, order.provider))
    if order.status != Order.Status.PLACED:
        raise Conflict(_("该订单当前不能登记交付"))
    kinds = {kind for kind, _f in files}
    if not files or not kinds & {Evidence.Kind.CONTRACT, Evidence.Kind.INVOICE} or Evidence.Kind.REPORT not in kinds:
        raise ValidationFailed(detail=[{"field": "files", "message": _("请上传合同或发票，以及服务报告")}])
    problems = [(kind, attachment_problem(upload)) for kind, upload in files]
    if any(problem for _kind, problem in problems):
        raise ValidationFailed(detail=[{"field": kind, "message": p} for kind, p in problems if p])
    digests = []
    for kind, upload in files:
        hasher = hashlib.sha256()
        for chunk in upload.chunks():
            hasher.update(chunk)
        upload.seek(0)
        digest = hasher.hexdigest()
        Evidence.objects.create(order=order, kind=kind, file=upload, original_name=upload.name[:200], sha256=digest)
        digests.append({"kind": kind, "sha256": digest})
    order.status, order.delivered_at = Order.Status.DELIVERED, timezone.now()
    order.save(update_fields=["status", "delivered_at"])
    events.order_delivered(actor=actor, order=order, evidence=digests)
    return order


@transaction.atomic
def order_confirm(*, actor, order: Order) -> Order:
    """The enterprise confirms the service was delivered."""
    order = lock_order(order.pk)
    ensure_allowed(can_act_for_enterprise(actor, order.voucher.enterprise_id))
    if order.status != Order.Status.DELIVERED:
        raise Conflict(_("服务机构登记交付后才能确认"))
    order.status, order.confirmed_at = Order.Status.CONFIRMED, timezone.now()
    order.save(update_fields=["status", "confirmed_at"])
    events.order_confirmed(actor=actor, order=order)
    return order


@transaction.atomic
def order_complain(*, actor, order: Order, text: str) -> Complaint:
    """The enterprise complains about an order; complaints stay on the provider's record."""
    ensure_allowed(can_act_for_enterprise(actor, order.voucher.enterprise_id))
    if not text.strip():
        raise ValidationFailed(detail=[{"field": "text", "message": _("请填写投诉内容")}])
    complaint = Complaint.objects.create(order=order, text=text.strip(), created_by=actor)
    events.order_complained(actor=actor, order=order)
    return complaint


@transaction.atomic
def voucher_redeem(*, actor, order: Order) -> Redemption:
    """The provider claims a confirmed order's voucher part. Never twice for one order (unique row),
    never beyond the voucher (conditional UPDATE + CheckConstraint)."""
    order = lock_order(order.pk)
    ensure_allowed(can_act_for_provider(actor, order.provider))
    if order.status != Order.Status.CONFIRMED:
        if Redemption.objects.filter(order=order).exists():
            raise Conflict(_("该订单已申请兑付，不能重复兑付"), code=ErrorCode.ALREADY_REDEEMED)
        raise Conflict(_("企业确认服务后才能申请兑付"))
    amount = order.voucher_amount
    done = Voucher.objects.filter(pk=order.voucher_id, redeemed__lte=F("amount") - F("released") - amount).update(
        redeemed=F("redeemed") + amount
    )
    if not done:
        raise Conflict(_("兑付金额超过该券可用金额"), code=ErrorCode.VOUCHER_EXHAUSTED)
    try:  # the order lock already refuses a second claim; the unique row is the database's guarantee
        redemption = Redemption.objects.create(
            order=order, voucher_id=order.voucher_id, provider=order.provider, amount=amount, redeemed_by=actor
        )
    except IntegrityError:
        raise Conflict(_("该订单已申请兑付，不能重复兑付"), code=ErrorCode.ALREADY_REDEEMED) from None
    order.status = Order.Status.REDEEMED
    order.save(update_fields=["status"])
    voucher = order.voucher
    voucher.refresh_from_db()
    if voucher.redeemed == voucher.amount - voucher.released and voucher.status == Voucher.Status.ACTIVE:
        Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.USED)
    events.voucher_redeemed(actor=actor, redemption=redemption, order=order)
    return redemption
