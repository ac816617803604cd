"""Special funds at scale (issue 14): one call with 5,000 applications in review × 7 submitted reviews with 5
criteria each; the pages the office and the deciding meeting use, timed through Django's test client as a
logged-in user (the whole request: middleware, selectors, templates):

    review page      /funds/calls/<id>/ranking/          (totals, means, trimmed means, outliers of every application)
    expert page      /funds/reviews/<id>/                (one expert's scoring page, others' scores once submitted)
    decision pack    /funds/calls/<id>/pack/             (page 1 of the pack, 50 rows)
    pack PDF         /funds/calls/<id>/pack.pdf          (the whole pack: every application)
    pack Excel       /funds/calls/<id>/pack.xlsx

Goals (the issue): pages p95 < 200 ms; the PDF < 10 s. Run by hand; prints a markdown table.

    .venv/bin/python bench/funds_review.py --db sqlite   [--applications 5000] [--reviews 7] [--repeat 20]
    .venv/bin/python bench/funds_review.py --db postgres [--applications 5000] [--reviews 7] [--repeat 20]
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

CRITERIA = [("创新性", 30), ("技术可行性", 25), ("团队能力", 15), ("经济社会效益", 20), ("预算合理性", 10)]


def load(n_apps: int, n_reviews: int):
    """The demo's units and logins, then the call and its rows straight into the tables (the services are
    measured by their own tests; this measures the reads)."""
    from django.db import transaction
    from django.utils import timezone

    from innozone.core.models import Organization, Region, User
    from innozone.funds.models import Application, BudgetLine, Call, Criterion, Programme, Recommendation, Review, Score
    from innozone.plans.demo import seed_demo
    from innozone.talent.models import Expert

    seed_demo(with_reports=False)
    office = User.objects.get(username="office")
    region = Region.objects.get(code="lz")
    rng = random.Random(14)
    now = timezone.now()
    with transaction.atomic():
        programme = Programme.objects.create(
            name="基准专项", kind="plan", year=2026, owner=office.organization, cap_per_applicant=Decimal("2000000")
        )
        BudgetLine.objects.create(
            programme=programme,
            subject_code="2060499",
            subject_name="其他技术研究与开发支出",
            source="province",
            amount=Decimal("900000000"),
        )
        call = Call.objects.create(
            programme=programme,
            round=1,
            title="基准申报通知",
            stage="decision",
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=30),
            budget=Decimal("500000000"),
            chain=["city"],
            panel_size=n_reviews,
        )
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(call=call, name=n, weight=Decimal(w), max_score=10, order=i)
                for i, (n, w) in enumerate(CRITERIA)
            ]
        )
        orgs = Organization.objects.bulk_create(
            [Organization(name=f"基准申报单位{i:05d}", kind="enterprise", region=region) for i in range(n_apps)],
            batch_size=2000,
        )
        apps = Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    applicant=o,
                    region=region,
                    number=f"JZ2026-01-{i:05d}",
                    title=f"基准项目{i:05d}",
                    field="新材料",
                    amount=Decimal(rng.randrange(10, 200) * 10000),
                    total_budget=Decimal(rng.randrange(400, 900) * 10000),
                    status="reviewed",
                    submitted_at=now,
                    budget=[
                        {"category": "设备费", "fiscal": "500000.00", "own": "300000.00"},
                        {"category": "材料费", "fiscal": "200000.00", "own": "100000.00"},
                    ],
                    answers={"summary": "基准项目摘要" * 20},
                )
                for i, o in enumerate(orgs)
            ],
            batch_size=2000,
        )
        city = Organization.objects.get(name="兰州市人民政府")
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    application=a, stage="city", organization=city, recommended=True, rank=i + 1, note="同意推荐"
                )
                for i, a in enumerate(apps)
            ],
            batch_size=2000,
        )
        experts = Expert.objects.bulk_create([Expert(name=f"基准专家{i:03d}", kind="technical") for i in range(300)])
        reviewer = User.objects.create_user(username="bench-expert", password="x", role="expert")
        Expert.objects.filter(pk=experts[0].pk).update(user=reviewer)
        reviews = []
        for a in apps:
            for j, e in enumerate(
                [*rng.sample(experts[1:], n_reviews - 1), experts[0]]
                if a.pk % 50 == 0
                else rng.sample(experts[1:], n_reviews)
            ):
                reviews.append(
                    Review(
                        application=a,
                        assignment_id=len(reviews) + 1,
                        expert_id=e.pk,
                        expert_name=e.name,
                        status="submitted",
                        submitted_at=now,
                        opinion="评审意见" * 10,
                        recommend=j % 3 != 0,
                    )
                )
        reviews = Review.objects.bulk_create(reviews, batch_size=5000)
        scores, totals = [], {}
        for r in reviews:
            total = Decimal(0)
            for c in criteria:
                s = Decimal(rng.randrange(30, 101)) / 10
                scores.append(Score(review=r, criterion=c, score=s))
                total += s / 10 * c.weight
            totals[r.pk] = total.quantize(Decimal("0.01"))
        Score.objects.bulk_create(scores, batch_size=10000)
        # totals in one statement per 1,000 rows
        from django.db.models import Case, Value, When

        keys = list(totals)
        for i in range(0, len(keys), 1000):
            chunk = keys[i : i + 1000]
            Review.objects.filter(pk__in=chunk).update(total=Case(*[When(pk=k, then=Value(totals[k])) for k in chunk]))
    own_review = Review.objects.filter(expert_id=experts[0].pk).first()
    return call, own_review, reviewer


def timed(client, url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = benchdb.configure(args.db, "funds_review", wipe=True)
    print(
        f"database: {url.split('@')[-1]}; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"load {os.getloadavg()[0]:.2f}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    t0 = time.perf_counter()
    call, own_review, reviewer = load(args.applications, args.reviews)
    print(f"loaded {args.applications:,} applications × {args.reviews} reviews in {time.perf_counter() - t0:.1f} s")

    from django.test import Client

    from innozone.core.models import User

    office, expert = Client(), Client()
    office.force_login(User.objects.get(username="office"))
    expert.force_login(reviewer)
    rows = []
    pages = [
        ("review page (ranking, page 1)", office, f"/funds/calls/{call.pk}/ranking/", args.repeat),
        ("expert scoring page", expert, f"/funds/reviews/{own_review.pk}/", args.repeat),
        ("decision pack page 1", office, f"/funds/calls/{call.pk}/pack/", args.repeat),
        ("decision pack PDF (all)", office, f"/funds/calls/{call.pk}/pack.pdf", 3),
        ("decision pack Excel (all)", office, f"/funds/calls/{call.pk}/pack.xlsx", 3),
    ]
    for name, client, path, repeat in pages:
        timed(client, path, 1)  # warm
        values = timed(client, path, repeat)
        rows.append((name, len(values), statistics.median(values), p95(values), max(values)))
    print(f"load after: {os.getloadavg()[0]:.2f}")
    print("| request | n | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, n, med, q95, mx in rows:
        print(f"| {name} | {n} | {med:,.0f} | {q95:,.0f} | {mx:,.0f} |")


if __name__ == "__main__":
    main()
