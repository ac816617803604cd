"""The office's formal-check queue and act (accept / return with the complete list / reject), and the
recommending units' queue and act (rank and recommend or not, within the quota)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import calls as exports
from ..permissions import calls as permissions
from ..selectors import applications as selectors
from ..selectors.calls import CHAIN_LABELS
from ..services import checks as check_services
from ..services import recommendations as rec_services


@login_required
@domain_view
def checks(request):
    require(permissions.can_view_checks(request.user))
    qs = selectors.application_search(
        selectors.check_queue(request.user), q=request.GET.get("q", ""), call=request.GET.get("call", "")
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.applications_workbook(qs, _("形式审查")), "checks.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "funds/office_checks.html", {"page": page, "q": request.GET.get("q", "")})


@require_POST
@login_required
@domain_view
def check(request, pk):
    app = selectors.application_get(request.user, pk)
    missing = [
        {"item": i, "note": n}
        for i, n in zip(request.POST.getlist("missing_item"), request.POST.getlist("missing_note"), strict=False)
        if i.strip() or n.strip()
    ]
    try:
        check_services.application_check(
            actor=request.user,
            application=app,
            outcome=request.POST.get("outcome", ""),
            missing=missing,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as e:
        flash_error(request, e)
        return redirect("funds:application", app.pk)
    messages.success(request, _("形式审查结论已保存"))
    return redirect("funds:checks")


@login_required
@domain_view
def recommendations(request):
    require(permissions.can_view_recommendations(request.user))
    done = request.GET.get("done") == "1"
    qs = selectors.application_search(
        selectors.recommendation_queue(request.user, done=done),
        q=request.GET.get("q", ""),
        call=request.GET.get("call", ""),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.applications_workbook(qs, _("推荐")), "recommendations.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for a in page.object_list:
        a.chain_label = CHAIN_LABELS.get(a.chain_stage, "")
        a.can_recommend = permissions.can_recommend(request.user, a)[0]
    return render(
        request, "funds/office_recommendations.html", {"page": page, "done": done, "q": request.GET.get("q", "")}
    )


@require_POST
@login_required
@domain_view
def recommend(request, pk):
    app = selectors.application_get(request.user, pk)
    try:
        rec_services.application_recommend(
            actor=request.user,
            application=app,
            recommended=request.POST.get("decision") == "recommend",
            rank=request.POST.get("rank"),
            note=request.POST.get("note", ""),
        )
    except DomainError as e:
        flash_error(request, e)
        return redirect("funds:application", app.pk)
    messages.success(request, _("推荐意见已保存"))
    return redirect("funds:recommendations")
