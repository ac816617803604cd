"""好差评 pages: the applicant rates a finished case (form on the case page), the department replies to a bad
rating; the ratings list for departments (their own), the office, leaders and auditors, with Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, NotFound
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import cases as exports
from ..permissions import cases as permissions
from ..selectors import cases as case_selectors
from ..selectors import ratings as selectors
from ..services import ratings as services


def _level(raw) -> int | None:
    return int(raw) if str(raw or "").strip().isdigit() else None


@login_required
@require_POST
@domain_view
def rating_create(request, pk: int):
    case = case_selectors.case_get(request.user, pk)
    dimensions = {k: _level(request.POST.get(k)) for k in services.DIMENSIONS if request.POST.get(k)}
    try:
        services.rating_create(
            actor=request.user,
            case=case,
            level=_level(request.POST.get("level")),
            dimensions=dimensions,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("感谢您的评价"))
    return redirect("onestop:case_detail", case.pk)


@login_required
@require_POST
@domain_view
def rating_reply(request, pk: int):
    case = case_selectors.case_get(request.user, pk)
    rating = getattr(case, "rating", None) if hasattr(case, "rating") else None
    if rating is None:
        raise NotFound()
    try:
        services.rating_reply(actor=request.user, rating=rating, reply=request.POST.get("reply", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已答复评价"))
    return redirect("onestop:case_detail", case.pk)


@login_required
@domain_view
def rating_list(request):
    require(permissions.can_view_ratings(request.user))
    filters = {"level": request.GET.get("level", ""), "pending": request.GET.get("pending", "")}
    qs = selectors.ratings_search(selectors.ratings_for(request.user), **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.ratings_workbook(qs), "ratings.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "onestop/rating_list.html",
        {
            "page": page,
            "filters": filters,
            "summary": selectors.summary(qs),
            "levels": [(5, _("非常满意")), (4, _("满意")), (3, _("基本满意")), (2, _("不满意")), (1, _("非常不满意"))],
            **case_selectors.nav_links(request.user),
        },
    )
