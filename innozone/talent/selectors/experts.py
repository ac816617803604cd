"""Reads of the expert pool: search, one expert, the review record and credit score, the committees."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from innozone.core import regions
from innozone.core.permissions import sees_all
from innozone.core.selectors import one_or_not_found
from innozone.market import selectors as market

from ..models import Assignment, Committee, CommitteeMember, Expert, Relation

CREDIT_START = 100
CREDIT_MISSED = 10
CREDIT_LATE = 5
CREDIT_DECLINED = 2
CREDIT_PER_RATING_POINT = 2


def experts_all() -> QuerySet[Expert]:
    return Expert.objects.select_related("employer", "region", "person", "user").prefetch_related("fields")


def experts_for(user) -> QuerySet[Expert]:
    """Every expert for the office, leaders and auditors; an expert user only their own record."""
    qs = experts_all()
    if sees_all(user):
        return qs
    if user.is_authenticated:
        return qs.filter(user_id=user.pk)
    return qs.none()


def expert_search(
    qs: QuerySet[Expert],
    *,
    q: str = "",
    field: int | None = None,
    kind: str = "",
    region: int | None = None,
    status: str = "",
    available: bool | None = None,
) -> QuerySet[Expert]:
    if q:
        q = q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(employer__name__icontains=q) | Q(employer_name__icontains=q))
    if field:
        qs = qs.filter(fields__id=field)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_id__in=regions.descendants(region))
    if status:
        qs = qs.filter(status=status)
    if available is not None:
        qs = qs.filter(available=available)
    return qs.order_by("name", "id")


def expert_visible(user, expert_id) -> Expert:
    return one_or_not_found(experts_for(user), expert_id)


def relations_of(expert: Expert) -> list[Relation]:
    return list(expert.relations.select_related("organization").order_by("kind", "id"))


def relation_get(relation_id) -> Relation:
    return one_or_not_found(Relation.objects.select_related("expert"), relation_id)


def fields_all():
    return market.fields_all()


def fields_by_ids(ids) -> list:
    return market.fields_by_ids(ids)


@dataclass(frozen=True)
class Credit:
    score: int
    assignments: int
    submitted: int
    late: int
    declined: int
    missed: int
    rated: int
    average_rating: Decimal | None


def credit_score(expert: Expert, year: int | None = None) -> Credit:
    """The expert's review record and credit score: 100, −10 per missed review, −5 per late submission,
    −2 per conflict declared after the draw, + (rating − 3) × 2 per rated review; within 0..100."""
    rows = Assignment.objects.filter(expert=expert)
    if year is not None:
        rows = rows.filter(due_at__year=year)
    counts = {"assignments": 0, "submitted": 0, "late": 0, "declined": 0, "missed": 0}
    ratings = []
    for status, submitted_at, due_at, rating in rows.values_list("status", "submitted_at", "due_at", "rating"):
        counts["assignments"] += 1
        if status == Assignment.Status.SUBMITTED:
            counts["submitted"] += 1
            if submitted_at is not None and submitted_at > due_at:
                counts["late"] += 1
        elif status == Assignment.Status.DECLINED:
            counts["declined"] += 1
        elif status == Assignment.Status.MISSED:
            counts["missed"] += 1
        if rating is not None:
            ratings.append(rating)
    score = (
        CREDIT_START
        - CREDIT_MISSED * counts["missed"]
        - CREDIT_LATE * counts["late"]
        - CREDIT_DECLINED * counts["declined"]
        + sum((r - 3) * CREDIT_PER_RATING_POINT for r in ratings)
    )
    average = (
        (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if ratings else None
    )
    return Credit(score=max(0, min(100, score)), rated=len(ratings), average_rating=average, **counts)


def committees_all() -> QuerySet[Committee]:
    return Committee.objects.order_by("-term_end", "name")


def committee_get(committee_id) -> Committee:
    return one_or_not_found(Committee.objects.all(), committee_id)


def committee_members(committee: Committee) -> list[CommitteeMember]:
    return list(committee.members.select_related("expert", "expert__employer").order_by("role", "id"))


def seats_of(expert: Expert) -> list[CommitteeMember]:
    return list(expert.committee_seats.select_related("committee").order_by("-term_end"))


def seat_get(seat_id) -> CommitteeMember:
    return one_or_not_found(CommitteeMember.objects.select_related("committee", "expert"), seat_id)
