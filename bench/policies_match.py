"""Policy matching benchmark (run by hand; results in docs/benchmarks.md, section "Policy matching").

  .venv/bin/python bench/policies_match.py --db sqlite   --enterprises 100000 --clauses 220
  .venv/bin/python bench/policies_match.py --db postgres --enterprises 100000 --clauses 220 [--reuse]

Loads N enterprises straight into the tables (bench/enterprises.py's loader: regions, parks, fields, sizes,
高企/科小 qualifications) plus one year of figures each (random revenue, R&D, staff, assets, patents, export),
and C published clauses with random conditions over the registry variables (2–5 conditions, and/or groups,
negations, between, in both ways; fixed, ratio and tiered amounts). Then measures, in one process:

- bulk facts: `selectors.facts.bulk()` — every active entry's facts as numpy columns (the few queries and the
  column building);
- all clauses: the office's "who is eligible" over every clause (`rules.compile(condition)(columns)` per clause,
  compiled each time) — goal < 5 s;
- one clause's page: eligible with amounts plus near misses (`eligible_for_clause(near=True)`) for a few clauses;
- one enterprise: `matches_for(organization, show="near")` (its facts from the database, then explain + amount for
  every clause in force) for 50 random enterprises: p50 / p95 — goal < 50 ms.
Dedicated database innozone_bench_policies / var/bench/policies.sqlite3 (--reuse keeps it).
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import benchdb  # noqa: E402

NAME = "policies"


def figures(n_expected: int) -> None:
    from django.db import transaction

    from innozone.enterprises.models import AnnualFigures, Enterprise

    rng = random.Random(20261208)
    year = dt.date.today().year - 1
    ids = list(Enterprise.objects.values_list("pk", flat=True).order_by("pk"))
    t0 = time.perf_counter()
    for start in range(0, len(ids), 5000):
        rows = []
        for pk in ids[start : start + 5000]:
            revenue = Decimal(rng.randint(100_000, 500_000_000))
            employees = rng.randint(5, 2000)
            rows.append(
                AnnualFigures(
                    enterprise_id=pk,
                    year=year,
                    employees=employees,
                    sci_staff=rng.randint(0, employees),
                    revenue=revenue,
                    total_income=revenue * Decimal("1.05"),
                    hitech_income=(revenue * Decimal(rng.random())).quantize(Decimal("0.01")),
                    total_assets=Decimal(rng.randint(100_000, 900_000_000)),
                    rd_total=(revenue * Decimal(rng.uniform(0, 0.12))).quantize(Decimal("0.01")),
                    rd_domestic=0,
                    export_value=Decimal(rng.randint(0, 10_000_000)) if rng.random() < 0.2 else 0,
                    invention_patents=rng.randint(0, 30),
                )
            )
        with transaction.atomic():
            AnnualFigures.objects.bulk_create(rows, batch_size=1000)
    print(f"figures: {len(ids):,} rows in {time.perf_counter() - t0:.1f} s (expected {n_expected:,} entries)")


NUMERIC = {
    "years_registered": (1, 15),
    "revenue": (1_000_000, 200_000_000),
    "rd_total": (100_000, 10_000_000),
    "rd_ratio": (1, 8),
    "employees": (10, 500),
    "sci_staff": (5, 200),
    "sci_ratio": (5, 40),
    "total_assets": (1_000_000, 300_000_000),
    "invention_patents": (1, 10),
    "hitech_income_ratio": (30, 70),
    "export_value": (100_000, 5_000_000),
}


def random_atom(rng: random.Random, region_codes: list[str], fields: list[str]) -> dict:
    kind = rng.random()
    if kind < 0.55:
        name = rng.choice(list(NUMERIC))
        low, high = NUMERIC[name]
        value = round(rng.uniform(low, high), 2 if name.endswith("ratio") else 0)
        if rng.random() < 0.15:
            return {"<=": [value, {"var": name}, round(value * rng.uniform(1.5, 4), 2)]}
        return {rng.choice([">=", ">", "<=", "<"]): [{"var": name}, value]}
    if kind < 0.7:
        return {"in": [rng.choice(["hnte", "tsme"]), {"var": "qualifications"}]}
    if kind < 0.8:
        return {"in": [rng.choice(region_codes), {"var": "region"}]}
    if kind < 0.9:
        return {"in": [{"var": "size"}, rng.sample(["large", "medium", "small", "micro"], rng.randint(1, 3))]}
    if kind < 0.95:
        return {"==": [{"var": "field"}, rng.choice(fields)]}
    return {"==": [{"var": "listed"}, False]}


def random_rule(rng, region_codes, fields) -> dict:
    atoms = [random_atom(rng, region_codes, fields) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.1:
        atoms[0] = {"!": atoms[0]}
    if len(atoms) >= 4 and rng.random() < 0.4:
        return {"and": [*atoms[:-2], {"or": atoms[-2:]}]}
    return {"and": atoms}


def random_amount(rng) -> dict:
    pick = rng.random()
    if pick < 0.4:
        return {"type": "fixed", "amount": str(rng.choice([50000, 100000, 200000, 300000]))}
    if pick < 0.75:
        return {"type": "ratio", "figure": "rd_total", "rate": "0.05", "cap": "500000"}
    return {
        "type": "tiered",
        "figure": "revenue",
        "tiers": [
            {"min": "0", "amount": "20000"},
            {"min": "20000000", "amount": "80000"},
            {"min": "100000000", "amount": "200000"},
        ],
    }


def clauses(c: int) -> None:
    from django.utils import timezone

    from innozone.core.models import Region
    from innozone.enterprises.models import Enterprise
    from innozone.policies.engine import rules
    from innozone.policies.models import Clause, Policy

    rng = random.Random(7)
    region_codes = list(Region.objects.values_list("code", flat=True))
    fields = list(Enterprise.objects.values_list("field", flat=True).distinct()[:20]) or ["新材料"]
    now = timezone.now()
    per_policy = 10
    for p in range(0, c, per_policy):
        policy = Policy.objects.create(
            title=f"基准测试政策 {p // per_policy + 1}", issuer="基准测试", status="published", published_at=now
        )
        rows = []
        for k in range(p, min(c, p + per_policy)):
            rule = random_rule(rng, region_codes, fields)
            assert rules.validate(rule) == [], rule
            rows.append(
                Clause(
                    policy=policy,
                    title=f"基准条款 {k + 1}",
                    kind="subsidy",
                    condition=rule,
                    amount_rule=random_amount(rng),
                    status="published",
                    published_at=now,
                    order=k,
                )
            )
        Clause.objects.bulk_create(rows)
    print(f"clauses: {Clause.objects.count()} published")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--clauses", type=int, default=220)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--lookups", type=int, default=50)
    args = parser.parse_args()
    benchdb.configure(args.db, NAME, wipe=not args.reuse)
    from innozone.enterprises.models import Enterprise

    if not args.reuse or not Enterprise.objects.exists():
        import enterprises as loader  # bench/enterprises.py

        loader.load(args.enterprises)
        figures(args.enterprises)
        clauses(args.clauses)
    from innozone.core.models import Organization
    from innozone.policies.engine import rules
    from innozone.policies.selectors import facts, matching
    from innozone.policies.selectors.library import clauses_in_force

    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpus, python {platform.python_version()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()}")
    print(f"database: {args.db}; enterprises {Enterprise.objects.count():,}")
    all_clauses = list(clauses_in_force())
    print(f"clauses in force: {len(all_clauses)}")

    t0 = time.perf_counter()
    data = facts.bulk()
    t_bulk = time.perf_counter() - t0
    print(f"bulk facts: {t_bulk:.2f} s for {len(data.organization_ids):,} entries")

    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        counts = {c.pk: int(rules.compile(c.condition)(data.columns).sum()) for c in all_clauses}
        runs.append(time.perf_counter() - t0)
    total = sum(counts.values())
    best, median = min(runs), statistics.median(runs)
    print(
        f"all clauses × all entries: median {median:.2f} s (best {best:.2f} s) over {len(all_clauses)} clauses; "
        f"{total:,} (clause, enterprise) matches, mean {total / max(1, len(all_clauses)):,.0f} per clause"
    )
    print(f"  with the bulk facts: {t_bulk + median:.2f} s; goal < 5 s: {'met' if t_bulk + median < 5 else 'MISSED'}")

    sample = random.Random(3).sample(all_clauses, min(5, len(all_clauses)))
    page = []
    for c in sample:
        t0 = time.perf_counter()
        rows = matching.eligible_for_clause(c, near=True, data=data)
        page.append((time.perf_counter() - t0, len(rows)))
    print(
        "one clause's list with amounts and near misses (bulk facts given): "
        + ", ".join(f"{t * 1000:.0f} ms/{n:,} rows" for t, n in page)
    )

    rng = random.Random(5)
    orgs = list(Organization.objects.filter(pk__in=rng.sample(list(data.index), min(args.lookups, len(data.index)))))
    matching.matches_for(orgs[0])  # warm: imports, caches
    times = []
    found = 0
    for org in orgs:
        t0 = time.perf_counter()
        result = matching.matches_for(org, show="near")
        times.append(time.perf_counter() - t0)
        found += len(result)
    p50, p95 = pct(times, 0.5), pct(times, 0.95)
    print(
        f"one enterprise's matches ({len(all_clauses)} clauses, facts read from the database): p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(times) * 1000:.1f} ms; {found / len(orgs):.1f} eligible/near per enterprise"
    )
    print(f"goal < 50 ms: {'met' if p95 < 50 else 'MISSED'} (p95)")


if __name__ == "__main__":
    main()
