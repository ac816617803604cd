"""Pages of the fairs (节会): the list with each fair's projects and follow-up rates a year later, a fair with
its projects, and the office's form to add one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import ValidationFailed
from innozone.core.exports import table_workbook
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..models import Fair
from ..permissions import projects as permissions
from ..selectors import fairs as selectors
from ..selectors.projects import projects_for
from ..services import fairs as services

PAGE = 20


@login_required
@domain_view
def fairs(request):
    require(permissions.can_view_pipeline(request.user))
    kind = request.GET.get("kind", "")
    year = int(request.GET["year"]) if str(request.GET.get("year", "")).isdigit() else None
    qs = selectors.fairs_list(kind=kind, year=year)
    visible = projects_for(request.user)
    if request.GET.get("format") == "xlsx":
        headers = [_("节会"), _("类型"), _("年度"), _("项目数"), _("签约项目"), _("签约投资额（元）"),
                   _("到位资金（元）"), _("到位率（%）"), _("开工率（%）"), _("投产率（%）"),
                   _("统计截至")]  # fmt: skip
        rows = [
            [r["fair"].name, r["fair"].get_kind_display(), r["fair"].year, r["projects"], r["signed"],
             r["signed_investment"], r["in_place"], r["funds_rate"], r["started_rate"], r["producing_rate"], r["as_of"]]
            for r in selectors.follow_up(qs, projects_qs=visible)
        ]  # fmt: skip
        return xlsx_response(table_workbook(_("节会招商跟踪"), headers, rows), "investment-fairs.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": selectors.follow_up(page.object_list, projects_qs=visible),
        "kind": kind,
        "year": year,
        "kinds": Fair.Kind.choices,
        "years": selectors.fair_years(),
        "can_manage": permissions.can_manage_fairs(request.user)[0],
    }
    return render(request, "investment/fair_list.html", context)


@login_required
@domain_view
def fair(request, pk: int):
    require(permissions.can_view_pipeline(request.user))
    f = get_object_or_404(Fair, pk=pk)
    visible = projects_for(request.user)
    page = Paginator(selectors.fair_projects(f, visible), PAGE).get_page(request.GET.get("page"))
    context = {"fair": f, "row": selectors.follow_up([f], projects_qs=visible)[0], "page": page}
    return render(request, "investment/fair_detail.html", context)


@login_required
@require_POST
@domain_view
def fair_new(request):
    require(permissions.can_manage_fairs(request.user))
    post = request.POST
    try:
        f = services.fair_create(
            actor=request.user, name=post.get("name", ""), kind=post.get("kind", ""), starts_on=post.get("starts_on"),
            ends_on=post.get("ends_on"), location=post.get("location", ""),
        )  # fmt: skip
    except ValidationFailed as e:
        flash_error(request, e)
        return redirect("investment:fairs")
    messages.success(request, _("已添加节会"))
    return redirect("investment:fair", pk=f.pk)
