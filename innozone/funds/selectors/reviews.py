"""Reads of expert review (part B): an expert's reviews, one review with the hiding rule (other reviewers'
scores only after one's own submission), the ranking of a call with the engine's figures — the pages sorted
and paginated in SQL (`ranking_order`, `ranking_page`: the engine runs on the page's rows only), the exports
sorted in Python in the same order (`ranking`)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, ExpressionWrapper, F, IntegerField, Max, Min, Q, QuerySet, Sum, When
from django.db.models.functions import Cast, Collate, Round

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
        qs = qs.filter(application_id__in=list(application_ids))
    return qs.values_list("application_id", "pk", "expert_name", "status", "total", "recommend")


ROW_FIELDS = ("pk", "number", "title", "status", "amount", "applicant__name", "field")


def _applications(call: Call, q: str = "") -> QuerySet[Application]:
    apps = Application.objects.filter(call=call, status__in=REVIEWED_STATUSES)
    if q:
        apps = apps.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(applicant__name__icontains=q))
    return apps


def _summarised(call: Call, values, application_ids=None) -> dict[int, dict]:
    """The rows of `values` (application dicts of ROW_FIELDS, kept in their order) with their reviews and the
    engine's figures; `application_ids` limits the reviews read to those applications (a page), None reads
    the whole call's. One query besides `values`."""
    rows = {a["pk"]: {**a, "reviews": [], "assigned": 0, "submitted": 0} for a in values}
    for app_id, pk, name, status, total, recommend in _review_rows(call, application_ids):
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
    return rows


def ranking(call: Call, *, sort: str = "-trimmed", q: str = "") -> list[dict]:
    """One row per application that reached review — every row (the API, CLI, Excel, the pack's PDF):
    submitted/assigned counts and the engine's figures, each submitted review's total with its outlier flag.
    Two queries, but the engine runs on every row; sorted by `sort_rows`, which orders exactly as
    `ranking_order` does in SQL (tests/funds/test_reviews_ranking_sql.py) so the exports agree with the
    paginated pages — sorting here is cheaper than a third, aggregate query. Also the path for the sorts SQL
    cannot express exactly (the median, a trim of 2 or more): correct but slower at scale."""
    values = _applications(call, q).order_by("pk").values(*ROW_FIELDS)
    return sort_rows(list(_summarised(call, values).values()), sort)


#: the Python reference the SQL ordering is tested against
ranking_python = ranking


def ranking_rows(call: Call, ids) -> list[dict]:
    """The full rows (engine figures, reviews, outlier flags) of these applications, in the order of `ids`:
    a page's ≤ 50 rows from two small queries."""
    ids = list(ids)
    if not ids:
        return []
    rows = _summarised(call, Application.objects.filter(call=call, pk__in=ids).values(*ROW_FIELDS), ids)
    return [rows[pk] for pk in ids if pk in rows]


def ranking_page(call: Call, *, sort: str = "-trimmed", q: str = "", page=None, per_page: int = 50):
    """A page of the ranking: the order from `ranking_order` (SQL), then the engine's figures for the page's
    rows only. Returns a Paginator page whose object_list holds the full rows."""
    pager = Paginator(ranking_order(call, sort=sort, q=q), per_page)
    current = pager.get_page(page)
    current.object_list = ranking_rows(call, [pk for pk, _amount in current.object_list])
    return current


SORTS = {"trimmed", "mean", "total", "median", "spread", "number", "submitted"}


def _sort_key(sort: str) -> tuple[str, bool]:
    key = (sort or "").lstrip("-")
    if key not in SORTS:
        return "trimmed", True
    return key, sort.startswith("-")


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    """Rows with the figure first (descending when `sort` starts with "-"), ties by number then pk in the same
    direction; rows without the figure (no submitted review) last, by number and pk."""
    key, descending = _sort_key(sort)
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: (r[key], r["number"], r["pk"]), reverse=descending)
    missing.sort(key=lambda r: (r["number"], r["pk"]), reverse=descending)
    return present + missing


def _sql_sortable(call: Call, key: str) -> bool:
    return key != "median" and not (key == "trimmed" and call.trim >= 2)


def ranking_order(call: Call, *, sort: str = "-trimmed", q: str = "") -> list[tuple[int, Decimal]]:
    """(pk, amount) of every application of the ranking in its order, from one aggregate query: the submitted
    reviews' count, sum, max and min of `total` in whole cents, and from them the figures the page sorts by,
    rounded to the cent as the engine does (integer arithmetic, exact on SQLite and PostgreSQL): total, mean,
    the trimmed mean for a trim of 0 or 1 ((sum − max − min)/(n − 2) when n > 2, else the mean), spread, the
    count. The median and a trim of 2 or more are not expressible this way: those sorts fall back to
    `ranking` (correct, slower at scale)."""
    key, _ = _sort_key(sort)
    if not _sql_sortable(call, key):
        return [(r["pk"], r["amount"]) for r in ranking(call, sort=sort, q=q)]
    key, descending = _sort_key(sort)
    submitted = Q(reviews__status="submitted")
    cents = Cast(Round(F("reviews__total") * 100), IntegerField())
    qs = _applications(call, q).annotate(
        n=Count("reviews", filter=submitted),
        s=Sum(cents, filter=submitted),
        hi=Max(cents, filter=submitted),
        lo=Min(cents, filter=submitted),
    )
    n, s, hi, lo = F("n"), F("s"), F("hi"), F("lo")
    mean = Case(When(n__gt=0, then=(2 * s + n) / (2 * n)), default=None, output_field=IntegerField())
    figure = {
        "total": s,
        "mean": mean,
        "trimmed": mean
        if call.trim == 0
        else Case(
            When(n__gt=2, then=(2 * (s - hi - lo) + (n - 2)) / (2 * (n - 2))),
            When(n__gt=0, then=(2 * s + n) / (2 * n)),
            default=None,
            output_field=IntegerField(),
        ),
        "spread": ExpressionWrapper(hi - lo, output_field=IntegerField()),
        "submitted": n,
    }
    number = Collate(F("number"), "C" if connection.vendor == "postgresql" else "BINARY")
    if key == "number":
        ordering = [number, F("pk")]
    else:
        qs = qs.annotate(figure=figure[key])
        ordering = [F("figure"), number, F("pk")]
    ordering = [x.desc(nulls_last=True) if descending else x.asc(nulls_last=True) for x in ordering]
    return list(qs.order_by(*ordering).values_list("pk", "amount"))


def scores_by_review(review_ids) -> dict[int, dict[int, Decimal]]:
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for review_id, criterion_id, score in Score.objects.filter(review_id__in=list(review_ids)).values_list(
        "review_id", "criterion_id", "score"
    ):
        out[review_id][criterion_id] = score
    return out


def review_count(call: Call) -> int:
    return Review.objects.filter(application__call=call).exclude(status="declined").count()
