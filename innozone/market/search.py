"""Full-text search of published listings behind one interface, on the database's own engine:

SQLite: FTS5 over the stored jieba tokens, ranked by FTS5's bm25() with the title weighted 2 : 1.
PostgreSQL: a stored generated tsvector column over the same tokens (to_tsvector('simple', …), title
weight A, body weight B; migration 0003), matched with websearch_to_tsquery(… OR …) and ranked by
ts_rank with length normalisation.

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

from innozone.core import regions

from .highlight import highlight
from .models import Listing
from .tokens import tokenizer


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    field_id: int | None = None
    region_id: int | None = None
    price_max: Decimal | None = None
    trl_min: int | None = None
    international: bool = False


@dataclass
class Result:
    listing: Listing
    score: float
    title_html: str
    snippet_html: str


def filtered(filters: Filters):
    qs = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.region_id:
        qs = qs.filter(region_id__in=regions.descendants(filters.region_id))
    if filters.price_max is not None:
        qs = qs.filter(Q(price__isnull=True) | Q(price__lte=filters.price_max))
    if filters.trl_min:
        qs = qs.filter(trl__gte=filters.trl_min)
    if filters.international:
        qs = qs.filter(international=True)
    return qs


# chemical elements: one character, yet what a query is about (锌冶炼 → 锌 + 冶炼, 钒电池 → 钒 + 电池)
ELEMENTS = set(
    "氢氦锂铍硼碳氮氧氟氖钠镁铝硅磷硫氯氩钾钙钪钛钒铬锰铁钴镍铜锌镓锗砷硒溴氪铷锶钇锆铌钼锝钌铑钯银镉铟锡锑碲碘氙"
    "铯钡镧铈镨钕钷钐铕钆铽镝钬铒铥镱镥铪钽钨铼锇铱铂金汞铊铅铋钋砹氡镭锕钍镤铀钚"
)


def query_tokens(text: str) -> list[str]:
    """Distinct tokens of the query; single characters (找, 人 …) only when nothing longer is left, since
    they match nearly every listing — except chemical elements."""
    seen: dict[str, None] = {}
    for t in tokenizer().tokens(text or ""):
        seen.setdefault(t, None)
    tokens = list(seen)
    kept = [t for t in tokens if len(t) > 1 or t in ELEMENTS]
    return kept or tokens


MAX_TOKENS = 16
COUNT_CAP = 1000  # "1000+" results: counting every match of a common word costs more than the page
CANDIDATES = 400  # ranked matches fetched per round before the filters; doubled while a page is short


def search(text: str, filters: Filters = Filters(), *, offset: int = 0, limit: int = 20) -> tuple[list[Result], int]:
    """(results of this page, total matches up to COUNT_CAP)."""
    tokens = query_tokens(text)[:MAX_TOKENS]
    qs = filtered(filters).select_related("field", "region", "owner")
    if not tokens:
        qs = qs.order_by("-id")
        return [_result(x, 0.0, []) for x in qs[offset : offset + limit]], qs.count()
    if connection.vendor == "postgresql":
        tsquery = " or ".join(f'"{t}"' for t in tokens)
        qs = qs.extra(
            select={"score": "ts_rank(market_listing.search_vector, websearch_to_tsquery('simple', %s), 1)"},
            select_params=[tsquery],
            where=["market_listing.search_vector @@ websearch_to_tsquery('simple', %s)"],
            params=[tsquery],
            order_by=["-score", "-id"],
        )
        total = qs.order_by().values("id")[:COUNT_CAP].count()
        return [_result(x, float(x.score), tokens) for x in qs[offset : offset + limit]], total
    return _search_sqlite(qs, tokens, offset, limit)


def _search_sqlite(qs, tokens: list[str], offset: int, limit: int) -> tuple[list[Result], int]:
    """FTS5 ranks the matches itself (bm25 inside the virtual table, best first); the filters are then
    applied to those ids, fetching more ranked ids until the page is full."""
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    matching = qs.filter(
        id__in=RawSQL("SELECT rowid FROM market_listing_fts WHERE market_listing_fts MATCH %s", [match])
    )
    total = matching.order_by().values("id")[:COUNT_CAP].count()
    want, fetched = offset + limit, CANDIDATES
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(market_listing_fts, 2.0, 1.0) FROM market_listing_fts "
                "WHERE market_listing_fts MATCH %s ORDER BY bm25(market_listing_fts, 2.0, 1.0) LIMIT %s",
                [match, fetched],
            )
            ranked = cursor.fetchall()
        keep = set(qs.filter(id__in=[pk for pk, _s in ranked]).values_list("id", flat=True))
        hits = [(pk, score) for pk, score in ranked if pk in keep]
        if len(hits) >= want or len(ranked) < fetched:
            break
        fetched *= 4
    page = hits[offset:want]
    listings = qs.in_bulk([pk for pk, _s in page])
    return [_result(listings[pk], float(score), tokens) for pk, score in page if pk in listings], total


def _result(listing: Listing, score: float, tokens: list[str]) -> Result:
    return Result(
        listing,
        score,
        mark_safe(highlight(listing.title, tokens)),  # escaped inside highlight()
        mark_safe(highlight(listing.description, tokens, limit=120)),
    )
