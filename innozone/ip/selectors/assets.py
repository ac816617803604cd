"""Reads of the IP pages, API and CLI: the assets a user sees, fees due, transactions, the pilot-park indicators
and the IP service providers of the market."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from innozone.core.models import Organization, Region
from innozone.core.permissions import sees_all, staff_region
from innozone.core.regions import descendants
from innozone.core.selectors import one_or_not_found
from innozone.market import selectors as market

from ..engine import fees
from ..models import Asset, FeePayment, ImportBatch, Transaction
from ..permissions import assets as permissions

VALID = (Asset.Status.GRANTED, Asset.Status.GRACE)
#: words in a published service listing of the market that make it an IP service (知识产权服务)
PROVIDER_WORDS = ("知识产权", "专利", "商标", "版权")


def _scope(user, qs: QuerySet, path: str = "owner") -> QuerySet:
    if sees_all(user):
        return qs
    region = staff_region(user)
    if region:
        ids = descendants(region)
        return qs.filter(
            Q(**{f"{path}__region_id__in": ids})
            | Q(**{f"{path}__registry_entry__region_id__in": ids})
            | Q(**{f"{path}__registry_entry__park_id__in": ids})
        )
    if user.is_authenticated and user.organization_id:
        return qs.filter(**{f"{path}_id": user.organization_id})
    return qs.none()


def assets_for(user, *, q: str = "", kind: str = "", status: str = "", owner=None, due_within=None) -> QuerySet[Asset]:
    qs = _scope(user, Asset.objects.select_related("owner"))
    if q:
        q = q.strip()
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(owner__name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner_id=owner)
    if due_within is not None:
        today = dt.date.today()
        qs = qs.filter(status__in=VALID, next_fee_due__lte=today + dt.timedelta(days=int(due_within)))
    return qs


def asset_visible(user, asset_id) -> Asset:
    """An asset the user may read (NotFound otherwise, never telling whether it exists)."""
    return one_or_not_found(_scope(user, Asset.objects.select_related("owner")), asset_id)


def asset_counts(qs: QuerySet[Asset]) -> dict:
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def fee_rows(asset: Asset, on: dt.date) -> list[dict]:
    """The annual-fee schedule of a granted patent with what was paid: one row per year."""
    if asset.kind not in fees.PATENT_KINDS or asset.granted_on is None:
        return []
    paid = {p.year_no: p for p in asset.fee_payments.all()}
    rows = []
    for fee in fees.schedule(asset.kind, asset.filed_on, asset.granted_on):
        payment = paid.get(fee.year_no)
        if payment:
            state = "paid"
        elif fee.year_no <= asset.fees_paid_through:
            state = "paid_before"  # paid before the platform recorded payments (import, first entry)
        elif on > fee.grace_ends:
            state = "missed"
        elif on > fee.due_on:
            state = "grace"
        else:
            state = "due" if fee.year_no == asset.next_fee_year else "later"
        rows.append({"fee": fee, "payment": payment, "state": state})
    return rows


def transactions_for(user, *, kind: str = "", asset=None) -> QuerySet[Transaction]:
    qs = _scope(user, Transaction.objects.select_related("asset", "asset__owner"), "asset__owner")
    if kind:
        qs = qs.filter(kind=kind)
    if asset is not None:
        qs = qs.filter(asset=asset)
    return qs


def pledge_states() -> dict[int, dict]:
    """Every pledge as the ledger's `ip.pledge` events describe it (for `ledger verify`)."""
    return {t.pk: pledge_state(t) for t in Transaction.objects.filter(kind=Transaction.Kind.PLEDGE).order_by("pk")}


def pledge_state(t: Transaction) -> dict:
    return {
        "asset": t.asset_id,
        "loan": t.loan_id,
        "amount": f"{t.amount:.2f}",
        "status": t.status,
        "signed_on": t.signed_on.isoformat(),
    }


def fees_due(user, on: dt.date, *, within: int = 90) -> QuerySet[Asset]:
    """Patents whose next fee is due within `within` days or overdue in grace, soonest first."""
    return (
        _scope(user, Asset.objects.select_related("owner"))
        .filter(status__in=VALID, next_fee_due__isnull=False, next_fee_due__lte=on + dt.timedelta(days=within))
        .order_by("next_fee_due", "pk")
    )


def imports_for(user) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.select_related("imported_by")
    if permissions.can_view_parks(user)[0] and sees_all(user):
        return qs
    return qs.filter(imported_by=user)


def park_indicators(user, year: int) -> list[dict]:
    """The IP pilot-park (知识产权试点园区) indicators of each park the user sees: registered enterprises, valid
    invention patents (total, per enterprise, per 10,000 enterprises), patents granted in `year`, pledges
    signed in `year` (count and secured amount), transfers and licences signed in `year`."""
    parks = Region.objects.filter(kind=Region.Kind.PARK).order_by("name")
    if not sees_all(user):
        region = staff_region(user)
        ids = set(descendants(region)) if region else set()
        from innozone.core.regions import ancestors

        parks = [p for p in parks if p.pk in ids or region in ancestors(p.pk)]
    rows = []
    for park in parks:
        area = descendants(park.pk)
        owners = Organization.objects.filter(registry_entry__park_id__in=area)
        in_park = Q(owner__registry_entry__park_id__in=area)
        assets = Asset.objects.filter(in_park)
        tx = Transaction.objects.filter(asset__owner__registry_entry__park_id__in=area, signed_on__year=year)
        enterprises = owners.count()
        valid_inventions = assets.filter(kind=Asset.Kind.INVENTION, status__in=VALID).count()
        pledges = tx.filter(kind=Transaction.Kind.PLEDGE).aggregate(n=Count("id"), s=Sum("amount"))
        rows.append(
            {
                "park": park,
                "enterprises": enterprises,
                "valid_inventions": valid_inventions,
                "per_enterprise": (Decimal(valid_inventions) / enterprises).quantize(Decimal("0.01"))
                if enterprises
                else None,
                "per_10000": (Decimal(valid_inventions) * 10000 / enterprises).quantize(Decimal("0.1"))
                if enterprises
                else None,
                "valid_total": assets.filter(status__in=VALID).count(),
                "granted_in_year": assets.filter(granted_on__year=year).count(),
                "pledges": pledges["n"],
                "pledge_amount": pledges["s"] or Decimal("0.00"),
                "transfers": tx.filter(kind=Transaction.Kind.TRANSFER).count(),
                "licences": tx.filter(kind=Transaction.Kind.LICENCE).count(),
            }
        )
    return rows


def providers(*, limit: int = 50) -> list:
    """IP service providers: published service listings of the market in an IP category (by words)."""
    return market.ip_service_listings(PROVIDER_WORDS, limit=limit)


def payments_of(asset: Asset) -> QuerySet[FeePayment]:
    return asset.fee_payments.select_related("recorded_by")


def dossier_assets(organization_id: int, user) -> list[dict] | None:
    """The enterprise dossier's IP section: the organization's rights as the viewer could see them on the IP
    pages (None when the viewer may not)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not permissions.can_view_assets(user)[0]:
        return None
    qs = _scope(user, Asset.objects.filter(owner_id=organization_id)).order_by("-filed_on", "-pk")[:50]
    return [
        {
            "_url": reverse("ip:asset", args=[a.pk]),
            _("申请号/登记号"): a.number,
            _("名称"): a.title,
            _("类型"): a.get_kind_display(),
            _("法律状态"): a.get_status_display(),
            _("下次年费缴纳期限"): a.next_fee_due or "",
        }
        for a in qs
    ]
