"""Benchmark of the expert panel draw engine (run by hand; prints a markdown table).

    .venv/bin/python bench/bench_draw.py [--experts 20000] [--items 500] [--repeat 5]

A synthetic pool (≈20 field names, 1–4 fields per expert, ≈3 ties each, employers among ≈2,000 organization keys,
10 % financial experts, reviews already done this year 0–9) and items in those fields, each with an applicant
organization, 0–3 related organizations and 1–5 people; ``draw_panels`` with size 7, 2 reserves, shares (technical
≥ 60 %, financial ≥ 1), one member per organization and a yearly cap of 10. The draw is timed ``--repeat`` times
(the pool digest included, as draw_panels computes it); peak memory of one more draw under tracemalloc.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innozone.talent.engine.draw import (  # noqa: E402
    DrawItem,
    PanelRules,
    PoolExpert,
    Share,
    Tie,
    draw_panels,
    pool_digest,
)

FIELDS = [
    "新材料",
    "生物医药",
    "电子信息",
    "先进制造",
    "新能源",
    "节能环保",
    "现代农业",
    "航空航天",
    "人工智能",
    "集成电路",
    "化工",
    "冶金",
    "有色金属",
    "装备制造",
    "软件",
    "大数据",
    "文化创意",
    "现代服务",
    "核技术",
    "中医药",
]
RELATIONS = ["employment", "director", "supervisor", "shareholder", "collaboration", "declared"]
ON = datetime.date(2025, 6, 30)


def synthetic(n_experts: int, n_items: int, n_orgs: int, seed: int) -> tuple[list[PoolExpert], list[DrawItem]]:
    rng = random.Random(seed)
    orgs = [f"org:{i}" for i in range(n_orgs)]
    n_people = n_experts * 3
    pool = []
    for i in range(n_experts):
        ties = tuple(
            Tie(
                rng.choice(orgs),
                rng.choice(RELATIONS),
                None if rng.random() < 0.4 else ON - datetime.timedelta(days=rng.randrange(1, 3650)),
            )
            for _ in range(rng.choice((2, 3, 3, 4)))
        )
        employer = rng.choice(orgs) if rng.random() < 0.95 else ""
        pool.append(
            PoolExpert(
                id=i + 1,
                name=f"专家{i + 1}",
                organization=employer,
                organization_name=f"单位{employer}" if employer else "",
                fields=frozenset(rng.sample(FIELDS, rng.randint(1, 4))),
                kind="financial" if rng.random() < 0.10 else "technical",
                ties=ties,
                people=frozenset(f"p{rng.randrange(n_people)}" for _ in range(rng.randint(0, 3))),
                person=f"p{i}",
                reviews_this_year=rng.randint(0, 9),
            )
        )
    rng.shuffle(pool)  # the engine must not depend on the order
    items = [
        DrawItem(
            ref=f"XM-{j:04d}",
            field=rng.choice(FIELDS),
            organization=rng.choice(orgs),
            related=frozenset(rng.sample(orgs, rng.randint(0, 3))),
            people=frozenset(f"p{rng.randrange(n_people)}" for _ in range(rng.randint(1, 5))),
        )
        for j in range(n_items)
    ]
    return pool, items


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    pool, items = synthetic(args.experts, args.items, args.orgs, args.seed)
    rules = PanelRules(
        size=7,
        reserves=2,
        shares=(Share("technical", fraction=0.6), Share("financial", at_least=1)),
        per_organization=1,
        yearly_cap=10,
    )

    def draw():
        return draw_panels(items, pool, rules, seed="bench-2025", on=ON)

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = draw()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    pool_digest(pool)
    digest_time = time.perf_counter() - start
    tracemalloc.start()
    draw()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    members = sum(len(p.experts) for p in result.panels)
    reserves = sum(len(p.reserves) for p in result.panels)
    excluded = sum(len(p.excluded) for p in result.panels)
    codes: dict[str, int] = {}
    for panel in result.panels:
        for x in panel.excluded:
            codes[x.code] = codes.get(x.code, 0) + 1
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · "
        f"{cpu_model()} · os.cpu_count() {os.cpu_count()} · Python {platform.python_version()} · "
        f"1-min load {load_before:.2f} before, {os.getloadavg()[0]:.2f} after · peak RSS {peak_rss:,.0f} MiB\n"
    )
    print("| case | value | note |\n|---|---:|---|")
    print(
        f"| draw_panels, {args.items} items × size 7 + 2 reserves, pool {args.experts:,} | "
        f"median {statistics.median(times):.3f} s, max {max(times):.3f} s | {args.repeat} runs |"
    )
    print(f"| of which pool_digest | {digest_time:.3f} s | sha256 of the canonical JSON |")
    print(f"| peak memory of one draw (tracemalloc) | {traced_peak / 2**20:,.1f} MiB | pool built before |")
    print(
        f"| result | {members:,} members, {reserves:,} reserves, {excluded:,} exclusions | "
        + ", ".join(f"{code} {n:,}" for code, n in sorted(codes.items()))
        + " |"
    )


if __name__ == "__main__":
    main()
