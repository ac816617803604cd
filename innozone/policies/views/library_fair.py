"""The fair-competition review page of a policy: the checklist answered item by item with a proposed
conclusion (the office), the reviews so far with their approval's state (office, readers, the owner's
staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innozone.core import approvals
from innozone.core.errors import DomainError
from innozone.core.permissions import sees_all
from innozone.core.web import domain_view, require

from ..forms import library as forms
from ..models import FairReview
from ..permissions import library as permissions
from ..selectors import library as selectors
from ..services import fair
from .library import links


def _can_see_reviews(user, policy) -> bool:
    return sees_all(user) or (policy.owner_id is not None and user.organization_id == policy.owner_id)


@login_required
@domain_view
def fair_review(request, pk):
    policy = selectors.policy_get(request.user, pk)
    require(permissions.can_view_policy(request.user, policy))
    if not _can_see_reviews(request.user, policy):
        require((False, _("公平竞争审查记录仅对自创区办公室、领导、审计员和牵头单位开放")))
    can_submit = permissions.can_submit_fair_review(request.user, policy)[0]
    errors: list[dict] = []
    posted = {}
    if request.method == "POST":
        require(permissions.can_submit_fair_review(request.user, policy))
        posted = forms.checklist_from_post(request.POST, fair.CODES)
        try:
            review = fair.fair_review_submit(
                actor=request.user,
                policy=policy,
                checklist=posted,
                conclusion=request.POST.get("conclusion", ""),
                basis=request.POST.get("basis", ""),
            )
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            if review.conclusion == FairReview.Conclusion.REVISE:
                messages.success(request, _("已记录审查结论：需修改"))
            else:
                messages.success(request, _("已提交审查，等待审查机构审批"))
            return redirect("policies:fair_review", policy.pk)
    reviews = []
    for r in policy.fair_reviews.select_related("approval", "submitted_by"):
        answers = fair.answers_of(r)
        reviews.append(
            {
                "review": r,
                "proposed": dict(FairReview.Conclusion.choices).get(fair.proposed_conclusion(r), ""),
                "involved": [
                    str(text) for code, _g, text in fair.CHECKLIST if answers.get(code, {}).get("answer") == "yes"
                ],
                "tasks": approvals.history(r) if r.approval_id else [],
            }
        )
    items = []
    for code, group, text in fair.CHECKLIST:
        item = posted.get(code, {})
        items.append(
            {
                "code": code,
                "group": fair.GROUPS[group],
                "text": text,
                "answer": item.get("answer", ""),
                "note": item.get("note", ""),
            }
        )
    context = {
        "policy": policy,
        "items": items,
        "reviews": reviews,
        "clauses": fair.needs_review(policy),
        "can_submit": can_submit and bool(fair.needs_review(policy)),
        "conclusions": [c for c in FairReview.Conclusion.choices if c[0] != FairReview.Conclusion.PENDING],
        "conclusion": request.POST.get("conclusion", "") if request.method == "POST" else "",
        "basis": request.POST.get("basis", "") if request.method == "POST" else "",
        "errors": errors,
        "reviewer": fair.reviewer_organization(),
        **links(request.user),
    }
    return render(request, "policies/fair_review.html", context, status=422 if errors else 200)
