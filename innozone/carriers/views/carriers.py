"""The carriers list (filters, pages, Excel), the occupancy board per park, and registering or changing a
carrier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, require, xlsx_response

from .. import exports, selectors
from ..forms import CarrierForm, SearchForm
from ..permissions import can_create, can_export, can_manage, can_view_carriers
from ..services import carriers as services

PAGE = 30


def _filtered(request):
    visible = selectors.carriers_for(request.user)
    form = SearchForm(request.GET or None, regions=selectors.region_choices(request.user))
    rows = selectors.carrier_search(visible, **form.filters()) if form.is_bound else visible
    return form, rows.order_by("region_id", "name")


@login_required
@domain_view
def carrier_list(request):
    user = request.user
    require(can_view_carriers(user))
    form, rows = _filtered(request)
    if request.GET.get("format") == "xlsx":
        require(can_export(user))
        return xlsx_response(exports.carriers_workbook(rows), "carriers.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    occ = selectors.occupancy([c.pk for c in page.object_list])
    context = {
        "form": form,
        "page": page,
        "rows": [(c, occ[c.pk]) for c in page.object_list],
        "query": request.GET.urlencode(),
        "can_export": can_export(user)[0],
        "can_create": can_create(user)[0],
    }
    return render(request, "carriers/list.html", context)


@login_required
@domain_view
def board(request):
    """The occupancy board: one table per park or region, each carrier with its occupancy today."""
    user = request.user
    require(can_view_carriers(user))
    form, rows = _filtered(request)
    groups = selectors.occupancy_board(rows)
    total = selectors.sum_occupancy([g.total for g in groups])
    context = {"form": form, "groups": groups, "total": total, "today": timezone.localdate()}
    return render(request, "carriers/board.html", context)


def _save(request, form, save, title, carrier=None):
    if request.method == "POST" and form.is_valid():
        try:
            carrier = save()
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("carriers:detail", carrier.pk)
    return render(request, "carriers/form.html", {"form": form, "title": title, "carrier": carrier})


def _data(form) -> dict:
    data = dict(form.cleaned_data)
    data["region"] = data["region"].pk if data.get("region") else None
    return data


@login_required
@domain_view
def carrier_new(request):
    require(can_create(request.user))
    form = CarrierForm(request.POST or None, regions=selectors.region_choices(request.user))
    return _save(request, form, lambda: services.carrier_create(actor=request.user, data=_data(form)), _("登记载体"))


@login_required
@domain_view
def carrier_edit(request, carrier_id):
    carrier = selectors.carrier_visible(request.user, carrier_id)
    require(can_manage(request.user, carrier))
    form = CarrierForm(
        request.POST or None, initial=CarrierForm.initial_for(carrier), regions=selectors.region_choices(request.user)
    )

    def save():
        return services.carrier_update(actor=request.user, carrier=carrier, data=_data(form))

    return _save(request, form, save, _("修改载体信息"), carrier)
