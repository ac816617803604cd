"""The responsibility list (权责清单, by department) and the negative list (负面清单, by category): public pages
with search and Excel; the office adds, edits and deletes lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import catalogue as exports
from ..forms import catalogue as forms
from ..models import NegativeEntry
from ..permissions import catalogue as permissions
from ..selectors import catalogue as selectors
from ..services import catalogue as services


@domain_view
def powers(request):
    require(permissions.can_view_lists(request.user))
    filters = {k: request.GET.get(k, "") for k in ("department", "q")}
    qs = selectors.powers(**filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.powers_workbook(qs), "powers.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "departments": selectors.power_departments(),
        "can_manage": permissions.can_manage_lists(request.user)[0],
    }
    return render(request, "onestop/lists_powers.html", context)


def _power_form(request, entry=None):
    require(permissions.can_manage_lists(request.user))
    v = None
    if request.method == "POST":
        v = forms.power_data(request.POST)
        try:
            services.power_save(actor=request.user, entry=entry, **v)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("权责清单已保存"))
            return redirect("onestop:powers")
    if v is None and entry is not None:
        v = {
            "department": str(entry.department_id),
            "name": entry.name,
            "type": entry.type,
            "basis": entry.basis,
            "responsibility": entry.responsibility,
            "accountability": entry.accountability,
            "item": entry.item.code if entry.item_id else "",
            "order": entry.order,
        }
    context = {"entry": entry, "v": v or {}, "departments": selectors.handling_departments()}
    return render(request, "onestop/lists_power_form.html", context)


@login_required
@domain_view
def power_new(request):
    return _power_form(request)


@login_required
@domain_view
def power_edit(request, pk):
    return _power_form(request, selectors.power_get(pk))


@require_POST
@login_required
@domain_view
def power_delete(request, pk):
    entry = selectors.power_get(pk)
    try:
        services.power_delete(actor=request.user, entry=entry)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已删除"))
    return redirect("onestop:powers")


@domain_view
def negatives(request):
    require(permissions.can_view_lists(request.user))
    filters = {k: request.GET.get(k, "") for k in ("category", "q")}
    qs = selectors.negatives(**filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.negatives_workbook(qs), "negative-list.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "categories": NegativeEntry.Category.choices,
        "can_manage": permissions.can_manage_lists(request.user)[0],
    }
    return render(request, "onestop/lists_negative.html", context)


def _negative_form(request, entry=None):
    require(permissions.can_manage_lists(request.user))
    v = None
    if request.method == "POST":
        v = forms.negative_data(request.POST)
        try:
            services.negative_save(actor=request.user, entry=entry, **v)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("负面清单已保存"))
            return redirect("onestop:negatives")
    if v is None and entry is not None:
        v = {"category": entry.category, "text": entry.text, "basis": entry.basis, "order": entry.order}
    context = {"entry": entry, "v": v or {}, "categories": NegativeEntry.Category.choices}
    return render(request, "onestop/lists_negative_form.html", context)


@login_required
@domain_view
def negative_new(request):
    return _negative_form(request)


@login_required
@domain_view
def negative_edit(request, pk):
    return _negative_form(request, selectors.negative_get(pk))


@require_POST
@login_required
@domain_view
def negative_delete(request, pk):
    entry = selectors.negative_get(pk)
    try:
        services.negative_delete(actor=request.user, entry=entry)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已删除"))
    return redirect("onestop:negatives")
