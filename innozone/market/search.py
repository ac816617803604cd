"""Full-text search of published listings behind one interface, on the database's own engine:

SQLite: FTS5 over the stored jieba tokens, ranked by FTS5's bm25() with the title weighted 2 : 1.
PostgreSQL: to_tsvector('simple', …) over the same tokens (title weight A, body weight B), matched with
websearch_to_tsquery(… OR …) and ranked by ts_rank with length normalisation.

Both match any query token (OR), both favour title hits and rare terms; filters (kind, field, region with
everything under it, price, TRL) are applied in the same SQL query, so paging is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from innozone.core.models import Region

from .analysis import highlight, tokenizer
from .models import Listing

PG_VECTOR = (
    "(setweight(to_tsvector('simple', market_listing.search_title), 'A') || "
    "setweight(to_tsvector('simple', market_listing.search_body), 'B'))"
)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    field_id: int | None = None
    region_id: int | None = None
    price_max: Decimal | None = None
    trl_min: int | None = None


@dataclass
class Result:
    listing: Listing
    score: float
    title_html: str
    snippet_html: str


def region_and_below(region_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Region.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, todo = [], [region_id]
    while todo:
        pk = todo.pop()
        out.append(pk)
        todo.extend(children.get(pk, []))
    return out


def filtered(filters: Filters):
    qs = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.region_id:
        qs = qs.filter(region_id__in=region_and_below(filters.region_id))
    if filters.price_max is not None:
        qs = qs.filter(Q(price__isnull=True) | Q(price__lte=filters.price_max))
    if filters.trl_min:
        qs = qs.filter(trl__gte=filters.trl_min)
    return qs


def query_tokens(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for t in tokenizer().tokens(text or ""):
        seen.setdefault(t, None)
    return list(seen)[:32]


def search(text: str, filters: Filters = Filters(), *, offset: int = 0, limit: int = 20) -> tuple[list[Result], int]:
    """(results of this page, total matches)."""
    tokens = query_tokens(text)
    qs = filtered(filters).select_related("field", "region", "owner")
    if not tokens:
        qs = qs.order_by("-id")
        return [_result(x, 0.0, []) for x in qs[offset : offset + limit]], qs.count()
    if connection.vendor == "postgresql":
        tsquery = " or ".join(f'"{t}"' for t in tokens)
        qs = qs.annotate(score=RawSQL(f"ts_rank({PG_VECTOR}, websearch_to_tsquery('simple', %s), 1)", [tsquery]))
        qs = qs.extra(where=[f"{PG_VECTOR} @@ websearch_to_tsquery('simple', %s)"], params=[tsquery])
        qs = qs.order_by("-score", "-id")
    else:
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        qs = qs.extra(
            tables=["market_listing_fts"],
            where=["market_listing_fts.rowid = market_listing.id", "market_listing_fts MATCH %s"],
            params=[match],
            select={"score": "-bm25(market_listing_fts, 2.0, 1.0)"},
            order_by=["-score", "-id"],
        )
    total = qs.count()
    return [_result(x, float(x.score), tokens) for x in qs[offset : offset + limit]], total


def _result(listing: Listing, score: float, tokens: list[str]) -> Result:
    return Result(
        listing,
        score,
        mark_safe(highlight(listing.title, tokens)),  # escaped inside highlight()
        mark_safe(highlight(listing.description, tokens, limit=120)),
    )
