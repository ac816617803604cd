"""Pages of expert review (part B): an expert's reviews and the scoring page (other reviewers' scores only after
one's own submission — also in the HTMX fragment), the office's draw and the call's ranking with the draw's
record, each application's reviews with the quality rating, the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, NotFound
from innozone.core.web import domain_view, flash_error, require, xlsx_response
from innozone.talent.selectors.lookup import people_by_ids

from ..exports.reviews import ranking_workbook
from ..models import Application, Review
from ..permissions import reviews as perms
from ..selectors import reviews as sel
from ..services import draws, reviews

STATUSES = Review.Status.choices


@login_required
@domain_view
def my_reviews(request):
    for call in sel.calls_of_expert_assignments(request.user):  # a reserve brought in on talent's page
        reviews.reviews_sync(call=call)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    qs = sel.reviews_for_user(request.user, status=status, q=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "funds/review_list.html", {"page": page, "status": status, "q": q, "statuses": STATUSES})


def _application_content(app: Application) -> dict:
    ids = [i for i in [app.leader_person_id, *(app.team_person_ids or [])] if i]
    people = people_by_ids(ids) if ids else {}
    labels = {f.get("key"): f.get("label", f.get("key")) for f in (app.call.form or []) if isinstance(f, dict)}
    return {
        "answers": [(labels.get(k, k), v) for k, v in (app.answers or {}).items()],
        "leader": people.get(app.leader_person_id),
        "team": [people[i] for i in (app.team_person_ids or []) if i in people],
        "files": list(app.files.all()),
        "co_applicants": list(app.co_applicants.select_related("organization")),
        "budget": app.budget or [],
    }


def _review_context(request, review: Review, errors=None, posted=None) -> dict:
    criteria = sel.criteria_of(review.application.call)
    mine = sel.scores_of(review)
    posted = posted or {}
    return {
        "review": review,
        "app": review.application,
        "content": _application_content(review.application),
        "criteria": [
            {
                "c": c,
                "field": reviews.score_field(c.pk),
                "value": posted.get(reviews.score_field(c.pk), mine.get(c.pk, "")),
            }
            for c in criteria
        ],
        "criteria_objs": criteria,
        "others": sel.other_reviews(request.user, review),
        "can_see_others": perms.can_see_other_reviews(request.user, review),
        "can_submit": reviews.can_submit_review(request.user, review)[0],
        "can_decline": perms.can_act_on_review(request.user, review)[0],
        "errors": errors or [],
        "posted": posted,
    }


@login_required
@domain_view
def review_detail(request, review_id: int):
    review = sel.review_visible(request.user, review_id)
    reviews.reviews_sync(call=review.application.call)
    review.refresh_from_db(fields=["status", "opinion"])
    if request.method == "POST":
        scores = {
            c.pk: request.POST.get(reviews.score_field(c.pk), "") for c in sel.criteria_of(review.application.call)
        }
        try:
            reviews.review_submit(
                actor=request.user,
                review=review,
                scores=scores,
                opinion=request.POST.get("opinion", ""),
                recommend=request.POST.get("recommend") or None,
            )
        except DomainError as e:
            if not e.detail:
                flash_error(request, e)
            context = _review_context(request, review, errors=e.detail, posted=request.POST)
            return render(request, "funds/review_detail.html", context, status=422 if e.detail else 200)
        messages.success(request, _("评审意见已提交"))
        return redirect("funds:review", review_id=review.pk)
    return render(request, "funds/review_detail.html", _review_context(request, review))


@login_required
@domain_view
def review_others(request, review_id: int):
    """The HTMX fragment of the other reviewers' scores (empty until the user may see them)."""
    review = sel.review_visible(request.user, review_id)
    return render(
        request,
        "funds/review_others.html",
        {
            "others": sel.other_reviews(request.user, review),
            "can_see_others": perms.can_see_other_reviews(request.user, review),
            "criteria": sel.criteria_of(review.application.call),
        },
    )


@login_required
@domain_view
def review_file(request, review_id: int, file_id: int):
    """An attachment of the application under review, for whoever may see the review (never a /media/ link)."""
    review = sel.review_visible(request.user, review_id)
    found = review.application.files.filter(pk=file_id).first()
    if found is None:
        raise NotFound()
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_POST
@domain_view
def review_decline(request, review_id: int):
    review = sel.review_visible(request.user, review_id)
    try:
        new = reviews.review_decline(actor=request.user, review=review, reason=request.POST.get("reason", ""))
    except DomainError as e:
        flash_error(request, e)
        return redirect("funds:review", review_id=review.pk)
    messages.success(request, _("已申请回避，备选专家%(n)s已替补") % {"n": new.expert_name})
    return redirect("funds:my_reviews")


@login_required
@require_POST
@domain_view
def review_rate(request, review_id: int):
    review = sel.review_visible(request.user, review_id)
    try:
        reviews.review_rate(actor=request.user, review=review, rating=request.POST.get("rating", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已评价评审质量"))
    return redirect("funds:application_reviews", application_id=review.application_id)


@login_required
@domain_view
def review_calls(request):
    require(perms.can_view_ranking(request.user))
    q = request.GET.get("q", "").strip()
    qs = sel.calls_in_review()
    if q:
        qs = qs.filter(title__icontains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "funds/ranking_calls.html", {"page": page, "q": q})


@login_required
@domain_view
def call_ranking(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    reviews.reviews_sync(call=call)
    sort = request.GET.get("sort", "-trimmed")
    q = request.GET.get("q", "").strip()
    page = sel.ranking_page(call, sort=sort, q=q, page=request.GET.get("page"))
    return render(
        request,
        "funds/ranking_call.html",
        {
            "call": call,
            "page": page,
            "sort": sort,
            "q": q,
            "draw": draws.draw_of(call),
            "conflicts": draws.co_applicant_conflicts(call),
            "can_manage": perms.can_manage_reviews(request.user)[0],
            "tab": "ranking",
        },
    )


@login_required
@domain_view
def call_ranking_xlsx(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    return xlsx_response(ranking_workbook(call, sel.ranking(call)), f"ranking-{call.pk}.xlsx")


@login_required
@require_POST
@domain_view
def call_draw(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    try:
        draw = draws.call_draw_panels(actor=request.user, call=call, seed=request.POST.get("seed") or None)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已抽取评审专家（抽取记录 #%(n)s）") % {"n": draw.pk})
    return redirect("funds:ranking", call_id=call.pk)


@login_required
@domain_view
def application_reviews(request, application_id: int):
    """Every review of one application with scores per criterion (office, leaders, auditors)."""
    require(perms.can_view_ranking(request.user))
    app = Application.objects.select_related("call", "applicant").filter(pk=application_id).first()
    if app is None:
        raise NotFound()
    rows = sel.reviews_of_application(app)
    criteria = sel.criteria_of(app.call)
    return render(
        request,
        "funds/review_application.html",
        {
            "app": app,
            "call": app.call,
            "criteria": criteria,
            "rows": [
                {
                    "r": r,
                    "scores": [
                        next((s.score for s in r.scores.all() if s.criterion_id == c.pk), None) for c in criteria
                    ],
                }
                for r in rows
            ],
            "can_manage": perms.can_manage_reviews(request.user)[0],
            "content": _application_content(app),
        },
    )
