"""One carrier: the floor/unit list with the tenant of each unit today, tenants, leases, graduates and
virtual registrations, and — for who may manage it — the forms to add units, leases, move-outs,
graduations and virtual registrations. A refused form is shown again on the page with its errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require

from .. import selectors
from ..forms import GraduationForm, LeaseForm, MoveOutForm, UnitsForm, VirtualEndForm, VirtualForm
from ..permissions import can_manage
from ..services import carriers as carrier_services
from ..services import leases as lease_services


def _tenants(carrier):
    seen = {}
    for lease in selectors.leases_of(carrier):
        seen.setdefault(lease.tenant_id, lease.tenant)
    return sorted(seen.values(), key=lambda o: o.name)


def _page(request, carrier, **bound):
    user = request.user
    scope = selectors.tenant_scope(user, carrier)
    manage = can_manage(user, carrier)[0]
    today = timezone.localdate()
    forms = {}
    if manage:
        units = list(carrier.units.all())
        forms = {
            "units_form": UnitsForm(),
            "lease_form": LeaseForm(units=units, initial={"starts_on": today}),
            "graduation_form": GraduationForm(tenants=_tenants(carrier), initial={"graduated_on": today}),
            "virtual_form": VirtualForm(regions=selectors.region_choices(user), initial={"starts_on": today}),
            "move_out_form": MoveOutForm(initial={"moved_out_on": today}),
            "virtual_end_form": VirtualEndForm(initial={"ends_on": today}),
        }
        forms.update(bound)
    context = {
        "carrier": carrier,
        "today": today,
        "occupancy": selectors.occupancy_of(carrier) if scope is None else None,
        "unit_rows": selectors.unit_rows(carrier, tenant_id=scope),
        "tenants": selectors.tenants_on(carrier, tenant_id=scope),
        "leases": selectors.leases_of(carrier, tenant_id=scope)[:200],
        "graduates": selectors.graduates(carrier, tenant_id=scope),
        "virtuals": selectors.virtual_registrations(carrier, tenant_id=scope),
        "own_only": scope is not None,
        "can_manage": manage,
        **forms,
    }
    return render(request, "carriers/detail.html", context, status=400 if bound else 200)


@login_required
@domain_view
def detail(request, carrier_id):
    return _page(request, selectors.carrier_visible(request.user, carrier_id))


def _post(request, carrier_id, name, form_class, save, success, form_kwargs=None):
    """A tenant action posted from the detail page: back to the page, or the page again with the errors."""
    carrier = selectors.carrier_visible(request.user, carrier_id)
    require(can_manage(request.user, carrier))
    kwargs = form_kwargs(carrier) if callable(form_kwargs) else (form_kwargs or {})
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            save(carrier, form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, success)
            return redirect("carriers:detail", carrier.pk)
    return _page(request, carrier, **{name: form})


@login_required
@require_POST
@domain_view
def units_add(request, carrier_id):
    def save(carrier, data):
        rows = carrier_services.parse_unit_lines(data["lines"])
        for row in rows:
            row["public"] = data["public"]
        carrier_services.units_create(actor=request.user, carrier=carrier, rows=rows)

    return _post(request, carrier_id, "units_form", UnitsForm, save, _("已添加房间"))


@login_required
@require_POST
@domain_view
def lease_new(request, carrier_id):
    def save(carrier, data):
        lease_services.lease_create(actor=request.user, carrier=carrier, data=data)

    kwargs = lambda carrier: {"units": list(carrier.units.all())}  # noqa: E731
    return _post(request, carrier_id, "lease_form", LeaseForm, save, _("已登记入驻"), form_kwargs=kwargs)


@login_required
@require_POST
@domain_view
def graduation_new(request, carrier_id):
    def save(carrier, data):
        lease_services.graduation_record(actor=request.user, carrier=carrier, data=data)

    kwargs = lambda carrier: {"tenants": _tenants(carrier)}  # noqa: E731
    return _post(request, carrier_id, "graduation_form", GraduationForm, save, _("已登记毕业"), form_kwargs=kwargs)


@login_required
@require_POST
@domain_view
def virtual_new(request, carrier_id):
    def save(carrier, data):
        lease_services.virtual_register(actor=request.user, carrier=carrier, data=data)

    kwargs = {"regions": selectors.region_choices(request.user)}
    return _post(request, carrier_id, "virtual_form", VirtualForm, save, _("已登记虚拟入驻"), form_kwargs=kwargs)


def _close(request, carrier_id, row, form_class, close, success):
    """Move-out or the end of a virtual registration: a small form per row; a refusal is a message."""
    carrier = selectors.carrier_visible(request.user, carrier_id)
    require(can_manage(request.user, carrier))
    found = row(carrier)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(detail=[{"field": f, "message": m} for f, ms in form.errors.items() for m in ms])
        close(found, form.cleaned_data)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("carriers:detail", carrier.pk)


@login_required
@require_POST
@domain_view
def lease_end(request, carrier_id, lease_id):
    return _close(
        request,
        carrier_id,
        lambda carrier: selectors.lease_of(carrier, lease_id),
        MoveOutForm,
        lambda lease, d: lease_services.lease_end(actor=request.user, lease=lease, moved_out_on=d["moved_out_on"]),
        _("已登记退租"),
    )


@login_required
@require_POST
@domain_view
def virtual_end(request, carrier_id, registration_id):
    return _close(
        request,
        carrier_id,
        lambda carrier: selectors.registration_of(carrier, registration_id),
        VirtualEndForm,
        lambda reg, d: lease_services.virtual_end(actor=request.user, registration=reg, ends_on=d["ends_on"]),
        _("已结束虚拟入驻"),
    )
