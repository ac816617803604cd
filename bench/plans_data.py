"""The plan benchmark's database: a dedicated SQLite file or PostgreSQL database, wiped and filled with
generated plans, tasks, responsibilities and reports by bulk insert (see bench/plans.py)."""

import time
from pathlib import Path

import benchdb

ROOT = Path(__file__).resolve().parents[1]
PLAN_PREFIX = "基准计划"
UNIT_PREFIX = "基准单位"
YEAR = 2020


def configure(db: str) -> str:
    """Point Django at the dedicated benchmark database (created if missing) and set it up."""
    return benchdb.configure(db, "plans", migrate=False)


def wipe(db: str) -> None:
    """Start from an empty benchmark database (deleting 2.4M rows through the ORM would take far longer)."""
    benchdb.wipe(db, "plans")


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze() -> None:
    """After a bulk load, the state autovacuum (PostgreSQL) or a maintenance job (SQLite) reaches: planner
    statistics, and on PostgreSQL a visibility map so that index-only scans need no heap fetches."""
    from django.db import connection

    t0 = time.perf_counter()
    statement = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:  # Django runs in autocommit here, as VACUUM requires
        cursor.execute(statement)
    print(f"  {statement} in {time.perf_counter() - t0:.1f} s")


# ---------------------------------------------------------------- data


def roles_for(responsible: int) -> list[str]:
    """Roles of the units responsible for a task: ~5 % lead (at least one), ~20 % cooperating."""
    lead = max(1, round(responsible * 0.05))
    cooperating = round(responsible * 0.2) if responsible > 1 else 0
    return ["lead"] * lead + ["implementing"] * (responsible - lead - cooperating) + ["cooperating"] * cooperating


def responsibilities_for(tasks, units, responsible: int) -> list:
    from innozone.plans.models import Responsibility

    rows = []
    for t, task in enumerate(tasks):
        for j, role in enumerate(roles_for(responsible)):
            unit = units[(j + t) % len(units)]
            rows.append(Responsibility(task=task, organization=unit, role=role, name_as_written=unit.name, order=j))
    return rows


def data_state(args) -> str:
    """'ok' when the database holds exactly the requested sizes, 'responsibilities' when only those differ."""
    from innozone.plans.models import Plan, Report, Responsibility, Task

    plans = Plan.objects.filter(title__startswith=PLAN_PREFIX)
    if plans.count() != args.plans or Task.objects.filter(plan__in=plans).count() != args.plans * args.tasks:
        return "missing"
    reports = Report.objects.filter(task__plan__in=plans)
    if reports.count() != args.plans * args.tasks * args.units * args.periods:
        return "missing"
    if reports.values("period").distinct().count() != args.periods:
        return "missing"
    if Responsibility.objects.filter(task__plan__in=plans).count() != args.plans * args.tasks * args.responsible:
        return "responsibilities"
    return "ok"


def bench_units(args) -> list:
    from innozone.core.models import Organization, Region

    lz, by = Region.objects.get(code="lz"), Region.objects.get(code="by")
    return [
        Organization.objects.get_or_create(
            name=f"{UNIT_PREFIX}{i:02d}", defaults={"kind": "committee", "region": lz if i % 5 else by}
        )[0]
        for i in range(args.units)
    ]


def rebuild_responsibilities(args) -> None:
    from django.db import transaction

    from innozone.plans.models import Responsibility, Task

    t0 = time.perf_counter()
    units = bench_units(args)
    with transaction.atomic():
        Responsibility.objects.filter(task__plan__title__startswith=PLAN_PREFIX).delete()
        tasks = list(Task.objects.filter(plan__title__startswith=PLAN_PREFIX).order_by("plan_id", "order"))
        rows = []
        for start in range(0, len(tasks), args.tasks):
            rows += responsibilities_for(tasks[start : start + args.tasks], units, args.responsible)
        Responsibility.objects.bulk_create(rows, batch_size=5000)
    print(f"  {len(rows):,} responsibilities rebuilt in {time.perf_counter() - t0:.1f} s")


def generate(args) -> None:
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from innozone.core.models import Region, User
    from innozone.plans.demo import seed_demo
    from innozone.plans.models import Indicator, IndicatorSplit, Plan, Report, ReportQuantity, Responsibility, Task

    total = args.plans * args.tasks * args.units * args.periods
    print(
        f"generating {args.plans} plans × {args.tasks} tasks × {args.units} units × {args.periods} periods"
        f" = {total:,} reports ({args.responsible} responsible units per task)"
    )
    t0 = time.perf_counter()
    seed_demo(with_reports=False)  # regions, the demo units and logins (office = zone office admin)
    office = User.objects.get(username="office")
    lz, by = Region.objects.get(code="lz"), Region.objects.get(code="by")
    units = bench_units(args)
    periods = [f"{YEAR}-{m:02d}" for m in range(1, args.periods + 1)]
    now = timezone.now()
    statuses = ["accepted"] * 18 + ["submitted", "returned"]
    batch: list = []
    quantities: list = []
    done = 0

    def flush(force=False):
        nonlocal batch, quantities, done
        if len(batch) >= args.batch or (force and batch):
            Report.objects.bulk_create(batch, batch_size=5000)  # primary keys come back for the quantities
            if quantities:
                ReportQuantity.objects.bulk_create(quantities, batch_size=5000)
            done += len(batch)
            elapsed = time.perf_counter() - t0
            rate = done / elapsed
            print(
                f"\r  {done:,}/{total:,} reports, {rate:,.0f} rows/s, {elapsed:,.0f} s, "
                f"about {(total - done) / rate:,.0f} s left   ",
                end="",
                flush=True,
            )
            batch, quantities = [], []

    for p in range(args.plans):
        with transaction.atomic():
            plan = Plan.objects.create(year=YEAR, title=f"{PLAN_PREFIX}{p:03d}", report_frequency="monthly")
            tasks = Task.objects.bulk_create(
                [
                    Task(plan=plan, number=str(t + 1), text=f"基准任务{p}-{t}：推进重点工作。", order=t)
                    for t in range(args.tasks)
                ]
            )
            Responsibility.objects.bulk_create(responsibilities_for(tasks, units, args.responsible), batch_size=5000)
            indicators = []
            for i in range(min(6, len(tasks))):
                indicator = Indicator.objects.create(
                    plan=plan, task=tasks[i], name=f"指标{i}", unit="个", target=Decimal(1000)
                )
                IndicatorSplit.objects.bulk_create(
                    [
                        IndicatorSplit(indicator=indicator, region=lz, label="兰州", target=Decimal(800)),
                        IndicatorSplit(indicator=indicator, region=by, label="白银", target=Decimal(200)),
                    ]
                )
                indicators.append(indicator)
            for t, task in enumerate(tasks):
                for u, unit in enumerate(units):
                    for k, period in enumerate(periods):
                        last = k == len(periods) - 1
                        report = Report(
                            task=task,
                            organization=unit,
                            period=period,
                            status=statuses[(p + t + u + k) % len(statuses)],
                            progress="completed" if last and u < 2 and t % 3 == 0 else "in_progress",
                            narrative="本月按计划推进。",
                            submitted_by=office,
                            submitted_at=now,
                        )
                        batch.append(report)
                        if t < len(indicators):
                            quantities.append(
                                ReportQuantity(
                                    report=report, indicator=indicators[t], region=unit.region, value=Decimal(1)
                                )
                            )
                    flush()
            flush(force=True)
    print(
        f"\n  generated in {time.perf_counter() - t0:,.0f} s: {Report.objects.count():,} reports, "
        f"{ReportQuantity.objects.count():,} quantities, {Responsibility.objects.count():,} responsibilities"
    )


def prepare(args) -> dict:
    t0 = time.perf_counter()
    state = "missing"
    if args.reuse:
        migrate()
        state = data_state(args)
    if state == "ok":
        print("  reusing the data: it has the requested sizes")
    elif state == "responsibilities":
        print("  reusing the reports; responsibilities differ")
        rebuild_responsibilities(args)
        analyze()
    else:
        if args.reuse:
            print("  the data does not have the requested sizes: regenerating")
        wipe(args.db)
        migrate()
        generate(args)
        analyze()
    done = {"ok": "reused", "responsibilities": "responsibilities rebuilt"}.get(state, "generated")
    return {"state": done, "seconds": round(time.perf_counter() - t0)}
