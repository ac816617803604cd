"""The market's tokenizer: the engine's dictionary plus the terms admins added (market.Term)."""

from __future__ import annotations

import html
import logging
import re

import jieba

from innozone.market.engine.tokenize import Tokenizer, default_tokenizer

_loaded: set[str] = set()
jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr otherwise
logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenizer() -> Tokenizer:
    """The process's tokenizer with every stored Term added (new terms are picked up on each call)."""
    from .models import Term

    tok = default_tokenizer()
    words = set(Term.objects.values_list("word", flat=True)) - _loaded
    if words:
        tok.add_terms(words)
        _loaded.update(words)
    return tok


def analyse_listing(listing, tok: Tokenizer | None = None) -> None:
    """Fill the stored token strings the search indexes and the matcher read (pass `tok` in loops: getting
    the tokenizer reads the added terms from the database)."""
    tok = tok or tokenizer()
    listing.search_title = tok.analyse(listing.title)
    extra = " ".join(filter(None, [listing.category, listing.model_number, listing.ip_form]))
    listing.search_body = tok.analyse(f"{listing.description} {extra}")


def region_label(region) -> str:
    """What the matcher reads as a place: districts and counties with their city (兰州市城关区)."""
    if region is None:
        return ""
    parent = region.parent
    if region.kind in ("district", "county") and parent is not None and not region.name.startswith(parent.name):
        return parent.name + region.name
    return region.name


def highlight(text: str, tokens: list[str], *, limit: int | None = None) -> str:
    """HTML-escaped text with every query token wrapped in <mark>; cut around the first hit when `limit`."""
    if limit and len(text) > limit:
        lowered = text.lower()
        first = min((lowered.find(t) for t in tokens if t and lowered.find(t) >= 0), default=0)
        start = max(0, first - limit // 4)
        text = ("…" if start else "") + text[start : start + limit] + ("…" if start + limit < len(text) else "")
    escaped = html.escape(text)
    words = sorted({html.escape(t) for t in tokens if t}, key=len, reverse=True)
    if not words:
        return escaped
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
