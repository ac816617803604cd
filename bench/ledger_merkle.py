"""Benchmark of the ledger's Merkle log (run by hand; prints a markdown table).

    .venv/bin/python bench/ledger_merkle.py [--leaves 1000000] [--proofs 2000] [--repeat 3]

1. hashing the leaves and ``build_levels`` over all of them (what ``ledger verify`` does);
2. ``Frontier.append`` per second (what every ledger write does) and ``Frontier.root``;
3. inclusion and consistency proofs at the full size from a ``MemoryTree``: generation and verification
   time per proof, and how many aligned subtrees a proof asks storage for.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innozone.ledger.merkle import (  # noqa: E402
    Frontier,
    MemoryTree,
    build_levels,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    required_nodes,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, best) wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def per_call(fn: Callable[[int], object], args: list[int]) -> float:
    """Mean seconds per call over args."""
    start = time.perf_counter()
    for arg in args:
        fn(arg)
    return (time.perf_counter() - start) / len(args)


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def bench_build(leaves: list[bytes], repeat: int, rows: list) -> None:
    n = len(leaves)
    med, best = timed(lambda: build_levels(leaves), repeat)
    rows.append((f"build_levels, {n:,} leaves", f"{fmt(med)} (best {fmt(best)})", f"{n / med:,.0f} leaves/s"))
    med, best = timed(lambda: root_from_leaf_hashes(leaves), 1)
    rows.append(("root_from_leaf_hashes (RFC recursion, reference)", fmt(med), "once"))


def bench_frontier(leaves: list[bytes], repeat: int, rows: list) -> Frontier:
    def fill() -> Frontier:
        frontier = Frontier()
        for leaf in leaves:
            frontier.append(leaf)
        return frontier

    med, best = timed(fill, repeat)
    n = len(leaves)
    rows.append((f"Frontier.append × {n:,}", f"{fmt(med)} (best {fmt(best)})", f"{n / med:,.0f} appends/s"))
    frontier = fill()
    med, _ = timed(frontier.root, 1000)
    rows.append((f"Frontier.root at {n:,} ({len(frontier.nodes)} nodes)", fmt(med), "median of 1,000"))
    restored = Frontier.from_hex(frontier.size, frontier.to_hex())
    assert restored.root() == frontier.root()
    return frontier


def proof_rows(label: str, args: list[int], generate: Callable, verify: Callable, lookups: Callable) -> list:
    """Time generate(arg) and verify(arg, proof) per call, and count the aligned lookups per proof."""
    made = {arg: generate(arg) for arg in args}
    assert all(verify(arg, made[arg]) for arg in args)
    gen = per_call(generate, args)
    ver = per_call(lambda arg: verify(arg, made[arg]), args)
    asked = statistics.mean(len(lookups(arg)) for arg in args)
    length = statistics.mean(len(proof) for proof in made.values())
    return [
        (f"{label}: generate", fmt(gen), f"{asked:.1f} aligned lookups, {length:.1f} hashes per proof"),
        (f"{label}: verify", fmt(ver), f"mean over {len(args):,} random proofs"),
    ]


def bench_proofs(tree: MemoryTree, root: bytes, proofs: int, seed: int) -> list:
    n, rng = tree.size, random.Random(seed)
    indices = [rng.randrange(n) for _ in range(proofs)]
    rows = proof_rows(
        f"inclusion proof, leaf i of {n:,}",
        indices,
        lambda i: inclusion_proof(i, n, tree.aligned),
        lambda i, proof: verify_inclusion(tree.aligned(0, i), i, n, proof, root),
        lambda i: required_nodes(inclusion_proof, i, n),
    )
    old_roots = {m: tree.root(m) for m in (rng.randrange(1, n) for _ in range(proofs))}
    return rows + proof_rows(
        f"consistency proof, size m → {n:,}",
        list(old_roots),
        lambda m: consistency_proof(m, n, tree.aligned),
        lambda m, proof: verify_consistency(m, n, old_roots[m], root, proof),
        lambda m: required_nodes(consistency_proof, m, n),
    )


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=2000, help="random proofs of each kind")
    parser.add_argument("--repeat", type=int, default=3, help="runs of build_levels and of the appends")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    rows: list[tuple[str, str, str]] = []
    start = time.perf_counter()
    leaves = [leaf_hash(i.to_bytes(8, "big")) for i in range(args.leaves)]
    took = time.perf_counter() - start
    rows.append((f"leaf_hash × {args.leaves:,}", fmt(took), f"{args.leaves / took:,.0f} leaves/s"))
    bench_build(leaves, args.repeat, rows)
    frontier = bench_frontier(leaves, args.repeat, rows)
    tree = MemoryTree(leaves)
    assert tree.root() == frontier.root()
    rows += bench_proofs(tree, frontier.root(), args.proofs, args.seed)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · "
        f"{cpu_model()} · os.cpu_count() {os.cpu_count()} · Python {platform.python_version()} · "
        f"1-min load {load_before:.2f} before, {os.getloadavg()[0]:.2f} after · peak RSS {peak_mib:,.0f} MiB\n"
    )
    print("| case | time | note |\n|---|---:|---|")
    for case, value, note in rows:
        print(f"| {case} | {value} | {note} |")


if __name__ == "__main__":
    main()
