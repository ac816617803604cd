"""Tenants: leases (入驻) and move-outs (退租), graduations (毕业) and virtual registrations (虚拟入驻).

A tenant must have an entry in the enterprise registry. Periods of one unit never overlap (the unit row is
locked while a lease is checked and written). A graduation needs a lease in that carrier; by the criterion
"hnte" the registry must show a 高新技术企业 qualification valid on the day of graduation."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.enterprises.selectors import enterprise_of, valid_qualifications

from .. import selectors
from ..models import Carrier, Graduation, Lease, Unit, VirtualRegistration
from ..permissions import can_manage
from . import validation as v

MAX_LEASE_YEARS = 20
INCUBATING_KINDS = (
    Carrier.Kind.INCUBATOR,
    Carrier.Kind.MAKERSPACE,
    Carrier.Kind.ACCELERATOR,
    Carrier.Kind.SCIENCE_PARK,
)
LEASE_FIELDS = ["unit", "tenant", "kind", "starts_on", "ends_on", "moved_out_on"]


def _unit(carrier: Carrier, data: dict, errors: list) -> Unit | None:
    value = data.get("unit")
    if value in (None, ""):
        v.problem(errors, "unit", _("必填"))
        return None
    pk = value.pk if isinstance(value, Unit) else v.row_id(value)
    unit = carrier.units.select_for_update().filter(pk=pk).first() if pk else None
    if unit is None:
        v.problem(errors, "unit", _("该房间不属于本载体"))
    elif unit.public:
        v.problem(errors, "unit", _("公共服务空间不能出租"))
    return unit


def _period(carrier: Carrier, data: dict, errors: list) -> tuple[dt.date | None, dt.date | None]:
    starts_on = v.date(data, "starts_on", errors, required=True)
    ends_on = v.date(data, "ends_on", errors, required=True)
    if starts_on and ends_on:
        if ends_on <= starts_on:
            v.problem(errors, "ends_on", _("到期日期须晚于起租日期"))
        elif ends_on.year - starts_on.year > MAX_LEASE_YEARS:
            v.problem(errors, "ends_on", _("租期不能超过 %(n)s 年") % {"n": MAX_LEASE_YEARS})
    if starts_on and carrier.opened_on and starts_on < carrier.opened_on:
        v.problem(errors, "starts_on", _("起租日期不能早于载体投入运营日期（%(d)s）") % {"d": carrier.opened_on})
    return starts_on, ends_on


@transaction.atomic
def lease_create(*, actor, carrier: Carrier, data: dict) -> Lease:
    ensure_allowed(can_manage(actor, carrier))
    errors: list = []
    unit = _unit(carrier, data, errors)
    tenant = v.registered_tenant(data, "tenant", errors)
    kind = v.choice(data, "kind", errors, Lease.Kind.values, default=Lease.Kind.RESIDENT)
    starts_on, ends_on = _period(carrier, data, errors)
    if unit is not None and starts_on and ends_on and ends_on > starts_on:
        for other in selectors.overlapping(unit.pk, starts_on, ends_on):
            v.problem(
                errors,
                "starts_on",
                _("房间 %(unit)s 在 %(start)s 至 %(end)s 已由“%(tenant)s”租用，租期不能重叠")
                % {"unit": unit, "start": other.starts_on, "end": selectors.lease_end(other), "tenant": other.tenant},
            )
    if errors:
        raise ValidationFailed(detail=errors)
    lease = Lease.objects.create(unit=unit, tenant=tenant, kind=kind, starts_on=starts_on, ends_on=ends_on)
    audit.record(
        actor=actor,
        action="carriers.lease.create",
        obj=lease,
        summary=f"{carrier.name} {unit} {tenant.name}",
        after=audit.snapshot(lease, LEASE_FIELDS),
    )
    return lease


@transaction.atomic
def lease_end(*, actor, lease: Lease, moved_out_on) -> Lease:
    """The tenant moves out: the unit is free from `moved_out_on`."""
    carrier = lease.unit.carrier
    ensure_allowed(can_manage(actor, carrier))
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if lease.moved_out_on:
        raise Conflict(_("该租约已于 %(d)s 退租") % {"d": lease.moved_out_on})
    errors: list = []
    day = v.date({"moved_out_on": moved_out_on}, "moved_out_on", errors, required=True)
    if day and day < lease.starts_on:
        v.problem(errors, "moved_out_on", _("退租日期不能早于起租日期（%(d)s）") % {"d": lease.starts_on})
    if day and day > lease.ends_on:
        v.problem(errors, "moved_out_on", _("退租日期不能晚于到期日期（%(d)s）") % {"d": lease.ends_on})
    if errors:
        raise ValidationFailed(detail=errors)
    lease.moved_out_on = day
    lease.save(update_fields=["moved_out_on"])
    audit.record(
        actor=actor,
        action="carriers.lease.end",
        obj=lease,
        summary=f"{carrier.name} {lease.unit} {lease.tenant.name}",
        before={"moved_out_on": None},
        after={"moved_out_on": day},
    )
    return lease


@transaction.atomic
def graduation_record(*, actor, carrier: Carrier, data: dict) -> Graduation:
    ensure_allowed(can_manage(actor, carrier))
    errors: list = []
    if carrier.kind not in INCUBATING_KINDS:
        v.problem(errors, "carrier", _("只有孵化器、众创空间、加速器和大学科技园记录毕业企业"))
    tenant = v.registered_tenant(data, "tenant", errors)
    day = v.date(data, "graduated_on", errors, required=True)
    criterion = v.choice(data, "criterion", errors, Graduation.Criterion.values)
    note = v.text(data, "note", errors, max_length=200)
    if tenant is not None:
        if not selectors.had_lease(carrier, tenant.pk):
            v.problem(errors, "tenant", _("“%(name)s”没有在本载体的入驻记录，不能登记毕业") % {"name": tenant.name})
        elif Graduation.objects.filter(carrier=carrier, tenant=tenant).exists():
            v.problem(errors, "tenant", _("“%(name)s”已登记从本载体毕业") % {"name": tenant.name})
        if criterion == Graduation.Criterion.HNTE and day:
            entry = enterprise_of(tenant.pk)
            if not any(q.kind == "hnte" for q in valid_qualifications(entry, on=day)):
                v.problem(
                    errors,
                    "criterion",
                    _("企业库中“%(name)s”在 %(d)s 没有有效的高新技术企业资质，不能按“获得高新技术企业认定”登记毕业")
                    % {"name": tenant.name, "d": day},
                )
    if errors:
        raise ValidationFailed(detail=errors)
    try:
        with transaction.atomic():
            graduation = Graduation.objects.create(
                carrier=carrier, tenant=tenant, graduated_on=day, criterion=criterion, note=note, recorded_by=actor
            )
    except IntegrityError as exc:
        raise Conflict(_("该企业已登记从本载体毕业")) from exc
    audit.record(
        actor=actor,
        action="carriers.graduation.record",
        obj=graduation,
        summary=f"{carrier.name} {tenant.name} {graduation.get_criterion_display()}",
        after=audit.snapshot(graduation, ["carrier", "tenant", "graduated_on", "criterion", "note"]),
    )
    return graduation


@transaction.atomic
def virtual_register(*, actor, carrier: Carrier, data: dict) -> VirtualRegistration:
    """An enterprise registered at the carrier's address while it operates elsewhere (虚拟空间)."""
    ensure_allowed(can_manage(actor, carrier))
    errors: list = []
    tenant = v.registered_tenant(data, "tenant", errors)
    registered = v.text(data, "registered_address", errors, max_length=200) or carrier.address
    if not registered:
        v.problem(errors, "registered_address", _("必填"))
    operating = v.text(data, "operating_address", errors, max_length=200, required=True)
    region = v.region(data, "operating_region", errors, required=False)
    starts_on = v.date(data, "starts_on", errors, required=True)
    ends_on = v.date(data, "ends_on", errors)
    if starts_on and ends_on and ends_on <= starts_on:
        v.problem(errors, "ends_on", _("结束日期须晚于起始日期"))
    if tenant is not None and starts_on:
        current = carrier.virtual_tenants.filter(tenant=tenant).exclude(ends_on__lte=starts_on)
        if ends_on:
            current = current.filter(starts_on__lt=ends_on)
        if current.exists():
            v.problem(errors, "tenant", _("“%(name)s”在该期间已虚拟入驻本载体") % {"name": tenant.name})
    if errors:
        raise ValidationFailed(detail=errors)
    registration = VirtualRegistration.objects.create(
        carrier=carrier,
        tenant=tenant,
        registered_address=registered,
        operating_address=operating,
        operating_region=region,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit.record(
        actor=actor,
        action="carriers.virtual.register",
        obj=registration,
        summary=f"{carrier.name} {tenant.name}",
        after=audit.snapshot(registration, ["tenant", "registered_address", "operating_address", "starts_on"]),
    )
    return registration


@transaction.atomic
def virtual_end(*, actor, registration: VirtualRegistration, ends_on) -> VirtualRegistration:
    ensure_allowed(can_manage(actor, registration.carrier))
    registration = VirtualRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.ends_on:
        raise Conflict(_("该虚拟入驻已于 %(d)s 结束") % {"d": registration.ends_on})
    errors: list = []
    day = v.date({"ends_on": ends_on}, "ends_on", errors, required=True)
    if day and day <= registration.starts_on:
        v.problem(errors, "ends_on", _("结束日期须晚于起始日期"))
    if errors:
        raise ValidationFailed(detail=errors)
    registration.ends_on = day
    registration.save(update_fields=["ends_on"])
    audit.record(
        actor=actor,
        action="carriers.virtual.end",
        obj=registration,
        summary=f"{registration.carrier.name} {registration.tenant.name}",
        after={"ends_on": day},
    )
    return registration
