"""/api/market: search, matching, listings, instrument bookings and technology contracts."""

import datetime as dt
from decimal import Decimal

from ninja import Router, Status
from pydantic import BaseModel, Field

from innozone.core.errors import NotFound
from innozone.core.models import Organization
from innozone.market import matching, search, selectors, services
from innozone.market.models import Booking, Listing, TechContract
from innozone.market.models import Field as TechField

router = Router(tags=["market"])


class ListingOut(BaseModel):
    id: int
    kind: str
    title: str
    description: str
    field: str
    region: str
    owner: str
    status: str
    price: Decimal | None
    trl: int | None


class SearchHit(ListingOut):
    score: float


class MatchOut(BaseModel):
    kind: str
    id: int
    title: str
    score: float
    reasons: list[str]


class ListingIn(BaseModel):
    kind: str = Field(examples=["demand"])
    title: str
    description: str
    field: str = Field(examples=["新材料"])
    region: str = Field(examples=["兰州高新区"])
    price: Decimal | None = None
    trl: int | None = None
    transfer_mode: str = ""
    deadline: dt.date | None = None
    contact: str = ""


class BookingIn(BaseModel):
    start: dt.datetime
    end: dt.datetime
    purpose: str
    samples: int = 0
    voucher_id: int | None = None


class DecisionIn(BaseModel):
    approve: bool
    note: str = ""


class ContractIn(BaseModel):
    contract_type: str = Field(examples=["development"])
    title: str
    seller_id: int
    buyer_id: int
    amount: Decimal
    technology_amount: Decimal
    signed_on: dt.date
    field: str
    region_id: int | None = None


def _out(x: Listing) -> dict:
    return {
        "id": x.pk,
        "kind": x.kind,
        "title": x.title,
        "description": x.description,
        "field": x.field.name,
        "region": x.region.name,
        "owner": x.owner.name,
        "status": x.status,
        "price": x.price,
        "trl": x.trl,
    }


def _contract(c: TechContract) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "type": c.contract_type,
        "seller": c.seller.name,
        "buyer": c.buyer.name,
        "amount": f"{c.amount:.2f}",
        "technology_amount": f"{c.technology_amount:.2f}",
        "signed_on": c.signed_on.isoformat(),
        "status": c.status,
        "registration_number": c.registration_number,
    }


@router.get("/search", response=list[SearchHit], summary="Chinese full-text search of published listings")
def search_listings(
    request,
    q: str = "",
    kind: str = "",
    field_id: int | None = None,
    region_id: int | None = None,
    price_max: Decimal | None = None,
    trl_min: int | None = None,
    page: int = 1,
):
    filters = search.Filters(kind=kind, field_id=field_id, region_id=region_id, price_max=price_max, trl_min=trl_min)
    results, _total = search.search(q, filters, offset=(max(page, 1) - 1) * 20, limit=20)
    return [{**_out(r.listing), "score": r.score} for r in results]


@router.get("/match", response=list[MatchOut], summary="Rank achievements, services, instruments, experts for a text")
def match(request, text: str, kind: str = "", field: str = "", region: str = "", top: int = 10):
    kinds = [kind] if kind else list(matching.SOLVERS)
    hits = matching.match(text=text, field=field, region=region, kinds=kinds, top=min(max(top, 1), 100))
    return [
        {"kind": h.kind, "id": h.id, "title": h.title, "score": round(h.score, 4), "reasons": h.reasons} for h in hits
    ]


@router.post("/listings", response={201: ListingOut}, summary="Post a listing (reviewed before publication)")
def create_listing(request, payload: ListingIn):
    listing = services.listing_create(actor=request.user, data=payload.model_dump())
    return Status(201, _out(listing))


@router.get("/listings/{listing_id}", response=ListingOut, summary="One listing")
def get_listing(request, listing_id: int):
    return _out(selectors.listing_visible(request.user, listing_id))


@router.get("/listings/{listing_id}/matches", response=list[MatchOut], summary="Matches for a listing")
def listing_matches(request, listing_id: int, top: int = 10):
    listing = selectors.listing_visible(request.user, listing_id)
    return [
        {"kind": h.kind, "id": h.id, "title": h.title, "score": round(h.score, 4), "reasons": h.reasons}
        for h in matching.matches_for(listing, top=min(max(top, 1), 100))
    ]


@router.post("/listings/{listing_id}/review", response=ListingOut, summary="Office: publish or reject")
def review_listing(request, listing_id: int, payload: DecisionIn):
    listing = Listing.objects.filter(pk=listing_id).first()
    if listing is None:
        raise NotFound()
    return _out(
        services.listing_review(actor=request.user, listing=listing, approve=payload.approve, note=payload.note)
    )


@router.post("/listings/{listing_id}/bookings", response={201: dict}, summary="Book instrument time")
def book(request, listing_id: int, payload: BookingIn):
    from innozone.vouchers.models import Voucher

    instrument = selectors.listing_visible(request.user, listing_id)
    voucher = Voucher.objects.filter(pk=payload.voucher_id).first() if payload.voucher_id else None
    b = services.booking_request(
        actor=request.user,
        instrument=instrument,
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
        samples=payload.samples,
        voucher=voucher,
    )
    return Status(201, {"id": b.pk, "status": b.status})


@router.post("/bookings/{booking_id}/decide", response=dict, summary="Instrument owner: confirm or decline")
def decide_booking(request, booking_id: int, payload: DecisionIn):
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        raise NotFound()
    b = services.booking_decide(actor=request.user, booking=booking, approve=payload.approve, note=payload.note)
    return {"id": b.pk, "status": b.status}


@router.get("/contracts", summary="Technology contracts you may see")
def list_contracts(request, year: int | None = None):
    qs = selectors.contracts_visible(request.user)
    if year:
        qs = qs.filter(signed_on__year=year)
    return [_contract(c) for c in qs[:500]]


@router.post("/contracts", response={201: dict}, summary="Submit a technology contract for registration")
def submit_contract(request, payload: ContractIn):
    from innozone.core.models import Region

    data = payload.model_dump()
    data["seller"] = Organization.objects.filter(pk=payload.seller_id).first()
    data["buyer"] = Organization.objects.filter(pk=payload.buyer_id).first()
    data["field"] = TechField.objects.filter(name=payload.field).first()
    data["region"] = Region.objects.filter(pk=payload.region_id).first() if payload.region_id else None
    return Status(201, _contract(services.contract_submit(actor=request.user, data=data)))


@router.post("/contracts/{contract_id}/review", response=dict, summary="Office: register or refuse")
def review_contract(request, contract_id: int, payload: DecisionIn):
    contract = TechContract.objects.filter(pk=contract_id).first()
    if contract is None:
        raise NotFound()
    return _contract(
        services.contract_review(actor=request.user, contract=contract, approve=payload.approve, note=payload.note)
    )


@router.get("/contracts/stats", summary="Registered contracts by month, city, field and type")
def contract_stats(request, year: int):
    return selectors.contract_stats(year)
