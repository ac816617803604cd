"""A voucher's end: cancellation and expiry return what no order holds to the scheme's budget; the
office may move an active voucher's expiry date within the scheme's period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed

from ..models import Voucher
from ..permissions import can_act_for_enterprise, can_manage
from . import events
from .budget import budget_release
from .locks import lock_voucher


@transaction.atomic
def voucher_cancel(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Cancel a voucher (its enterprise or the office); what no order holds returns to the budget."""
    voucher = lock_voucher(voucher.pk)
    if not (can_manage(actor)[0] or can_act_for_enterprise(actor, voucher.enterprise_id)[0]):
        raise Forbidden(_("只能作废本企业的创新券"))
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(_("该券当前不能作废"))
    if not reason.strip():
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写作废原因")}])
    unspent = voucher.amount - voucher.released - voucher.reserved
    Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.CANCELLED)
    budget_release(voucher, unspent, "cancel")
    events.voucher_cancelled(actor=actor, voucher=voucher, reason=reason, released=unspent)
    return voucher


@transaction.atomic
def voucher_set_expiry(*, actor, voucher: Voucher, expires_on: dt.date, reason: str) -> Voucher:
    """The office extends or shortens an active voucher's validity (within the scheme's period)."""
    ensure_allowed(can_manage(actor))
    voucher = lock_voucher(voucher.pk)
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(_("只能调整可使用的券"))
    if not reason.strip():
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写调整原因")}])
    if expires_on > voucher.scheme.valid_until:
        raise ValidationFailed(detail=[{"field": "expires_on", "message": _("不能晚于方案有效期")}])
    before = voucher.expires_on
    Voucher.objects.filter(pk=voucher.pk).update(expires_on=expires_on)
    events.voucher_expiry_changed(actor=actor, voucher=voucher, before=before, expires_on=expires_on, reason=reason)
    return voucher


def vouchers_expire(*, today: dt.date | None = None) -> int:
    """Expire every active voucher past its date; what no order holds returns to the budget."""
    today = today or timezone.localdate()
    count = 0
    for pk in Voucher.objects.filter(status=Voucher.Status.ACTIVE, expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            voucher = lock_voucher(pk)
            if voucher.status != Voucher.Status.ACTIVE:
                continue
            unspent = voucher.amount - voucher.released - voucher.reserved
            Voucher.objects.filter(pk=pk).update(status=Voucher.Status.EXPIRED)
            budget_release(voucher, unspent, "expire")
            events.voucher_expired(voucher=voucher, released=unspent)
            count += 1
    return count
