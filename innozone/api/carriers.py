"""/api/carriers: the carriers (载体) — incubators, maker spaces, parks and buildings — with their units,
occupancy, leases, move-outs, graduations and virtual registrations. Same services, selectors and
permissions as the pages; areas are ㎡ with two decimals (strings out, strings or numbers in), dates ISO 8601."""

import datetime as dt

from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from innozone.carriers import permissions, selectors
from innozone.carriers.services import leases as lease_services
from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX

router = Router(tags=["carriers"])

RowId = Path(..., ge=1, le=ROW_ID_MAX)
ON = Query(None, description="the day (default today)")


def _area(value) -> str | None:
    return None if value is None else f"{value:.2f}"


# --- schemas ----------------------------------------------------------------------------------------------


class CarrierOccupancyOut(Schema):
    """Occupancy on `on`: leased over rentable area (units not marked public), in percent (null: no units)."""

    on: dt.date
    rentable_area: str
    leased_area: str
    rate: str | None
    units: int
    units_occupied: int
    tenants: int


class CarrierOut(Schema):
    id: int
    name: str
    kind: str
    region_id: int
    region: str
    operator_id: int
    operator: str
    address: str
    floor_area: str
    land_area: str | None
    renovated: bool
    opened_on: dt.date | None
    platform_id: int | None
    is_demo: bool

    @staticmethod
    def resolve_region(c) -> str:
        return c.region.name

    @staticmethod
    def resolve_operator(c) -> str:
        return c.operator.name

    @staticmethod
    def resolve_floor_area(c) -> str:
        return _area(c.floor_area)

    @staticmethod
    def resolve_land_area(c) -> str | None:
        return _area(c.land_area)


class CarrierPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CarrierOut]


class CarrierUnitOut(Schema):
    """A unit with the tenant holding it today (null: vacant, or a unit the caller's tenant does not hold)."""

    id: int
    building: str
    floor: int
    number: str
    area: str
    workstations: int
    public: bool
    tenant_id: int | None
    tenant: str | None
    lease_id: int | None
    lease_ends_on: dt.date | None


class CarrierLeaseIn(Schema):
    unit_id: int = Field(..., ge=1, le=ROW_ID_MAX)
    tenant: str = Field(..., min_length=1, max_length=200, description="organization id, USCC or registered name")
    kind: str = Field("resident", max_length=12, description="incubating, team or resident")
    starts_on: dt.date
    ends_on: dt.date


class CarrierLeaseOut(Schema):
    id: int
    unit_id: int
    unit: str
    tenant_id: int
    tenant: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    moved_out_on: dt.date | None

    @staticmethod
    def resolve_unit(lease) -> str:
        return str(lease.unit)

    @staticmethod
    def resolve_tenant(lease) -> str:
        return lease.tenant.name


class CarrierMoveOutIn(Schema):
    moved_out_on: dt.date


class CarrierGraduationIn(Schema):
    tenant: str = Field(..., min_length=1, max_length=200, description="organization id, USCC or registered name")
    graduated_on: dt.date
    criterion: str = Field(..., max_length=12, description="hnte, financing, revenue or merged")
    note: str = Field("", max_length=200)


class CarrierGraduationOut(Schema):
    id: int
    tenant_id: int
    tenant: str
    graduated_on: dt.date
    criterion: str
    note: str

    @staticmethod
    def resolve_tenant(g) -> str:
        return g.tenant.name


class CarrierVirtualIn(Schema):
    tenant: str = Field(..., min_length=1, max_length=200, description="organization id, USCC or registered name")
    registered_address: str = Field("", max_length=200, description="default: the carrier's address")
    operating_address: str = Field(..., min_length=1, max_length=200)
    operating_region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    starts_on: dt.date
    ends_on: dt.date | None = None


class CarrierVirtualOut(Schema):
    id: int
    tenant_id: int
    tenant: str
    registered_address: str
    operating_address: str
    operating_region_id: int | None
    starts_on: dt.date
    ends_on: dt.date | None

    @staticmethod
    def resolve_tenant(r) -> str:
        return r.tenant.name


class CarrierVirtualEndIn(Schema):
    ends_on: dt.date


# --- operations -------------------------------------------------------------------------------------------


def _carrier(request, carrier_id: int):
    ensure_allowed(permissions.can_view_carriers(request.user))
    return selectors.carrier_visible(request.user, carrier_id)


@router.get("/", response=CarrierPageOut, summary="The carriers you may see, filtered, one page")
def list_carriers(
    request,
    kind: str = Query("", max_length=15, description="park, incubator, makerspace, accelerator, building…"),
    region: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="region or park id (and what lies under it)"),
    q: str = Query("", max_length=100, description="name or operator"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    ensure_allowed(permissions.can_view_carriers(request.user))
    found = selectors.carrier_search(selectors.carriers_for(request.user), kind=kind, region=region, q=q)
    items = list(found.order_by("id")[offset : offset + limit])
    return {"count": found.count(), "limit": limit, "offset": offset, "items": items}


@router.get("/{int:carrier_id}", response=CarrierOut, summary="One carrier")
def get_carrier(request, carrier_id: int = RowId):
    return _carrier(request, carrier_id)


@router.get(
    "/{int:carrier_id}/occupancy",
    response=CarrierOccupancyOut,
    summary="Occupancy on a day (default today); not for a tenant, which sees only its own rows",
)
def get_occupancy(request, carrier_id: int = RowId, on: dt.date | None = ON):
    carrier = _carrier(request, carrier_id)
    ensure_allowed(permissions.can_view_occupancy(request.user, carrier))
    on = on or timezone.localdate()
    o = selectors.occupancy_of(carrier, on)
    return {
        "on": on,
        "rentable_area": _area(o.rentable_area),
        "leased_area": _area(o.leased_area),
        "rate": _area(o.rate),
        "units": o.units,
        "units_occupied": o.units_occupied,
        "tenants": o.tenants,
    }


@router.get("/{int:carrier_id}/units", response=list[CarrierUnitOut], summary="Units with today's tenant")
def list_units(request, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    rows = selectors.unit_rows(carrier, tenant_id=selectors.tenant_scope(request.user, carrier))
    return [
        {
            "id": r.unit.pk,
            "building": r.unit.building,
            "floor": r.unit.floor,
            "number": r.unit.number,
            "area": _area(r.unit.area),
            "workstations": r.unit.workstations,
            "public": r.unit.public,
            "tenant_id": r.lease.tenant_id if r.lease else None,
            "tenant": r.lease.tenant.name if r.lease else None,
            "lease_id": r.lease.pk if r.lease else None,
            "lease_ends_on": r.lease.ends_on if r.lease else None,
        }
        for r in rows
    ]


@router.get("/{int:carrier_id}/leases", response=list[CarrierLeaseOut], summary="Leases, the newest first")
def list_leases(request, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    return list(selectors.leases_of(carrier, tenant_id=selectors.tenant_scope(request.user, carrier))[:500])


@router.post(
    "/{int:carrier_id}/leases",
    response={201: CarrierLeaseOut},
    summary="Office or the operator: a tenant from the registry moves into a unit (periods never overlap)",
)
def create_lease(request, payload: CarrierLeaseIn, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    data = payload.model_dump()
    data["unit"] = data.pop("unit_id")
    lease = lease_services.lease_create(actor=request.user, carrier=carrier, data=data)
    return Status(201, selectors.lease_of(carrier, lease.pk))


@router.post(
    "/{int:carrier_id}/leases/{int:lease_id}/end",
    response=CarrierLeaseOut,
    summary="Office or the operator: the tenant moves out (the unit is free from that day)",
)
def end_lease(request, payload: CarrierMoveOutIn, carrier_id: int = RowId, lease_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    lease = selectors.lease_of(carrier, lease_id)
    lease_services.lease_end(actor=request.user, lease=lease, moved_out_on=payload.moved_out_on)
    return selectors.lease_of(carrier, lease_id)


@router.get("/{int:carrier_id}/graduations", response=list[CarrierGraduationOut], summary="Graduated firms")
def list_graduations(request, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    return list(selectors.graduates(carrier, tenant_id=selectors.tenant_scope(request.user, carrier)))


@router.post(
    "/{int:carrier_id}/graduations",
    response={201: CarrierGraduationOut},
    summary="Office or the operator: a tenant graduates (by hnte only with a valid 高企 qualification)",
)
def record_graduation(request, payload: CarrierGraduationIn, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    graduation = lease_services.graduation_record(actor=request.user, carrier=carrier, data=payload.model_dump())
    return Status(201, graduation)


@router.get("/{int:carrier_id}/virtual", response=list[CarrierVirtualOut], summary="Virtual registrations (虚拟入驻)")
def list_virtual(request, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    return list(selectors.virtual_registrations(carrier, tenant_id=selectors.tenant_scope(request.user, carrier)))


@router.post(
    "/{int:carrier_id}/virtual",
    response={201: CarrierVirtualOut},
    summary="Office or the operator: an enterprise registered here while operating elsewhere",
)
def create_virtual(request, payload: CarrierVirtualIn, carrier_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    data = payload.model_dump()
    data["operating_region"] = data.pop("operating_region_id")
    registration = lease_services.virtual_register(actor=request.user, carrier=carrier, data=data)
    return Status(201, registration)


@router.post(
    "/{int:carrier_id}/virtual/{int:registration_id}/end",
    response=CarrierVirtualOut,
    summary="Office or the operator: a virtual registration ends",
)
def end_virtual(request, payload: CarrierVirtualEndIn, carrier_id: int = RowId, registration_id: int = RowId):
    carrier = _carrier(request, carrier_id)
    registration = selectors.registration_of(carrier, registration_id)
    return lease_services.virtual_end(actor=request.user, registration=registration, ends_on=payload.ends_on)
