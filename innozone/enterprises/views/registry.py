"""The registry list (search, filters, HTMX table, Excel export), "my enterprise" and registering an entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, require, xlsx_response

from .. import exports, selectors, services
from ..forms import ProfileForm, SearchForm
from ..permissions import can_import, can_register, can_view_registry, sees_all, staff_region, visible_region_ids

PAGE = 30


def _filtered(request):
    """(the search form, the entries the user sees that match it)."""
    visible = selectors.enterprises_for(request.user)
    form = SearchForm(
        request.GET or None,
        fields=selectors.field_names(visible),
        region_ids=visible_region_ids(request.user),  # a park's staff is offered its own park only
    )
    rows = selectors.enterprise_search(visible, **form.filters()) if form.is_bound else visible
    return form, selectors.registry_rows(rows)


@login_required
@domain_view
def registry_list(request):
    user = request.user
    require(can_view_registry(user))
    if not sees_all(user) and staff_region(user) is None:
        return redirect("enterprises:mine")  # an organization sees only its own entry
    form, rows = _filtered(request)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.registry_workbook(rows), "enterprises.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "can_import": can_import(user)[0],
        "can_register": can_register(user)[0] and sees_all(user),
    }
    template = "enterprises/_table.html" if request.headers.get("HX-Request") else "enterprises/list.html"
    return render(request, template, context)


@login_required
@domain_view
def mine(request):
    """An organization's own entry; without one, the form to register it."""
    require(can_view_registry(request.user))
    entry = selectors.enterprise_of(request.user.organization_id)
    if entry is not None:
        return redirect("enterprises:detail", entry.pk)
    if sees_all(request.user) or staff_region(request.user) is not None:
        return redirect("enterprises:list")
    return register(request)


@login_required
@domain_view
def register(request):
    user = request.user
    require(can_register(user))
    org = user.organization
    if not sees_all(user) and org is not None and (entry := selectors.enterprise_of(org.pk)) is not None:
        return redirect("enterprises:detail", entry.pk)  # registered already: its own dossier
    initial = None
    if not sees_all(user) and org is not None:
        initial = {"name": org.name, "uscc": org.credit_code or "", "region": org.region_id}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.enterprise_register(actor=user, data=form.data_for_service())
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记到企业库"))
            return redirect("enterprises:detail", entry.pk)
    return render(request, "enterprises/register.html", {"form": form})
