"""Benchmark of plan supervision: the plan overview, the task table and the plan API.

Run by hand (never in the test suite):

    .venv/bin/python bench/plans.py --db sqlite            # var/bench/plans.sqlite3
    .venv/bin/python bench/plans.py --db postgres          # database innozone_bench on 127.0.0.1:5432
    .venv/bin/python bench/plans.py --db sqlite --reuse    # skip data generation when it is there

Data: PLANS plans × TASKS tasks × UNITS responsible units × PERIODS monthly reports (100 × 50 × 40 × 12
= 2.4 million reports by default), 6 indicators per plan split between 兰州 and 白银, quantities on the
reports of the indicator tasks. Each page or endpoint is requested REQUESTS times through Django's test
client after a warm-up, cycling over the plans; median, p95 and the SQL queries per request are printed
as a Markdown table and written to bench/results/.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def configure(db: str) -> str:
    if db == "sqlite":
        path = ROOT / "var" / "bench" / "plans.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("select 1 from pg_database where datname = 'innozone_bench'").fetchone():
                conn.execute("create database innozone_bench")
        url = base + "/innozone_bench"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innozone.settings")
    import django

    django.setup()
    return url


def generate(args) -> None:
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from innozone.core.models import Organization, Region, User
    from innozone.plans.demo import seed_demo
    from innozone.plans.models import (
        Indicator,
        IndicatorSplit,
        Plan,
        Report,
        ReportQuantity,
        Responsibility,
        Task,
    )

    call_command("migrate", verbosity=0)
    if args.reuse and Plan.objects.filter(title__startswith="基准计划").count() >= args.plans:
        print(f"reusing {Report.objects.count():,} reports")
        return
    t0 = time.perf_counter()
    seed_demo(with_reports=False)
    office = User.objects.get(username="office")
    lz, by = Region.objects.get(code="lz"), Region.objects.get(code="by")
    with transaction.atomic():
        Plan.objects.filter(title__startswith="基准计划").delete()
        units = [
            Organization.objects.get_or_create(
                name=f"基准单位{i:02d}", defaults={"kind": "committee", "region": lz if i % 5 else by}
            )[0]
            for i in range(args.units)
        ]
    periods = [f"2020-{m:02d}" for m in range(1, args.periods + 1)]
    now = timezone.now()
    statuses = ["accepted"] * 18 + ["submitted", "returned"]
    batch: list = []
    quantities: list = []
    done = 0

    def flush(force=False):
        nonlocal batch, quantities, done
        if len(batch) >= 20000 or (force and batch):
            Report.objects.bulk_create(batch, batch_size=5000)
            done += len(batch)
            if quantities:
                ReportQuantity.objects.bulk_create(quantities, batch_size=5000)
            rate = done / (time.perf_counter() - t0)
            print(f"\r  {done:,} reports ({rate:,.0f}/s)", end="", flush=True)
            batch, quantities = [], []

    for p in range(args.plans):
        with transaction.atomic():
            plan = Plan.objects.create(year=2020, title=f"基准计划{p:03d}", report_frequency="monthly")
            tasks = Task.objects.bulk_create(
                [
                    Task(plan=plan, number=str(t + 1), text=f"基准任务{p}-{t}：推进重点工作。", order=t)
                    for t in range(args.tasks)
                ]
            )
            resp = []
            for t, task in enumerate(tasks):
                for u in range(len(units)):
                    role = "lead" if u < 2 else ("implementing" if u < args.units - 8 else "cooperating")
                    unit_index = (u + t) % len(units)
                    resp.append(
                        Responsibility(
                            task=task,
                            organization=units[unit_index],
                            role=role,
                            name_as_written=units[unit_index].name,
                            order=u,
                        )
                    )
            Responsibility.objects.bulk_create(resp, batch_size=5000)
            indicators = []
            for i in range(min(6, len(tasks))):
                ind = Indicator.objects.create(
                    plan=plan, task=tasks[i], name=f"指标{i}", unit="个", target=Decimal(1000)
                )
                IndicatorSplit.objects.bulk_create(
                    [
                        IndicatorSplit(indicator=ind, region=lz, label="兰州", target=Decimal(800)),
                        IndicatorSplit(indicator=ind, region=by, label="白银", target=Decimal(200)),
                    ]
                )
                indicators.append(ind)
            for t, task in enumerate(tasks):
                for u, unit in enumerate(units):
                    for k, period in enumerate(periods):
                        status = statuses[(p + t + u + k) % len(statuses)]
                        report = Report(
                            task=task,
                            organization=unit,
                            period=period,
                            status=status,
                            progress="completed" if k == len(periods) - 1 and u < 2 and t % 3 == 0 else "in_progress",
                            narrative="本月按计划推进。",
                            submitted_by=office,
                            submitted_at=now,
                        )
                        batch.append(report)
                        if t < len(indicators):
                            quantities.append(
                                ReportQuantity(
                                    report=report,
                                    indicator=indicators[t],
                                    region=unit.region,
                                    value=Decimal(1),
                                )
                            )
                    flush()
            flush(force=True)
    print(
        f"\n  generated in {time.perf_counter() - t0:,.0f} s: {Report.objects.count():,} reports, "
        f"{ReportQuantity.objects.count():,} quantities, {Responsibility.objects.count():,} responsibilities"
    )


def analyze() -> None:
    """Refresh the planner statistics after the bulk load, as autovacuum (PostgreSQL) or a maintenance job would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(args) -> list[dict]:
    import gc

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import innozone.wsgi  # noqa: F401  (the production entry point: it freezes start-up objects for the GC)
    from innozone.core.models import User
    from innozone.plans.models import Plan

    client = Client()
    client.force_login(User.objects.get(username="office"))
    plans = list(Plan.objects.filter(title__startswith="基准计划").order_by("id").values_list("pk", flat=True))
    cases = [
        ("plan overview page", lambda pk: client.get(f"/plans/{pk}/")),
        (
            "task table (HTMX, status filter)",
            lambda pk: client.get(f"/plans/{pk}/?status=at_risk&page=1", HTTP_HX_REQUEST="true"),
        ),
        ("API tasks", lambda pk: client.get(f"/api/plans/{pk}/tasks")),
        ("API indicators", lambda pk: client.get(f"/api/plans/{pk}/indicators")),
    ]
    rows = []
    for name, call in cases:
        for pk in plans[:5]:
            assert call(pk).status_code == 200
        gc.freeze()  # as innozone/wsgi.py does after start-up
        times, queries = [], []
        for i in range(args.requests):
            pk = plans[i % len(plans)]
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = call(pk)
                times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
            queries.append(len(ctx))
        times.sort()
        rows.append(
            {
                "case": name,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
                "max_ms": round(times[-1], 1),
                "queries": max(queries),
            }
        )
        print(
            f"  {name}: median {rows[-1]['median_ms']} ms, p95 {rows[-1]['p95_ms']} ms, {rows[-1]['queries']} queries"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep existing benchmark data")
    args = parser.parse_args()
    url = configure(args.db)
    print(f"database: {url}")
    generate(args)
    analyze()
    rows = measure(args)
    print("\n| case | median (ms) | p95 (ms) | max (ms) | SQL queries |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['case']} | {r['median_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['queries']} |")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"plans-{args.db}.json").write_text(
        json.dumps({"db": args.db, "args": vars(args), "rows": rows}, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
