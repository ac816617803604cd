"""Plan parser accuracy over the corpus in tests/plans/corpus, and parse time for a 200-task document.

Run by hand: .venv/bin/python bench/plan_import.py [--tasks 200] [--repeat 20]
Prints precision / recall / F1 of units per role, targets and deadlines for the dev set (the one the
parser was tuned on), the holdout set (read only to measure) and the seed.
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

from innozone.plans.parsing import parse_text  # noqa: E402
from innozone.plans.parsing.scoring import ROLES, Score, score_document  # noqa: E402

CORPUS = ROOT / "tests/plans/corpus"


def corpus_score(folder: Path, verbose: bool) -> Score:
    total = Score()
    for expected in sorted(folder.glob("*.json")):
        gold = json.loads(expected.read_text(encoding="utf-8"))
        text = expected.with_suffix(".txt").read_text(encoding="utf-8")
        predicted = parse_text(text, year=gold.get("year")).as_dict()
        s = score_document(predicted, gold)
        if verbose:
            print(
                f"  {expected.stem:<28} tasks {len(predicted['tasks']):>3}/{len(gold['tasks']):<3} "
                f"units F1 {s.all_units.f1:.3f}  targets F1 {s.targets.f1:.3f}  deadlines F1 {s.deadlines.f1:.3f}"
            )
        total += s
    return total


def report(name: str, s: Score) -> None:
    print(f"\n{name}")
    print(f"  {'':<14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}")
    rows = [(f"units:{r}", s.units[r]) for r in ROLES] + [
        ("units (all)", s.all_units),
        ("tasks", s.tasks),
        ("targets", s.targets),
        ("+indicator", s.indicators),
        ("deadlines", s.deadlines),
    ]
    for label, t in rows:
        print(f"  {label:<14}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.tp:>6}{t.fp:>5}{t.fn:>5}")


def synthetic(tasks: int) -> str:
    lines = ["2020年双区建设工作要点", "列第一位的为牵头单位。", "三、工作重点和目标任务"]
    for i in range(1, tasks + 1):
        if i % 10 == 1:
            lines.append(f"({'一二三四五六七八九十'[(i // 10) % 10]})第{i // 10 + 1}部分重点任务")
        lines.append(
            f"{i}.持续实施技术创新工程,年度内开发{i}个以上新产品(兰州{i - 1}、白银1),各类科技创新投入达到{i}亿元以上,"
            f"2020年{i % 12 + 1}月底前完成。(牵头单位:兰州市、白银市;实施单位:兰州新区、兰州高新区、白银高新区;"
            "配合单位:自创区、试验区领导小组相关成员单位)"
        )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    for name in ("dev", "holdout", "holdout2"):
        report(f"{name} set", corpus_score(CORPUS / name, not args.quiet))
    text = synthetic(args.tasks)
    parse_text(text)  # warm up regex caches
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        parsed = parse_text(text)
        times.append(time.perf_counter() - t0)
    assert len(parsed.tasks) == args.tasks, len(parsed.tasks)
    print(
        f"\nparse {args.tasks} tasks ({len(text):,} chars): median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
