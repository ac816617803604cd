"""The service catalogue pages: the list (filters by department, type and channel, search by name, Excel), an
item's page (department, basis, conditions, materials with templates and 容缺 marks, steps, limits and the clock
rule in words, fees, channel, parallel departments, the apply button to the platform's own flow or the case
form), and the office's editor (item, materials, publish / suspend)."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.selectors import one_or_not_found
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import catalogue as exports
from ..forms import catalogue as forms
from ..models import ItemMaterial, ServiceItem
from ..permissions import catalogue as permissions
from ..selectors import catalogue as selectors
from ..services import catalogue as services


@domain_view
def catalogue(request):
    require(permissions.can_view_catalogue(request.user))
    manager = permissions.can_manage_catalogue(request.user)[0]
    filters = {k: request.GET.get(k, "") for k in ("q", "department", "type", "channel", "status")}
    if not manager:
        filters["status"] = filters["status"] if filters["status"] in permissions.PUBLIC_STATUSES else ""
    qs = selectors.item_search(selectors.items_for(request.user), **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.items_workbook(qs), "service-items.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "departments": selectors.item_departments(),
        "types": ServiceItem.Type.choices,
        "channels": ServiceItem.Channel.choices,
        "statuses": ServiceItem.Status.choices,
        "can_manage": manager,
    }
    return render(request, "onestop/catalogue_list.html", context)


@domain_view
def item_detail(request, pk):
    item = selectors.item_get(request.user, pk)
    can_apply, apply_reason = permissions.can_apply(request.user, item)
    manager = permissions.can_manage_catalogue(request.user)[0]
    context = {
        "item": item,
        "materials": selectors.materials(item),
        "branches": list(item.branch_departments.all()),
        "clock_words": selectors.clock_words(item),
        "pauses": [selectors.PAUSE_LABELS[p] for p in item.pauses_allowed or [] if p in selectors.PAUSE_LABELS],
        "flow_link": selectors.flow_link(item),
        "apply_link": selectors.apply_link(item) if can_apply else "",
        "apply_reason": apply_reason,
        "can_manage": manager,
        "publish_problems": services.publish_problems(item) if manager else [],
        "powers": list(item.powers.select_related("department")),
    }
    return render(request, "onestop/item_detail.html", context)


def _item_form(request, item=None):
    require(permissions.can_manage_catalogue(request.user))
    data = None
    if request.method == "POST":
        data = forms.item_data(request.POST)
        try:
            if item is None:
                item = services.item_create(actor=request.user, **data)
            else:
                item = services.item_update(actor=request.user, item=item, **data)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("事项已保存"))
            return redirect("onestop:item", item.pk)
    context = {
        "item": item,
        "v": forms.item_initial(item, data),
        "types": ServiceItem.Type.choices,
        "clocks": ServiceItem.Clock.choices,
        "channels": ServiceItem.Channel.choices,
        "pause_choices": list(selectors.PAUSE_LABELS.items()),
        "departments": selectors.handling_departments(),
    }
    return render(request, "onestop/item_form.html", context)


@login_required
@domain_view
def item_new(request):
    return _item_form(request)


@login_required
@domain_view
def item_edit(request, pk):
    return _item_form(request, selectors.item_get(request.user, pk))


@require_POST
@login_required
@domain_view
def item_status(request, pk):
    item = selectors.item_get(request.user, pk)
    require(permissions.can_manage_catalogue(request.user))
    try:
        services.item_set_status(
            actor=request.user, item=item, status=request.POST.get("status", ""), reason=request.POST.get("reason", "")
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("事项状态已更新"))
    return redirect("onestop:item", item.pk)


@require_POST
@login_required
@domain_view
def material_save(request, pk):
    item = selectors.item_get(request.user, pk)
    require(permissions.can_manage_catalogue(request.user))
    material = None
    if request.POST.get("material"):
        material = one_or_not_found(ItemMaterial.objects.filter(item=item), request.POST["material"])
    try:
        services.material_save(
            actor=request.user, item=item, material=material, **forms.material_data(request.POST, request.FILES)
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("申请材料已保存"))
    return redirect("onestop:item", item.pk)


@require_POST
@login_required
@domain_view
def material_delete(request, pk):
    material = one_or_not_found(ItemMaterial.objects.select_related("item"), pk)
    item = selectors.item_get(request.user, material.item_id)
    try:
        services.material_delete(actor=request.user, material=material)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("申请材料已删除"))
    return redirect("onestop:item", item.pk)


@domain_view
def material_template(request, pk):
    """The blank template of a material (public with the item)."""
    material = one_or_not_found(ItemMaterial.objects.select_related("item"), pk)
    selectors.item_get(request.user, material.item_id)
    if not material.template:
        raise Http404
    try:
        handle = material.template.open("rb")
    except (FileNotFoundError, OSError) as e:
        raise Http404 from e
    ext = os.path.splitext(material.template.name)[1]
    return FileResponse(handle, as_attachment=True, filename=f"{material.name}{ext}")
