"""/api/market: search, matching, listings, instrument bookings and technology contracts."""

import datetime as dt
from decimal import Decimal

from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from innozone.core.errors import ValidationFailed
from innozone.core.selectors import ROW_ID_MAX
from innozone.market import matching, search, selectors, services

router = Router(tags=["market"])


class _ListingFields(Schema):
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


class MarketListingOut(_ListingFields):
    @staticmethod
    def resolve_field(listing) -> str:
        return listing.field.name

    @staticmethod
    def resolve_region(listing) -> str:
        return listing.region.name

    @staticmethod
    def resolve_owner(listing) -> str:
        return listing.owner.name


class MarketSearchHit(_ListingFields):
    """A listing found by search, as MarketListingOut, and its score."""

    score: float

    @staticmethod
    def of(result: search.Result) -> dict:
        return {**MarketListingOut.model_validate(result.listing).model_dump(), "score": result.score}


class MarketMatchOut(Schema):
    kind: str
    id: int
    title: str
    score: float
    reasons: list[str]

    @staticmethod
    def resolve_score(hit) -> float:
        return round(hit.score, 4)


class MarketListingIn(Schema):
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


class MarketBookingIn(Schema):
    start: dt.datetime
    end: dt.datetime
    purpose: str
    samples: int = 0
    voucher_id: int | None = None


class MarketBookingOut(Schema):
    id: int
    status: str


class MarketDecisionIn(Schema):
    approve: bool
    note: str = ""


class MarketContractIn(Schema):
    contract_type: str = Field(examples=["development"])
    title: str
    seller_id: int
    buyer_id: int
    amount: Decimal
    technology_amount: Decimal
    signed_on: dt.date
    field: str
    region_id: int | None = None


class MarketContractOut(Schema):
    """`status`: awaiting (待对方确认) → submitted (待登记, confirmed or entered by the office) → registered
    (已登记, counted) or rejected; awaiting → declined (对方不予确认, `decline_reason`) → awaiting again
    (corrected) or withdrawn. `counterparty`: the party whose consent the registrant asked for."""

    id: int
    title: str
    type: str
    seller: str
    buyer: str
    amount: str
    technology_amount: str
    signed_on: str
    status: str
    status_label: str
    counterparty: str | None
    confirmed_at: dt.datetime | None
    decline_reason: str
    registration_number: str

    @staticmethod
    def resolve_status_label(contract) -> str:
        return str(contract.get_status_display())

    @staticmethod
    def resolve_counterparty(contract) -> str | None:
        return contract.counterparty.name if contract.counterparty_id else None

    @staticmethod
    def resolve_type(contract) -> str:
        return contract.contract_type

    @staticmethod
    def resolve_seller(contract) -> str:
        return contract.seller.name

    @staticmethod
    def resolve_buyer(contract) -> str:
        return contract.buyer.name

    @staticmethod
    def resolve_amount(contract) -> str:
        return f"{contract.amount:.2f}"

    @staticmethod
    def resolve_technology_amount(contract) -> str:
        return f"{contract.technology_amount:.2f}"

    @staticmethod
    def resolve_signed_on(contract) -> str:
        return contract.signed_on.isoformat()


class MarketContractDeclineIn(Schema):
    reason: str = Field(examples=["合同金额与我方签署文本不符"])


class MarketErrorOut(Schema):
    """The API's error body (`{code, message, detail}`)."""

    code: str
    message: str
    detail: list[dict]


CONSENT_RESPONSES = {200: MarketContractOut, 403: MarketErrorOut, 404: MarketErrorOut, 409: MarketErrorOut}


def _top(top: int) -> int:
    return min(max(top, 1), 100)


def _year(year: int) -> int:
    """A calendar year a date can have (the database cannot filter on year 0 or -43263)."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValidationFailed(detail=[{"field": "year", "message": f"{dt.MINYEAR} <= year <= {dt.MAXYEAR}"}])
    return year


@router.get("/search", response=list[MarketSearchHit], summary="Chinese full-text search of published listings")
def search_listings(
    request,
    q: str = "",
    kind: str = "",
    field_id: int | None = Query(None, ge=1, le=ROW_ID_MAX),
    region_id: int | None = Query(None, ge=1, le=ROW_ID_MAX),
    price_max: Decimal | None = None,
    trl_min: int | None = None,
    page: int = Query(1, ge=1, le=10_000),
):
    filters = search.Filters(kind=kind, field_id=field_id, region_id=region_id, price_max=price_max, trl_min=trl_min)
    results, _total = search.search(q, filters, offset=(page - 1) * 20, limit=20)
    return [MarketSearchHit.of(r) for r in results]


@router.get(
    "/match", response=list[MarketMatchOut], summary="Rank achievements, services, instruments, experts for a text"
)
def match(request, text: str, kind: str = "", field: str = "", region: str = "", top: int = 10):
    kinds = [kind] if kind else list(matching.SOLVERS)
    return matching.match(text=text, field=field, region=region, kinds=kinds, top=_top(top))


@router.post("/listings", response={201: MarketListingOut}, summary="Post a listing (reviewed before publication)")
def create_listing(request, payload: MarketListingIn):
    return Status(201, services.listing_create(actor=request.user, data=payload.model_dump()))


@router.get("/listings/{listing_id}", response=MarketListingOut, summary="One listing")
def get_listing(request, listing_id: int):
    return selectors.listing_visible(request.user, listing_id)


@router.get("/listings/{listing_id}/matches", response=list[MarketMatchOut], summary="Matches for a listing")
def listing_matches(request, listing_id: int, top: int = 10):
    return matching.matches_for(selectors.listing_visible(request.user, listing_id), top=_top(top))


@router.post("/listings/{listing_id}/review", response=MarketListingOut, summary="Office: publish or reject")
def review_listing(request, listing_id: int, payload: MarketDecisionIn):
    listing = selectors.listing_get(listing_id)
    return services.listing_review(actor=request.user, listing=listing, approve=payload.approve, note=payload.note)


@router.post("/listings/{listing_id}/bookings", response={201: MarketBookingOut}, summary="Book instrument time")
def book(request, listing_id: int, payload: MarketBookingIn):
    instrument = selectors.listing_visible(request.user, listing_id)
    voucher = selectors.booking_voucher(request.user, payload.voucher_id)
    data = payload.model_dump(exclude={"voucher_id"})
    return Status(201, services.booking_request(actor=request.user, instrument=instrument, voucher=voucher, **data))


@router.post("/bookings/{booking_id}/decide", response=MarketBookingOut, summary="Instrument owner: confirm or decline")
def decide_booking(request, booking_id: int, payload: MarketDecisionIn):
    booking = selectors.booking_get(booking_id)
    return services.booking_decide(actor=request.user, booking=booking, approve=payload.approve, note=payload.note)


@router.get("/contracts", response=list[MarketContractOut], summary="Technology contracts you may see")
def list_contracts(request, year: int | None = None):
    return list(selectors.contracts_visible(request.user, year=None if year is None else _year(year))[:500])


@router.post("/contracts", response={201: MarketContractOut}, summary="Submit a technology contract for registration")
def submit_contract(request, payload: MarketContractIn):
    parties = selectors.contract_parties(
        seller_id=payload.seller_id, buyer_id=payload.buyer_id, field=payload.field, region_id=payload.region_id
    )
    return Status(201, services.contract_submit(actor=request.user, data={**payload.model_dump(), **parties}))


@router.post("/contracts/{contract_id}/review", response=MarketContractOut, summary="Office: register or refuse")
def review_contract(request, contract_id: int, payload: MarketDecisionIn):
    contract = selectors.contract_get(contract_id)
    return services.contract_review(actor=request.user, contract=contract, approve=payload.approve, note=payload.note)


@router.get("/contracts/stats", summary="Registered contracts by month, city, field and type")
def contract_stats(request, year: int):
    return selectors.contract_stats(_year(year))


@router.get(
    "/contracts/{contract_id}",
    response={200: MarketContractOut, 404: MarketErrorOut},
    summary="One technology contract you may see, with its status",
)
def get_contract(request, contract_id: int = Path(..., ge=1, le=ROW_ID_MAX)):
    return selectors.contract_visible(request.user, contract_id)


@router.post(
    "/contracts/{contract_id}/confirm",
    response=CONSENT_RESPONSES,
    summary="Counterparty: confirm a contract the other party submitted (it then awaits registration)",
    description="403: not the counterparty's own people (the registrant, a third organization and the office "
    "are refused); 404: a contract you may not see; 409: the contract is not awaiting confirmation.",
)
def confirm_contract(request, contract_id: int = Path(..., ge=1, le=ROW_ID_MAX)):
    contract = selectors.contract_visible(request.user, contract_id)
    return services.contract_confirm(actor=request.user, contract=contract)


@router.post(
    "/contracts/{contract_id}/decline",
    response={**CONSENT_RESPONSES, 422: MarketErrorOut},
    summary="Counterparty: decline a contract the other party submitted, with a reason",
    description="403, 404 and 409 as for confirm; 422: the reason is missing or longer than 300 characters.",
)
def decline_contract(request, payload: MarketContractDeclineIn, contract_id: int = Path(..., ge=1, le=ROW_ID_MAX)):
    contract = selectors.contract_visible(request.user, contract_id)
    return services.contract_decline(actor=request.user, contract=contract, reason=payload.reason)
