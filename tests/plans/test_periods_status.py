"""The pure rules: reporting periods and task status (no database)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from innozone.plans.periods import current_period, due_periods, period_by_key, periods_for
from innozone.plans.status import TaskFacts, TaskStatus, elapsed_share, task_status

D = dt.date


def test_quarterly_periods_cover_the_year_with_grace():
    ps = periods_for(2020, "quarterly", grace_days=10)
    assert [p.key for p in ps] == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    assert ps[0].start == D(2020, 1, 1) and ps[0].end == D(2020, 3, 31) and ps[0].due == D(2020, 4, 10)
    assert ps[-1].end == D(2020, 12, 31) and ps[-1].due == D(2021, 1, 10)


def test_monthly_periods_handle_leap_february():
    ps = periods_for(2020, "monthly", grace_days=0)
    assert len(ps) == 12 and ps[1].key == "2020-02" and ps[1].end == D(2020, 2, 29)
    assert sorted(p.key for p in ps) == [p.key for p in ps]


def test_period_by_key_rejects_other_years_and_formats():
    assert period_by_key(2020, "quarterly", "2020-Q3").number == 3
    assert period_by_key(2020, "quarterly", "2021-Q1") is None
    assert period_by_key(2020, "quarterly", "2020-03") is None


def test_due_periods_only_after_grace_and_before_deadline():
    ps = periods_for(2020, "quarterly", 10)
    assert due_periods(ps, D(2020, 4, 10)) == []
    assert [p.key for p in due_periods(ps, D(2020, 4, 11))] == ["2020-Q1"]
    assert [p.key for p in due_periods(ps, D(2021, 6, 1), until=D(2020, 5, 1))] == ["2020-Q1", "2020-Q2"]


def test_current_period():
    ps = periods_for(2020, "quarterly")
    assert current_period(ps, D(2020, 5, 5)).key == "2020-Q2"
    assert current_period(ps, D(2023, 1, 1)).key == "2020-Q4"
    assert current_period(ps, D(2019, 1, 1)).key == "2020-Q1"


def facts(**kw):
    base = {
        "deadline": D(2020, 12, 31),
        "year_start": D(2020, 1, 1),
        "lead_units": frozenset({1}),
        "completed_units": frozenset(),
        "blocked_units": frozenset(),
        "has_accepted_report": False,
        "late_units": frozenset(),
        "indicator_ratios": (),
    }
    base.update(kw)
    return TaskFacts(**base)


def test_no_reports_early_in_year_is_not_started():
    assert task_status(facts(), D(2020, 2, 1)) == TaskStatus.NOT_STARTED


def test_all_leads_completed_is_done_even_after_deadline():
    f = facts(lead_units=frozenset({1, 2}), completed_units=frozenset({1, 2}), has_accepted_report=True)
    assert task_status(f, D(2021, 3, 1)) == TaskStatus.DONE


def test_one_of_two_leads_completed_is_not_done():
    f = facts(lead_units=frozenset({1, 2}), completed_units=frozenset({1}), has_accepted_report=True)
    assert task_status(f, D(2020, 6, 1)) == TaskStatus.ON_TRACK


def test_targets_met_is_done():
    f = facts(indicator_ratios=(Decimal("1.0"), Decimal("1.2")), has_accepted_report=True)
    assert task_status(f, D(2020, 6, 1)) == TaskStatus.DONE


def test_past_deadline_not_done_is_overdue():
    assert task_status(facts(has_accepted_report=True), D(2021, 1, 1)) == TaskStatus.OVERDUE


def test_late_unit_makes_at_risk():
    assert task_status(facts(late_units=frozenset({7})), D(2020, 5, 1)) == TaskStatus.AT_RISK


def test_blocked_report_makes_at_risk():
    f = facts(blocked_units=frozenset({1}), has_accepted_report=True)
    assert task_status(f, D(2020, 5, 1)) == TaskStatus.AT_RISK


def test_indicator_lagging_behind_the_year_makes_at_risk():
    # Three quarters of the year gone, 40% done: more than 25 points behind.
    f = facts(indicator_ratios=(Decimal("0.4"),), has_accepted_report=True)
    assert task_status(f, D(2020, 10, 1)) == TaskStatus.AT_RISK
    f = facts(indicator_ratios=(Decimal("0.6"),), has_accepted_report=True)
    assert task_status(f, D(2020, 10, 1)) == TaskStatus.ON_TRACK


@given(st.dates(min_value=D(2019, 1, 1), max_value=D(2022, 12, 31)))
def test_elapsed_share_is_between_zero_and_one(as_of):
    share = elapsed_share(D(2020, 1, 1), D(2020, 12, 31), as_of)
    assert 0 <= share <= 1


@given(
    ratios=st.lists(st.decimals(min_value=0, max_value=3, places=2), min_size=1, max_size=6),
    as_of=st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 12, 31)),
    late=st.booleans(),
)
def test_all_targets_met_always_means_done_and_done_needs_it(ratios, as_of, late):
    f = facts(
        indicator_ratios=tuple(ratios),
        late_units=frozenset({1}) if late else frozenset(),
        has_accepted_report=True,
    )
    status = task_status(f, as_of)
    assert (status == TaskStatus.DONE) == all(r >= 1 for r in ratios)
    if status != TaskStatus.DONE and as_of > f.deadline:
        assert status == TaskStatus.OVERDUE
