"""Benchmark of the evaluation engine (run by hand; prints a markdown table).

    .venv/bin/python bench/evaluation.py

1. the full pipeline (screen, impute, treat, normalise, aggregate, rank) on synthetic 3,000 units ×
   60 indicators × 4 pillars;
2. a 1,000-replication uncertainty analysis on the same (weights ±25 %, two normalisations, two
   aggregations);
3. per-replication time of an uncertainty analysis on COINr's ASEM data varying normalisation and
   aggregation (COINr takes about 0.12 s per replication on this machine: the goal is 50× faster).
"""

import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innozone.evaluation.engine import read_coinr, run_pipeline  # noqa: E402
from innozone.evaluation.engine.pipeline import Settings  # noqa: E402
from innozone.evaluation.engine.sensitivity import sensitivity  # noqa: E402
from innozone.evaluation.engine.uncertainty import Alternatives, uncertainty  # noqa: E402

ALTS = Alternatives(
    normalise=({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)}),
    aggregate=("amean", "gmean"),
    weight_noise=0.25,
)


def synthetic(units=3000, indicators=60, pillars=4, seed=0):
    rng = np.random.default_rng(seed)
    codes = [f"i{k:02d}" for k in range(indicators)]
    data = pd.DataFrame(rng.lognormal(2, 0.8, size=(units, indicators)), columns=codes)
    data[rng.random(data.shape) < 0.03] = np.nan
    data.insert(0, "uCode", [f"U{u:04d}" for u in range(units)])
    data.insert(1, "uName", data["uCode"])
    data.insert(2, "Group", rng.choice(["A", "B", "C"], size=units))
    meta = [
        {
            "iCode": c,
            "Level": 1,
            "Parent": f"P{k % pillars}",
            "Direction": 1 if k % 5 else -1,
            "Weight": 1,
            "Type": "Indicator",
        }
        for k, c in enumerate(codes)
    ]
    meta += [
        {"iCode": f"P{p}", "Level": 2, "Parent": "Index", "Direction": 1, "Weight": 1, "Type": "Aggregate"}
        for p in range(pillars)
    ]
    meta += [
        {"iCode": "Index", "Level": 3, "Parent": None, "Direction": 1, "Weight": 1, "Type": "Aggregate"},
        {"iCode": "Group", "Level": None, "Parent": None, "Direction": None, "Weight": None, "Type": "Group"},
    ]
    return read_coinr(data, pd.DataFrame(meta))


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def main():
    big = synthetic()
    settings = Settings(screen=0.8, impute="group-mean:Group", treat="winsorise", range_=(1, 100))
    rows = []
    med, best = timed(lambda: run_pipeline(big, settings=settings), 5)
    rows.append(("full pipeline, 3,000 units × 60 indicators × 4 pillars", med, best, "< 1 s"))
    med, best = timed(lambda: uncertainty(big, settings, ALTS, n=1000, rng=np.random.default_rng(1)), 3)
    rows.append(("uncertainty, 1,000 replications, same data", med, best, "< 20 s"))
    data = ROOT / "tests" / "evaluation" / "data"
    asem = read_coinr(data / "ASEM_iData.csv", data / "ASEM_iMeta.csv")
    asem_settings = Settings(
        denominate=True, impute="group-mean:EurAsia_group", screen=0.9, treat="winsorise", range_=(1, 100)
    )
    alts = Alternatives(normalise=ALTS.normalise, aggregate=ALTS.aggregate)
    n = 1000
    med, best = timed(lambda: uncertainty(asem, asem_settings, alts, n=n, rng=np.random.default_rng(2)), 5)
    per_rep = med / n
    rows.append(
        (
            f"ASEM uncertainty ({n} replications): per replication",
            per_rep,
            best / n,
            f"≤ {0.12 / 50 * 1000:.1f} ms (COINr 0.12 s ÷ 50); {0.12 / per_rep:,.0f}× faster than COINr",
        )
    )
    med, best = timed(
        lambda: sensitivity(asem, asem_settings, ALTS, n=256, by_unit=False, rng=np.random.default_rng(3)), 3
    )
    rows.append(("ASEM Sobol sensitivity, 3 factors, 256 × 5 runs (SALib)", med, best, "—"))
    versions = ", ".join(f"{m.__name__} {m.__version__}" for m in (np, pd))
    print(f"{datetime.date.today()} · nproc {os.cpu_count()} · Python {platform.python_version()} · {versions}\n")
    print("| case | median | best | goal |\n|---|---:|---:|---|")
    for name, m, b, goal in rows:
        unit, scale = ("ms", 1000) if m < 1 else ("s", 1)
        print(f"| {name} | {m * scale:.3g} {unit} | {b * scale:.3g} {unit} | {goal} |")


if __name__ == "__main__":
    main()
