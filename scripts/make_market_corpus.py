"""Generate the labelled technology-market set in tests/data/market/ (deterministic, fixed seed).

    .venv/bin/python scripts/make_market_corpus.py [--out tests/data/market] [--seed 20261123]

Everything comes from the hand-written domain material in scripts/market_corpus/material/: 10 fields ×
8 topics × 3 sub-topics. Each sub-topic has technical terms, the technical wording of its problem (what
listings write), the colloquial wording of the same problem (what enterprises write) and a short colloquial
"ask"; each topic adds shared terms, colloquial words, products, applications, typical providers, regions
and instruments.

* listings.jsonl — achievements, services, instruments and experts; each is written from ONE latent
  sub-topic (recorded under "latent", which rankers must not read) by a provider with a fixed location.
* demands.jsonl — enterprise technical demands, each from one latent sub-topic and one need (tech: wants a
  technology; test: wants testing/analysis; service: wants pilot, consulting or engineering), phrased mostly
  with colloquial words and only sometimes one technical term; the declared field is sometimes missing or
  a neighbouring field, the region is the enterprise's (often, not always, where the topic's industry is).
* qrels.tsv — demand_id, listing_id, grade, from the latent labels only:
  2 = same sub-topic and a kind that can meet the need; 1 = same sub-topic but another kind, or a sibling
  sub-topic of the same topic (same field, related) with a fitting kind; 0 = sibling sub-topic with a kind
  that does not fit (judged non-relevant). Listings not in the file are unjudged (non-relevant).
"""

import argparse
import random
from pathlib import Path

from market_corpus.demands import make_demands
from market_corpus.judgements import make_qrels
from market_corpus.listings import make_listings
from market_corpus.material import load_topics
from market_corpus.write import write

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261123


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "market")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    topics = load_topics()
    listings = make_listings(rng, topics)
    demands = make_demands(rng, topics)
    qrels = make_qrels(demands, listings)
    write(args.out, listings, demands, qrels)
    graded = [g for _, _, g in qrels]
    print(f"{len(topics)} topics, {sum(len(t.subs) for t in topics)} sub-topics")
    print(f"{len(listings)} listings, {len(demands)} demands, {len(qrels)} judgements "
          f"(grade 2: {graded.count(2)}, 1: {graded.count(1)}, 0: {graded.count(0)})")  # fmt: skip


if __name__ == "__main__":
    main()
