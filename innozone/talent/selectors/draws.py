"""Reads of draws and review assignments."""

from decimal import Decimal

from django.db.models import QuerySet

from innozone.core.errors import NotFound

from ..models import Assignment, Draw


def draws_all() -> QuerySet[Draw]:
    return Draw.objects.select_related("drawn_by").order_by("-id")


def draws_of(subject) -> QuerySet[Draw]:
    return Draw.objects.filter(
        subject_type=f"{subject._meta.app_label}.{subject.__class__.__name__}", subject_id=subject.pk
    ).order_by("-id")


def assignments_of_draw(draw: Draw) -> QuerySet[Assignment]:
    return draw.assignments.select_related("expert", "expert__employer").order_by("item_ref", "id")


def assignments_for_user(user) -> QuerySet[Assignment]:
    """The logged-in expert's assignments, open ones first."""
    expert = getattr(user, "expert_profile", None) if user.is_authenticated else None
    if expert is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(expert=expert).select_related("draw").order_by("status", "due_at", "id")


def assignments_for_subject(subject) -> list[Assignment]:
    """Every assignment of the draws made for a subject (a recognition application …)."""
    draws = draws_of(subject)
    return list(
        Assignment.objects.filter(draw__in=draws).select_related("expert", "expert__employer").order_by("draw_id", "id")
    )


def review_summary(subject) -> dict:
    """The latest draw of a subject and its reviews: how many members, submitted, the mean score, how many
    recommend, and whether every panel member has submitted."""
    draw = draws_of(subject).first()
    if draw is None:
        return {"draw": None, "members": 0, "submitted": 0, "mean": None, "recommend": 0, "complete": False}
    rows = [a for a in draw.assignments.all() if a.status != Assignment.Status.DECLINED]
    submitted = [a for a in rows if a.status == Assignment.Status.SUBMITTED]
    mean = sum(a.score for a in submitted) / len(submitted) if submitted else None
    return {
        "draw": draw,
        "members": len(rows),
        "submitted": len(submitted),
        "mean": mean.quantize(Decimal("0.1")) if mean is not None else None,
        "recommend": sum(1 for a in submitted if a.recommend),
        "complete": bool(rows) and len(submitted) == len(rows),
    }


def assignment_visible(user, assignment_id: int) -> Assignment:
    found = Assignment.objects.select_related("draw", "expert").filter(pk=assignment_id).first()
    if found is None:
        raise NotFound()
    return found
