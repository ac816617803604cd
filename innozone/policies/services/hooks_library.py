"""Registrations of the library part: the fair-competition review's approval handlers."""


def register() -> None:
    from innozone.core import approvals

    from . import fair

    approvals.register(
        "policies.FairReview", on_approved=fair.on_approved, on_rejected=fair.on_rejected, link=fair.review_link
    )
