"""Technology-market benchmark (run by hand; results in docs/benchmarks.md).

  .venv/bin/python bench/market.py --db sqlite   --listings 100000 --queries 1000
  .venv/bin/python bench/market.py --db postgres --listings 100000 --queries 1000

Loads N listings (the 5,272 labelled listings of tests/data/market, repeated with numbered variants and
spread over the Lanzhou and Baiyin regions), analysed with jieba as the platform stores them; then times
the full-text index build, search (first page of 20, through market.search) and matching (top 10 through
the engine's Matcher over every published listing) for demand texts from tests/data/market/demands.jsonl.
Uses a dedicated database (innozone_bench_market / var/bench/market.sqlite3), wiped first.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402

DATA = ROOT / "tests" / "data" / "market"


def configure(db: str, reuse: bool) -> None:
    benchdb.configure(db, "market", wipe=not reuse)


def load(n: int) -> float:
    from django.db import transaction

    from innozone.core.models import Organization, Region
    from innozone.market.engine import FIELDS
    from innozone.market.models import Field, Listing
    from innozone.market.tokens import tokenizer
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    fields = {}
    for i, name in enumerate(FIELDS):
        fields[name], _ = Field.objects.get_or_create(name=name, defaults={"order": i})
    regions = list(Region.objects.filter(kind__in=["district", "county", "park"]))
    owner, _ = Organization.objects.get_or_create(name="基准发布单位", defaults={"kind": "institute"})
    rows = [json.loads(line) for line in (DATA / "listings.jsonl").read_text(encoding="utf-8").splitlines()]
    tok = tokenizer()
    t0 = time.perf_counter()
    batch = []
    for i in range(n):
        r = rows[i % len(rows)]
        variant = i // len(rows)
        title = r["title"] if variant == 0 else f"{r['title']}（{variant}）"
        listing = Listing(
            kind=r["kind"],
            title=title,
            description=r["text"],
            field=fields[r["field"]],
            region=regions[i % len(regions)],
            owner=owner,
            status="published",
            trl=r.get("trl"),
            price=r.get("price"),
            search_title=tok.analyse(title),
            search_body=tok.analyse(r["text"]),
        )
        batch.append(listing)
        if len(batch) == 5000:
            with transaction.atomic():
                Listing.objects.bulk_create(batch)
            batch = []
            print(f"  loaded {i + 1:,}", end="\r", flush=True)
    with transaction.atomic():
        Listing.objects.bulk_create(batch)
    return time.perf_counter() - t0


def rebuild_index() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("INSERT INTO market_listing_fts(market_listing_fts) VALUES ('rebuild')")
            c.execute("INSERT INTO market_listing_fts(market_listing_fts) VALUES ('optimize')")
        else:
            c.execute("REINDEX INDEX market_listing_fts")
            c.execute("ANALYZE market_listing")
    return time.perf_counter() - t0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--listings", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--reuse", action="store_true", help="keep the loaded database; only measure")
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; db {args.db}")
    configure(args.db, args.reuse)
    from innozone.market import matching, search
    from innozone.market.models import Listing

    if not args.reuse:
        print(f"load + jieba analysis of {args.listings:,} listings: {load(args.listings):.1f} s")
    print(f"listings in the database: {Listing.objects.count():,}")
    print(f"full-text index rebuild: {rebuild_index():.1f} s")
    t0 = time.perf_counter()
    matching.matcher()
    print(f"matcher build from stored tokens: {time.perf_counter() - t0:.1f} s")
    demands = [json.loads(line) for line in (DATA / "demands.jsonl").read_text(encoding="utf-8").splitlines()]
    # the search box gets keywords (a demand's title); matching gets the whole demand text
    titles = [d["title"] for d in demands]
    texts = [f"{d['title']} {d['text']}" for d in demands]
    search.search(titles[0])
    s_times, m_times, hits = [], [], 0
    for i in range(args.queries):
        text = texts[i % len(texts)]
        t0 = time.perf_counter()
        results, _total = search.search(titles[i % len(titles)])
        s_times.append(time.perf_counter() - t0)
        hits += bool(results)
        t0 = time.perf_counter()
        matching.match(text=text, kinds=matching.SOLVERS, top=10)
        m_times.append(time.perf_counter() - t0)
    print(
        f"search ({args.queries} demand titles as keywords, first page of 20): p50 {pct(s_times, 0.5):.1f} ms, "
        f"p95 {pct(s_times, 0.95):.1f} ms, max {max(s_times) * 1000:.1f} ms; {hits} with results"
    )
    print(
        f"matching (top 10): p50 {pct(m_times, 0.5):.1f} ms, p95 {pct(m_times, 0.95):.1f} ms, "
        f"max {max(m_times) * 1000:.1f} ms; mean {statistics.mean(m_times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
