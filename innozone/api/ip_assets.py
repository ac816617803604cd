"""/api/ip (assets part): assets, one asset with its fee schedule, fees due, fee payments, transactions
(transfer, licence, pledge; release), the import of a patent-search export, the pilot-park indicators and the IP
service providers. Same services, selectors and permissions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.ip.permissions import assets as permissions
from innozone.ip.selectors import assets as selectors
from innozone.ip.services import assets as services
from innozone.ip.services import imports

router = Router(tags=["ip"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)
Upload = File(...)


def _page(qs, limit: int, offset: int) -> dict:
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


class IpAssetOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    owner_id: int
    owner: str
    filed_on: dt.date
    granted_on: dt.date | None
    expires_on: dt.date | None
    status: str
    next_fee_due: dt.date | None
    next_fee_year: int | None
    fees_paid_through: int
    lapsed_on: dt.date | None
    classification: str

    @staticmethod
    def resolve_owner(a) -> str:
        return a.owner.name


class IpAssetPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[IpAssetOut]


class IpFeeOut(Schema):
    year_no: int
    due_on: dt.date
    grace_ends: dt.date
    amount: Decimal
    state: str
    paid_on: dt.date | None = None
    paid_amount: Decimal | None = None
    surcharge: Decimal | None = None


class IpTransactionOut(Schema):
    id: int
    asset_id: int
    kind: str
    counterpart: str
    counterpart_org_id: int | None
    contract_no: str
    signed_on: dt.date
    registered_on: dt.date | None
    amount: Decimal | None
    ends_on: dt.date | None
    loan_id: int | None
    status: str


class IpTransactionPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[IpTransactionOut]


class IpAssetDetailOut(IpAssetOut):
    fees: list[IpFeeOut]
    deals: list[IpTransactionOut]


class IpAssetIn(Schema):
    owner_id: int | None = None
    kind: str
    number: str
    title: str
    filed_on: dt.date
    granted_on: dt.date | None = None
    fees_paid_through: int = 0
    classification: str = ""
    inventors: str = ""
    co_owners: str = ""


class IpFeePayIn(Schema):
    year_no: int
    paid_on: dt.date
    amount: Decimal | None = None


class IpFeePaymentOut(Schema):
    asset_id: int
    year_no: int
    due_on: dt.date
    paid_on: dt.date
    amount: Decimal
    surcharge: Decimal


class IpTransactionIn(Schema):
    kind: str
    counterpart: str = ""
    counterpart_org_id: int | None = None
    contract_no: str = ""
    signed_on: dt.date
    registered_on: dt.date | None = None
    amount: Decimal | None = None
    ends_on: dt.date | None = None
    loan_id: int | None = None


class IpReleaseIn(Schema):
    on: dt.date | None = None


class IpImportOut(Schema):
    id: int
    file_name: str
    rows: int
    created: int
    updated: int
    unmatched: list[dict]


class IpParkOut(Schema):
    park_id: int
    park: str
    enterprises: int
    valid_inventions: int
    per_enterprise: Decimal | None
    per_10000: Decimal | None
    valid_total: int
    granted_in_year: int
    pledges: int
    pledge_amount: Decimal
    transfers: int
    licences: int


class IpProviderOut(Schema):
    id: int
    title: str
    owner: str
    price: Decimal | None


@router.get("/assets", response=IpAssetPageOut, summary="IP assets the user may see (filters as on the list page)")
def asset_list(
    request,
    q: str = Query("", max_length=50),
    kind: str = Query("", max_length=12),
    status: str = Query("", max_length=12),
    limit: int = Limit,
    offset: int = Offset,
):
    ensure_allowed(permissions.can_view_assets(request.user))
    return _page(selectors.assets_for(request.user, q=q, kind=kind, status=status), limit, offset)


@router.post("/assets", response={201: IpAssetOut}, summary="Register an asset (the owner's users or the office)")
def asset_create(request, payload: IpAssetIn):
    asset = services.asset_create(actor=request.user, data=payload.dict())
    return Status(201, selectors.asset_visible(request.user, asset.pk))


def _fees(asset) -> list[dict]:
    out = []
    for r in selectors.fee_rows(asset, timezone.localdate()):
        p = r["payment"]
        out.append(
            {
                "year_no": r["fee"].year_no,
                "due_on": r["fee"].due_on,
                "grace_ends": r["fee"].grace_ends,
                "amount": r["fee"].amount,
                "state": r["state"],
                "paid_on": p.paid_on if p else None,
                "paid_amount": p.amount if p else None,
                "surcharge": p.surcharge if p else None,
            }
        )
    return out


@router.get("/assets/{asset_id}", response=IpAssetDetailOut, summary="One asset with its fee schedule and deals")
def asset_get(request, asset_id: int = RowId):
    asset = selectors.asset_visible(request.user, asset_id)
    asset.fees = _fees(asset)
    asset.deals = list(selectors.transactions_for(request.user, asset=asset))
    return asset


@router.post("/assets/{asset_id}/fees", response={201: IpFeePaymentOut}, summary="Record the next annual fee paid")
def fee_pay(request, payload: IpFeePayIn, asset_id: int = RowId):
    asset = selectors.asset_visible(request.user, asset_id)
    return Status(201, services.fee_pay(actor=request.user, asset_id=asset.pk, **payload.dict()))


@router.post(
    "/assets/{asset_id}/transactions", response={201: IpTransactionOut}, summary="A transfer, licence or pledge"
)
def transaction_create(request, payload: IpTransactionIn, asset_id: int = RowId):
    asset = selectors.asset_visible(request.user, asset_id)
    return Status(201, services.transaction_create(actor=request.user, asset_id=asset.pk, data=payload.dict()))


@router.get("/transactions", response=IpTransactionPageOut, summary="Transfers, licences and pledges")
def transaction_list(request, kind: str = Query("", max_length=10), limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_assets(request.user))
    return _page(selectors.transactions_for(request.user, kind=kind), limit, offset)


@router.post("/transactions/{transaction_id}/release", response=IpTransactionOut, summary="End a licence or pledge")
def transaction_release(request, payload: IpReleaseIn, transaction_id: int = RowId):
    tx = selectors.transactions_for(request.user).filter(pk=transaction_id).first()
    if tx is None:
        from innozone.core.errors import NotFound

        raise NotFound()
    return services.transaction_release(actor=request.user, transaction_id=tx.pk, on=payload.on)


@router.get("/fees-due", response=IpAssetPageOut, summary="Patents whose next fee is due within N days or in grace")
def fees_due(request, within: int = Query(90, ge=0, le=366), limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_assets(request.user))
    return _page(selectors.fees_due(request.user, timezone.localdate(), within=within), limit, offset)


@router.post("/imports", response={201: IpImportOut}, summary="Import a patent-search export (.xlsx/.csv), all or none")
def import_file(request, file: UploadedFile = Upload):
    if file.size > imports.IMPORT_MAX_BYTES:
        raise ValidationFailed(detail=[{"field": "file", "message": _("文件超过 5 MB 上限")}])
    return Status(201, imports.import_file(actor=request.user, data=file.read(), name=file.name))


@router.get("/parks", response=list[IpParkOut], summary="IP pilot-park indicators of a year")
def parks(request, year: int | None = Query(None, ge=1985, le=2100)):
    ensure_allowed(permissions.can_view_parks(request.user))
    rows = selectors.park_indicators(request.user, year or timezone.localdate().year)
    return [{**r, "park_id": r["park"].pk, "park": r["park"].name} for r in rows]


@router.get("/providers", response=list[IpProviderOut], summary="IP service providers (market service listings)")
def providers(request):
    ensure_allowed(permissions.can_view_assets(request.user))
    return [{"id": x.pk, "title": x.title, "owner": x.owner.name, "price": x.price} for x in selectors.providers()]
