"""Listings: post (the office's own postings are published at once), review, withdraw."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization

from ..models import Listing
from ..permissions import can_edit, can_post, can_review
from ..tokens import analyse_listing
from .validation import validate_listing


@transaction.atomic
def listing_create(*, actor, data: dict, owner: Organization | None = None) -> Listing:
    """Post a listing for review; the office's own postings are published at once."""
    kind = str(data.get("kind", ""))
    ensure_allowed(can_post(actor, kind))
    errors: list = []
    clean = validate_listing(data, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    owner = owner if owner is not None and can_review(actor)[0] else actor.organization
    listing = Listing(owner=owner, created_by=actor, **clean)
    if can_review(actor)[0]:
        listing.status = Listing.Status.PUBLISHED
    analyse_listing(listing)
    listing.save()
    audit.record(
        actor=actor,
        action="market.listing.create",
        obj=listing,
        summary=listing.title,
        after={"kind": listing.kind, "status": listing.status},
    )
    return listing


@transaction.atomic
def listing_review(*, actor, listing: Listing, approve: bool, note: str = "") -> Listing:
    ensure_allowed(can_review(actor))
    if listing.status != Listing.Status.PENDING:
        raise Conflict(_("该信息不在待审核状态"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("不通过时请填写理由")}])
    listing.status = Listing.Status.PUBLISHED if approve else Listing.Status.REJECTED
    listing.review_note = note.strip()
    listing.save(update_fields=["status", "review_note", "updated_at"])
    audit.record(
        actor=actor,
        action="market.listing.review",
        obj=listing,
        summary=listing.title,
        after={"approve": approve, "note": note},
    )
    return listing


@transaction.atomic
def listing_withdraw(*, actor, listing: Listing) -> Listing:
    ensure_allowed(can_edit(actor, listing))
    listing.status = Listing.Status.WITHDRAWN
    listing.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="market.listing.withdraw", obj=listing, summary=listing.title)
    return listing
