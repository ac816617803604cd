"""One-stop statistics (onestop/selectors/stats.py) on hand-built rows (tests/onestop/stats_rows.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.onestop.selectors.stats import service_stats

from .stats_rows import TODAY, build, pause


@pytest.fixture
def world(demo):
    return build()


def _by(rows, **kw):
    found = [r for r in rows if all(r[k] == v for k, v in kw.items())]
    assert len(found) == 1, (kw, rows)
    return found[0]


def test_intake_by_department_and_submitted_month_in_local_time(world):
    s = service_stats(year=2026, today=TODAY)
    march = _by(s["rows"], department_id=world["kjt"].pk, month=3)
    # cases 1, 2 and 3 (31 March 23:30 Shanghai is still March)
    assert (march["received"], march["accepted"], march["refused"]) == (3, 2, 1)
    assert march["deferred"] == 1 and march["deferral_rate"] == Decimal("0.5000")
    assert march["corrected"] == 1 and march["correction_rate"] == Decimal("0.3333")
    # case 4 submitted at 00:30 on 1 April in Shanghai (31 March in UTC) counts in April
    april = _by(s["rows"], department_id=world["kjj"].pk, month=4)
    assert april["received"] == 1


def test_processing_days_against_the_limits(world):
    s = service_stats(year=2026, today=TODAY)
    kjt = _by(s["by_department"], department_id=world["kjt"].pk)
    assert kjt["finished"] == 2 and (kjt["approved"], kjt["denied"]) == (1, 1)
    assert kjt["mean_days"] == Decimal("8.5") and kjt["used_max"] == 12
    assert kjt["mean_statutory"] == Decimal("20.0") and kjt["mean_promised"] == Decimal("10.0")
    assert kjt["within_statutory_rate"] == Decimal("1.0000")
    assert kjt["within_promised_rate"] == Decimal("0.5000")
    assert kjt["late"] == 1 and kjt["overdue_rate"] == Decimal("0.5000")
    # the finished ones by the month of the decision: case 1 in March, case 2 in April
    assert _by(s["rows"], department_id=world["kjt"].pk, month=3)["finished"] == 1
    assert _by(s["rows"], department_id=world["kjt"].pk, month=4)["late"] == 1


def test_missing_used_days_come_from_the_clock_and_open_cases_past_due_are_overdue(world):
    s = service_stats(year=2026, today=TODAY)
    kjj = _by(s["by_department"], department_id=world["kjj"].pk)
    # case 5: accepted 6 May, decided 8 May: 7 and 8 May counted
    assert kjj["used_n"] == 1 and kjj["mean_days"] == Decimal("2.0")
    # case 4: due 24 April, open on 1 June: overdue in April
    assert kjj["open_overdue"] == 1 and kjj["overdue"] == 1
    assert kjj["overdue_rate"] == Decimal("0.5000")  # (0 late + 1 open) / (1 finished + 1 open)
    assert _by(s["rows"], department_id=world["kjj"].pk, month=4)["open_overdue"] == 1
    assert s["open"]["count"] == 1 and s["open"]["levels"]["overdue"] == 1


def test_an_open_pause_stops_the_clock_so_the_case_is_not_overdue(world):
    pause(world["cases"][3], dt.date(2026, 4, 20))
    s = service_stats(year=2026, today=TODAY)
    assert s["open"]["levels"]["paused"] == 1 and s["open"]["levels"]["overdue"] == 0
    assert s["total"]["open_overdue"] == 0


def test_a_closed_pause_moves_the_due_date(world):
    # expert review 23 April – 30 April: the working days after 23 April up to 30 April do not count, so the
    # due date moves from 24 April into May; still overdue on 1 June, now counted in May
    pause(world["cases"][3], dt.date(2026, 4, 23), dt.date(2026, 4, 30))
    s = service_stats(year=2026, today=TODAY)
    kjj_rows = [r for r in s["rows"] if r["department_id"] == world["kjj"].pk]
    assert [r["month"] for r in kjj_rows if r["open_overdue"]] == [5]


def test_satisfaction_and_bad_reviews_rectified_on_time(world):
    s = service_stats(year=2026, today=TODAY)
    kjt = _by(s["by_department"], department_id=world["kjt"].pk)
    assert kjt["ratings"] == 2 and kjt["satisfaction"] == Decimal("0.5000")
    assert kjt["mean_level"] == Decimal("3.50")
    assert kjt["bad"] == 1 and kjt["rectified_on_time"] == 1 and kjt["rectified_on_time_rate"] == Decimal("1.0000")
    kjj = _by(s["by_department"], department_id=world["kjj"].pk)
    assert kjj["bad"] == 1 and kjj["rectified_on_time_rate"] == Decimal("0.0000") and kjj["rectify_overdue"] == 1
    total = s["total"]
    assert total["ratings"] == 3 and total["satisfaction"] == Decimal("0.3333")


def test_basic_satisfaction_is_not_satisfied(world):
    from innozone.onestop.models import Rating

    Rating.objects.filter(case=world["cases"][0]).update(level=3)  # 基本满意
    kjt = _by(service_stats(year=2026, today=TODAY)["by_department"], department_id=world["kjt"].pk)
    assert kjt["satisfied"] == 0 and kjt["satisfaction"] == Decimal("0.0000") and kjt["bad"] == 1


def test_a_late_rectification_is_not_on_time(world):
    from innozone.onestop.models import Rating

    from .stats_rows import at

    Rating.objects.filter(case=world["cases"][1]).update(rectified_at=at(2026, 5, 16))
    kjt = _by(service_stats(year=2026, today=TODAY)["by_department"], department_id=world["kjt"].pk)
    assert kjt["rectified_on_time"] == 0 and kjt["rectified_late"] == 1


def test_scope_department_and_type_filters(world):
    own = service_stats(year=2026, scope=[world["kjt"].pk], today=TODAY)
    assert [r["department_id"] for r in own["by_department"]] == [world["kjt"].pk]
    assert own["total"]["received"] == 3 and own["open"]["count"] == 0
    licences = service_stats(year=2026, item_type="XK", today=TODAY)
    assert [r["code"] for r in licences["by_item"]] == ["T-STATS-XK-1"]
    assert licences["total"]["received"] == 2
    one = service_stats(year=2026, department=world["kjj"].pk, today=TODAY)
    assert one["total"]["ratings"] == 1
    # a scope without the department sees nothing of it
    none = service_stats(year=2026, scope=[world["kjt"].pk], department=world["kjj"].pk, today=TODAY)
    assert none["total"]["received"] == 0 and none["by_department"] == []


def test_items_carry_their_limits(world):
    s = service_stats(year=2026, today=TODAY)
    item = _by(s["by_item"], code="T-STATS-QR-1")
    assert (item["statutory_days"], item["promised_days"], item["finished"]) == (20, 10, 2)
    assert item["department"] == "甘肃省科学技术厅"


def test_totals_add_up_over_months(world):
    s = service_stats(year=2026, today=TODAY)
    for key in ("received", "finished", "ratings", "open_overdue", "late"):
        assert sum(r[key] for r in s["by_month"]) == s["total"][key]
        assert sum(r[key] for r in s["rows"]) == s["total"][key]
    assert len(s["by_month"]) == 12


def test_an_empty_year_has_no_rates(world):
    s = service_stats(year=2024, today=TODAY)
    assert s["rows"] == [] and s["by_department"] == [] and s["total"]["received"] == 0
    assert s["total"]["overdue_rate"] is None and s["total"]["satisfaction"] is None
    assert s["total"]["mean_days"] is None


def test_queries_do_not_grow_with_the_cases(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innozone.onestop.models import Case

    from .stats_rows import at

    def count():
        with CaptureQueriesContext(connection) as queries:
            service_stats(year=2026, today=TODAY)
        return len(queries)

    before = count()
    item = world["a"]
    for n in range(30):
        common = {"item": item, "applicant": world["cases"][0].applicant, "title": "x", "limit_days": 10}
        Case.objects.create(
            number=f"TQ-{n}", submitted_at=at(2026, 2, 2), status="accepted", accepted_at=at(2026, 2, 3), **common
        )
        Case.objects.create(
            number=f"TR-{n}",
            submitted_at=at(2026, 2, 2),
            status="approved",
            accepted_at=at(2026, 2, 3),
            decided_at=at(2026, 2, 5),
            **common,
        )
    assert count() <= before + 1  # the calendar read once, whatever the number of cases
    assert service_stats(year=2026, today=TODAY)["total"]["received"] == 65
