"""/api/onestop (catalogue part): the service items (list with filters, detail with materials and the clock rule
in words, the office's create / update / publish / suspend, materials), the responsibility list, the negative
list and the working-day calendar (a year's days; the office's entries). Same services, selectors and
permissions as the pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Path, Query, Router, Schema, Status

from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.onestop.permissions import catalogue as permissions
from innozone.onestop.selectors import calendar as calendar_selectors
from innozone.onestop.selectors import catalogue as selectors
from innozone.onestop.services import calendar as calendar_services
from innozone.onestop.services import catalogue as services

router = Router(tags=["onestop"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


class MaterialOut(Schema):
    id: int
    name: str
    required: bool
    may_defer: bool
    copies: str
    note: str
    order: int
    template: str


class ItemOut(Schema):
    id: int
    code: str
    name: str
    type: str
    type_label: str
    department_id: int
    department: str
    status: str
    clock: str
    statutory_days: int
    promised_days: int
    extension_days: int
    acceptance_days: int
    warn_days: int
    channel: str
    fees: str
    allows_deferral: bool
    flow_url: str
    parallel: bool
    link: str


class ItemDetailOut(ItemOut):
    implementer: str
    region: str
    legal_basis: str
    conditions: str
    steps: list[dict]
    pauses_allowed: list[str]
    branch_departments: list[dict]
    branch_days: int
    flow_note: str
    result_name: str
    contact: str
    clock_words: list[str]
    materials: list[MaterialOut]


class ItemPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]


class ItemIn(Schema):
    code: str
    name: str
    type: str
    department: str
    implementer: str = ""
    region: str = ""
    legal_basis: str = ""
    conditions: str = ""
    steps: list[dict] = []
    clock: str = "own"
    statutory_days: int
    promised_days: int
    extension_days: int = 0
    acceptance_days: int = 5
    pauses_allowed: list[str] = []
    warn_days: int = 3
    fees: str = "不收费"
    channel: str = "online"
    allows_deferral: bool = True
    flow_url: str = ""
    flow_note: str = ""
    branch_departments: list[str] = []
    branch_days: int = 10
    result_name: str = ""
    contact: str = ""


class StatusIn(Schema):
    status: str
    reason: str = ""


class MaterialIn(Schema):
    name: str
    required: bool = True
    may_defer: bool = False
    copies: str = ""
    note: str = ""
    order: int | None = None


class PowerOut(Schema):
    id: int
    department_id: int
    department: str
    name: str
    type: str
    basis: str
    responsibility: str
    accountability: str
    item_code: str


class PowerPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PowerOut]


class NegativeOut(Schema):
    id: int
    category: str
    category_label: str
    text: str
    basis: str


class NegativePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NegativeOut]


class DayOut(Schema):
    day: str
    workday: bool
    kind: str
    festival: str
    note: str


class CalendarOut(Schema):
    year: int
    known: bool
    package: bool
    workdays: int
    days: list[DayOut]


class OverrideIn(Schema):
    day: dt.date
    day_to: dt.date | None = None
    is_workday: bool
    note: str


class OverrideOut(Schema):
    day: dt.date
    is_workday: bool
    note: str


def _item(item) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "name": item.name,
        "type": item.type,
        "type_label": str(item.get_type_display()),
        "department_id": item.department_id,
        "department": item.department.name,
        "status": item.status,
        "clock": item.clock,
        "statutory_days": item.statutory_days,
        "promised_days": item.promised_days,
        "extension_days": item.extension_days,
        "acceptance_days": item.acceptance_days,
        "warn_days": item.warn_days,
        "channel": item.channel,
        "fees": item.fees,
        "allows_deferral": item.allows_deferral,
        "flow_url": item.flow_url,
        "parallel": bool(item.branch_departments.all()),
        "link": selectors.apply_link(item),
    }


def _material(m) -> dict:
    return {
        "id": m.pk,
        "name": m.name,
        "required": m.required,
        "may_defer": m.may_defer,
        "copies": m.copies,
        "note": m.note,
        "order": m.order,
        "template": reverse("onestop:material_template", args=[m.pk]) if m.template else "",
    }


def _detail(item) -> dict:
    return {
        **_item(item),
        "implementer": item.implementer,
        "region": item.region.code if item.region_id else "",
        "legal_basis": item.legal_basis,
        "conditions": item.conditions,
        "steps": item.steps or [],
        "pauses_allowed": item.pauses_allowed or [],
        "branch_departments": [{"id": d.pk, "name": d.name} for d in item.branch_departments.all()],
        "branch_days": item.branch_days,
        "flow_note": item.flow_note,
        "result_name": item.result_name,
        "contact": item.contact,
        "clock_words": [str(w) for w in selectors.clock_words(item)],
        "materials": [_material(m) for m in selectors.materials(item)],
    }


@router.get("/items", response=ItemPageOut, summary="Service items (事项清单) with filters")
def item_list(
    request,
    q: str = "",
    department: str = "",
    type: str = "",
    channel: str = "",
    status: str = "",
    limit: int = Limit,
    offset: int = Offset,
):
    ensure_allowed(permissions.can_view_catalogue(request.user))
    qs = selectors.item_search(
        selectors.items_for(request.user), q=q, department=department, type=type, channel=channel, status=status
    )
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [_item(i) for i in qs[offset : offset + limit]],
    }


@router.get("/items/{item_id}", response=ItemDetailOut, summary="A service item with its materials and clock rule")
def item_get(request, item_id: int = RowId):
    return _detail(selectors.item_get(request.user, item_id))


@router.post("/items", response={201: ItemDetailOut}, summary="Create a service item (the office; a draft)")
def item_create(request, payload: ItemIn):
    return Status(201, _detail(services.item_create(actor=request.user, **payload.dict())))


@router.put("/items/{item_id}", response=ItemDetailOut, summary="Edit a service item (the office)")
def item_update(request, payload: ItemIn, item_id: int = RowId):
    item = selectors.item_get(request.user, item_id)
    return _detail(services.item_update(actor=request.user, item=item, **payload.dict()))


@router.post("/items/{item_id}/status", response=ItemDetailOut, summary="Publish, suspend (with a reason), or draft")
def item_status(request, payload: StatusIn, item_id: int = RowId):
    item = selectors.item_get(request.user, item_id)
    return _detail(
        services.item_set_status(actor=request.user, item=item, status=payload.status, reason=payload.reason)
    )


@router.post("/items/{item_id}/materials", response={201: MaterialOut}, summary="Add a material (the office)")
def material_create(request, payload: MaterialIn, item_id: int = RowId):
    item = selectors.item_get(request.user, item_id)
    return Status(201, _material(services.material_save(actor=request.user, item=item, **payload.dict())))


@router.put("/items/{item_id}/materials/{material_id}", response=MaterialOut, summary="Edit a material")
def material_update(request, payload: MaterialIn, item_id: int = RowId, material_id: int = RowId):
    item = selectors.item_get(request.user, item_id)
    material = selectors.material_get(item, material_id)
    return _material(services.material_save(actor=request.user, item=item, material=material, **payload.dict()))


@router.delete("/items/{item_id}/materials/{material_id}", response={204: None}, summary="Delete a material")
def material_delete(request, item_id: int = RowId, material_id: int = RowId):
    item = selectors.item_get(request.user, item_id)
    material = selectors.material_get(item, material_id)
    services.material_delete(actor=request.user, material=material)
    return Status(204, None)


@router.get("/powers", response=PowerPageOut, summary="The responsibility list (权责清单)")
def power_list(request, department: str = "", q: str = "", limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_lists(request.user))
    qs = selectors.powers(department=department, q=q)
    rows = [
        {
            "id": e.pk,
            "department_id": e.department_id,
            "department": e.department.name,
            "name": e.name,
            "type": e.type,
            "basis": e.basis,
            "responsibility": e.responsibility,
            "accountability": e.accountability,
            "item_code": e.item.code if e.item_id else "",
        }
        for e in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": rows}


@router.get("/negative", response=NegativePageOut, summary="The negative list (负面清单)")
def negative_list(request, category: str = "", q: str = "", limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_lists(request.user))
    qs = selectors.negatives(category=category, q=q)
    rows = [
        {
            "id": e.pk,
            "category": e.category,
            "category_label": str(e.get_category_display()),
            "text": e.text,
            "basis": e.basis,
        }
        for e in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": rows}


@router.get("/calendar", response=CalendarOut, summary="A year of the working-day calendar")
def calendar_get(request, year: int = Query(..., ge=calendar_selectors.YEAR_MIN, le=calendar_selectors.YEAR_MAX)):
    ensure_allowed(permissions.can_view_calendar(request.user))
    days = calendar_selectors.days_list(year)
    return {
        "year": year,
        "known": calendar_selectors.workdays.known(year),
        "package": calendar_selectors.package_knows(year),
        "workdays": sum(d["workday"] for d in days),
        "days": days,
    }


@router.post("/calendar/overrides", response={201: list[OverrideOut]}, summary="The office marks days (a range)")
def override_set(request, payload: OverrideIn):
    saved = calendar_services.override_set(
        actor=request.user, day=payload.day, day_to=payload.day_to, is_workday=payload.is_workday, note=payload.note
    )
    return Status(201, saved)


@router.delete("/calendar/overrides/{day}", response={204: None}, summary="The office removes its entry for a day")
def override_remove(request, day: str):
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError:
        raise ValidationFailed(detail=[{"field": "day", "message": "YYYY-MM-DD"}]) from None
    calendar_services.override_remove(actor=request.user, day=parsed)
    return Status(204, None)
