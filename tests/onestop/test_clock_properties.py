"""Properties of the working-day clock (onestop/engine/clock.py), written from its announced specification only
(not its code), against a reference model in this file: random calendars (days off and make-up weekend days over
a window, Monday–Friday outside it) and random pauses (a pause covers the days d with started_on < d <= ended_on;
an open one every day after started_on).

- add_working_days: the n-th working day after start (start not counted), composes, strictly increasing;
- working_days: working days in (start, end] not paused, additive over a split, pauses counted once when they
  overlap or touch, a stop and restart equal to one pause over the same days, rows with attributes = tuples;
- due_date: the `limit`-th counted day; None while an open pause started before the limit is reached;
- state: used / remaining / due_on and the level (done > paused > overdue > red > yellow > green).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innozone.onestop.engine.clock import LEVELS, add_working_days, due_date, state, working_days

ORIGIN = dt.date(2026, 1, 1)
WINDOW = 200  # days from ORIGIN over which the random calendar differs from Monday–Friday


def day(n: int) -> dt.date:
    return ORIGIN + dt.timedelta(n)


@dataclass(frozen=True)
class Calendar:
    off: frozenset  # weekdays off (holidays)
    worked: frozenset  # weekend days worked (调休)

    def __call__(self, d: dt.date) -> bool:
        if d in self.worked:
            return True
        return d.weekday() < 5 and d not in self.off


@st.composite
def calendars(draw):
    dates = st.integers(0, WINDOW).map(day)
    off = draw(st.frozensets(dates.filter(lambda d: d.weekday() < 5), max_size=60))
    worked = draw(st.frozensets(dates.filter(lambda d: d.weekday() >= 5), max_size=15))
    return Calendar(off, worked)


@dataclass
class PauseRow:  # a ClockPause row as the engine may receive it
    started_on: dt.date
    ended_on: dt.date | None


@st.composite
def closed_pauses(draw, max_size=4):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        a = draw(st.integers(0, WINDOW))
        b = draw(st.integers(a, min(a + 30, WINDOW + 30)))
        out.append((day(a), day(b)))
    return out


def covered(d: dt.date, pauses) -> bool:
    return any(a < d and (b is None or d <= b) for a, b in pauses)


def counted(d: dt.date, cal, pauses) -> bool:
    return cal(d) and not covered(d, pauses)


def ref_working_days(start, end, cal, pauses=()) -> int:
    n, d = 0, start + dt.timedelta(1)
    while d <= end:
        n += counted(d, cal, pauses)
        d += dt.timedelta(1)
    return n


def ref_due(start, limit, cal, pauses=()):
    """The limit-th counted day after start; None when an open pause covers every later day first."""
    if limit == 0:
        return start
    opens = [a for a, b in pauses if b is None]
    horizon = min(opens) if opens else None
    n, d = 0, start
    while True:
        d += dt.timedelta(1)
        if horizon is not None and d > horizon:
            return None
        if counted(d, cal, pauses):
            n += 1
            if n == limit:
                return d


def ref_add(start, n, cal):
    return ref_due(start, n, cal)


starts = st.integers(0, WINDOW).map(day)
counts = st.integers(0, 80)


# ---- add_working_days ------------------------------------------------------------------------------------------


@given(calendars(), starts, counts)
def test_add_is_the_nth_working_day_after_start(cal, start, n):
    got = add_working_days(start, n, cal)
    assert got == ref_add(start, n, cal)
    if n == 0:
        assert got == start
    else:
        assert got > start and cal(got)
        assert ref_working_days(start, got, cal) == n
        assert ref_working_days(start, got - dt.timedelta(1), cal) == n - 1  # the first day reaching n


@given(calendars(), starts, st.integers(0, 40), st.integers(0, 40))
def test_add_composes_and_increases(cal, start, a, b):
    first = add_working_days(start, a, cal)
    both = add_working_days(start, a + b, cal)
    assert add_working_days(first, b, cal) == both
    if b > 0:
        assert both > first


@given(calendars(), starts, counts)
def test_add_and_working_days_are_inverse(cal, start, n):
    assert working_days(start, add_working_days(start, n, cal), cal) == n


def test_start_day_not_counted_and_weekend_start():
    weekdays = Calendar(frozenset(), frozenset())
    friday, saturday = dt.date(2026, 12, 4), dt.date(2026, 12, 5)
    assert add_working_days(friday, 1, weekdays) == dt.date(2026, 12, 7)
    assert add_working_days(saturday, 1, weekdays) == dt.date(2026, 12, 7)
    assert add_working_days(friday, 5, weekdays) == dt.date(2026, 12, 11)
    assert working_days(friday, friday, weekdays) == 0
    assert working_days(friday, dt.date(2026, 12, 7), weekdays) == 1


def test_invalid_input_raises():
    weekdays = Calendar(frozenset(), frozenset())
    with pytest.raises(ValueError):
        add_working_days(ORIGIN, -1, weekdays)
    with pytest.raises(ValueError):
        add_working_days(ORIGIN, 1, lambda d: False)  # a calendar without working days: no endless loop
    with pytest.raises(ValueError):
        due_date(ORIGIN, -1, (), weekdays)
    with pytest.raises(ValueError):
        working_days(ORIGIN, day(30), weekdays, [(day(10), day(5))])  # a pause ending before it starts


# ---- working_days with pauses ----------------------------------------------------------------------------------


@given(calendars(), starts, st.integers(-5, 120), closed_pauses())
def test_working_days_is_the_count_outside_pauses(cal, start, length, pauses):
    end = start + dt.timedelta(length)
    got = working_days(start, end, cal, pauses)
    assert got == ref_working_days(start, end, cal, pauses)
    assert 0 <= got <= working_days(start, end, cal)
    if length <= 0:
        assert got == 0


@given(calendars(), starts, st.integers(0, 60), st.integers(0, 60), closed_pauses())
def test_working_days_is_additive(cal, start, a, b, pauses):
    mid, end = start + dt.timedelta(a), start + dt.timedelta(a + b)
    assert working_days(start, end, cal, pauses) == working_days(start, mid, cal, pauses) + working_days(
        mid, end, cal, pauses
    )


@given(calendars(), starts, st.integers(0, 120), closed_pauses())
def test_pause_rows_and_tuples_and_order_agree(cal, start, length, pauses):
    end = start + dt.timedelta(length)
    expected = working_days(start, end, cal, pauses)
    assert working_days(start, end, cal, [PauseRow(a, b) for a, b in pauses]) == expected
    assert working_days(start, end, cal, list(reversed(pauses))) == expected
    assert working_days(start, end, cal, pauses + pauses) == expected  # a pause twice is counted once


@given(calendars(), starts, st.integers(0, 40), st.integers(0, 20), st.integers(0, 20), st.integers(1, 60))
def test_stop_and_restart_equal_one_pause_over_the_same_days(cal, start, gap, first, second, limit):
    """Stopped from a to b, restarted, stopped again from b to c = one stop from a to c; overlapping stops are
    counted once (a to c with b to d inside = a to max)."""
    a = start + dt.timedelta(gap)
    b = a + dt.timedelta(first)
    c = b + dt.timedelta(second)
    end = c + dt.timedelta(30)
    assert working_days(start, end, cal, [(a, b), (b, c)]) == working_days(start, end, cal, [(a, c)])
    assert working_days(start, end, cal, [(a, c), (b, c)]) == working_days(start, end, cal, [(a, c)])
    assert due_date(start, limit, [(a, b), (b, c)], cal) == due_date(start, limit, [(a, c)], cal)


# ---- due_date ----------------------------------------------------------------------------------------------------


@given(calendars(), starts, st.integers(1, 60), closed_pauses())
def test_due_date_with_closed_pauses(cal, start, limit, pauses):
    due = due_date(start, limit, pauses, cal)
    assert due == ref_due(start, limit, cal, pauses)
    assert working_days(start, due, cal, pauses) == limit
    plain = due_date(start, limit, (), cal)
    assert plain == add_working_days(start, limit, cal)
    assert due >= plain
    # the due date moves by exactly the working days the pauses took before it
    assert due == add_working_days(plain, working_days(start, due, cal) - limit, cal)


@given(calendars(), starts, st.integers(1, 60), closed_pauses(max_size=2), st.integers(0, 100))
def test_due_date_with_an_open_pause(cal, start, limit, pauses, at):
    opened = start + dt.timedelta(at)
    due = due_date(start, limit, [*pauses, (opened, None)], cal)
    before = due_date(start, limit, pauses, cal)
    if opened < before:  # stopped before the limit was reached: no due date while paused
        assert due is None
    else:  # stopped on or after the due day (the day a pause starts still counts): the limit was reached
        assert due == before
    assert due == ref_due(start, limit, cal, [*pauses, (opened, None)])


@given(calendars(), starts, st.integers(1, 60), closed_pauses(max_size=2), st.integers(0, 30), st.integers(0, 30))
def test_a_longer_pause_never_brings_the_due_date_forward(cal, start, limit, pauses, at, length):
    """One more paused day takes at most one counted day: the due date stays or moves to the next day counted."""
    a = start + dt.timedelta(at)
    shorter = [*pauses, (a, a + dt.timedelta(length))]
    longer = [*pauses, (a, a + dt.timedelta(length + 1))]
    short, long = due_date(start, limit, shorter, cal), due_date(start, limit, longer, cal)
    assert short <= long
    assert working_days(short, long, cal, longer) <= 1


# ---- state --------------------------------------------------------------------------------------------------------


@st.composite
def clock_cases(draw):
    cal = draw(calendars())
    start = draw(starts)
    limit = draw(st.integers(1, 40))
    today = start + dt.timedelta(draw(st.integers(0, 120)))
    pauses = []
    for _ in range(draw(st.integers(0, 3))):  # closed pauses in the past
        a = start + dt.timedelta(draw(st.integers(0, (today - start).days)))
        b = a + dt.timedelta(draw(st.integers(0, (today - a).days)))
        pauses.append((a, b))
    if draw(st.booleans()):  # an open pause started on or before today
        pauses.append((start + dt.timedelta(draw(st.integers(0, (today - start).days))), None))
    return cal, start, limit, today, pauses, draw(st.integers(0, 5))


def ref_level(limit, used, due_on, today, is_open, done, warn_days):
    if done:
        return "done"
    if is_open:
        return "paused"
    if today > due_on:
        return "overdue"
    remaining = limit - used
    if remaining <= 1:
        return "red"
    return "yellow" if remaining <= warn_days else "green"


@given(clock_cases())
def test_state(case):
    cal, start, limit, today, pauses, warn = case
    clock = state(start, limit, pauses, today, cal, warn_days=warn)
    is_open = any(b is None and a <= today for a, b in pauses)
    assert clock.level in LEVELS
    assert clock.limit == limit
    assert clock.used == working_days(start, today, cal, pauses) == ref_working_days(start, today, cal, pauses)
    assert clock.remaining == limit - clock.used
    assert clock.paused == is_open
    if not is_open or clock.due_on is not None:
        assert clock.due_on == due_date(start, limit, pauses, cal)
    assert clock.level == ref_level(limit, clock.used, clock.due_on, today, is_open, False, warn)
    if clock.level == "overdue":
        assert clock.remaining <= 0


@given(clock_cases())
def test_done_wins(case):
    cal, start, limit, today, pauses, warn = case
    assert state(start, limit, pauses, today, cal, warn_days=warn, done_on=today).level == "done"


@given(calendars(), starts, st.integers(1, 40), st.integers(0, 5))
def test_levels_along_an_unpaused_clock(cal, start, limit, warn):
    """Walking day by day from the start: used never decreases, the level goes green → yellow → red → overdue
    without going back, and the day after the due date is overdue."""
    due = add_working_days(start, limit, cal)
    order = ["green", "yellow", "red", "overdue"]
    seen, used = 0, 0
    d = start
    while d <= due + dt.timedelta(3):
        clock = state(start, limit, (), d, cal, warn_days=warn)
        assert clock.due_on == due
        assert clock.used >= used
        used = clock.used
        assert order.index(clock.level) >= seen
        seen = order.index(clock.level)
        if d == due:
            assert clock.level == "red" and clock.remaining == 0
        if d > due:
            assert clock.level == "overdue"
        d += dt.timedelta(1)
