"""Query words marked in search results."""

from __future__ import annotations

import html
import re


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
