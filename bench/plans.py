"""Benchmark of plan supervision: the plan overview, the task table and the plan API.

Run by hand, never in the test suite:

    .venv/bin/python bench/plans.py --db sqlite            # data in var/bench/plans.sqlite3
    .venv/bin/python bench/plans.py --db postgres          # database innozone_bench_plans on 127.0.0.1:5432
    .venv/bin/python bench/plans.py --db sqlite --reuse    # keep the data when it has the requested sizes

Data (defaults): 100 plans × 50 tasks × 40 reporting units × 12 monthly periods = 2.4 million progress
reports (90 % accepted), 3 responsible units per task (lead, implementing, cooperating; `--responsible 40`
makes every reporting unit responsible, the worst case for the unit lists), 6 indicators per plan split
between 兰州 and 白银, a quantity on every report on the 6 indicator tasks. Generated with bulk_create into
a dedicated database that is wiped first (never the development database).

Each case is requested REQUESTS times through Django's test client after a warm-up, cycling over the
plans, with DEBUG off and the production WSGI module imported (its gc.freeze()). Median, p95 (nearest
rank), max and SQL queries per request are printed as a Markdown table and written as JSON to
bench/results/ (gitignored). --queries, --explain and --profile show where the time goes. The data is
built by bench/plans_data.py.
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plans_data import PLAN_PREFIX, YEAR, configure, prepare  # noqa: E402  (bench/ is the script's folder)

# ---------------------------------------------------------------- measurement


def count_rows(response) -> int:
    if response["Content-Type"].startswith("application/json"):
        return len(response.json())
    return response.content.count(b'data-task="')


def cases(session, api) -> list[tuple]:
    """(name, client, path format, headers)."""
    htmx = {"HX-Request": "true"}
    # The plans are for 2020: as of today every unfinished task is overdue (all periods due), so the
    # full table is `status=overdue`; `as_of` inside the year gives the mix a supervisor sees mid-year.
    in_year = f"as_of={YEAR}-11-23&status=at_risk"
    return [
        ("plan overview page `/plans/<id>/`", session, "/plans/{}/", {}),
        ("task table, HTMX partial `?status=overdue`", session, "/plans/{}/?status=overdue", htmx),
        (f"task table, HTMX partial `?{in_year}`", session, "/plans/{}/?" + in_year, htmx),
        ("API `GET /api/plans/<id>/tasks`", api, "/api/plans/{}/tasks", {}),
        ("API `GET /api/plans/<id>/indicators`", api, "/api/plans/{}/indicators", {}),
    ]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def measure(args, plans: list[int], case_list) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for name, client, path, headers in case_list:
        for pk in plans[-args.warmup :]:
            assert client.get(path.format(pk), headers=headers).status_code == 200
        load_before = os.getloadavg()[0]
        wall, cpu, queries, counts = [], [], [], []
        for i in range(args.requests):
            pk = plans[i % len(plans)]
            with CaptureQueriesContext(connection) as ctx:
                t, c = time.perf_counter(), time.process_time()
                response = client.get(path.format(pk), headers=headers)
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries.append(len(ctx))
            counts.append(count_rows(response))
        row = {
            "case": name,
            "path": path.format("<id>"),
            "requests": args.requests,
            "median_ms": round(statistics.median(wall), 1),
            "p95_ms": round(p95(wall), 1),
            "max_ms": round(max(wall), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),  # this process only (not the PostgreSQL server)
            "queries_min": min(queries),
            "queries_max": max(queries),
            "rows_min": min(counts),
            "rows_max": max(counts),
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }
        rows.append(row)
        print(
            f"  {name}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, max {row['max_ms']} ms, "
            f"{queries_text(row)} queries, {rows_text(row)} rows, load {row['load_1min']}"
        )
    return rows


def queries_text(row: dict) -> str:
    lo, hi = row["queries_min"], row["queries_max"]
    return str(hi) if lo == hi else f"{lo}–{hi}"


def rows_text(row: dict) -> str:
    lo, hi = row["rows_min"], row["rows_max"]
    return str(hi) if lo == hi else f"{lo}–{hi}"


def show_queries(args, plans, case_list) -> None:
    """Each SQL query of one request per case with its time, slowest first; --explain adds the plan.

    Timed around cursor.execute(): psycopg fetches the whole result there, SQLite only the first row
    (the rest of a streamed GROUP BY shows up in --profile under fetchmany)."""
    from django.db import connection

    for name, client, path, headers in case_list:
        timed = []

        def timer(execute, sql, params, many, context, timed=timed):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append(((time.perf_counter() - start) * 1000, sql, params))

        with connection.execute_wrapper(timer):
            client.get(path.format(plans[len(plans) // 2]), headers=headers)
        timed.sort(key=lambda q: -q[0])
        print(f"\n### {name}: {len(timed)} queries, {sum(q[0] for q in timed):.1f} ms in cursor.execute()")
        for ms, sql, params in timed:
            print(f"  {ms:7.2f} ms  {sql[:200]}  {list(params or ())[:6]}")
        if args.explain and timed:
            _, sql, params = timed[0]
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                print("  plan of the slowest:")
                for line in cursor.fetchall():
                    print("    " + " | ".join(str(v) for v in line))


def profile(args, plans, case_list) -> None:
    """cProfile over 20 requests per case: the functions with the most cumulative and own time."""
    out = ROOT / "bench" / "results"
    for n, (name, client, path, headers) in enumerate(case_list):
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(20):
            client.get(path.format(plans[i % len(plans)]), headers=headers)
        profiler.disable()
        profiler.dump_stats(out / f"plans-{args.db}-case{n}.prof")
        for key in ("cumulative", "tottime"):
            buffer = io.StringIO()
            pstats.Stats(profiler, stream=buffer).sort_stats(key).print_stats(18)
            body = buffer.getvalue()
            print(f"\n### {name} — by {key} (20 requests)\n" + body[body.find("   ncalls") :])


def environment(db: str) -> dict:
    import django
    from django.db import connection

    env = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "db_vendor": connection.vendor,
    }
    if db == "sqlite":
        import sqlite3

        env["sqlite"] = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            env["postgresql"] = cursor.fetchone()[0]
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--units", type=int, default=40, help="units filing a report on every task each period")
    parser.add_argument("--periods", type=int, default=12, choices=range(1, 13), metavar="1..12")
    parser.add_argument("--responsible", type=int, default=3, help="responsible units per task (≤ --units)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch", type=int, default=20000, help="reports per bulk insert round")
    parser.add_argument("--reuse", action="store_true", help="keep the data if it has the requested sizes")
    parser.add_argument("--queries", action="store_true", help="list each case's SQL with times")
    parser.add_argument("--explain", action="store_true", help="with --queries: plan of the slowest query")
    parser.add_argument("--profile", action="store_true", help="cProfile each case (after the measurement)")
    parser.add_argument(
        "--freeze-urlconf",
        action="store_true",
        help="what-if: import the URLconf and gc.freeze() before measuring (innozone/wsgi.py freezes before it)",
    )
    args = parser.parse_args()
    if not 1 <= args.responsible <= args.units:
        parser.error("--responsible must be between 1 and --units")

    print(f"database: {configure(args.db)}")
    data = prepare(args)

    from django.test import Client

    import innozone.wsgi  # noqa: F401  (production entry point: gc.freeze() of everything loaded at start-up)

    if args.freeze_urlconf:
        # What-if: innozone/wsgi.py freezes before the URLconf is imported, so the views, the API and what
        # they import (pandas, SciPy through SALib, openpyxl: ~120k objects) stay in the collector's reach
        # and every full collection walks them. Loading the URLconf first, then freezing, shows the gain.
        import gc

        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018
        gc.freeze()
    from innozone.core.models import User
    from innozone.core.tokens import api_token_create
    from innozone.plans.models import Plan

    office = User.objects.get(username="office")  # role office_admin
    session = Client()
    session.force_login(office)
    api = Client(headers={"Authorization": f"Bearer {api_token_create(actor=None, user=office, name='bench')}"})
    plans = list(Plan.objects.filter(title__startswith=PLAN_PREFIX).order_by("id").values_list("pk", flat=True))
    case_list = cases(session, api)

    rows = measure(args, plans, case_list)
    sizes = f"{args.plans} plans × {args.tasks} tasks × {args.units} units × {args.periods} periods"
    what_if = ", URLconf frozen (what-if)" if args.freeze_urlconf else ""
    print(f"\n{args.db}, {sizes}, {args.responsible} responsible per task, {args.requests} requests/case{what_if}\n")
    print("| case | median | p95 | max | SQL queries | task rows |\n|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['case']} | {r['median_ms']:.0f} ms | {r['p95_ms']:.0f} ms | {r['max_ms']:.0f} ms "
            f"| {queries_text(r)} | {rows_text(r)} |"
        )

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%SZ")
    variant = "-frozen" if args.freeze_urlconf else ""
    path = out / f"plans-{args.db}-r{args.responsible}{variant}-{stamp}.json"
    result = {"args": vars(args), "data": data, "environment": environment(args.db), "rows": rows}
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")

    if args.queries:
        show_queries(args, plans, case_list)
    if args.profile:
        profile(args, plans, case_list)


if __name__ == "__main__":
    main()
