"""Matching with the engine's Matcher (BM25 over jieba tokens + field, region, kind and synonym signals),
over every published listing. The index is built from the stored token strings (no jieba at build time)
and cached per process until a listing is published, changed or withdrawn, or a term is added. The
matcher's places are the region tree's (core.regions), read when the index is rebuilt."""

from __future__ import annotations

import threading

from innozone.core import regions
from innozone.market.engine import BM25Index, Document, Hit, Matcher, Places, Query

from .models import Listing
from .tokens import tokenizer

_lock = threading.Lock()
_cache: dict = {"key": None, "matcher": None}


def region_label(region) -> str:
    """What the matcher reads as a place: districts and counties with their city (兰州市城关区)."""
    if region is None:
        return ""
    parent = region.parent
    if region.kind in ("district", "county") and parent is not None and not region.name.startswith(parent.name):
        return parent.name + region.name
    return region.name


def places() -> Places:
    """The zone's places from the region tree, plus the engine's generic geography."""
    return Places.from_rows(regions.tree().places())


def _key():
    """Cheap staleness check (two index lookups): any publish, edit or withdrawal moves updated_at."""
    latest = Listing.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    newest = Listing.objects.order_by("-id").values_list("id", flat=True).first()
    return latest, newest, tokenizer().version


def matcher() -> Matcher | None:
    key = _key()
    with _lock:
        if _cache["key"] != key:
            rows = list(
                Listing.objects.filter(status=Listing.Status.PUBLISHED)
                .select_related("field", "region__parent")
                .order_by("id")
            )
            if not rows:
                _cache.update(key=key, matcher=None)
                return None
            docs = [
                Document(
                    id=r.pk,
                    kind=r.kind,
                    title=r.title,
                    text=r.description,
                    field=r.field.name,
                    region=region_label(r.region),
                    trl=r.trl,
                    price=r.price,
                )
                for r in rows
            ]
            index = BM25Index.build(docs, tokenizer(), analysed=[(r.search_title, r.search_body) for r in rows])
            _cache.update(key=key, matcher=Matcher(index, places=places()))
        return _cache["matcher"]


def match(
    *, text: str, field: str = "", region: str = "", kinds=None, top: int = 10, exclude: int | None = None
) -> list[Hit]:
    m = matcher()
    if m is None or not (text or "").strip():
        return []
    hits = m.match(
        Query(text=text, field=field, region=region, kinds=frozenset(kinds) if kinds else None),
        top_k=top + (1 if exclude else 0),
    )
    return [h for h in hits if h.id != exclude][:top]


SOLVERS = ("achievement", "service", "instrument", "expert")


def matches_for(listing: Listing, top: int = 10) -> list[Hit]:
    """A demand → achievements, services, instruments and experts; an achievement → the enterprises
    behind matching demands; anything else → similar listings of the same kind."""
    kinds = (
        SOLVERS
        if listing.kind == Listing.Kind.DEMAND
        else (("demand",) if listing.kind == Listing.Kind.ACHIEVEMENT else (listing.kind,))
    )
    return match(
        text=f"{listing.title} {listing.description}",
        field=listing.field.name,
        region=region_label(listing.region),
        kinds=kinds,
        top=top,
        exclude=listing.pk,
    )
