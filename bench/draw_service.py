"""The whole panel draw as the platform runs it (issue 13): the pool snapshot read from the database (experts,
fields, declared relations, this year's reviews), the items' applicants and their registry related parties and
key people, the engine, and the record (the Draw row and the ledger event) — for 500 items × 7 experts from a pool
of 20,000 experts. Run by hand; prints the timings.

    .venv/bin/python bench/draw_service.py --db sqlite   [--experts 20000] [--items 500] [--repeat 3]
    .venv/bin/python bench/draw_service.py --db postgres [--experts 20000] [--items 500] [--repeat 3]
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import benchdb  # noqa: E402


def load(n_experts: int) -> None:
    """The demo's units, the market's fields, 2,000 organizations with registry entries, n experts with 1–4
    fields, 10 % financial, ~1.5 declared relations each (straight into the tables; the services are measured
    elsewhere)."""
    from django.db import transaction

    from innozone.core.models import Organization, Region
    from innozone.enterprises.engine.identity import complete_uscc
    from innozone.enterprises.models import Enterprise
    from innozone.market.models import Field
    from innozone.plans.demo import seed_demo
    from innozone.talent.models import Expert, Relation

    seed_demo(with_reports=False)
    from innozone.market.engine import FIELDS

    for n, name in enumerate(FIELDS):
        Field.objects.get_or_create(name=name, defaults={"order": n})
    fields = list(Field.objects.all())
    region = Region.objects.get(code="lz")
    rng = random.Random(13)
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            [Organization(name=f"基准单位{i:05d}", kind="enterprise", region=region) for i in range(2000)]
        )
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    organization=o,
                    uscc=complete_uscc(f"91620100MA{i:07d}"),
                    name=o.name,
                    region=region,
                    actual_controller=f"控制人{i % 700}",
                    actual_controller_key=f"name:控制人{i % 700}",
                )
                for i, o in enumerate(orgs)
            ]
        )
        experts = Expert.objects.bulk_create(
            [
                Expert(
                    name=f"专家{i:05d}",
                    kind="financial" if i % 10 == 0 else "technical",
                    employer=orgs[rng.randrange(len(orgs))],
                )
                for i in range(n_experts)
            ],
            batch_size=2000,
        )
        through = Expert.fields.through
        through.objects.bulk_create(
            [through(expert_id=e.pk, field_id=f.pk) for e in experts for f in rng.sample(fields, k=rng.randint(1, 4))],
            batch_size=5000,
        )
        Relation.objects.bulk_create(
            [
                Relation(expert=e, kind="employment", organization=orgs[rng.randrange(len(orgs))])
                for e in experts
                if rng.random() < 0.8
            ]
            + [Relation(expert=e, kind="family", person_name=f"亲属{rng.randrange(5000)}") for e in experts[::2]],
            batch_size=5000,
        )
    return orgs, [f.name for f in fields]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--experts", type=int, default=20000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = benchdb.configure(args.db, "draw_service", wipe=True)
    print(f"database: {url.split('@')[-1]}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    orgs, fields = load(args.experts)
    print(f"loaded {args.experts:,} experts in {time.perf_counter() - t0:.1f} s")

    from innozone.core.models import User
    from innozone.talent.panel_rules import rules_for
    from innozone.talent.services import draws

    office = User.objects.get(username="office")
    rng = random.Random(7)
    items = [
        draws.ItemInput(
            ref=f"B{i:04d}",
            field=rng.choice(fields),
            organization_id=orgs[rng.randrange(len(orgs))].pk,
            people=[f"亲属{rng.randrange(5000)}" for _ in range(rng.randint(1, 4))],
        )
        for i in range(args.items)
    ]
    rules = rules_for("default", size=7, reserves=2)
    times = []
    for n in range(args.repeat):
        t0 = time.perf_counter()
        draw = draws.draw_run(actor=office, purpose="基准", items=items, rules=rules, seed=f"bench-{n}", assign=False)
        times.append(time.perf_counter() - t0)
    panels = draw.result["panels"]
    members = sum(len(p["experts"]) for p in panels)
    excluded = sum(len(p["excluded"]) for p in panels)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"draw_run: {len(panels)} items, {members:,} members, {excluded:,} exclusions; "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s over {args.repeat}; "
        f"peak RSS {peak:.0f} MB; load {os.getloadavg()[0]:.2f}; goal < 2 s: "
        f"{'met' if statistics.median(times) < 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
