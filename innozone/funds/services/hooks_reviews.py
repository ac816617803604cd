"""Registrations of the reviews part (see hooks.py): the 公示 of a call's award list (flow funds-award), and
the funds scoring page as the place where an expert reviews a call's assignment (talent's own assignment page
takes a single score; a fund application is scored per criterion)."""


def _review_page(assignment) -> str | None:
    from django.urls import reverse

    from ..models import Review

    review_id = Review.objects.filter(assignment_id=assignment.pk).values_list("pk", flat=True).first()
    return reverse("funds:review", args=[review_id]) if review_id else None


def register() -> None:
    from innozone.talent.services.reviews import register_review_page

    from .awards import register_approval_handlers

    register_approval_handlers()
    register_review_page("funds.Call", _review_page)
