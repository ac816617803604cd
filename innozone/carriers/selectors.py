"""Reads of the carriers (载体): what a user sees, occupancy on a day, the occupancy board per park, the
floor/unit list with its current tenants, graduates, virtual registrations, and the figures the platforms app
prefills an incubator's yearly report with (`incubator_figures`).

A lease holds its unit from `starts_on` up to the day before its end — the day the tenant moved out, else
`ends_on` — so a new lease may start on the day the previous one ends. Occupancy is the leased area of the
non-public units over their whole area."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from innozone.core import regions
from innozone.core.models import Region
from innozone.core.selectors import one_or_not_found

from .models import Carrier, Graduation, Lease, Unit, VirtualRegistration
from .permissions import sees_whole, visible_region_ids

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


# --- what a user sees -------------------------------------------------------------------------------------


def carriers_for(user) -> QuerySet[Carrier]:
    """All carriers (office, leaders, auditors), those of the staff's region, the operator's own, and for a
    tenant those where it rents or rented a unit or is registered."""
    qs = Carrier.objects.select_related("operator", "region")
    ids = visible_region_ids(user)
    if ids is None:
        return qs
    org_id = user.organization_id if user.is_authenticated else None
    mine = Q(pk=None)
    if org_id:
        rented = Unit.objects.filter(leases__tenant_id=org_id).values("carrier_id")
        virtual = VirtualRegistration.objects.filter(tenant_id=org_id).values("carrier_id")
        mine = Q(operator_id=org_id) | Q(pk__in=rented) | Q(pk__in=virtual)
    return qs.filter(mine | Q(region_id__in=ids)) if ids else qs.filter(mine)


def carrier_search(qs: QuerySet[Carrier], *, kind: str = "", region: int | None = None, q: str = "") -> QuerySet:
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_id__in=regions.descendants(region))
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(operator__name__icontains=q.strip()))
    return qs


def carrier_visible(user, carrier_id) -> Carrier:
    return one_or_not_found(carriers_for(user), carrier_id)


def tenant_scope(user, carrier: Carrier) -> int | None:
    """None: the user sees every tenant of the carrier; else the organization whose rows alone it sees."""
    return None if sees_whole(user, carrier) else (user.organization_id or -1)


def region_choices(user) -> QuerySet[Region]:
    """Regions offered by the filters and the carrier form (cities, districts, counties, parks)."""
    qs = Region.objects.filter(kind__in=("city", "district", "county", "park")).order_by("kind", "id")
    ids = visible_region_ids(user)
    return qs if ids is None else qs.filter(pk__in=ids)


def carrier_choices() -> list[tuple[int, str]]:
    """Every carrier as (id, "name（kind）"), for linking a carrier to its platform record."""
    kinds = dict(Carrier.Kind.choices)
    rows = Carrier.objects.order_by("name").values_list("pk", "name", "kind")
    return [(pk, f"{name}（{kinds.get(kind, kind)}）") for pk, name, kind in rows]


# --- leases on a day --------------------------------------------------------------------------------------


def active_on(on: dt.date) -> Q:
    """Leases holding their unit on `on` (half-open: from starts_on to the day before the end)."""
    return Q(starts_on__lte=on, ends_on__gt=on) & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))


def lease_end(lease: Lease) -> dt.date:
    """The day the lease stops holding its unit."""
    return min(lease.moved_out_on, lease.ends_on) if lease.moved_out_on else lease.ends_on


def overlapping(unit_id: int, starts_on: dt.date, ends_on: dt.date, *, exclude: int | None = None) -> list[Lease]:
    """Leases of the unit whose period meets [starts_on, ends_on)."""
    qs = Lease.objects.filter(unit_id=unit_id, starts_on__lt=ends_on).select_related("tenant")
    if exclude:
        qs = qs.exclude(pk=exclude)
    return [lease for lease in qs if lease_end(lease) > starts_on]


@dataclass(frozen=True)
class Occupancy:
    rentable_area: Decimal  # the non-public units' area
    leased_area: Decimal  # of those, the units held by a lease on the day
    units: int  # non-public units
    units_occupied: int
    tenants: int  # distinct tenants holding a unit on the day

    @property
    def rate(self) -> Decimal | None:
        """Leased over rentable area, in percent with two decimals (None without rentable area)."""
        if not self.rentable_area:
            return None
        return (self.leased_area * 100 / self.rentable_area).quantize(CENT)

    @property
    def vacant_area(self) -> Decimal:
        return self.rentable_area - self.leased_area


EMPTY = Occupancy(ZERO, ZERO, 0, 0, 0)


def occupancy(carrier_ids, on: dt.date | None = None) -> dict[int, Occupancy]:
    """{carrier id: its occupancy on `on` (today by default)} in three queries."""
    on = on or timezone.localdate()
    carrier_ids = list(carrier_ids)
    rentable = {
        r["carrier_id"]: r
        for r in Unit.objects.filter(carrier_id__in=carrier_ids, public=False)
        .values("carrier_id")
        .annotate(area=Sum("area"), n=Count("id"))
    }
    held = (
        Lease.objects.filter(active_on(on), unit__carrier_id__in=carrier_ids)
        .values_list("unit__carrier_id", "unit_id", "unit__area", "unit__public", "tenant_id")
        .distinct()
    )
    leased: dict[int, Decimal] = defaultdict(lambda: ZERO)
    occupied: dict[int, set] = defaultdict(set)
    tenants: dict[int, set] = defaultdict(set)
    for carrier_id, unit_id, area, public, tenant_id in held:
        tenants[carrier_id].add(tenant_id)
        if not public and unit_id not in occupied[carrier_id]:
            occupied[carrier_id].add(unit_id)
            leased[carrier_id] += area
    out = {}
    for pk in carrier_ids:
        r = rentable.get(pk)
        out[pk] = Occupancy(
            rentable_area=r["area"] if r else ZERO,
            leased_area=leased[pk],
            units=r["n"] if r else 0,
            units_occupied=len(occupied[pk]),
            tenants=len(tenants[pk]),
        )
    return out


def occupancy_of(carrier: Carrier, on: dt.date | None = None) -> Occupancy:
    return occupancy([carrier.pk], on)[carrier.pk]


@dataclass
class BoardGroup:
    region: Region
    rows: list  # [(carrier, occupancy)]
    total: Occupancy


def occupancy_board(carriers: QuerySet[Carrier], on: dt.date | None = None) -> list[BoardGroup]:
    """The carriers grouped by their park or region (in region order), each with its occupancy and the
    group's total."""
    carriers = list(carriers.select_related("region", "operator").order_by("region_id", "name"))
    occ = occupancy([c.pk for c in carriers], on)
    groups: dict[int, BoardGroup] = {}
    for c in carriers:
        group = groups.setdefault(c.region_id, BoardGroup(c.region, [], EMPTY))
        group.rows.append((c, occ[c.pk]))
    for group in groups.values():
        group.total = sum_occupancy([o for _c, o in group.rows])
    return list(groups.values())


def sum_occupancy(items: list[Occupancy]) -> Occupancy:
    return Occupancy(
        rentable_area=sum((o.rentable_area for o in items), ZERO),
        leased_area=sum((o.leased_area for o in items), ZERO),
        units=sum(o.units for o in items),
        units_occupied=sum(o.units_occupied for o in items),
        tenants=sum(o.tenants for o in items),
    )


# --- one carrier ------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    lease: Lease | None  # the lease holding it on the day

    @property
    def tenant(self):
        return self.lease.tenant if self.lease else None


def unit_rows(carrier: Carrier, on: dt.date | None = None, *, tenant_id: int | None = None) -> list[UnitRow]:
    """The floor/unit list (building, floor, number) with the tenant holding each unit on the day; for a
    tenant's view (`tenant_id`) only the units it holds."""
    on = on or timezone.localdate()
    leases = {
        lease.unit_id: lease
        for lease in Lease.objects.filter(active_on(on), unit__carrier=carrier).select_related("tenant")
    }
    rows = [UnitRow(u, leases.get(u.pk)) for u in carrier.units.order_by("building", "floor", "number")]
    if tenant_id is not None:
        rows = [r for r in rows if r.lease and r.lease.tenant_id == tenant_id]
    return rows


def leases_of(carrier: Carrier, *, tenant_id: int | None = None) -> QuerySet[Lease]:
    """Every lease of the carrier, the newest first."""
    qs = Lease.objects.filter(unit__carrier=carrier).select_related("unit", "tenant").order_by("-starts_on", "-id")
    return qs if tenant_id is None else qs.filter(tenant_id=tenant_id)


def tenants_on(carrier: Carrier, on: dt.date | None = None, *, tenant_id: int | None = None) -> list[dict]:
    """The tenants holding a unit on the day: [{tenant, units, area, kind, ends_on}] by name."""
    on = on or timezone.localdate()
    qs = Lease.objects.filter(active_on(on), unit__carrier=carrier).select_related("tenant", "unit")
    if tenant_id is not None:
        qs = qs.filter(tenant_id=tenant_id)
    found: dict[int, dict] = {}
    for lease in qs:
        row = found.setdefault(
            lease.tenant_id,
            {"tenant": lease.tenant, "units": [], "area": ZERO, "kind": lease.get_kind_display(), "ends_on": None},
        )
        row["units"].append(str(lease.unit))
        row["area"] += lease.unit.area
        row["ends_on"] = max(filter(None, [row["ends_on"], lease.ends_on]))
    return sorted(found.values(), key=lambda r: r["tenant"].name)


def graduates(carrier: Carrier, *, tenant_id: int | None = None) -> QuerySet[Graduation]:
    qs = carrier.graduations.select_related("tenant")
    return qs if tenant_id is None else qs.filter(tenant_id=tenant_id)


def virtual_registrations(carrier: Carrier, *, tenant_id: int | None = None) -> QuerySet[VirtualRegistration]:
    qs = carrier.virtual_tenants.select_related("tenant", "operating_region").order_by("-starts_on")
    return qs if tenant_id is None else qs.filter(tenant_id=tenant_id)


def lease_of(carrier: Carrier, lease_id) -> Lease:
    return one_or_not_found(leases_of(carrier), lease_id)


def unit_of(carrier: Carrier, unit_id) -> Unit:
    return one_or_not_found(carrier.units.all(), unit_id)


def registration_of(carrier: Carrier, registration_id) -> VirtualRegistration:
    return one_or_not_found(carrier.virtual_tenants.all(), registration_id)


def had_lease(carrier: Carrier, tenant_id: int) -> bool:
    return Lease.objects.filter(unit__carrier=carrier, tenant_id=tenant_id).exists()


def leases_of_tenant(organization_id: int) -> QuerySet[Lease]:
    """A tenant's own leases in every carrier."""
    return (
        Lease.objects.filter(tenant_id=organization_id).select_related("unit__carrier", "tenant").order_by("-starts_on")
    )


# --- for the platforms app ----------------------------------------------------------------------------------


def incubator_figures(carrier_ids, year: int) -> dict:
    """An incubator's yearly figures from its carriers: tenants holding a unit at the end of the year (today
    for the current year), firms graduated in the year, the floor area, and the occupancy (%) on that day."""
    carrier_ids = list(carrier_ids)
    on = min(dt.date(year, 12, 31), timezone.localdate())
    held = Lease.objects.filter(active_on(on), unit__carrier_id__in=carrier_ids)
    total = sum_occupancy(list(occupancy(carrier_ids, on).values()))
    area = Carrier.objects.filter(pk__in=carrier_ids).aggregate(a=Sum("floor_area"))["a"] or ZERO
    return {
        "tenants": held.values("tenant_id").distinct().count(),
        "graduated": Graduation.objects.filter(carrier_id__in=carrier_ids, graduated_on__year=year).count(),
        "area": Decimal(area).quantize(CENT),
        "occupancy": total.rate,
    }


def carriers_of_platform(platform_id: int) -> list[Carrier]:
    """The carriers linked to a platform record (an incubator's or maker space's buildings), with occupancy."""
    carriers = list(Carrier.objects.filter(platform_id=platform_id).select_related("region").order_by("name"))
    found = occupancy([c.pk for c in carriers])
    for c in carriers:
        c.occupancy_now = found.get(c.pk)
    return carriers
