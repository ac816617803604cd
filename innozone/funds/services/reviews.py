"""An expert's review of one application (part B): scores per criterion (the engine's weighted total), an
opinion and a recommendation; submitting is final and also submits the talent assignment with the total, so
the expert's credit record (late, declined, rating) stays in talent. Declining (回避) goes through talent: the
reserve who takes the place gets a new review. The office rates each review's quality."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.services import draws as talent_draws
from innozone.talent.services import reviews as talent_reviews

from ..engine.scoring import TENTH, ScoringError, weighted_total
from ..models import Application, Review, Score
from ..permissions import reviews as perms
from ..selectors.reviews import criteria_of, criterion_specs

TEXT_MAX = 4000
MESSAGES = {
    "missing": gettext_lazy("请为“%(c)s”打分"),
    "range": gettext_lazy("“%(c)s”的得分应在 0 到 %(m)s 之间"),
    "places": gettext_lazy("“%(c)s”的得分最多保留一位小数"),
    "number": gettext_lazy("“%(c)s”的得分不是数字"),
}


def can_submit_review(user, review):
    """The expert themself, or the office entering a review given on paper or at the meeting."""
    if perms.can_manage_reviews(user)[0]:
        if review.status != Review.Status.ASSIGNED:
            return False, _("该评审任务已办理")
        return True, ""
    return perms.can_act_on_review(user, review)


def score_field(criterion_id) -> str:
    return f"score_{criterion_id}"


@transaction.atomic
def review_submit(*, actor, review: Review, scores: dict, opinion: str, recommend) -> Review:
    """Submit the review: `scores` = {criterion id: value}. Every problem in one ValidationFailed."""
    review = Review.objects.select_for_update().select_related("application", "application__call").get(pk=review.pk)
    ensure_allowed(can_submit_review(actor, review))
    criteria = criteria_of(review.application.call)
    given = {str(k): v for k, v in (scores or {}).items()}
    problems = []
    for c in criteria:
        try:
            weighted_total(criterion_specs([c]), {str(c.pk): given.get(str(c.pk))})
        except ScoringError as e:
            message = str(MESSAGES.get(e.code, MESSAGES["number"])) % {"c": c.name, "m": c.max_score}
            problems.append({"field": score_field(c.pk), "message": message})
    opinion = (opinion or "").strip()
    if len(opinion) < 10:
        problems.append({"field": "opinion", "message": _("请填写评审意见（至少 10 个字）")})
    elif len(opinion) > TEXT_MAX:
        problems.append({"field": "opinion", "message": _("评审意见不能超过 %(n)s 个字") % {"n": TEXT_MAX}})
    if recommend in (None, ""):
        problems.append({"field": "recommend", "message": _("请选择是否建议立项")})
    if not criteria:
        problems.append({"field": "scores", "message": _("申报通知没有评分项")})
    if problems:
        raise ValidationFailed(detail=problems)
    recommend = recommend in (True, "true", "1", "yes", "on", 1)
    values = {str(c.pk): given[str(c.pk)] for c in criteria}
    total = weighted_total(criterion_specs(criteria), values)
    Score.objects.bulk_create(
        [Score(review=review, criterion=c, score=Decimal(str(values[str(c.pk)])).quantize(TENTH)) for c in criteria]
    )
    review.total, review.opinion, review.recommend = total, opinion, recommend
    review.status, review.submitted_at = Review.Status.SUBMITTED, timezone.now()
    review.save(update_fields=["total", "opinion", "recommend", "status", "submitted_at"])
    assignment = talent_reviews.assignment_get(review.assignment_id)
    if assignment.status == "assigned":  # not already submitted on talent's own assignment page
        talent_reviews.assignment_submit(
            actor=actor, assignment=assignment, score=total, recommend=recommend, opinion=opinion
        )
    _mark_reviewed(review.application)
    audit.record(
        actor=actor,
        action="funds.review.submit",
        obj=review,
        summary=review.application.title,
        after={"total": str(total), "recommend": recommend, "expert": review.expert_id},
    )
    return review


def _mark_reviewed(application: Application) -> None:
    """When every (not declined) review of an application is submitted, it is `reviewed`."""
    open_reviews = application.reviews.exclude(status__in=[Review.Status.SUBMITTED, Review.Status.DECLINED])
    if application.status == Application.Status.REVIEW and not open_reviews.exists():
        Application.objects.filter(pk=application.pk).update(status=Application.Status.REVIEWED)


@transaction.atomic
def review_decline(*, actor, review: Review, reason: str) -> Review:
    """The expert declares a conflict: talent replaces them with the next fitting reserve (a ledger event);
    the reserve's review is returned."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    ensure_allowed(perms.can_act_on_review(actor, review))
    replacement = talent_reviews.assignment_decline(
        actor=actor, assignment=talent_reviews.assignment_get(review.assignment_id), reason=reason
    )
    review.status = Review.Status.DECLINED
    review.opinion = (reason or "").strip()[:300]
    review.save(update_fields=["status", "opinion"])
    new = Review.objects.create(
        application_id=review.application_id,
        assignment_id=replacement.pk,
        expert_id=replacement.expert_id,
        expert_name=replacement.expert.name[:50],
    )
    audit.record(
        actor=actor,
        action="funds.review.decline",
        obj=review,
        summary=review.opinion,
        after={"out": review.expert_id, "in": new.expert_id},
    )
    return new


@transaction.atomic
def review_rate(*, actor, review: Review, rating) -> Review:
    """The office rates a submitted review's quality (1–5): the expert's credit record in talent."""
    ensure_allowed(perms.can_manage_reviews(actor))
    if review.status != Review.Status.SUBMITTED:
        raise Conflict(_("只能评价已提交的评审"))
    talent_reviews.assignment_rate(
        actor=actor, assignment=talent_reviews.assignment_get(review.assignment_id), rating=rating
    )
    return review


def rating_of(review: Review):
    try:
        return talent_reviews.assignment_get(review.assignment_id).rating
    except NotFound:
        return None


@transaction.atomic
def reviews_sync(*, call) -> int:
    """Catch up with what an expert did on talent's own assignment page: a conflict declared there declines the
    review and brings the reserve's review. Two counts when nothing changed (the common case); returns the
    reviews created."""
    if not call.draw_id:
        return 0
    try:
        draw = talent_draws.draw_get(call.draw_id)
    except NotFound:
        return 0
    assignments = draw_selectors.assignments_of_draw(draw)
    if assignments.count() == Review.objects.filter(application__call=call).count():
        return 0
    reviews_by_assignment = {r.assignment_id: r for r in Review.objects.filter(application__call=call)}
    apps = {(a.number or f"A{a.pk}"): a for a in Application.objects.filter(call=call)}
    created = 0
    for a in assignments:
        review = reviews_by_assignment.get(a.pk)
        if review is not None:
            if a.status == "declined" and review.status == Review.Status.ASSIGNED:
                review.status, review.opinion = Review.Status.DECLINED, (a.declined_reason or "")[:300]
                review.save(update_fields=["status", "opinion"])
            continue
        app = apps.get(a.item_ref)
        if app is None or Review.objects.filter(application=app, expert_id=a.expert_id).exists():
            continue
        status = Review.Status.DECLINED if a.status == "declined" else Review.Status.ASSIGNED
        Review.objects.create(
            application=app, assignment_id=a.pk, expert_id=a.expert_id, expert_name=a.expert.name[:50], status=status
        )
        created += 1
    return created
