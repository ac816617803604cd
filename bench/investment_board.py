"""产业链招商 at scale (issue 16): 20,000 investment projects in every stage across the parks and counties, 50
chains of 31 links each (3 segments × 10 sub-links), enterprises placed on the links, about 40,000 months of
funds in place; the pages the park staff and leaders use, timed through Django's test client as a logged-in
office user (the whole request: middleware, selectors, templates):

    pipeline board          /investment/projects/                 (7 columns: counts, money, a page of each)
    board, one park         /investment/projects/?park=<id>
    board, one chain        /investment/projects/?chain=<id>
    board, stalled only     /investment/projects/?stalled=1
    project page            /investment/projects/<id>/            (timeline, funds by month)
    fairs                   /investment/fairs/                    (follow-up rates of every fair)
    chains list             /investment/chains/                   (every chain's gap summary)
    chain map               /investment/chains/<id>/              (the ECharts tree of one chain and its gaps)

Goal (the issue): board and chain map p95 < 150 ms. Rows go straight into the tables (the services are
measured by their tests; this measures the reads). Run by hand; prints a markdown table.

    .venv/bin/python bench/investment_board.py --db sqlite   [--projects 20000] [--chains 50] [--repeat 20]
    .venv/bin/python bench/investment_board.py --db postgres [--projects 20000] [--chains 50] [--repeat 20]
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

STAGES = ["lead", "negotiating", "signed", "registered", "started", "producing", "full"]
WEIGHTS = [25, 20, 15, 12, 12, 10, 6]


def load(n_projects: int, n_chains: int):
    from django.db import transaction
    from django.utils import timezone

    from innozone.core.models import Organization, Region
    from innozone.investment.models import Chain, Fair, FundsInPlace, Link, Placement, Project, ProjectEvent
    from innozone.plans.demo import seed_demo

    seed_demo(with_reports=False)
    rng = random.Random(16)
    today = timezone.localdate()
    parks = list(Region.objects.exclude(kind__in=["province", "city"]))
    city = Region.objects.filter(kind="city").first()
    responsible = list(Organization.objects.filter(kind__in=["committee", "government"]))
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            [Organization(name=f"基准企业{i:05d}", kind="enterprise", region=rng.choice(parks)) for i in range(6000)],
            batch_size=2000,
        )
        chains = Chain.objects.bulk_create(
            [Chain(code=f"BENCH{i:02d}", name=f"基准产业链{i:02d}", order=i) for i in range(n_chains)]
        )
        tops = Link.objects.bulk_create(
            [Link(chain=c, segment=s, name=f"{c.name}-{s}", order=n)
             for c in chains for n, s in enumerate(("up", "mid", "down"))]
        )  # fmt: skip
        leaves = Link.objects.bulk_create(
            [
                Link(chain_id=t.chain_id, parent=t, segment=t.segment, name=f"{t.name}-{k:02d}", order=k,
                     min_enterprises=2, min_output=Decimal(rng.choice([0, 1, 5])) * 10**8 or None, is_key=k == 0)
                for t in tops for k in range(10)
            ],
            batch_size=2000,
        )  # fmt: skip
        placements = []
        for link in leaves:
            for org in rng.sample(orgs, rng.choice([0, 0, 1, 2, 3, 4])):
                placements.append(Placement(link=link, organization=org, year=today.year,
                                            output_value=Decimal(rng.randrange(1, 500)) * 10**6))  # fmt: skip
        Placement.objects.bulk_create(placements, batch_size=5000)
        fairs = [
            Fair.objects.create(
                name=f"基准节会{y}{k}", kind=k, year=y, starts_on=dt.date(y, 7, 6), ends_on=dt.date(y, 7, 9)
            )
            for y in (2024, 2025, 2026) for k in ("lanqia", "kebo")
        ]  # fmt: skip
        projects = []
        for i in range(n_projects):
            stage = rng.choices(STAGES, WEIGHTS)[0]
            level = STAGES.index(stage)
            start = today - dt.timedelta(days=rng.randrange(30, 900))
            signed_on = start + dt.timedelta(days=10) if level >= 2 else None
            fair = rng.choice(fairs) if rng.random() < 0.3 else None
            p = Project(
                code=f"ZS{today.year}-{i + 1:05d}", name=f"基准招商项目{i:05d}", stage=stage,
                status="dropped" if level < 3 and rng.random() < 0.08 else "active",
                source=fair.kind if fair else rng.choice(["chain", "business", "overseas", "online"]), fair=fair,
                link=rng.choice(leaves) if rng.random() < 0.7 else None, park=rng.choice(parks),
                responsible=rng.choice(responsible), investor=f"投资方{i % 3000}",
                planned_investment=Decimal(rng.randrange(1, 500)) * 10**6,
                signed_on=signed_on, signed_investment=Decimal(rng.randrange(1, 400)) * 10**6 if signed_on else None,
                enterprise=orgs[i % len(orgs)] if level >= 3 else None,
                registered_on=signed_on + dt.timedelta(days=5) if level >= 3 else None,
                started_on=signed_on + dt.timedelta(days=8) if level >= 4 else None,
                producing_on=signed_on + dt.timedelta(days=9) if level >= 5 else None,
                full_on=signed_on + dt.timedelta(days=10) if level >= 6 else None,
                last_progress_on=min(today, start + dt.timedelta(days=rng.randrange(0, 400))),
            )  # fmt: skip
            projects.append(p)
        projects = Project.objects.bulk_create(projects, batch_size=2000)
        ProjectEvent.objects.bulk_create(
            [ProjectEvent(project=p, stage=p.stage, on=p.last_progress_on, note="基准进展")
             for p in projects for _ in range(3)],
            batch_size=5000,
        )  # fmt: skip
        funds = []
        for p in projects:
            if p.signed_on is None:
                continue
            month = p.signed_on.replace(day=1)
            for _ in range(rng.randrange(0, 8)):
                if month > today:
                    break
                funds.append(FundsInPlace(project=p, month=month, amount=Decimal(rng.randrange(1, 100)) * 10**5))
                month = (month + dt.timedelta(days=32)).replace(day=1)
        FundsInPlace.objects.bulk_create(funds, batch_size=5000)
    return chains[0], projects[0], parks[0] if city is None else city, len(funds), len(placements)


def timed(client, url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--chains", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = benchdb.configure(args.db, "investment_board", wipe=True)
    print(
        f"database: {url.split('@')[-1]}; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"load {os.getloadavg()[0]:.2f}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    t0 = time.perf_counter()
    chain, project, region, n_funds, n_placements = load(args.projects, args.chains)
    print(
        f"loaded {args.projects:,} projects, {args.chains} chains ({args.chains * 33:,} links, {n_placements:,} "
        f"placements), {n_funds:,} funds rows in {time.perf_counter() - t0:.1f} s"
    )

    from django.test import Client

    from innozone.core.models import User

    office = Client()
    office.force_login(User.objects.get(username="office"))
    pages = [
        ("pipeline board", "/investment/projects/"),
        ("board, one city", f"/investment/projects/?park={region.pk}"),
        ("board, one chain", f"/investment/projects/?chain={chain.pk}"),
        ("board, stalled only", "/investment/projects/?stalled=1"),
        ("project page", f"/investment/projects/{project.pk}/"),
        ("fairs (follow-up rates)", "/investment/fairs/"),
        ("chains list", "/investment/chains/"),
        ("chain map", f"/investment/chains/{chain.pk}/"),
    ]
    rows = []
    for name, path in pages:
        timed(office, path, 1)  # warm
        values = timed(office, path, args.repeat)
        rows.append((name, path, len(values), statistics.median(values), p95(values), max(values)))
    print(f"load after: {os.getloadavg()[0]:.2f}")
    print("| request | path | n | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for name, path, n, med, q95, mx in rows:
        print(f"| {name} | `{path}` | {n} | {med:,.0f} | {q95:,.0f} | {mx:,.0f} |")


if __name__ == "__main__":
    main()
