"""Full-text search of the policy library: the query is cut with the market's jieba analysis (the analysis
that made `Policy.search_tokens`), and the policies passing the filters are ranked by BM25 (bm25s, k1 = 1.2,
b = 0.75) over their stored tokens; a policy sharing no token with the query is not a hit.

Why BM25 over the stored tokens rather than the database's full-text index: the library holds hundreds to a
few thousand documents, so indexing the filtered set per query takes milliseconds, ranks identically on
SQLite and PostgreSQL (the same tokens, the same formula) and needs no index kept in step with the rows.

Highlight: the query's tokens are marked in the title and in a snippet of the summary or full text around
the first hit, as segments (text, matched) the template renders with <mark> (escaped like any text)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bm25s
import numpy as np

from innozone.market.engine.tokenize import tokens as analyse_tokens

from ..models import Policy

logging.getLogger("bm25s").setLevel(logging.WARNING)

K1, B = 1.2, 0.75
SNIPPET_BEFORE, SNIPPET_AFTER = 40, 120


@dataclass
class Hit:
    policy: Policy
    score: float
    title: list[tuple[str, bool]] = field(default_factory=list)
    snippet: list[tuple[str, bool]] = field(default_factory=list)


def query_tokens(q: str) -> list[str]:
    return list(dict.fromkeys(analyse_tokens((q or "").strip()[:200])))


def rank(qs, q: str) -> list[tuple[int, float]]:
    """(policy id, BM25 score) of the policies in `qs` that share a token with `q`, best first (ties: newer
    id first)."""
    wanted = query_tokens(q)
    if not wanted:
        return []
    rows = list(qs.order_by().values_list("pk", "search_tokens"))
    vocab: dict[str, int] = {}
    corpus = [[vocab.setdefault(t, len(vocab)) for t in text.split()] for _pk, text in rows]
    known = [t for t in wanted if t in vocab]
    if not known:
        return []
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index((corpus, dict(vocab)), show_progress=False)
    scores = np.asarray(bm25.get_scores(known), dtype=float)
    hits = [(rows[i][0], float(scores[i])) for i in np.flatnonzero(scores > 0)]
    hits.sort(key=lambda h: (-h[1], -h[0]))
    return hits


def _pattern(words: list[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def segments(text: str, pattern: re.Pattern | None) -> list[tuple[str, bool]]:
    """`text` cut into (piece, matched) segments."""
    if not text:
        return []
    if pattern is None:
        return [(text, False)]
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.start() > last:
            out.append((text[last : m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def snippet(text: str, pattern: re.Pattern | None) -> list[tuple[str, bool]]:
    """A window of the text around its first hit (the beginning when none), as segments."""
    text = " ".join((text or "").split())
    if not text:
        return []
    m = pattern.search(text) if pattern else None
    start = max(0, m.start() - SNIPPET_BEFORE) if m else 0
    end = min(len(text), (m.end() if m else 0) + SNIPPET_AFTER)
    piece = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return segments(piece, pattern)


def hits_for(policies, q: str, scores: dict[int, float] | None = None) -> list[Hit]:
    """Hits with highlights for policies already chosen (one page)."""
    pattern = _pattern(query_tokens(q)) if q else None
    scores = scores or {}
    out = []
    for p in policies:
        body = p.summary or p.full_text
        out.append(Hit(p, scores.get(p.pk, 0.0), segments(p.title, pattern), snippet(body, pattern)))
    return out
