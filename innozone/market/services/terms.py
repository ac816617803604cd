"""Terms of the tokenizer's dictionary added by the office."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed

from ..models import Listing, Term
from ..permissions import can_review
from ..tokens import analyse_listing, tokenizer


@transaction.atomic
def terms_add(*, actor, words: list[str]) -> int:
    """Extend the tokenizer's dictionary and re-analyse the listings that contain the new words."""
    ensure_allowed(can_review(actor))
    new = []
    for word in {w.strip() for w in words if w and w.strip()}:
        if len(word) > 40:
            raise ValidationFailed(detail=[{"field": "words", "message": _("词语不超过40字")}])
        _term, created = Term.objects.get_or_create(word=word, defaults={"added_by": actor})
        if created:
            new.append(word)
    if new:
        tok = tokenizer()  # picks up the new terms
        q = Q()
        for word in new:
            q |= Q(title__contains=word) | Q(description__contains=word)
        for listing in Listing.objects.filter(q):
            analyse_listing(listing, tok)
            listing.save(update_fields=["search_title", "search_body", "updated_at"])
        audit.record(actor=actor, action="market.terms.add", obj=actor, summary="、".join(new))
    return len(new)
