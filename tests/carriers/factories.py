"""Carriers made for a test on the registry's demo state (through the services, as the office)."""

import datetime as dt

from innozone.carriers.services import carriers as carrier_services
from innozone.core.models import Organization, Region, User
from innozone.enterprises import selectors as registry


def office():
    return User.objects.get(username="office")


def registered(n: int = 0, **filters) -> list[Organization]:
    """Organizations with a registry entry (demo enterprises of 兰州高新区 by default), in USCC order."""
    entries = registry.enterprises_for(office()).filter(is_demo=True, kind="enterprise", **filters).order_by("uscc")
    return [e.organization for e in entries[n : n + 6]]


def hnte_holder(on: dt.date) -> Organization:
    entries = registry.enterprise_search(registry.enterprises_for(office()).filter(is_demo=True), qualification="hnte")
    for e in entries.order_by("uscc").prefetch_related("qualifications"):
        if any(q.kind == "hnte" for q in registry.valid_qualifications(e, on=on)):
            return e.organization
    raise AssertionError("no 高企 in the registry demo")


def without_hnte(orgs, on: dt.date) -> Organization:
    for org in orgs:
        entry = registry.enterprise_of(org.pk)
        if not any(q.kind == "hnte" for q in registry.valid_qualifications(entry, on=on)):
            return org
    raise AssertionError("every candidate is a 高企")


def carrier(*, operator=None, park="lzgx", kind="incubator", units=((100, False), (50, False), (30, True)), **extra):
    """A carrier with units of the given (area, public), the first two rentable."""
    region = Region.objects.get(code=park)
    operator = operator or Organization.objects.get(name="兰州大学")
    c = carrier_services.carrier_create(
        actor=office(),
        data={
            "name": extra.pop("name", "测试孵化器"),
            "kind": kind,
            "operator": operator,
            "region": region,
            "floor_area": "1000",
            "opened_on": dt.date(2015, 1, 1),
            **extra,
        },
    )
    rows = [{"building": "A", "floor": 1, "number": f"10{n}", "area": a, "public": p} for n, (a, p) in enumerate(units)]
    if rows:
        carrier_services.units_create(actor=office(), carrier=c, rows=rows)
    return c
