"""Reads for the market pages and API."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from innozone.core.errors import NotFound, ValidationFailed
from innozone.core.models import Organization, Region
from innozone.core.permissions import is_office_admin
from innozone.core.regions import city_names
from innozone.core.selectors import one_or_not_found
from innozone.vouchers import selectors as voucher_selectors

from .models import Booking, Field, Listing, TechContract, Usage
from .permissions import acts_for


def listing_get(listing_id) -> Listing:
    """A listing in any state, for the office's decisions (visibility is the service's check)."""
    return one_or_not_found(Listing.objects.all(), listing_id)


def booking_get(booking_id) -> Booking:
    return one_or_not_found(Booking.objects.select_related("instrument"), booking_id)


def contract_get(contract_id) -> TechContract:
    return one_or_not_found(TechContract.objects.all(), contract_id)


def listings_by_id(ids) -> dict[int, Listing]:
    """Listings (with their owner) by id, for the matches shown beside a listing."""
    return {x.pk: x for x in Listing.objects.filter(pk__in=ids).select_related("owner")}


def international_listings():
    """Published listings marked as international technology transfers (国际技术转移), oldest first."""
    return (
        Listing.objects.filter(international=True, status=Listing.Status.PUBLISHED)
        .select_related("owner")
        .order_by("pk")
    )


def contracts_submitted():
    """Contracts waiting for registration review."""
    return TechContract.objects.filter(status=TechContract.Status.SUBMITTED).select_related("seller", "buyer")


def vouchers_for_booking(user):
    """The active innovation vouchers of the user's enterprise: what a booking may be paid with."""
    return voucher_selectors.vouchers_for(user, status="active").filter(enterprise_id=user.organization_id)


def booking_voucher(user, voucher_id: int | None):
    """The voucher a booking names by id (None for none); one the user may not see is refused."""
    if not voucher_id:
        return None
    voucher = voucher_selectors.vouchers_for(user).filter(pk=voucher_id).first()
    if voucher is None:
        raise ValidationFailed(detail=[{"field": "voucher", "message": _("只能使用本企业的创新券")}])
    return voucher


def contract_parties(*, seller_id: int, buyer_id: int, field: str, region_id: int | None) -> dict:
    """The organizations, field and region a contract submission names by id or name (None when unknown)."""
    return {
        "seller": Organization.objects.filter(pk=seller_id).first(),
        "buyer": Organization.objects.filter(pk=buyer_id).first(),
        "field": Field.objects.filter(name=field).first(),
        "region": Region.objects.filter(pk=region_id).first() if region_id else None,
    }


def listing_visible(user, listing_id: int) -> Listing:
    """Published listings to everyone; others to their owner and the office."""
    listing = Listing.objects.select_related("field", "region", "owner", "service_item").filter(pk=listing_id).first()
    if listing is None:
        raise NotFound()
    if listing.status != Listing.Status.PUBLISHED and not (
        is_office_admin(user) or (user.is_authenticated and user.organization_id == listing.owner_id)
    ):
        raise NotFound()
    return listing


def my_listings(user):
    if not user.is_authenticated or user.organization_id is None:
        return Listing.objects.none()
    return Listing.objects.filter(owner_id=user.organization_id).select_related("field", "region")


def review_queue():
    return Listing.objects.filter(status=Listing.Status.PENDING).select_related("field", "region", "owner")


def calendar(instrument: Listing, start: dt.datetime, days: int = 14):
    return instrument.bookings.filter(
        start__lt=start + dt.timedelta(days=days),
        end__gt=start,
        status__in=[Booking.Status.REQUESTED, Booking.Status.APPROVED, Booking.Status.COMPLETED],
    ).select_related("organization")


def bookings_for_owner(user):
    if not user.is_authenticated or user.organization_id is None:
        return Booking.objects.none()
    return (
        Booking.objects.filter(instrument__owner_id=user.organization_id)
        .select_related("instrument", "organization", "voucher", "usage")
        .order_by("-start")
    )


def bookings_of(user):
    if not user.is_authenticated or user.organization_id is None:
        return Booking.objects.none()
    return Booking.objects.filter(organization_id=user.organization_id).select_related("instrument").order_by("-start")


def openness(start: dt.date, end: dt.date, owner_id: int | None = None) -> list[dict]:
    """Per owner: instrument hours offered (weekly hours × weeks) against hours used, the rate that
    national instrument-sharing reviews ask for."""
    weeks = Decimal((end - start).days + 1) / 7
    instruments = Listing.objects.filter(kind=Listing.Kind.INSTRUMENT, status=Listing.Status.PUBLISHED)
    if owner_id:
        instruments = instruments.filter(owner_id=owner_id)
    offered: dict[int, Decimal] = defaultdict(Decimal)
    names, counts = {}, defaultdict(int)
    for row in instruments.values("owner_id", "owner__name", "hours_offered_per_week"):
        offered[row["owner_id"]] += Decimal(row["hours_offered_per_week"]) * weeks
        names[row["owner_id"]] = row["owner__name"]
        counts[row["owner_id"]] += 1
    used = dict(
        Usage.objects.filter(
            booking__start__date__gte=start, booking__start__date__lte=end, booking__instrument__in=instruments
        )
        .values_list("booking__instrument__owner_id")
        .annotate(h=Sum("hours"))
    )
    out = []
    for owner, hours in offered.items():
        u = used.get(owner) or Decimal(0)
        out.append(
            {
                "owner": names[owner],
                "instruments": counts[owner],
                "offered": hours.quantize(Decimal("0.1")),
                "used": u,
                "rate": (u / hours * 100).quantize(Decimal("0.1")) if hours else Decimal(0),
            }
        )
    return sorted(out, key=lambda r: -r["offered"])


def contracts_visible(user, *, year: int | None = None):
    """The contracts a user may see (the office, leaders and auditors: all; a party: its own), of one
    signing year when given."""
    qs = TechContract.objects.select_related("seller", "buyer", "field", "region", "counterparty")
    if year is not None:
        qs = qs.filter(signed_on__year=year)
    if is_office_admin(user) or (user.is_authenticated and user.role in ("leader", "auditor")):
        return qs
    if user.is_authenticated and user.organization_id:
        return qs.filter(Q(seller_id=user.organization_id) | Q(buyer_id=user.organization_id))
    return qs.none()


def contract_visible(user, contract_id) -> TechContract:
    """One contract the user may see (else NotFound: another organization's contracts do not leak)."""
    return one_or_not_found(contracts_visible(user), contract_id)


def contracts_awaiting_consent(user):
    """Contracts waiting for the user's organization to confirm or decline (empty for anyone who may not
    act for it)."""
    if not user.is_authenticated or not acts_for(user, user.organization_id):
        return TechContract.objects.none()
    return (
        contracts_visible(user)
        .filter(status=TechContract.Status.AWAITING, counterparty_id=user.organization_id)
        .select_related("submitted_by")
    )


def contracts_unconfirmed_of(user):
    """The user's organization's own submissions the other party has not confirmed: still awaiting, or
    declined with the reason (to correct and resubmit, or withdraw)."""
    if not user.is_authenticated or not acts_for(user, user.organization_id):
        return TechContract.objects.none()
    return (
        contracts_visible(user)
        .filter(status__in=[TechContract.Status.AWAITING, TechContract.Status.DECLINED], counterparty__isnull=False)
        .exclude(counterparty_id=user.organization_id)
        .select_related("counterparty")
    )


def contracts_for_export(user, *, year: int, registered: bool = True):
    """The year's contracts the user may see for the Excel export: the registered ones (what the statistics
    count), or with `registered=False` every one not (yet) registered, marked as not counted."""
    qs = contracts_visible(user, year=year)
    if registered:
        return qs.filter(status=TechContract.Status.REGISTERED)
    return qs.exclude(status=TechContract.Status.REGISTERED)


def contract_stats(year: int) -> dict:
    """Registered contracts of a year by month, city, field and type: count, amount, technology part."""
    qs = TechContract.objects.filter(status=TechContract.Status.REGISTERED, signed_on__year=year)
    by_month = [
        {"month": r["m"].strftime("%Y-%m"), "n": r["n"], "amount": r["amount"], "tech": r["tech"]}
        for r in qs.annotate(m=TruncMonth("signed_on"))
        .values("m")
        .annotate(n=Count("id"), amount=Sum("amount"), tech=Sum("technology_amount"))
        .order_by("m")
    ]
    cities = city_names()
    by_city: dict[str, dict] = {}
    for r in qs.values("region_id").annotate(n=Count("id"), amount=Sum("amount"), tech=Sum("technology_amount")):
        slot = by_city.setdefault(cities.get(r["region_id"], "—"), {"n": 0, "amount": Decimal(0), "tech": Decimal(0)})
        for k in ("n", "amount", "tech"):
            slot[k] += r[k]
    by_field = [
        {"name": r["field__name"], "n": r["n"], "amount": r["amount"], "tech": r["tech"]}
        for r in qs.values("field__name")
        .annotate(n=Count("id"), amount=Sum("amount"), tech=Sum("technology_amount"))
        .order_by("-amount")
    ]
    by_type = [
        {"type": TechContract.Type(r["contract_type"]).label, "n": r["n"], "amount": r["amount"]}
        for r in qs.values("contract_type").annotate(n=Count("id"), amount=Sum("amount")).order_by("-amount")
    ]
    totals = qs.aggregate(n=Count("id"), amount=Sum("amount"), tech=Sum("technology_amount"))
    return {
        "year": year,
        "by_month": by_month,
        "by_city": [{"name": k, **v} for k, v in by_city.items()],
        "by_field": by_field,
        "by_type": by_type,
        "totals": totals,
    }


def contract_totals_by_region(year: int) -> dict[int, Decimal]:
    """Registered technology-transaction amount (万元) per region, for evaluation's live indicators."""
    qs = TechContract.objects.filter(status=TechContract.Status.REGISTERED, signed_on__year=year)
    return {r: (t or Decimal(0)) / 10000 for r, t in qs.values_list("region_id").annotate(t=Sum("technology_amount"))}


# --- the enterprise dossier's sections (registered in apps.py through core.dossier) -----------------------


def _sees_all_contracts(user) -> bool:
    return is_office_admin(user) or (user.is_authenticated and user.role in ("leader", "auditor"))


def dossier_listings(organization_id: int, user) -> list[dict]:
    """The organization's listings: the published ones for everyone, all of them for itself and the office
    (what `listing_visible` lets each open)."""
    from django.urls import reverse

    qs = Listing.objects.filter(owner_id=organization_id).select_related("field").order_by("-id")
    if not (is_office_admin(user) or (user.is_authenticated and user.organization_id == organization_id)):
        qs = qs.filter(status=Listing.Status.PUBLISHED)
    return [
        {
            _("类型"): x.get_kind_display(),
            _("名称"): x.title,
            _("技术领域"): x.field.name,
            _("状态"): x.get_status_display(),
            "_url": reverse("market:listing", args=[x.pk]),
        }
        for x in qs[:50]
    ]


def dossier_bookings(organization_id: int, user) -> list[dict] | None:
    """Instrument bookings the organization made or received, as far as the user's own organization is a
    party of them (the bookings page shows nothing else); None when the user sees none of them."""
    if not user.is_authenticated or user.organization_id is None:
        return None
    mine = user.organization_id
    qs = (
        Booking.objects.filter(Q(organization_id=organization_id) | Q(instrument__owner_id=organization_id))
        .filter(Q(organization_id=mine) | Q(instrument__owner_id=mine))
        .select_related("instrument", "organization")
        .order_by("-start")
    )
    rows = [
        {
            _("仪器"): b.instrument.title,
            _("预约单位"): b.organization.name,
            _("开始"): _local_time(b.start),
            _("状态"): b.get_status_display(),
        }
        for b in qs[:50]
    ]
    return rows if rows or mine == organization_id else None


def dossier_contracts(organization_id: int, user) -> list[dict] | None:
    """Technology contracts the organization is a party of, as `contracts_visible` shows them to the user."""
    qs = (
        contracts_visible(user)
        .filter(Q(seller_id=organization_id) | Q(buyer_id=organization_id))
        .order_by("-signed_on")
    )
    rows = [
        {
            _("合同名称"): c.title,
            _("卖方"): c.seller.name,
            _("买方"): c.buyer.name,
            _("合同金额（元）"): c.amount,
            _("签订日期"): c.signed_on,
            _("状态"): c.get_status_display(),
        }
        for c in qs[:50]
    ]
    own = user.is_authenticated and user.organization_id == organization_id
    return rows if rows or own or _sees_all_contracts(user) else None


def _local_time(moment: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def fields_all():
    """The technology fields in their configured order (read by the expert pool)."""
    return Field.objects.all()


def fields_by_ids(ids) -> list[Field]:
    """The fields with these ids, in their configured order (unknown ids are left out)."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    return list(Field.objects.filter(pk__in=wanted)) if wanted else []


def ip_service_listings(words, *, limit: int = 50) -> list[Listing]:
    """Published service listings whose field, title or description names an IP service (知识产权 providers for
    the ip app): newest first, with their owner and field."""
    match = Q()
    for word in words:
        match |= Q(field__name__icontains=word) | Q(title__icontains=word) | Q(description__icontains=word)
    qs = Listing.objects.filter(kind=Listing.Kind.SERVICE, status=Listing.Status.PUBLISHED).filter(match)
    return list(qs.select_related("owner", "field", "region").order_by("-pk")[:limit])
