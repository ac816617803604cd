"""Instrument sharing: booking requests, the owner's decision, cancelling, and recording usage (paid
partly by innovation voucher when the booking named one)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.money import parse_decimal
from innozone.vouchers import services as voucher_services

from ..models import Booking, Listing, Usage
from ..permissions import can_book, can_cancel_booking, can_manage_instrument, is_booking_party

# Bookings are planned at most a year ahead and last at most a month: beyond that a date is a typo or a probe.
BOOKING_HORIZON = dt.timedelta(days=366)
LONGEST_BOOKING = dt.timedelta(days=31)
MOST_SAMPLES = 100_000  # far below the column's 2**31 - 1


def _check_samples(samples, errors: list) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int) or not 0 <= samples <= MOST_SAMPLES:
        errors.append({"field": "samples", "message": _("样品数应为0到%(n)s之间的整数") % {"n": MOST_SAMPLES}})


def _instrument(listing: Listing) -> Listing:
    if listing.kind != Listing.Kind.INSTRUMENT:
        raise ValidationFailed(_("只能预约仪器设备"))
    return listing


@transaction.atomic
def booking_request(
    *, actor, instrument: Listing, start: dt.datetime, end: dt.datetime, purpose: str, samples: int = 0, voucher=None
) -> Booking:
    """Ask for instrument time (optionally to be paid partly by the enterprise's innovation voucher)."""
    ensure_allowed(can_book(actor))
    _instrument(instrument)
    # times without an offset are the site's local time (Asia/Shanghai)
    start = timezone.make_aware(start) if timezone.is_naive(start) else start
    end = timezone.make_aware(end) if timezone.is_naive(end) else end
    errors = []
    if instrument.status != Listing.Status.PUBLISHED:
        errors.append({"field": "instrument", "message": _("该仪器当前不可预约")})
    if end <= start:
        errors.append({"field": "end", "message": _("结束时间应晚于开始时间")})
    if start < timezone.now():
        errors.append({"field": "start", "message": _("不能预约过去的时间")})
    elif start > timezone.now() + BOOKING_HORIZON:
        errors.append({"field": "start", "message": _("最多提前一年预约")})
    if end - start > LONGEST_BOOKING:
        errors.append({"field": "end", "message": _("单次预约不超过31天")})
    _check_samples(samples, errors)
    if not purpose.strip():
        errors.append({"field": "purpose", "message": _("请填写用途")})
    if voucher is not None and voucher.enterprise_id != actor.organization_id:
        errors.append({"field": "voucher", "message": _("只能使用本企业的创新券")})
    if voucher is not None and instrument.service_item_id is None:
        errors.append({"field": "voucher", "message": _("该仪器未关联创新券服务项目，不能用创新券支付")})
    if errors:
        raise ValidationFailed(detail=errors)
    booking = Booking.objects.create(
        instrument=instrument,
        organization=actor.organization,
        requested_by=actor,
        start=start,
        end=end,
        purpose=purpose.strip(),
        samples=samples,
        voucher=voucher,
    )
    audit.record(actor=actor, action="market.booking.request", obj=booking, summary=str(booking))
    return booking


def _overlapping(instrument_id: int, start, end, exclude: int | None = None):
    qs = Booking.objects.filter(
        instrument_id=instrument_id, status=Booking.Status.APPROVED, start__lt=end, end__gt=start
    )
    return qs.exclude(pk=exclude) if exclude else qs


@transaction.atomic
def booking_decide(*, actor, booking: Booking, approve: bool, note: str = "") -> Booking:
    """The owner confirms or declines. Approved bookings never overlap: the instrument row is locked
    (on SQLite the first write takes the database's single write lock) before the check, and
    PostgreSQL's exclusion constraint refuses an overlap whatever happens in Python."""
    instrument = Listing.objects.select_for_update().get(pk=booking.instrument_id)
    ensure_allowed(can_manage_instrument(actor, instrument))
    Listing.objects.filter(pk=instrument.pk).update(updated_at=instrument.updated_at)  # take the write lock
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.REQUESTED:
        raise Conflict(_("该预约已处理"))
    if approve:
        clash = _overlapping(instrument.pk, booking.start, booking.end, exclude=booking.pk).first()
        if clash:
            start, end = timezone.localtime(clash.start), timezone.localtime(clash.end)
            raise Conflict(
                _("与已确认的预约时间冲突：%(s)s") % {"s": f"{start:%m-%d %H:%M}–{end:%H:%M}"},
                code="booking_overlap",
            )
    elif not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("拒绝时请填写理由")}])
    booking.status = Booking.Status.APPROVED if approve else Booking.Status.REJECTED
    booking.note = note.strip()
    try:
        with transaction.atomic():
            booking.save(update_fields=["status", "note"])
    except IntegrityError:
        raise Conflict(_("与已确认的预约时间冲突"), code="booking_overlap") from None
    audit.record(
        actor=actor,
        action="market.booking.decide",
        obj=booking,
        summary=str(booking),
        after={"approve": approve, "note": note},
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> Booking:
    allowed, reason = can_cancel_booking(actor, booking)
    if not allowed:  # a stranger is refused (403); a party, only because of the booking's state (409)
        raise (Conflict if is_booking_party(actor, booking) else Forbidden)(reason)
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    audit.record(actor=actor, action="market.booking.cancel", obj=booking, summary=str(booking))
    return booking


@transaction.atomic
def usage_record(*, actor, booking: Booking, hours, samples: int, fee) -> Usage:
    """The owner records what was used. When the booking named a voucher, the instrument's voucher
    service item is ordered on it (quantity = hours) as the enterprise asked at booking time."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("instrument", "voucher").get(pk=booking.pk)
    ensure_allowed(can_manage_instrument(actor, booking.instrument))
    errors: list = []
    hours_d = parse_decimal(hours, field="hours", errors=errors, places=2)
    fee_d = parse_decimal(fee, field="fee", errors=errors, places=2)
    if hours_d is not None and hours_d <= 0:
        errors.append({"field": "hours", "message": _("机时应大于0")})
    _check_samples(samples, errors)
    if booking.status != Booking.Status.APPROVED:
        errors.append({"field": "booking", "message": _("只有已确认的预约可以登记使用")})
    if errors:
        raise ValidationFailed(detail=errors)
    order = None
    if booking.voucher is not None and booking.instrument.service_item is not None:
        order = voucher_services.order_place(
            actor=booking.requested_by,
            voucher=booking.voucher,
            item=booking.instrument.service_item,
            quantity=hours_d,
            note=_("仪器共享：%(i)s") % {"i": booking.instrument.title},
        )
    usage = Usage.objects.create(booking=booking, hours=hours_d, samples=samples, fee=fee_d, voucher_order=order)
    booking.status = Booking.Status.COMPLETED
    booking.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="market.usage.record",
        obj=usage,
        summary=str(booking),
        after={"hours": str(hours_d), "fee": str(fee_d), "voucher_order": order.number if order else None},
    )
    return usage
