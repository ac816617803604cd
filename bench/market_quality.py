"""Quality and speed of the technology-market engine on the labelled set (run by hand; prints markdown).

    .venv/bin/python bench/market_quality.py [--scale 100000] [--variants]

1. nDCG@10 and Recall@10 of plain BM25 (`BM25Index.search`) and of the `Matcher` over the demands of
   tests/data/market (a query = the demand's title and text, plus its field and region for the matcher,
   whose places are the demo region tree's, tests/data/market/places.jsonl),
   overall, per listing kind (both restricted to that kind, judged against that kind's listings only) and
   on the two halves of the demands (even ids: the half the default weights were looked at on);
2. ablations: the matcher without synonyms, field, region or kind priors;
3. with --variants, the tokenizer variants (precise mode, search mode, search mode + character bigrams);
4. build time and query p50/p95 on the labelled set and on --scale documents (the listings repeated with
   new ids, so the vocabulary is the labelled set's: a lower bound on index size, not on tokenising cost).
"""

import argparse
import datetime
import json
import platform
import statistics
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innozone.market.engine import (  # noqa: E402
    KINDS,
    BM25Index,
    Document,
    Matcher,
    Places,
    Query,
    Tokenizer,
    Weights,
    evaluate,
)

DATA = ROOT / "tests" / "data" / "market"
LISTING_KINDS = [k for k in KINDS if k != "demand"]


def _lines(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read().splitlines()


def load(data=DATA):
    """(listings as Documents, {demand id: Query}, {demand id: {listing id: grade}}); latent labels unused."""
    listings = [_document(json.loads(line)) for line in _lines(data / "listings.jsonl")]
    queries = {}
    for line in _lines(data / "demands.jsonl"):
        row = json.loads(line)
        queries[row["id"]] = Query(f"{row['title']}。{row['text']}", field=row["field"], region=row["region"])
    qrels: dict[str, dict[str, int]] = {}
    for line in _lines(data / "qrels.tsv")[1:]:
        demand, listing, grade = line.split("\t")
        qrels.setdefault(demand, {})[listing] = int(grade)
    return listings, queries, qrels


def places(data=DATA):
    """The places the matcher knows: the demo region tree's rows (as core.regions gives them) + geography."""
    return Places.from_rows(json.loads(line) for line in _lines(data / "places.jsonl"))


PLACES = places()


def _document(row):
    price = Decimal(row["price"]) if row["price"] else None
    return Document(row["id"], row["kind"], row["title"], row["text"], row["field"], row["region"], row["trl"], price)


def bm25_fn(index, kinds=None):
    return lambda q: [h.id for h in index.search(q.text, 10, kinds=kinds)]


def matcher_fn(matcher, kinds=None):
    return lambda q: [h.id for h in matcher.match(replace(q, kinds=kinds), 10)]


def restrict(qrels, ids):
    """Judgements of the listings in ids only."""
    return {q: {d: g for d, g in graded.items() if d in ids} for q, graded in qrels.items()}


def row(label, base, other):
    gain = (other["ndcg@10"] / base["ndcg@10"] - 1) * 100 if base["ndcg@10"] else float("nan")
    return (f"| {label} | {base['queries']} | {base['ndcg@10']:.3f} | {other['ndcg@10']:.3f} | {gain:+.1f} % "
            f"| {base['recall@10']:.3f} | {other['recall@10']:.3f} |")  # fmt: skip


def quality(index, matcher, listings, queries, qrels):
    print("| demands | n | nDCG@10 BM25 | nDCG@10 matcher | Δ nDCG | Recall@10 BM25 | Recall@10 matcher |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(row("all", evaluate(bm25_fn(index), queries, qrels), evaluate(matcher_fn(matcher), queries, qrels)))
    for half, parity in (("even ids (weights looked at)", 0), ("odd ids (held out)", 1)):
        part = {q: v for q, v in queries.items() if int(q[1:]) % 2 == parity}
        print(row(half, evaluate(bm25_fn(index), part, qrels), evaluate(matcher_fn(matcher), part, qrels)))
    for kind in LISTING_KINDS:
        ids = {d.id for d in listings if d.kind == kind}
        sub = restrict(qrels, ids)
        base = evaluate(bm25_fn(index, {kind}), queries, sub)
        print(row(f"only {kind}s", base, evaluate(matcher_fn(matcher, {kind}), queries, sub)))
    print(f"| ceiling (ideal ranking) | | 1.000 | | | {ceiling(qrels):.3f} | |")


def ceiling(qrels):
    """Mean best possible Recall@10 (at most 10 of the relevant listings fit in the top 10)."""
    return statistics.fmean(min(1, 10 / sum(g >= 1 for g in v.values())) for v in qrels.values() if any(v.values()))


def ablations(index, queries, qrels):
    print("\n| matcher variant | nDCG@10 | Recall@10 |\n|---|---:|---:|")
    variants = {
        "full": Matcher(index, places=PLACES),
        "no synonyms": Matcher(index, places=PLACES, synonyms={}),
        "no field": Matcher(index, places=PLACES, weights=Weights(field=0)),
        "no region": Matcher(index, places=PLACES, weights=Weights(region=0)),
        "no kind priors": Matcher(index, places=PLACES, weights=Weights(kind=0)),
        "synonyms only": Matcher(index, places=PLACES, weights=Weights(field=0, region=0, kind=0)),
    }
    for label, matcher in variants.items():
        res = evaluate(matcher_fn(matcher), queries, qrels)
        print(f"| {label} | {res['ndcg@10']:.3f} | {res['recall@10']:.3f} |")


def variants(listings, queries, qrels):
    print("\n| tokenizer | BM25 nDCG@10 | matcher nDCG@10 | BM25 Recall@10 | matcher Recall@10 | build s |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, tok in (("precise", Tokenizer(mode="precise")), ("search (default)", Tokenizer()),
                       ("search + bigrams", Tokenizer(bigrams=True))):  # fmt: skip
        tok.tokens("预热")
        start = time.perf_counter()
        index = BM25Index.build(listings, tok)
        built = time.perf_counter() - start
        matcher = Matcher(index, places=PLACES)
        b, m = evaluate(bm25_fn(index), queries, qrels), evaluate(matcher_fn(matcher), queries, qrels)
        print(f"| {label} | {b['ndcg@10']:.3f} | {m['ndcg@10']:.3f} | {b['recall@10']:.3f} | "
              f"{m['recall@10']:.3f} | {built:.1f} |")  # fmt: skip


def latency(fn, queries, repeat=1):
    times = []
    for _ in range(repeat):
        for query in queries.values():
            start = time.perf_counter()
            fn(query)
            times.append((time.perf_counter() - start) * 1000)
    return np.percentile(times, 50), np.percentile(times, 95)


def speed(listings, queries, scale):
    tok = Tokenizer()
    start = time.perf_counter()
    tok.tokens("预热")
    init = time.perf_counter() - start
    print(f"\njieba initialisation (dictionary + {len(tok.terms)} terms): {init:.2f} s\n")
    stored = [(tok.analyse(d.title), tok.analyse(d.text)) for d in listings]
    print("| documents | build with jieba s | build from stored analyse() s | BM25 query p50 / p95 ms "
          "| matcher query p50 / p95 ms |\n|---:|---:|---:|---:|---:|")  # fmt: skip
    for size in [len(listings)] + ([scale] if scale > len(listings) else []):
        docs = [replace(listings[i % len(listings)], id=f"X{i}") for i in range(size)]
        start = time.perf_counter()
        BM25Index.build(docs, tok)
        jieba_s = time.perf_counter() - start
        start = time.perf_counter()
        index = BM25Index.build(docs, tok, analysed=(stored[i % len(stored)] for i in range(size)))
        stored_s = time.perf_counter() - start
        b50, b95 = latency(bm25_fn(index), queries)
        m50, m95 = latency(matcher_fn(Matcher(index, places=PLACES)), queries)
        print(f"| {size:,} | {jieba_s:.1f} | {stored_s:.1f} | {b50:.1f} / {b95:.1f} | {m50:.1f} / {m95:.1f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="documents for the timing run (0: skip)")
    parser.add_argument("--variants", action="store_true", help="also compare tokenizer variants")
    args = parser.parse_args(argv)
    print(f"# Market engine quality — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
          f"Python {platform.python_version()}, {platform.machine()}\n")  # fmt: skip
    listings, queries, qrels = load()
    print(f"{len(listings):,} listings, {len(queries)} demands, {sum(map(len, qrels.values())):,} judgements\n")
    index = BM25Index.build(listings, Tokenizer())
    quality(index, Matcher(index, places=PLACES), listings, queries, qrels)
    ablations(index, queries, qrels)
    if args.variants:
        variants(listings, queries, qrels)
    speed(listings, queries, args.scale)


if __name__ == "__main__":
    main()
