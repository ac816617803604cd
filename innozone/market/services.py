"""Every write of the technology market: listings (post, review, withdraw, bulk import), dictionary
terms, instrument bookings and usage (paid partly by innovation voucher), technology contracts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.models import Organization, Region
from innozone.core.selectors import region_by_label
from innozone.vouchers import services as voucher_services

from .analysis import analyse_listing, tokenizer
from .models import Booking, Field, Listing, TechContract, Term, Usage
from .permissions import can_book, can_edit, can_manage_instrument, can_post, can_review


def resolve_region(label: str) -> Region | None:
    """兰州 / 兰州市 / 城关区 / 兰州市城关区 / 兰州高新区 → a region."""
    label = (label or "").strip()
    if not label:
        return None
    found = region_by_label(label)
    if found:
        return found
    for city in Region.objects.filter(kind=Region.Kind.CITY):  # a district written after its city
        for prefix in (city.name, city.short_name):
            if prefix and label.startswith(prefix) and len(label) > len(prefix):
                rest = label[len(prefix) :]
                hit = Region.objects.filter(Q(name=rest) | Q(short_name=rest), parent=city).first()
                if hit:
                    return hit
    return None


def _decimal(value, field, errors, *, required=False):
    if value in (None, ""):
        if required:
            errors.append({"field": field, "message": _("必填")})
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append({"field": field, "message": _("“%(v)s”不是数字") % {"v": value}})
        return None
    if not d.is_finite() or d < 0 or d != d.quantize(Decimal("0.01")):
        errors.append({"field": field, "message": _("金额应为不小于0、最多两位小数的数")})
        return None
    return d


class _Lookups:
    """Fields and regions by the name written, each looked up once per import rather than once per row."""

    def __init__(self):
        self.fields: dict[str, Field | None] = {}
        self.regions: dict[str, Region | None] = {}

    def field(self, name: str) -> Field | None:
        if name not in self.fields:
            self.fields[name] = Field.objects.filter(name=name).first()
        return self.fields[name]

    def region(self, label: str) -> Region | None:
        if label not in self.regions:
            self.regions[label] = resolve_region(label)
        return self.regions[label]


def validate_listing(data: dict, errors: list, row=None, lookups: _Lookups | None = None) -> dict:
    """Check one listing's input; append every problem to `errors`; return the cleaned values."""
    lookups = lookups or _Lookups()

    def err(field, message):
        errors.append({"row": row, "field": field, "message": message} if row else {"field": field, "message": message})

    clean: dict = {}
    kind = str(data.get("kind", "")).strip()
    if kind not in Listing.Kind.values:
        err("kind", _("类型应为 achievement、demand、service、instrument 或 expert"))
    clean["kind"] = kind
    for f in ("title", "description"):
        value = str(data.get(f) or "").strip()
        if not value:
            err(f, _("必填"))
        clean[f] = value
    if len(clean["title"]) > 200:
        err("title", _("名称不超过200字"))
    field = lookups.field(str(data.get("field") or "").strip())
    if field is None:
        err("field", _("未知的技术领域“%(f)s”") % {"f": data.get("field") or ""})
    clean["field"] = field
    region = data.get("region")
    region = region if isinstance(region, Region) else lookups.region(str(region or "").strip())
    if region is None:
        err("region", _("未知的地区“%(r)s”") % {"r": data.get("region") or ""})
    clean["region"] = region
    sub: list = []
    clean["price"] = _decimal(data.get("price"), "price", sub)
    clean["original_value"] = _decimal(data.get("original_value"), "original_value", sub)
    for e in sub:
        err(e["field"], e["message"])
    unit = str(data.get("price_unit") or "").strip()
    if clean["price"] is not None and unit.startswith("万元"):  # prices are stored in yuan: filters compare them
        clean["price"], data = clean["price"] * 10000, {**data, "price_unit": "元" + unit[2:]}
    trl = data.get("trl")
    if trl not in (None, ""):
        try:
            clean["trl"] = int(trl)
            if not 1 <= clean["trl"] <= 9:
                raise ValueError
        except (TypeError, ValueError):
            err("trl", _("技术成熟度应为1到9的整数"))
    mode = str(data.get("transfer_mode") or "").strip()
    modes = {"转让": "assignment", "许可": "license", "作价入股": "equity", "合作开发": "cooperation"}
    mode = modes.get(mode, mode)
    if mode and mode not in Listing.TransferMode.values:
        err("transfer_mode", _("转化方式应为转让、许可、作价入股或合作开发"))
    clean["transfer_mode"] = mode
    deadline = data.get("deadline")
    if deadline not in (None, ""):
        try:
            clean["deadline"] = deadline if isinstance(deadline, dt.date) else dt.date.fromisoformat(str(deadline))
        except ValueError:
            err("deadline", _("日期格式应为 YYYY-MM-DD"))
    for f in (
        "price_unit",
        "ip_form",
        "ip_numbers",
        "contact",
        "model_number",
        "category",
        "location",
        "booking_rules",
    ):
        clean[f] = str(data.get(f) or "").strip()
    hours = data.get("hours_offered_per_week")
    try:
        clean["hours_offered_per_week"] = int(hours or 0)
    except (TypeError, ValueError):
        err("hours_offered_per_week", _("每周开放机时应为整数"))
    return clean


@transaction.atomic
def listing_create(*, actor, data: dict, owner: Organization | None = None) -> Listing:
    """Post a listing for review; the office's own postings are published at once."""
    kind = str(data.get("kind", ""))
    ensure_allowed(can_post(actor, kind))
    errors: list = []
    clean = validate_listing(data, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    owner = owner if owner is not None and can_review(actor)[0] else actor.organization
    listing = Listing(owner=owner, created_by=actor, **clean)
    if can_review(actor)[0]:
        listing.status = Listing.Status.PUBLISHED
    analyse_listing(listing)
    listing.save()
    audit.record(
        actor=actor,
        action="market.listing.create",
        obj=listing,
        summary=listing.title,
        after={"kind": listing.kind, "status": listing.status},
    )
    return listing


@transaction.atomic
def listing_update(*, actor, listing: Listing, data: dict) -> Listing:
    """Edit a listing; an edited listing goes back to review unless the office edits it."""
    ensure_allowed(can_edit(actor, listing))
    errors: list = []
    clean = validate_listing({**data, "kind": listing.kind}, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(listing, ["title", "description", "price", "status"])
    for key, value in clean.items():
        if key != "kind":
            setattr(listing, key, value)
    if not can_review(actor)[0]:
        listing.status = Listing.Status.PENDING
    analyse_listing(listing)
    listing.save()
    audit.record(
        actor=actor,
        action="market.listing.update",
        obj=listing,
        summary=listing.title,
        before=before,
        after=audit.snapshot(listing, ["title", "description", "price", "status"]),
    )
    return listing


@transaction.atomic
def listing_review(*, actor, listing: Listing, approve: bool, note: str = "") -> Listing:
    ensure_allowed(can_review(actor))
    if listing.status != Listing.Status.PENDING:
        raise Conflict(_("该信息不在待审核状态"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("不通过时请填写理由")}])
    listing.status = Listing.Status.PUBLISHED if approve else Listing.Status.REJECTED
    listing.review_note = note.strip()
    listing.save(update_fields=["status", "review_note", "updated_at"])
    audit.record(
        actor=actor,
        action="market.listing.review",
        obj=listing,
        summary=listing.title,
        after={"approve": approve, "note": note},
    )
    return listing


@transaction.atomic
def listing_withdraw(*, actor, listing: Listing) -> Listing:
    ensure_allowed(can_edit(actor, listing))
    listing.status = Listing.Status.WITHDRAWN
    listing.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="market.listing.withdraw", obj=listing, summary=listing.title)
    return listing


@transaction.atomic
def listings_import(*, actor, rows: list[dict], publish: bool = True, progress=None) -> int:
    """Bulk import (CSV/Excel rows): every row is checked first; one bad row → nothing is saved and every
    problem is reported with its row number. Owners are organizations by name, created when new."""
    ensure_allowed(can_review(actor))
    errors: list = []
    lookups = _Lookups()
    cleaned = []
    for n, row in enumerate(rows, start=2):  # row 1 is the header, unless the reader kept sheet rows
        n = row.get("_row", n)
        clean = validate_listing(row, errors, row=n, lookups=lookups)
        owner = str(row.get("owner") or "").strip()
        if not owner:
            errors.append({"row": n, "field": "owner", "message": _("必填")})
        cleaned.append((clean, owner))
    if errors:
        raise ValidationFailed(detail=errors)
    owners = {o.name: o for o in Organization.objects.filter(name__in={o for _c, o in cleaned})}
    status = Listing.Status.PUBLISHED if publish else Listing.Status.PENDING
    tok = tokenizer()
    batch = []
    for i, (clean, owner_name) in enumerate(cleaned, start=1):
        owner = owners.get(owner_name)
        if owner is None:
            kind = {"demand": "enterprise", "expert": "university"}.get(clean["kind"], "institute")
            owner = owners[owner_name] = Organization.objects.create(name=owner_name, kind=kind, region=clean["region"])
        listing = Listing(owner=owner, created_by=actor, status=status, **clean)
        analyse_listing(listing, tok)
        batch.append(listing)
        if progress and i % 1000 == 0:
            progress(i)
    Listing.objects.bulk_create(batch, batch_size=1000)
    audit.record(actor=actor, action="market.listing.import", obj=actor, summary=_("导入 %(n)s 条") % {"n": len(batch)})
    return len(batch)


@transaction.atomic
def terms_add(*, actor, words: list[str]) -> int:
    """Extend the tokenizer's dictionary and re-analyse the listings that contain the new words."""
    ensure_allowed(can_review(actor))
    new = []
    for word in {w.strip() for w in words if w and w.strip()}:
        if len(word) > 40:
            raise ValidationFailed(detail=[{"field": "words", "message": _("词语不超过40字")}])
        _term, created = Term.objects.get_or_create(word=word, defaults={"added_by": actor})
        if created:
            new.append(word)
    if new:
        tok = tokenizer()  # picks up the new terms
        q = Q()
        for word in new:
            q |= Q(title__contains=word) | Q(description__contains=word)
        for listing in Listing.objects.filter(q):
            analyse_listing(listing, tok)
            listing.save(update_fields=["search_title", "search_body", "updated_at"])
        audit.record(actor=actor, action="market.terms.add", obj=actor, summary="、".join(new))
    return len(new)


# ---------------------------------------------------------------- instrument sharing


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


def overlapping(instrument_id: int, start, end, exclude: int | None = None):
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
        clash = overlapping(instrument.pk, booking.start, booking.end, exclude=booking.pk).first()
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
    if actor.organization_id not in (booking.organization_id, booking.instrument.owner_id):
        raise Forbidden(_("只能取消本单位的预约"))
    if booking.status not in (Booking.Status.REQUESTED, Booking.Status.APPROVED):
        raise Conflict(_("该预约不能取消"))
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
    hours_d = _decimal(hours, "hours", errors, required=True)
    fee_d = _decimal(fee, "fee", errors, required=True)
    if hours_d is not None and hours_d <= 0:
        errors.append({"field": "hours", "message": _("机时应大于0")})
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


# ---------------------------------------------------------------- technology contracts


@transaction.atomic
def contract_submit(*, actor, data: dict) -> TechContract:
    """A party (seller or buyer) submits a technology contract for registration."""
    if not actor.is_authenticated or actor.organization is None:
        raise Forbidden(_("请以单位用户登录"))
    errors: list = []
    ctype = data.get("contract_type")
    if ctype not in TechContract.Type.values:
        errors.append({"field": "contract_type", "message": _("合同类型无效")})
    if not str(data.get("title") or "").strip():
        errors.append({"field": "title", "message": _("必填")})
    amount = _decimal(data.get("amount"), "amount", errors, required=True)
    tech = _decimal(data.get("technology_amount"), "technology_amount", errors, required=True)
    if amount is not None and amount <= 0:
        errors.append({"field": "amount", "message": _("合同金额应大于0")})
    if amount is not None and tech is not None and tech > amount:
        errors.append({"field": "technology_amount", "message": _("技术交易额不能超过合同金额")})
    seller, buyer = data.get("seller"), data.get("buyer")
    if not isinstance(seller, Organization) or not isinstance(buyer, Organization):
        errors.append({"field": "seller", "message": _("请选择卖方和买方")})
    elif seller.pk == buyer.pk:
        errors.append({"field": "buyer", "message": _("买卖双方不能是同一单位")})
    elif actor.organization_id not in (seller.pk, buyer.pk) and not can_review(actor)[0]:
        errors.append({"field": "seller", "message": _("只有合同当事方可以申请登记")})
    field = data.get("field")
    if not isinstance(field, Field):
        errors.append({"field": "field", "message": _("请选择技术领域")})
    signed = data.get("signed_on")
    if not isinstance(signed, dt.date) or signed > timezone.localdate():
        errors.append({"field": "signed_on", "message": _("签订日期无效")})
    region = data.get("region") or (seller.region if isinstance(seller, Organization) else None)
    if region is None:
        errors.append({"field": "region", "message": _("请选择登记地区")})
    if errors:
        raise ValidationFailed(detail=errors)
    contract = TechContract.objects.create(
        contract_type=ctype,
        title=str(data["title"]).strip(),
        seller=seller,
        buyer=buyer,
        amount=amount,
        technology_amount=tech,
        signed_on=signed,
        field=field,
        region=region,
        listing=data.get("listing"),
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action="market.contract.submit",
        obj=contract,
        summary=contract.title,
        after={"amount": str(amount), "technology_amount": str(tech)},
    )
    return contract


@transaction.atomic
def contract_review(*, actor, contract: TechContract, approve: bool, note: str = "") -> TechContract:
    """Registration review (技术合同认定登记): a registered contract gets its number and counts in the
    statistics and the turnover indicators."""
    ensure_allowed(can_review(actor))
    contract = TechContract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != TechContract.Status.SUBMITTED:
        raise Conflict(_("该合同已处理"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("不予登记时请填写理由")}])
    contract.status = TechContract.Status.REGISTERED if approve else TechContract.Status.REJECTED
    contract.review_note = note.strip()
    if approve:
        contract.registered_at = timezone.now()
        contract.registration_number = f"{contract.signed_on.year}62{contract.region_id:04d}{contract.pk:06d}"
    contract.save()
    audit.record(
        actor=actor,
        action="market.contract.review",
        obj=contract,
        summary=contract.title,
        after={"approve": approve, "number": contract.registration_number},
    )
    return contract
