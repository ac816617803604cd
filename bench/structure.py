"""Structure figures for a checkout (issue "Structure before growth"): how many import-linter contracts and
what they forbid, import cycles, `duplicates` pairs outside migrations, the ten longest functions, files
over 400 lines, and optionally the test suite's wall time on SQLite and PostgreSQL.

    .venv/bin/python bench/structure.py [--tree DIR] [--suite] [--json OUT]

`--tree` measures another checkout (e.g. a `git worktree` of an older commit) with this venv; `--suite`
also times `pytest -n 2` there on both databases (PostgreSQL: DATABASE_URL, or postgres@127.0.0.1).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
GENERATED = re.compile(r"(/migrations/|/static/vendor/|\.po$|\.mo$|\.jsonl?$|\.txt$|\.csv$|\.xlsx$|\.docx$|\.png$)")
SOURCE = {".py", ".html", ".js", ".css", ".sh", ".toml"}


def tracked_files(tree: Path) -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=tree, capture_output=True, text=True, check=True).stdout
    return [tree / line for line in out.splitlines() if line]


def long_files(tree: Path, limit: int = 400) -> list[tuple[str, int]]:
    rows = []
    for path in tracked_files(tree):
        rel = str(path.relative_to(tree))
        if path.suffix not in SOURCE or GENERATED.search("/" + rel) or not path.is_file():
            continue
        n = len(path.read_text(encoding="utf-8", errors="replace").splitlines())
        if n > limit:
            rows.append((rel, n))
    return sorted(rows, key=lambda r: -r[1])


def longest_functions(tree: Path, top: int = 10) -> list[tuple[str, int]]:
    rows = []
    for path in tracked_files(tree):
        rel = str(path.relative_to(tree))
        if path.suffix != ".py" or "/migrations/" in rel or not path.is_file():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                rows.append((f"{rel}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1))
    return sorted(rows, key=lambda r: -r[1])[:top]


def contracts(tree: Path) -> list[dict]:
    config = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    found = config.get("tool", {}).get("importlinter", {}).get("contracts", [])
    return [{"name": c["name"], "type": c["type"], "indirect": c.get("allow_indirect_imports", False)} for c in found]


def lint_imports(tree: Path) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
    )
    return (result.stdout.split("Contracts:")[-1].splitlines() or [""])[0].strip()


def cycles(tree: Path) -> list[tuple[str, str]]:
    """Pairs of top-level innozone packages that import each other (directly or not)."""
    import grimp

    sys.path.insert(0, str(tree))
    try:
        graph = grimp.build_graph("innozone", cache_dir=None)
    finally:
        sys.path.remove(str(tree))
    tops = sorted({m.split(".")[1] for m in graph.modules if m.count(".") >= 1})
    pairs = []
    for i, a in enumerate(tops):
        for b in tops[i + 1 :]:
            ab = graph.chain_exists(importer=f"innozone.{a}", imported=f"innozone.{b}", as_packages=True)
            ba = graph.chain_exists(importer=f"innozone.{b}", imported=f"innozone.{a}", as_packages=True)
            if ab and ba:
                pairs.append((a, b))
    return pairs


def duplicate_pairs(tree: Path) -> str:
    if not shutil.which("duplicates"):
        return "duplicates not on PATH"
    out = subprocess.run(
        ["duplicates", "--most", "200", "--seconds", "120"], cwd=tree, capture_output=True, text=True
    ).stdout
    rows = [line for line in out.splitlines() if re.match(r"D\d+ ", line)]
    outside = [r for r in rows if "/migrations/" not in r]
    return f"{len(outside)} pairs outside migrations ({len(rows)} listed); first line: {out.splitlines()[0]}"


def suite(tree: Path) -> dict:
    times = {}
    pg = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/innozone_structure")
    for name, env in (("sqlite", {"DATABASE_URL": ""}), ("postgresql", {"DATABASE_URL": pg})):
        run_env = {**os.environ, **env, "PYTHONPATH": str(tree), "CI": "true"}
        if not env["DATABASE_URL"]:
            run_env.pop("DATABASE_URL")
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2"],
            cwd=tree,
            env=run_env,
            capture_output=True,
            text=True,
        )
        tail = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line]
        times[name] = {"seconds": round(time.perf_counter() - start, 1), "result": tail[-1] if tail else "?"}
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE)
    parser.add_argument("--suite", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    tree = args.tree.resolve()
    report = {
        "tree": str(tree),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True
        ).stdout.strip(),
        "load_average": os.getloadavg(),
        "contracts": contracts(tree),
        "lint_imports": lint_imports(tree),
        "package_cycles": cycles(tree),
        "duplicates": duplicate_pairs(tree),
        "longest_functions": longest_functions(tree),
        "files_over_400_lines": long_files(tree),
    }
    if args.suite:
        report["suite"] = suite(tree)
        report["load_average_after"] = os.getloadavg()
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
