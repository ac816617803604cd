"""The ranking sorted and paginated in the database equals the ranking computed and sorted in Python (the
engine's figures rounded to the cent, ties by number then pk, rows without a submitted review last): every
sort option both ways, trims 0/1/2, rounding ties (80.003 and 80.00 are the same 80.00; 80.005 rounds up),
equal numbers, pagination boundaries, the search, the pack's running total and the pages themselves."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.funds.models import Application, BudgetLine, Call, Decision, Meeting, Programme, Review
from innozone.funds.selectors import decisions as dsel
from innozone.funds.selectors import reviews as sel
from innozone.funds.services import draws
from tests.funds.test_reviews_world import make_call

SORTS = sorted(sel.SORTS) + [f"-{s}" for s in sorted(sel.SORTS)] + ["bogus", ""]

# (number, submitted totals, other review statuses) — hand-made rows around the rounding and tie edges
EDGES = [
    ("E-05", ["80.00", "80.00", "80.01"], []),  # mean 80.003… → 80.00 (exact order would put it above E-04)
    ("E-04", ["80.00", "80.00", "80.00"], []),  # mean 80.00
    ("E-03", ["80.00", "80.01"], []),  # mean 80.005 → 80.01 half up (ties with E-02)
    ("E-02", ["80.01", "80.01"], []),  # mean 80.01
    ("E-01", ["79.99", "80.00"], []),  # mean 79.995 → 80.00
    ("E-10", [], ["assigned", "assigned"]),  # nothing submitted: last, 0/2
    ("E-11", [], ["declined"]),  # nothing submitted: last, 0/0
    ("E-12", ["55.55"], ["declined", "assigned"]),  # one review: trimmed = mean
    ("E-13", ["100.00", "0.00", "50.00"], []),  # outliers, spread 100
    ("", ["50.00", "50.00", "50.00"], []),  # no number (never for a reviewed row, but allowed): pk breaks the tie
    ("", ["50.00", "50.00", "50.00"], ["assigned"]),
    ("e-13", ["70.00", "71.00", "69.00", "70.00"], []),  # case and punctuation: code-point order
    ("E_13", ["70.00", "72.00", "68.00", "70.00"], []),
    ("E13", ["90.10", "60.20", "75.35", "75.35", "88.88", "61.01", "74.99"], ["declined"]),
]


def _build(trim: int, n_random: int = 18) -> Call:
    office = User.objects.get(username="office")
    region = Region.objects.get(code="lz")
    programme = Programme.objects.create(name="排名SQL测试专项", kind="plan", year=2026, owner=office.organization)
    BudgetLine.objects.create(
        programme=programme, subject_code="2060499", subject_name="其他", source="province", amount=Decimal("9000000")
    )
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        round=1,
        title="排名SQL测试",
        stage="decision",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
        budget=Decimal("3000000"),
        panel_size=7,
        trim=trim,
        outlier_points=Decimal("20"),
    )
    rng = random.Random(trim)
    specs = list(EDGES)
    numbers = rng.sample(range(100), n_random)
    for i in range(n_random):
        k = rng.choice([3, 4, 5, 7, 7])
        totals = [f"{rng.choice([60, 70, 75, 80, 85]) + rng.choice([0, 0.01, 0.5, 0.33, 0.99]):.2f}" for _ in range(k)]
        specs.append((f"R-{numbers[i]:02d}", totals, ["declined"] if i % 4 == 0 else []))
    rng.shuffle(specs)  # pk order unrelated to the numbers
    serial = Review.objects.order_by("-assignment_id").values_list("assignment_id", flat=True).first() or 0
    for i, (number, totals, others) in enumerate(specs):
        org = Organization.objects.create(name=f"排名测试单位{trim}-{i:02d}", kind="enterprise", region=region)
        app = Application.objects.create(
            call=call,
            applicant=org,
            region=region,
            number=number,
            title=f"排名测试项目{i:02d}",
            amount=Decimal(rng.randrange(10, 90) * 10000),
            status=rng.choice(["reviewed", "review", "approved"]),
            submitted_at=now,
        )
        statuses = [("submitted", Decimal(t)) for t in totals] + [(s, None) for s in others]
        for j, (status, total) in enumerate(statuses):
            serial += 1
            Review.objects.create(
                application=app,
                assignment_id=serial,
                expert_id=100000 + j,
                expert_name=f"专家{j}",
                status=status,
                total=total,
                recommend=j % 2 == 0,
                submitted_at=now if status == "submitted" else None,
            )
    # not in the ranking: a draft of the same call
    Application.objects.create(
        call=call, applicant=org, region=region, number="", title="草稿", amount=Decimal(1), status="draft"
    )
    return call


def _pks(rows):
    return [r["pk"] for r in rows]


@pytest.mark.parametrize("trim", [0, 1, 2])
def test_sql_ordering_equals_python_ordering_for_every_sort(innovation, trim):
    call = _build(trim)
    n = Application.objects.filter(call=call, status__in=sel.REVIEWED_STATUSES).count()
    assert n == len(EDGES) + 18
    for sort in SORTS:
        expected = sel.ranking_python(call, sort=sort)
        key = (sort or "").lstrip("-") if (sort or "").lstrip("-") in sel.SORTS else "trimmed"
        with CaptureQueriesContext(connection) as queries:
            order = sel.ranking_order(call, sort=sort)
        if key != "median" and not (key == "trimmed" and trim >= 2):
            assert len(queries) == 1, (sort, "expected the single SQL ordering query")
        assert [pk for pk, _amount in order] == _pks(expected), (trim, sort)
        assert [amount for _pk, amount in order] == [r["amount"] for r in expected]
        assert sel.ranking(call, sort=sort) == expected, (trim, sort)


def test_rounding_ties_are_broken_by_number_not_by_exact_value(innovation):
    call = _build(1, n_random=0)
    numbers = [r["number"] for r in sel.ranking(call, sort="-mean") if r["number"].startswith("E-0")]
    # 80.01: E-03 (80.005 rounded up), E-02; 80.00: E-05 (80.003…), E-04, E-01 (79.995 rounded up) — by number desc
    assert numbers == ["E-03", "E-02", "E-05", "E-04", "E-01"]
    numbers = [r["number"] for r in sel.ranking(call, sort="mean") if r["number"].startswith("E-0")]
    assert numbers == ["E-01", "E-04", "E-05", "E-02", "E-03"]
    rows = {r["number"]: r for r in sel.ranking(call, sort="-trimmed")}
    assert rows["E-12"]["trimmed"] == Decimal("55.55") and rows["E-12"]["submitted"] == 1
    assert rows["E-12"]["assigned"] == 2 and rows["E-10"]["assigned"] == 2 and rows["E-10"]["total"] is None
    assert rows["E13"]["trimmed"] == Decimal("75.12") and rows["E13"]["spread"] == Decimal("29.90")
    last = [r["number"] for r in sel.ranking(call, sort="-trimmed")][-2:]
    assert last == ["E-11", "E-10"]  # nothing submitted: last, by number in the same direction


@pytest.mark.parametrize("trim", [1, 2])
@pytest.mark.parametrize("sort", ["-trimmed", "mean", "-median", "spread", "-submitted", "number"])
def test_pages_concatenate_to_the_python_ranking(innovation, trim, sort):
    call = _build(trim)
    expected = sel.ranking_python(call, sort=sort)
    for per_page in (7, 50):
        pages, number = [], 1
        while True:
            page = sel.ranking_page(call, sort=sort, page=number, per_page=per_page)
            pages.extend(page.object_list)
            if not page.has_next():
                break
            number += 1
        assert pages == expected, (trim, sort, per_page)
    last = sel.ranking_page(call, sort=sort, page=999, per_page=7)  # beyond the end: the last page
    assert last.object_list == expected[7 * (last.paginator.num_pages - 1) :]
    assert len(last.object_list) == (len(expected) % 7 or 7)
    # the search narrows the same ordering
    q = sel.ranking_page(call, sort=sort, q="E-1", per_page=50).object_list
    assert _pks(q) == _pks(sel.ranking_python(call, sort=sort, q="E-1")) and 0 < len(q) < len(expected)


@pytest.mark.parametrize("sort", ["-trimmed", "-median", "number"])
def test_pack_page_running_total_agrees_with_the_whole_pack(innovation, sort):
    call = _build(1)
    whole = dsel.pack(call, sort=sort)
    pages = [dsel.pack_page(call, sort=sort, page=n, per_page=8) for n in (1, 2, 3, 4)]
    rows = [r for p in pages for r in p["page"].object_list]
    assert _pks(rows) == _pks(whole["rows"])
    for mine, theirs in zip(rows, whole["rows"], strict=True):
        assert (mine["cumulative"], mine["within_budget"]) == (theirs["cumulative"], theirs["within_budget"])
        assert mine["reviews"] == theirs["reviews"] and mine["recommendations"] == theirs["recommendations"]
        assert mine["trimmed"] == theirs["trimmed"]
    assert pages[0]["requested"] == whole["requested"] == sum(r["amount"] for r in whole["rows"])
    assert any(not r["within_budget"] for r in rows) and any(r["within_budget"] for r in rows)


def test_pages_show_the_rows_in_order(innovation, client):
    call = _build(1)
    client.force_login(User.objects.get(username="office"))
    expected = sel.ranking_python(call, sort="-spread")
    body = client.get(f"/funds/calls/{call.pk}/ranking/?sort=-spread&page=1").content.decode()
    at = [body.index(f"/funds/applications/{r['pk']}/reviews/") for r in expected[:30]]
    assert at == sorted(at)
    pack = client.get(f"/funds/calls/{call.pk}/pack/?sort=-spread").content.decode()
    at = [pack.index(f'id="pack-{r["pk"]}"') for r in expected[:30]]
    assert at == sorted(at)
    budget = dsel.programme_budget(call.programme)
    assert budget["remaining"] == budget["total"] - budget["committed"]


def test_pack_programme_remaining_subtracts_approved_decisions_too(innovation, client):
    call = _build(1, n_random=0)
    line = call.programme.budget_lines.get()
    meeting = Meeting.objects.create(call=call, kind=Meeting.Kind.DECISION, name="决策会", held_on=dt.date(2026, 12, 1))
    app = (
        Application.objects.filter(call=call, status="approved").first()
        or Application.objects.filter(call=call, status__in=sel.REVIEWED_STATUSES).first()
    )
    Application.objects.filter(pk=app.pk).update(status="approved")
    Decision.objects.create(
        application=app, meeting=meeting, outcome="approve", amount=Decimal("250000"), budget_line=line
    )
    budget = dsel.programme_budget(call.programme)
    assert budget["remaining"] == Decimal("8750000.00") == budget["lines"][0]["remaining"]
    client.force_login(User.objects.get(username="office"))
    body = client.get(f"/funds/calls/{call.pk}/pack/").content.decode()
    shown = body.split('id="programme-remaining">')[1].split("<")[0]
    assert shown.strip() == "8,750,000.00", shown


def test_ranking_page_shows_the_draw_date(innovation, client):
    w = make_call(n=2)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="date")
    w["call"].refresh_from_db()
    drawn = draws.draw_of(w["call"])
    client.force_login(w["office"])
    body = client.get(f"/funds/calls/{w['call'].pk}/ranking/").content.decode()
    record = body.split('id="draw-record"')[1].split("</section>")[0]
    assert f"#{drawn.pk} · {timezone.localtime(drawn.drawn_at):%Y-%m-%d %H:%M}" in record, record
