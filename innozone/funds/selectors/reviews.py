"""Reads of expert review (part B): an expert's reviews, one review with the hiding rule (other reviewers'
scores only after one's own submission), the ranking of a call with the engine's figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from innozone.core.errors import Forbidden, NotFound
from innozone.talent.selectors.draws import assignments_for_user

from ..engine.scoring import CriterionSpec, summarise
from ..models import Application, Call, Criterion, Review, Score
from ..permissions import reviews as perms

#: application statuses that reached expert review
REVIEWED_STATUSES = ("review", "reviewed", "approved", "declined", "awarded")


def call_get(call_id: int) -> Call:
    found = Call.objects.select_related("programme", "publicity").filter(pk=call_id).first()
    if found is None:
        raise NotFound()
    return found


def call_for_ranking(user, call_id: int) -> Call:
    allowed, reason = perms.can_view_ranking(user)
    if not allowed:
        raise Forbidden(reason)
    return call_get(call_id)


def calls_in_review() -> QuerySet[Call]:
    """Calls from the review stage on (the office's and leaders' list)."""
    return (
        Call.objects.filter(stage__in=["closed", "review", "decision", "publicity", "awarded"])
        .select_related("programme")
        .annotate(n_review=Count("applications", filter=Q(applications__status__in=REVIEWED_STATUSES)))
        .order_by("-opens_at", "id")
    )


def criteria_of(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "id"))


def criterion_specs(criteria) -> list[CriterionSpec]:
    return [CriterionSpec(key=str(c.pk), weight=c.weight, max_score=c.max_score) for c in criteria]


def reviews_for_user(user, *, status: str = "", q: str = "") -> QuerySet[Review]:
    """The logged-in expert's reviews, open ones first."""
    expert_id = perms.expert_id_of(user)
    if expert_id is None:
        return Review.objects.none()
    qs = Review.objects.filter(expert_id=expert_id).select_related("application", "application__call")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(application__title__icontains=q) | Q(application__number__icontains=q))
    return qs.order_by("status", "-id")


def calls_of_expert_assignments(user) -> list[Call]:
    """The calls whose panels the logged-in expert was drawn for (talent's assignments)."""
    ids = set(
        assignments_for_user(user).filter(draw__subject_type="funds.Call").values_list("draw__subject_id", flat=True)
    )
    return list(Call.objects.filter(pk__in=ids)) if ids else []


def review_visible(user, review_id: int) -> Review:
    found = (
        Review.objects.select_related(
            "application", "application__call", "application__call__programme", "application__applicant"
        )
        .filter(pk=review_id)
        .first()
    )
    if found is None:
        raise NotFound()
    allowed, reason = perms.can_view_review(user, found)
    if not allowed:
        raise Forbidden(reason)
    return found


def scores_of(review: Review) -> dict[int, Decimal]:
    return dict(review.scores.values_list("criterion_id", "score"))


def other_reviews(user, review: Review) -> list[Review]:
    """The other reviewers' reviews of the same application with their scores — empty until the user may see
    them (`can_see_other_reviews`): the hiding rule lives here, for the page, its fragments and the API."""
    if not perms.can_see_other_reviews(user, review):
        return []
    rows = list(
        Review.objects.filter(application_id=review.application_id, status="submitted")
        .exclude(pk=review.pk)
        .prefetch_related("scores")
        .order_by("id")
    )
    return rows


def reviews_of_application(application: Application) -> list[Review]:
    """Every review of an application (the office's view)."""
    return list(application.reviews.prefetch_related("scores").order_by("id"))


def _review_rows(call: Call, application_ids=None):
    qs = Review.objects.filter(application__call=call)
    if application_ids is not None:
        qs = qs.filter(application_id__in=application_ids)
    return qs.values_list("application_id", "pk", "expert_name", "status", "total", "recommend")


def ranking(call: Call, *, sort: str = "-trimmed", q: str = "") -> list[dict]:
    """One row per application that reached review: submitted/assigned counts and the engine's figures, each
    submitted review's total with its outlier flag. Two queries whatever the size of the call."""
    apps = Application.objects.filter(call=call, status__in=REVIEWED_STATUSES)
    if q:
        apps = apps.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(applicant__name__icontains=q))
    rows = {
        a["pk"]: {**a, "reviews": [], "assigned": 0, "submitted": 0}
        for a in apps.values("pk", "number", "title", "status", "amount", "applicant__name", "field")
    }
    for app_id, pk, name, status, total, recommend in _review_rows(call):
        row = rows.get(app_id)
        if row is None:
            continue
        if status != "declined":
            row["assigned"] += 1
        if status == "submitted":
            row["submitted"] += 1
            row["reviews"].append({"pk": pk, "expert": name, "total": total, "recommend": recommend, "outlier": False})
    for row in rows.values():
        s = summarise([r["total"] for r in row["reviews"]], trim=call.trim, outlier_points=call.outlier_points)
        for i in s.outliers:
            row["reviews"][i]["outlier"] = True
        row.update(
            summary=s,
            total=s.total,
            mean=s.mean,
            trimmed=s.trimmed_mean,
            median=s.median,
            spread=s.spread,
            recommends=sum(1 for r in row["reviews"] if r["recommend"]),
            outliers=len(s.outliers),
        )
    return sort_rows(list(rows.values()), sort)


SORTS = {"trimmed", "mean", "total", "median", "spread", "number", "submitted"}


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "trimmed", "-trimmed"
    descending = sort.startswith("-")
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: (r[key], r["number"]), reverse=descending)
    return present + missing


def scores_by_review(review_ids) -> dict[int, dict[int, Decimal]]:
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for review_id, criterion_id, score in Score.objects.filter(review_id__in=list(review_ids)).values_list(
        "review_id", "criterion_id", "score"
    ):
        out[review_id][criterion_id] = score
    return out


def review_count(call: Call) -> int:
    return Review.objects.filter(application__call=call).exclude(status="declined").count()
