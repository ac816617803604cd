"""Bulk import of listings from CSV or Excel rows."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization

from ..models import Listing
from ..permissions import can_review
from ..tokens import analyse_listing, tokenizer
from .validation import Lookups, validate_listing


@transaction.atomic
def listings_import(*, actor, rows: list[dict], publish: bool = True, progress=None) -> int:
    """Bulk import (CSV/Excel rows): every row is checked first; one bad row → nothing is saved and every
    problem is reported with its row number. Owners are organizations by name, created when new."""
    ensure_allowed(can_review(actor))
    errors: list = []
    lookups = Lookups()
    cleaned = []
    for n, row in enumerate(rows, start=2):  # row 1 is the header, unless the reader kept sheet rows
        n = row.get("_row", n)
        clean = validate_listing(row, errors, row=n, lookups=lookups)
        owner = str(row.get("owner") or "").strip()
        if not owner:
            errors.append({"row": n, "field": "owner", "message": _("必填")})
        cleaned.append((clean, owner))
    if errors:
        raise ValidationFailed(detail=errors)
    owners = {o.name: o for o in Organization.objects.filter(name__in={o for _c, o in cleaned})}
    status = Listing.Status.PUBLISHED if publish else Listing.Status.PENDING
    tok = tokenizer()
    batch = []
    for i, (clean, owner_name) in enumerate(cleaned, start=1):
        owner = owners.get(owner_name)
        if owner is None:
            kind = {"demand": "enterprise", "expert": "university"}.get(clean["kind"], "institute")
            owner = owners[owner_name] = Organization.objects.create(name=owner_name, kind=kind, region=clean["region"])
        listing = Listing(owner=owner, created_by=actor, status=status, **clean)
        analyse_listing(listing, tok)
        batch.append(listing)
        if progress and i % 1000 == 0:
            progress(i)
    Listing.objects.bulk_create(batch, batch_size=1000)
    audit.record(actor=actor, action="market.listing.import", obj=actor, summary=_("导入 %(n)s 条") % {"n": len(batch)})
    return len(batch)
