"""The market's tokenizer (the engine's dictionary plus the terms admins added, market.Term) and the token
strings stored on each listing for full-text search and matching."""

from __future__ import annotations

import logging

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
