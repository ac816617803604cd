"""The target list (招商目标库): every chain's targets with filters, pagination and Excel; the editors (the
office and a chain's lead unit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import chains as exports
from ..models import Target
from ..permissions import chains as permissions
from ..selectors import chains as selectors
from ..services import targets as services

PAGE = 30
FIELDS = ("company", "uscc", "location", "ranking", "reason", "priority", "status", "project")


@login_required
@domain_view
def target_list(request):
    require(permissions.can_view_chains(request.user))
    f = {k: request.GET.get(k, "").strip() for k in ("chain", "status", "q", "link")}
    qs = selectors.targets_filter(request.user, **f)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.targets_workbook(list(qs)), "investment-targets.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "f": f,
        "page": page,
        "chains": selectors.chains_for(request.user),
        "statuses": Target.Status.choices,
    }
    return render(request, "investment/target_list.html", context)


@login_required
@domain_view
def target_new(request, pk):
    link = selectors.link_get(request.user, pk)
    require(permissions.can_manage_targets(request.user, link.chain))
    values, errors = {"priority": 2, "status": Target.Status.IDENTIFIED}, []
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in FIELDS}
        try:
            target = services.target_create(actor=request.user, link=link, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已加入招商目标库：%(c)s") % {"c": target.company})
            return redirect("investment:link", link.pk)
    return render(
        request,
        "investment/target_form.html",
        {"link": link, "target": None, "v": values, "errors": errors, "statuses": Target.Status.choices},
    )


@login_required
@domain_view
def target_edit(request, pk):
    target = selectors.target_get(request.user, pk)
    require(permissions.can_manage_targets(request.user, target.link.chain))
    values = {f: getattr(target, f) for f in FIELDS if f != "project"}
    values["project"] = target.project.code if target.project_id else ""
    errors = []
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in FIELDS}
        try:
            services.target_update(actor=request.user, target=target, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已保存"))
            return redirect("investment:link", target.link_id)
    return render(
        request,
        "investment/target_form.html",
        {"link": target.link, "target": target, "v": values, "errors": errors, "statuses": Target.Status.choices},
    )


@login_required
@require_POST
@domain_view
def target_delete(request, pk):
    target = selectors.target_get(request.user, pk)
    require(permissions.can_manage_targets(request.user, target.link.chain))
    try:
        services.target_delete(actor=request.user, target=target)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已删除招商目标：%(c)s") % {"c": target.company})
    return redirect("investment:link", target.link_id)
