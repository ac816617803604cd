"""/api/vouchers: the voucher lifecycle for programs. Same services, rules and permissions as the pages.

Writes accept an `Idempotency-Key` header: a retried request returns the first response instead of
applying the change again, so a network retry cannot double-spend.
"""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import File, Router, Status
from ninja.files import UploadedFile
from pydantic import BaseModel, Field

from innozone.core.idempotency import run_once
from innozone.ledger import selectors as ledger_selectors
from innozone.ledger.services import head_as_dict, head_sign_current
from innozone.vouchers import selectors, services
from innozone.vouchers.models import (
    Application,
    Order,
    Provider,
    Redemption,
    Scheme,
    ServiceCategory,
    ServiceItem,
    SettlementBatch,
)

router = Router(tags=["vouchers"])


def _page(qs, page: int):
    """Page `page` of 100; past the last page (or before the first) an empty list, so clients stop."""
    paginator = Paginator(qs, 100)
    if page < 1 or page > paginator.num_pages or not paginator.count:
        return []
    return paginator.page(page).object_list


def _get(model, pk):
    return services.get_or_404(model, pk=pk)


def _once(request, body: dict, call):
    """Run `call() -> (status, dict)` at most once per Idempotency-Key."""
    status, data = run_once(
        user=request.user,
        key=request.headers.get("Idempotency-Key"),
        endpoint=request.path,
        body=body,
        call=call,
    )
    return Status(status, data)


class RateOut(BaseModel):
    category: str
    category_name: str
    subsidy_ratio: Decimal


class SchemeOut(BaseModel):
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
    rates: list[RateOut]


class VoucherOut(BaseModel):
    id: int
    number: str
    scheme_id: int
    enterprise: str
    amount: Decimal
    redeemed: Decimal
    reserved: Decimal
    released: Decimal
    remaining: Decimal
    status: str
    expires_on: dt.date


class ApplicationIn(BaseModel):
    scheme_id: int
    category: str = Field(examples=["instrument"])
    amount: Decimal = Field(gt=0, decimal_places=2)
    purpose: str


class ApplicationOut(BaseModel):
    id: int
    scheme_id: int
    enterprise: str
    amount: Decimal
    category: str
    status: str
    voucher_id: int | None


class OrderIn(BaseModel):
    item_id: int
    quantity: Decimal = Field(default=Decimal("1"), gt=0)
    note: str = ""


class OrderOut(BaseModel):
    id: int
    number: str
    voucher_id: int
    provider: str
    item: str
    quantity: Decimal
    price_total: Decimal
    voucher_amount: Decimal
    status: str


class RedemptionOut(BaseModel):
    id: int
    order_id: int
    voucher_id: int
    amount: Decimal
    status: str
    review_note: str


class ReasonIn(BaseModel):
    reason: str = ""


class ReviewIn(BaseModel):
    approve: bool
    note: str = ""


class ProviderOut(BaseModel):
    id: int
    name: str
    status: str
    categories: list[str]
    items: list[dict]


def _scheme_out(s: Scheme) -> dict:
    rates = [
        {"category": r.category.code, "category_name": r.category.name, "subsidy_ratio": r.subsidy_ratio}
        for r in s.rates.all()
    ]
    return {**{f: getattr(s, f) for f in SchemeOut.model_fields if f != "rates"}, "rates": rates}


def _voucher_out(v) -> dict:
    return {**{f: getattr(v, f) for f in VoucherOut.model_fields if f != "enterprise"}, "enterprise": v.enterprise.name}


def _application_out(a: Application) -> dict:
    voucher = getattr(a, "voucher", None)
    return {
        "id": a.pk,
        "scheme_id": a.scheme_id,
        "enterprise": a.enterprise.name,
        "amount": a.amount,
        "category": a.category.code,
        "status": a.status,
        "voucher_id": voucher.pk if voucher else None,
    }


def _order_out(o: Order) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "voucher_id": o.voucher_id,
        "provider": o.provider.organization.name,
        "item": o.item.name,
        "quantity": o.quantity,
        "price_total": o.price_total,
        "voucher_amount": o.voucher_amount,
        "status": o.status,
    }


def _redemption_out(r: Redemption) -> dict:
    return {
        "id": r.pk,
        "order_id": r.order_id,
        "voucher_id": r.voucher_id,
        "amount": r.amount,
        "status": r.status,
        "review_note": r.review_note,
    }


def _json(data: dict) -> dict:
    """Decimals and dates as strings, for the stored idempotent response."""
    return {k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in data.items()}


@router.get("/schemes", response=list[SchemeOut], summary="Open voucher schemes with budgets and subsidy ratios")
def list_schemes(request):
    return [_scheme_out(s) for s in selectors.schemes_open()]


@router.get("/providers", response=list[ProviderOut], summary="Approved providers and their price lists")
def list_providers(request):
    return [
        {
            "id": p.pk,
            "name": p.organization.name,
            "status": p.status,
            "categories": [c.code for c in p.categories.all()],
            "items": [
                {
                    "id": i.pk,
                    "name": i.name,
                    "category": i.category.code,
                    "price": str(i.price),
                    "price_unit": i.price_unit,
                }
                for i in p.items.all()
                if i.active
            ],
        }
        for p in selectors.providers_approved()
    ]


@router.post("/applications", response={201: ApplicationOut, 200: ApplicationOut}, summary="Apply for a voucher")
def apply(request, payload: ApplicationIn):
    def call():
        category = services.get_or_404(ServiceCategory, code=payload.category)
        application = services.application_submit(
            actor=request.user,
            scheme=_get(Scheme, payload.scheme_id),
            amount=payload.amount,
            purpose=payload.purpose,
            category=category,
        )
        application.refresh_from_db()
        return 201, _json(_application_out(application))

    return _once(request, payload.model_dump(mode="json"), call)


@router.get("/applications", response=list[ApplicationOut], summary="Applications you may see")
def list_applications(request, page: int = 1):
    qs = selectors.applications_for(request.user).select_related("voucher")
    return [_application_out(a) for a in _page(qs, page)]


@router.get("/applications/{application_id}", response=ApplicationOut, summary="One application")
def get_application(request, application_id: int):
    return _application_out(selectors.application_get(request.user, application_id))


@router.get("/", response=list[VoucherOut], summary="Vouchers you may see (yours, or all for the office)")
def list_vouchers(request, status: str = "", page: int = 1):
    qs = selectors.vouchers_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [_voucher_out(v) for v in _page(qs, page)]


@router.get("/orders", response=list[OrderOut], summary="Orders you may see (enterprise, provider or office)")
def list_orders(request, status: str = "", page: int = 1):
    qs = selectors.orders_for(request.user)
    if status:
        qs = qs.filter(status=status)
    return [_order_out(o) for o in _page(qs, page)]


@router.get("/orders/{order_id}", response=OrderOut, summary="One order")
def get_order(request, order_id: int):
    return _order_out(selectors.order_get(request.user, order_id))


def _order_action(request, order_id: int, body: dict, action):
    order = selectors.order_get(request.user, order_id)

    def call():
        result = action(order)
        if isinstance(result, Redemption):
            return 200, _json(_redemption_out(result))
        return 200, _json(_order_out(selectors.order_get(request.user, order_id)))

    return _once(request, body, call)


@router.post("/orders/{order_id}/deliver", response=OrderOut, summary="Provider: deliver with evidence files")
def deliver(
    request,
    order_id: int,
    contract: File[UploadedFile] = None,
    invoice: File[UploadedFile] = None,
    report: File[UploadedFile] = None,
):
    files = [(k, f) for k, f in (("contract", contract), ("invoice", invoice), ("report", report)) if f is not None]
    order = selectors.order_get(request.user, order_id)
    services.order_deliver(actor=request.user, order=order, files=files)
    return _order_out(selectors.order_get(request.user, order_id))


@router.post("/orders/{order_id}/confirm", response=OrderOut, summary="Enterprise: confirm the delivery")
def confirm(request, order_id: int):
    return _order_action(
        request, order_id, {"action": "confirm"}, lambda o: services.order_confirm(actor=request.user, order=o)
    )


@router.post("/orders/{order_id}/cancel", response=OrderOut, summary="Cancel an order not yet delivered")
def cancel_order(request, order_id: int, payload: ReasonIn):
    return _order_action(
        request,
        order_id,
        {"action": "cancel", **payload.model_dump()},
        lambda o: services.order_cancel(actor=request.user, order=o, reason=payload.reason),
    )


@router.post("/orders/{order_id}/redeem", response=RedemptionOut, summary="Provider: redeem a confirmed order")
def redeem(request, order_id: int):
    return _order_action(
        request, order_id, {"action": "redeem"}, lambda o: services.voucher_redeem(actor=request.user, order=o)
    )


@router.get("/redemptions", response=list[RedemptionOut], summary="Office: redemptions waiting for review")
def list_redemptions(request):
    selectors.require_office(request.user)
    return [_redemption_out(r) for r in selectors.redemptions_pending()[:500]]


@router.post("/redemptions/{redemption_id}/review", response=RedemptionOut, summary="Office: approve or refuse")
def review(request, redemption_id: int, payload: ReviewIn):
    def call():
        r = services.redemption_review(
            actor=request.user, redemption=_get(Redemption, redemption_id), approve=payload.approve, note=payload.note
        )
        return 200, _json(_redemption_out(r))

    return _once(request, {"id": redemption_id, **payload.model_dump()}, call)


@router.post("/schemes/{scheme_id}/settlements", response={201: dict}, summary="Office: batch approved redemptions")
def settle(request, scheme_id: int):
    def call():
        batch = services.settlement_create(actor=request.user, scheme=_get(Scheme, scheme_id))
        return 201, {"id": batch.pk, "number": batch.number, "total": str(batch.total), "items": batch.items.count()}

    return _once(request, {"scheme": scheme_id}, call)


@router.post("/settlements/{batch_id}/paid", response=dict, summary="Office: mark a batch paid (closes its orders)")
def paid(request, batch_id: int):
    batch = services.settlement_mark_paid(actor=request.user, batch=_get(SettlementBatch, batch_id))
    return {"id": batch.pk, "number": batch.number, "status": batch.status}


@router.post("/providers/{provider_id}/status", response=dict, summary="Office: approve, reject or suspend")
def provider_status(request, provider_id: int, payload: dict):
    p = services.provider_set_status(
        actor=request.user,
        provider=_get(Provider, provider_id),
        status=str(payload.get("status", "")),
        note=str(payload.get("note", "")),
    )
    return {"id": p.pk, "status": p.status}


@router.get("/dashboard", summary="Office: budget burn-down by month, by category, by city, top providers")
def dashboard(request, scheme_id: int):
    selectors.require_office(request.user)
    return selectors.dashboard(_get(Scheme, scheme_id))


@router.get("/{voucher_id}", response=VoucherOut, summary="One voucher")
def get_voucher(request, voucher_id: int):
    return _voucher_out(selectors.voucher_get(request.user, voucher_id))


@router.get("/{voucher_id}/proof", summary="The voucher's ledger events with inclusion proofs and the signed head")
def proof(request, voucher_id: int):
    voucher = selectors.voucher_get(request.user, voucher_id)
    head = head_sign_current()
    events = [
        {"payload": e.payload, **ledger_selectors.inclusion(e.index, head.tree_size)}
        for e in ledger_selectors.entries_for("vouchers.Voucher", voucher.pk)
    ]
    return {"voucher": voucher.number, "signed_head": head_as_dict(head), "events": events}


@router.post("/{voucher_id}/orders", response={201: OrderOut, 200: OrderOut}, summary="Enterprise: order a service")
def place_order(request, voucher_id: int, payload: OrderIn):
    voucher = selectors.voucher_get(request.user, voucher_id)

    def call():
        order = services.order_place(
            actor=request.user,
            voucher=voucher,
            item=_get(ServiceItem, payload.item_id),
            quantity=payload.quantity,
            note=payload.note,
        )
        return 201, _json(_order_out(order))

    return _once(request, {"voucher": voucher_id, **payload.model_dump(mode="json")}, call)


@router.post("/{voucher_id}/cancel", response=VoucherOut, summary="Cancel a voucher; the unspent part returns")
def cancel_voucher(request, voucher_id: int, payload: ReasonIn):
    voucher = selectors.voucher_get(request.user, voucher_id)
    services.voucher_cancel(actor=request.user, voucher=voucher, reason=payload.reason)
    return _voucher_out(selectors.voucher_get(request.user, voucher_id))
