"""Writes of the carriers themselves and their units: register and change a carrier, add and change units
(one or a few lines at once), and link a carrier to its innovation platform record (called by the platforms
app when an incubator or maker space is recognised)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed

from ..models import Carrier, Unit
from ..permissions import can_create, can_manage
from . import validation as v

CARRIER_FIELDS = ["name", "kind", "operator", "region", "address", "land_area", "floor_area", "renovated", "opened_on"]
UNIT_FIELDS = ["building", "floor", "number", "area", "workstations", "public"]


def _flag(value) -> bool:
    return value in (True, 1, "1", "true", "True", "on", "yes")


def _carrier_values(data: dict, *, exclude_pk: int | None = None) -> dict:
    errors: list = []
    values = {
        "name": v.text(data, "name", errors, max_length=200, required=True),
        "kind": v.choice(data, "kind", errors, Carrier.Kind.values),
        "operator": v.organization(data, "operator", errors),
        "region": v.region(data, "region", errors),
        "address": v.text(data, "address", errors, max_length=200),
        "land_area": v.area(data, "land_area", errors, required=False),
        "floor_area": v.area(data, "floor_area", errors),
        "renovated": _flag(data.get("renovated")),
        "opened_on": v.date(data, "opened_on", errors),
    }
    if values["name"] and Carrier.objects.filter(name=values["name"]).exclude(pk=exclude_pk).exists():
        v.problem(errors, "name", _("已有同名载体"))
    if errors:
        raise ValidationFailed(detail=errors)
    return values


@transaction.atomic
def carrier_create(*, actor, data: dict, is_demo: bool = False) -> Carrier:
    ensure_allowed(can_create(actor))
    carrier = Carrier(**_carrier_values(data), is_demo=is_demo)
    try:
        with transaction.atomic():
            carrier.save()
    except IntegrityError as exc:
        raise Conflict(_("已有同名载体")) from exc
    audit.record(
        actor=actor,
        action="carriers.carrier.create",
        obj=carrier,
        summary=carrier.name,
        after=audit.snapshot(carrier, CARRIER_FIELDS),
    )
    return carrier


@transaction.atomic
def carrier_update(*, actor, carrier: Carrier, data: dict) -> Carrier:
    ensure_allowed(can_manage(actor, carrier))
    values = _carrier_values(data, exclude_pk=carrier.pk)
    before = audit.snapshot(carrier, CARRIER_FIELDS)
    for name, value in values.items():
        setattr(carrier, name, value)
    carrier.save()
    audit.record(
        actor=actor,
        action="carriers.carrier.update",
        obj=carrier,
        summary=carrier.name,
        before=before,
        after=audit.snapshot(carrier, CARRIER_FIELDS),
    )
    return carrier


@transaction.atomic
def carrier_link_platform(*, actor, carrier: Carrier, platform_id: int | None) -> Carrier:
    """Link the carrier to its platform record (None: unlink). The platform is named by id only: the carriers
    app does not read the platforms app."""
    ensure_allowed(can_manage(actor, carrier))
    if platform_id is not None:
        platforms = Carrier._meta.get_field("platform").related_model.objects
        if not platforms.filter(pk=platform_id).exists():
            raise NotFound(_("找不到该创新平台"))
    before = carrier.platform_id
    carrier.platform_id = platform_id
    carrier.save(update_fields=["platform"])
    audit.record(
        actor=actor,
        action="carriers.carrier.link_platform",
        obj=carrier,
        summary=carrier.name,
        before={"platform": before},
        after={"platform": platform_id},
    )
    return carrier


# --- units ------------------------------------------------------------------------------------------------


def _unit_values(carrier: Carrier, data: dict, errors: list, *, exclude_pk: int | None = None) -> dict:
    values = {
        "building": v.text(data, "building", errors, max_length=40),
        "floor": v.floor(data, "floor", errors),
        "number": v.text(data, "number", errors, max_length=40, required=True),
        "area": v.area(data, "area", errors),
        "workstations": v.count(data, "workstations", errors),
        "public": _flag(data.get("public")),
    }
    taken = carrier.units.filter(building=values["building"], number=values["number"]).exclude(pk=exclude_pk)
    if values["number"] and taken.exists():
        v.problem(errors, "number", _("该楼栋已有房间号“%(n)s”") % {"n": values["number"]})
    return values


@transaction.atomic
def unit_create(*, actor, carrier: Carrier, data: dict) -> Unit:
    return units_create(actor=actor, carrier=carrier, rows=[data])[0]


@transaction.atomic
def units_create(*, actor, carrier: Carrier, rows: list[dict]) -> list[Unit]:
    """Add several units at once (all or none); a problem on line n is reported as "第 n 行：…"."""
    ensure_allowed(can_manage(actor, carrier))
    if not rows:
        raise ValidationFailed(detail=[{"field": "units", "message": _("请至少填写一个房间")}])
    errors: list = []
    units, seen = [], set()
    for n, row in enumerate(rows, start=1):
        found: list = []
        values = _unit_values(carrier, row, found)
        key = (values["building"], values["number"])
        if values["number"] and key in seen:
            v.problem(found, "number", _("房间号“%(n)s”重复") % {"n": values["number"]})
        seen.add(key)
        if len(rows) > 1:
            found = [{**e, "message": _("第 %(n)s 行：%(m)s") % {"n": n, "m": e["message"]}, "row": n} for e in found]
        errors += found
        units.append(Unit(carrier=carrier, **values))
    if errors:
        raise ValidationFailed(detail=errors)
    created = Unit.objects.bulk_create(units)  # ids set (RETURNING on PostgreSQL and SQLite)
    for unit in created:
        audit.record(
            actor=actor,
            action="carriers.unit.create",
            obj=unit,
            summary=f"{carrier.name} {unit}",
            after=audit.snapshot(unit, UNIT_FIELDS),
        )
    return created


@transaction.atomic
def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    ensure_allowed(can_manage(actor, unit.carrier))
    errors: list = []
    values = _unit_values(unit.carrier, data, errors, exclude_pk=unit.pk)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(unit, UNIT_FIELDS)
    for name, value in values.items():
        setattr(unit, name, value)
    unit.save()
    audit.record(
        actor=actor,
        action="carriers.unit.update",
        obj=unit,
        summary=f"{unit.carrier.name} {unit}",
        before=before,
        after=audit.snapshot(unit, UNIT_FIELDS),
    )
    return unit


def parse_unit_lines(text: str) -> list[dict]:
    """ "楼栋,楼层,房间号,面积[,工位数]" one per line (comma, Chinese comma or tab) → rows for `units_create`."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("，", ",").replace("\t", ",").split(",")]
        parts += [""] * (5 - len(parts))
        rows.append(
            {"building": parts[0], "floor": parts[1], "number": parts[2], "area": parts[3], "workstations": parts[4]}
        )
    return rows
