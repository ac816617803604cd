"""Demo data for the carriers (载体): eight carriers in the zone's parks — incubators, maker spaces, an
accelerator, a university science park and a renovated building — operated by organizations of the registry
(or a park committee), with buildings and units, tenants from the registry's demo enterprises on current,
expired and ended leases (occupancy from about a third to nearly full), graduations (one by 高企 recognition
of an enterprise the registry shows with a valid 高企 qualification) and two virtual registrations.

Everything goes through the services as the office, so it is validated and audited like any entry. Dates
are counted back from today; every choice is fixed, so the data is the same on every run. Safe to rerun
(skipped when loaded)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.enterprises import selectors as registry

from .models import Carrier, Lease, VirtualRegistration
from .services import carriers as carrier_services
from .services import leases as lease_services

ORDER = 52  # after the registry (45) and talent (50), before the platforms (55)
DEMO = "（演示）"
LONGYUAN = "甘肃陇原新材料科技有限公司"  # the enterprise login's company: a tenant, to show a tenant's view

# name, kind, park code, operator (an organization name, or "" for the first demo enterprise of the park),
# floor area, renovated, share of the units let today
CARRIERS = [
    ("兰州高新区科技企业孵化器", "incubator", "lzgx", "", "12000", False, 0.85),
    ("兰州大学国家大学科技园", "science_park", "lzgx", "兰州大学", "18500", False, 0.6),
    ("兰州高新区新材料众创空间", "makerspace", "lzgx", "中国科学院兰州化学物理研究所", "3200", False, 0.95),
    ("兰州新区创新创业孵化基地", "incubator", "lzxq", "", "9600", False, 0.5),
    ("兰州新区智能制造加速器", "accelerator", "lzxq", "", "15000", False, 0.3),
    ("白银高新区科技企业孵化器", "incubator", "bygx", "", "8800", False, 0.75),
    ("白银高新区闲置厂房改造众创空间", "makerspace", "bygx", "", "4200", True, 0.4),
    ("兰州经开区科创大厦", "building", "lzjk", "兰州经开区管委会", "21000", True, 0.65),
]
UNITS_PER_CARRIER = 9  # 8 rentable units over two buildings and a public service area
CRITERIA = ["financing", "revenue", "merged"]


def _units(floor_area: Decimal) -> list[dict]:
    """Eight rentable rooms (A/B buildings, floors 1–4) and one public area, sized from the floor area."""
    base = floor_area / 20
    rows = []
    for n in range(UNITS_PER_CARRIER - 1):
        building, floor = ("A", "B")[n % 2], 1 + n // 2
        area = (base * Decimal(1 + (n * 37 % 9) / 10)).quantize(Decimal("0.01"))
        number = f"{floor}0{n % 2 + 1}"
        rows.append({"building": building, "floor": floor, "number": number, "area": area, "workstations": 4 + n})
    public = (base * 2).quantize(Decimal("0.01"))
    rows.append({"building": "A", "floor": 1, "number": "公共服务区", "area": public, "public": True})
    return rows


def _pool(office, park_code: str, city_code: str, exclude: set[int]) -> list[int]:
    """Demo enterprises of the park (then of its city) as organization ids, in USCC order."""
    entries = registry.enterprises_for(office).filter(is_demo=True, kind="enterprise").order_by("uscc")
    park = [e.organization_id for e in entries.filter(park__code=park_code)]
    in_city = entries.filter(Q(region__parent__code=city_code) | Q(park__parent__code=city_code))
    city = [e.organization_id for e in in_city if e.organization_id not in park]
    return [pk for pk in park + city if pk not in exclude]


def _hnte_holders(office, day: dt.date) -> list[int]:
    """Organizations the registry shows with a 高企 qualification valid on `day`."""
    found = registry.enterprise_search(registry.enterprises_for(office).filter(is_demo=True), qualification="hnte")
    return [
        e.organization_id
        for e in found.order_by("uscc").prefetch_related("qualifications")
        if any(q.kind == "hnte" for q in registry.valid_qualifications(e, on=day))
    ]


@transaction.atomic
def seed(*, with_activity: bool) -> str:
    if Carrier.objects.filter(is_demo=True).exists():
        return "carriers: already loaded"
    office = User.objects.get(username="office")
    today = timezone.localdate()
    found = Region.objects.filter(code__in=["lzgx", "lzxq", "bygx", "lzjk"]).select_related("parent")
    parks = {r.code: r for r in found}
    longyuan = Organization.objects.filter(name=LONGYUAN).first()
    grad_day = today - dt.timedelta(days=120)
    hnte = _hnte_holders(office, grad_day)
    used: set[int] = set()
    made, graduations = [], 0
    for k, (name, kind, park_code, operator, floor_area, renovated, share) in enumerate(CARRIERS):
        park = parks[park_code]
        pool = _pool(office, park_code, park.parent.code if park.parent else "", used)
        operator_org = Organization.objects.filter(name=operator).first() if operator else None
        if operator_org is None:  # the first demo enterprise of the park (not the enterprise login's company)
            operator_org = Organization.objects.get(pk=next(pk for pk in pool if pk != getattr(longyuan, "pk", 0)))
            pool.remove(operator_org.pk)
        used.add(operator_org.pk)
        carrier = carrier_services.carrier_create(
            actor=office,
            data={
                "name": name + DEMO,
                "kind": kind,
                "operator": operator_org,
                "region": park,
                "address": f"{park.name}创新大道 {100 + k * 8} 号{DEMO}",
                "floor_area": floor_area,
                "land_area": str(Decimal(floor_area) / 2),
                "renovated": renovated,
                "opened_on": today - dt.timedelta(days=365 * 6 + 30 * k),
            },
            is_demo=True,
        )
        units = carrier_services.units_create(actor=office, carrier=carrier, rows=_units(Decimal(floor_area)))
        rentable = [u for u in units if not u.public]
        let = round(share * len(rentable))
        tenants = [pk for pk in pool if pk not in used]
        if k == 0 and longyuan is not None and longyuan.pk not in used:
            tenants.insert(0, longyuan.pk)
        for n, unit in enumerate(rentable):
            if n < let and tenants:  # current lease, some with an expired one before it
                tenant = tenants.pop(0)
                used.add(tenant)
                start = today - dt.timedelta(days=90 + 61 * n)
                if n % 3 == 0 and tenants:
                    _past(office, carrier, unit, tenants, used, start, hnte if k == 0 and n == 0 else [])
                lease_services.lease_create(
                    actor=office,
                    carrier=carrier,
                    data={
                        "unit": unit,
                        "tenant": tenant,
                        "kind": "incubating" if kind in ("incubator", "makerspace") else "resident",
                        "starts_on": start,
                        "ends_on": start + dt.timedelta(days=365 * (2 + n % 2)),
                    },
                )
            elif tenants:  # vacant today: an expired lease, or one ended early by a move-out
                lease = _past(office, carrier, unit, tenants, used, today - dt.timedelta(days=30 * n), [])
                if n % 2 == 0:
                    lease_services.lease_end(
                        actor=office, lease=lease, moved_out_on=lease.ends_on - dt.timedelta(days=100)
                    )
        graduations += _graduate(office, carrier, k, grad_day, hnte)
        made.append(carrier)
    _virtual(office, made, today)
    return (
        f"carriers: {len(made)} carriers, {sum(c.units.count() for c in made)} units, "
        f"{Lease.objects.filter(unit__carrier__in=made).count()} leases, {graduations} graduations, "
        f"{VirtualRegistration.objects.filter(carrier__in=made).count()} virtual registrations"
    )


def _past(office, carrier, unit, tenants: list[int], used: set[int], before: dt.date, prefer: list[int]) -> Lease:
    """An expired lease of the unit ending on `before` (two years long), preferably by one of `prefer`."""
    pick = next((pk for pk in prefer if pk not in used), None) or tenants[0]
    if pick in tenants:
        tenants.remove(pick)
    used.add(pick)
    start = max(before - dt.timedelta(days=730), carrier.opened_on)
    return lease_services.lease_create(
        actor=office,
        carrier=carrier,
        data={"unit": unit, "tenant": pick, "kind": "incubating", "starts_on": start, "ends_on": before},
    )


def _graduate(office, carrier: Carrier, k: int, day: dt.date, hnte: list[int]) -> int:
    """The first incubator's 高企 graduate, and one graduate of each other incubator and maker space."""
    if carrier.kind not in ("incubator", "makerspace") or k > 6:
        return 0
    past = [
        lease.tenant_id
        for lease in Lease.objects.filter(unit__carrier=carrier, ends_on__lte=timezone.localdate()).order_by("id")
    ]
    if not past:
        return 0
    tenant = past[0]
    criterion = "hnte" if tenant in hnte else CRITERIA[k % len(CRITERIA)]
    lease_services.graduation_record(
        actor=office,
        carrier=carrier,
        data={"tenant": tenant, "graduated_on": day, "criterion": criterion, "note": "孵化期满，达到毕业条件（演示）"},
    )
    return 1


def _virtual(office, carriers: list[Carrier], today: dt.date) -> None:
    """Two enterprises registered at a park carrier's address while they operate in the city (虚拟空间)."""
    if not carriers:
        return
    taken = set(Lease.objects.values_list("tenant_id", flat=True)) | {c.operator_id for c in carriers}
    entries = registry.enterprises_for(office).filter(is_demo=True, kind="enterprise", park__isnull=True)
    chosen = [e for e in entries.select_related("region").order_by("uscc") if e.organization_id not in taken][:2]
    for n, (entry, carrier) in enumerate(zip(chosen, (carriers[0], carriers[5 % len(carriers)]), strict=False)):
        lease_services.virtual_register(
            actor=office,
            carrier=carrier,
            data={
                "tenant": entry.organization_id,
                "registered_address": carrier.address,
                "operating_address": f"{entry.region.name}科技路 {20 + n} 号{DEMO}",
                "operating_region": entry.region,
                "starts_on": today - dt.timedelta(days=200 + 100 * n),
            },
        )
