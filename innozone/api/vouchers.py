"""/api/vouchers: the voucher lifecycle for programs. Same services, rules and permissions as the pages.
Writes accept an `Idempotency-Key` header: a retried request returns the first response (or 409
`in_progress` with Retry-After while the first still runs) instead of applying the change again, so a
network retry cannot double-spend (core.idempotency).
"""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from innozone.core.idempotency import run_once
from innozone.vouchers import selectors, services

router = Router(tags=["vouchers"])


class _Out(Schema):
    # read from a model (dotted aliases) or from a stored idempotent response (field names)
    model_config = ConfigDict(populate_by_name=True)


class VoucherRateOut(_Out):
    category: str = Field(alias="category.code")
    category_name: str = Field(alias="category.name")
    subsidy_ratio: Decimal


class VoucherSchemeOut(_Out):
    id: int
    year: int
    name: str
    budget: Decimal
    committed: Decimal
    available: Decimal
    per_enterprise_cap: Decimal
    valid_from: dt.date
    valid_until: dt.date
    cross_region: bool
    status: str
    rates: list[VoucherRateOut]


class VoucherOut(_Out):
    id: int
    number: str
    scheme_id: int
    enterprise: str = Field(alias="enterprise.name")
    amount: Decimal
    redeemed: Decimal
    reserved: Decimal
    released: Decimal
    remaining: Decimal
    status: str
    expires_on: dt.date


class VoucherApplicationIn(Schema):
    scheme_id: int
    category: str = Field(examples=["instrument"])
    amount: Decimal = Field(gt=0, decimal_places=2)
    purpose: str


class VoucherApplicationOut(_Out):
    id: int
    scheme_id: int
    enterprise: str = Field(alias="enterprise.name")
    amount: Decimal
    category: str = Field(alias="category.code")
    status: str
    voucher_id: int | None = Field(None, alias="voucher.pk")


class VoucherOrderIn(Schema):
    item_id: int
    quantity: Decimal = Field(default=Decimal("1"), gt=0)
    note: str = ""


class VoucherOrderOut(_Out):
    id: int
    number: str
    voucher_id: int
    provider: str = Field(alias="provider.organization.name")
    item: str = Field(alias="item.name")
    quantity: Decimal
    price_total: Decimal
    voucher_amount: Decimal
    status: str


class VoucherRedemptionOut(_Out):
    id: int
    order_id: int
    voucher_id: int
    amount: Decimal
    status: str
    review_note: str


class VoucherReasonIn(Schema):
    reason: str = ""


class VoucherReviewIn(Schema):
    approve: bool
    note: str = ""


class VoucherProviderItemOut(_Out):
    id: int
    name: str
    category: str = Field(alias="category.code")
    price: Decimal
    price_unit: str


class VoucherProviderOut(_Out):
    id: int
    name: str = Field(alias="organization.name")
    status: str
    categories: list[str]
    items: list[VoucherProviderItemOut]

    @staticmethod
    def resolve_categories(obj):
        return [c.code for c in obj.categories.all()]

    @staticmethod
    def resolve_items(obj):
        return [i for i in obj.items.all() if i.active]


class VoucherProviderStatusIn(Schema):
    status: str = ""
    note: str = ""


class VoucherProviderStatusOut(_Out):
    id: int
    status: str


class VoucherBatchOut(_Out):
    id: int
    number: str
    total: Decimal
    items: int = Field(alias="items.count")


class VoucherBatchPaidOut(_Out):
    id: int
    number: str
    status: str


class VoucherDashboardOut(Schema):
    burn: list[dict]
    by_category: list[dict]
    by_city: list[dict]
    top: list[dict]
    totals: dict
    status_counts: dict[str, int]


class VoucherProofOut(Schema):
    voucher: str
    signed_head: dict
    events: list[dict]


def _page(qs, page: int):
    """Page `page` of 100; past the last page (or before the first) an empty list, so clients stop."""
    paginator = Paginator(qs, 100)
    if page < 1 or page > paginator.num_pages or not paginator.count:
        return []
    return paginator.page(page).object_list


def _once(request, body: dict, call):
    """Run `call() -> (status, schema, obj)` at most once per Idempotency-Key; a retry gets the stored JSON."""

    def stored():
        status, schema, obj = call()
        return status, schema.from_orm(obj).model_dump(mode="json")

    key = request.headers.get("Idempotency-Key")
    status, data = run_once(user=request.user, key=key, endpoint=request.path, body=body, call=stored)
    return Status(status, data)


@router.get("/schemes", response=list[VoucherSchemeOut], summary="Open voucher schemes with budgets and subsidy ratios")
def list_schemes(request):
    return selectors.schemes_open()


@router.get("/providers", response=list[VoucherProviderOut], summary="Approved providers and their price lists")
def list_providers(request):
    return selectors.providers_approved()


@router.post(
    "/applications",
    response={201: VoucherApplicationOut, 200: VoucherApplicationOut},
    summary="Apply for a voucher",
)
def apply(request, payload: VoucherApplicationIn):
    def call():
        application = services.application_submit(
            actor=request.user,
            scheme=selectors.scheme_get(payload.scheme_id),
            amount=payload.amount,
            purpose=payload.purpose,
            category=selectors.category_get(payload.category),
        )
        return 201, VoucherApplicationOut, selectors.application_get(request.user, application.pk)

    return _once(request, payload.model_dump(mode="json"), call)


@router.get("/applications", response=list[VoucherApplicationOut], summary="Applications you may see")
def list_applications(request, page: int = 1):
    return _page(selectors.applications_for(request.user), page)


@router.get("/applications/{application_id}", response=VoucherApplicationOut, summary="One application")
def get_application(request, application_id: int):
    return selectors.application_get(request.user, application_id)


@router.get("/", response=list[VoucherOut], summary="Vouchers you may see (yours, or all for the office)")
def list_vouchers(request, status: str = "", page: int = 1):
    return _page(selectors.vouchers_for(request.user, status=status), page)


@router.get("/orders", response=list[VoucherOrderOut], summary="Orders you may see (enterprise, provider or office)")
def list_orders(request, status: str = "", page: int = 1):
    return _page(selectors.orders_for(request.user, status=status), page)


@router.get("/orders/{order_id}", response=VoucherOrderOut, summary="One order")
def get_order(request, order_id: int):
    return selectors.order_get(request.user, order_id)


def _order_action(request, order_id: int, body: dict, act):
    """`act(order)` at most once per Idempotency-Key; the response is the order as it is then."""
    order = selectors.order_get(request.user, order_id)

    def call():
        act(order)
        return 200, VoucherOrderOut, selectors.order_get(request.user, order_id)

    return _once(request, body, call)


@router.post("/orders/{order_id}/deliver", response=VoucherOrderOut, summary="Provider: deliver with evidence files")
def deliver(
    request,
    order_id: int,
    contract: File[UploadedFile] = None,
    invoice: File[UploadedFile] = None,
    report: File[UploadedFile] = None,
):
    files = [(k, f) for k, f in (("contract", contract), ("invoice", invoice), ("report", report)) if f is not None]
    services.order_deliver(actor=request.user, order=selectors.order_get(request.user, order_id), files=files)
    return selectors.order_get(request.user, order_id)


@router.post("/orders/{order_id}/confirm", response=VoucherOrderOut, summary="Enterprise: confirm the delivery")
def confirm(request, order_id: int):
    return _order_action(
        request, order_id, {"action": "confirm"}, lambda o: services.order_confirm(actor=request.user, order=o)
    )


@router.post("/orders/{order_id}/cancel", response=VoucherOrderOut, summary="Cancel an order not yet delivered")
def cancel_order(request, order_id: int, payload: VoucherReasonIn):
    return _order_action(
        request,
        order_id,
        {"action": "cancel", **payload.model_dump()},
        lambda o: services.order_cancel(actor=request.user, order=o, reason=payload.reason),
    )


@router.post("/orders/{order_id}/redeem", response=VoucherRedemptionOut, summary="Provider: redeem a confirmed order")
def redeem(request, order_id: int):
    order = selectors.order_get(request.user, order_id)

    def call():
        return 200, VoucherRedemptionOut, services.voucher_redeem(actor=request.user, order=order)

    return _once(request, {"action": "redeem"}, call)


@router.get("/redemptions", response=list[VoucherRedemptionOut], summary="Office: redemptions waiting for review")
def list_redemptions(request):
    selectors.require_office(request.user)
    return selectors.redemptions_pending()[:500]


@router.post("/redemptions/{redemption_id}/review", response=VoucherRedemptionOut, summary="Office: approve or refuse")
def review(request, redemption_id: int, payload: VoucherReviewIn):
    def call():
        redemption = services.redemption_review(
            actor=request.user,
            redemption=selectors.redemption_get(redemption_id),
            approve=payload.approve,
            note=payload.note,
        )
        return 200, VoucherRedemptionOut, redemption

    return _once(request, {"id": redemption_id, **payload.model_dump()}, call)


@router.post(
    "/schemes/{scheme_id}/settlements", response={201: VoucherBatchOut}, summary="Office: batch approved redemptions"
)
def settle(request, scheme_id: int):
    def call():
        batch = services.settlement_create(actor=request.user, scheme=selectors.scheme_get(scheme_id))
        return 201, VoucherBatchOut, batch

    return _once(request, {"scheme": scheme_id}, call)


@router.post("/settlements/{batch_id}/paid", response=VoucherBatchPaidOut, summary="Office: mark a batch paid")
def paid(request, batch_id: int):
    """Its redemptions and orders are settled (closed)."""
    return services.settlement_mark_paid(actor=request.user, batch=selectors.batch_get(batch_id))


@router.post(
    "/providers/{provider_id}/status", response=VoucherProviderStatusOut, summary="Office: approve, reject or suspend"
)
def provider_status(request, provider_id: int, payload: VoucherProviderStatusIn):
    return services.provider_set_status(
        actor=request.user, provider=selectors.provider_get(provider_id), status=payload.status, note=payload.note
    )


@router.get(
    "/dashboard",
    response=VoucherDashboardOut,
    summary="Office: budget burn-down by month, by category, by city, top providers",
)
def dashboard(request, scheme_id: int):
    selectors.require_office(request.user)
    return selectors.dashboard(selectors.scheme_get(scheme_id))


@router.get("/{voucher_id}", response=VoucherOut, summary="One voucher")
def get_voucher(request, voucher_id: int):
    return selectors.voucher_get(request.user, voucher_id)


@router.get(
    "/{voucher_id}/proof",
    response=VoucherProofOut,
    summary="The voucher's ledger events with inclusion proofs and the signed head",
)
def proof(request, voucher_id: int):
    return services.voucher_proof(selectors.voucher_get(request.user, voucher_id))


@router.post(
    "/{voucher_id}/orders", response={201: VoucherOrderOut, 200: VoucherOrderOut}, summary="Enterprise: order a service"
)
def place_order(request, voucher_id: int, payload: VoucherOrderIn):
    voucher = selectors.voucher_get(request.user, voucher_id)

    def call():
        order = services.order_place(
            actor=request.user,
            voucher=voucher,
            item=selectors.service_item_get(payload.item_id),
            quantity=payload.quantity,
            note=payload.note,
        )
        return 201, VoucherOrderOut, order

    return _once(request, {"voucher": voucher_id, **payload.model_dump(mode="json")}, call)


@router.post("/{voucher_id}/cancel", response=VoucherOut, summary="Cancel a voucher; the unspent part returns")
def cancel_voucher(request, voucher_id: int, payload: VoucherReasonIn):
    voucher = selectors.voucher_get(request.user, voucher_id)
    services.voucher_cancel(actor=request.user, voucher=voucher, reason=payload.reason)
    return selectors.voucher_get(request.user, voucher_id)
