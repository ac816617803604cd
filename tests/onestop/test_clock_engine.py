"""The working-day clock engine (onestop/engine/clock.py) on the official 2026 calendar (chinese-calendar) and on
hand-built calendars. No database."""

import datetime as dt

import pytest
from chinese_calendar import is_workday as official

from innozone.onestop.engine import clock

D = dt.date


def weekdays(day):
    return day.weekday() < 5


# --- counting ---------------------------------------------------------------------------------------------------


def test_start_day_not_counted():
    # Monday 2 March 2026: the first counted day is Tuesday 3 March
    assert clock.add_working_days(D(2026, 3, 2), 1, official) == D(2026, 3, 3)
    assert clock.working_days(D(2026, 3, 2), D(2026, 3, 2), official) == 0
    assert clock.working_days(D(2026, 3, 2), D(2026, 3, 3), official) == 1


def test_zero_days_is_the_start():
    assert clock.add_working_days(D(2026, 2, 15), 0, official) == D(2026, 2, 15)
    assert clock.due_date(D(2026, 2, 15), 0, (), official) == D(2026, 2, 15)


def test_start_on_a_holiday_counts_from_the_next_working_day():
    # accepted (online) on the first day of the holiday: first counted day Tue 24 February
    assert clock.add_working_days(D(2026, 2, 15), 1, official) == D(2026, 2, 24)


def test_end_before_start_is_zero():
    assert clock.working_days(D(2026, 3, 10), D(2026, 3, 1), official) == 0


def test_negative_arguments_refused():
    with pytest.raises(ValueError):
        clock.add_working_days(D(2026, 3, 2), -1, official)
    with pytest.raises(ValueError):
        clock.due_date(D(2026, 3, 2), -1, (), official)
    with pytest.raises(ValueError):
        clock.working_days(D(2026, 3, 2), D(2026, 3, 9), official, [(D(2026, 3, 5), D(2026, 3, 4))])


def test_a_calendar_without_working_days_stops():
    with pytest.raises(ValueError):
        clock.add_working_days(D(2026, 3, 2), 1, lambda day: False)


def test_spring_festival_2026_twenty_days():
    """20 working days from Saturday 14 February 2026 (make-up working day, the last before the holiday
    15–23 February): 24–28 Feb (incl. make-up Saturday 28th) 5, 2–6 Mar 10, 9–13 Mar 15, 16–20 Mar 20."""
    start = D(2026, 2, 14)
    assert official(start) and not official(D(2026, 2, 15)) and official(D(2026, 2, 28))
    assert clock.add_working_days(start, 20, official) == D(2026, 3, 20)
    assert clock.due_date(start, 20, (), official) == D(2026, 3, 20)
    assert clock.working_days(start, D(2026, 3, 20), official) == 20
    assert clock.working_days(start, D(2026, 2, 23), official) == 0  # the whole holiday counts nothing
    assert clock.working_days(start, D(2026, 2, 28), official) == 5
    # a plain Monday-to-Friday calendar would get it wrong
    assert clock.due_date(start, 20, (), weekdays) == D(2026, 3, 13)


def test_spring_festival_2026_from_friday_before():
    # Friday 13 February: Sat 14 (make-up) is day 1, the holiday counts nothing, Tue 24 is day 2
    assert clock.add_working_days(D(2026, 2, 13), 2, official) == D(2026, 2, 24)
    assert clock.add_working_days(D(2026, 2, 13), 20, official) == D(2026, 3, 19)


def test_national_day_2026():
    """2026 National Day / Mid-Autumn: 1–7 October off, Sun 20 Sep and Sat 10 Oct worked (chinese-calendar)."""
    assert not official(D(2026, 10, 1)) and not official(D(2026, 10, 7))
    # Wednesday 30 September: the next working day is Thursday 8 October
    assert clock.add_working_days(D(2026, 9, 30), 1, official) == D(2026, 10, 8)
    assert official(D(2026, 9, 20)) and official(D(2026, 10, 10))  # make-up Sunday and Saturday
    # 8, 9, 10 (Saturday, worked) and 12 October
    assert clock.working_days(D(2026, 9, 30), D(2026, 10, 12), official) == 4
    assert clock.due_date(D(2026, 9, 30), 3, (), official) == D(2026, 10, 10)


# --- pauses -----------------------------------------------------------------------------------------------------


def test_pause_moves_the_due_date():
    start = D(2026, 2, 14)
    # 补正 notice on Wed 25 Feb (counted), answered Wed 4 Mar (not counted): 26, 27, 28 Feb, 2, 3, 4 Mar paused
    pause = (D(2026, 2, 25), D(2026, 3, 4))
    assert clock.working_days(D(2026, 2, 25), D(2026, 3, 4), official) == 6
    assert clock.due_date(start, 20, [pause], official) == clock.add_working_days(D(2026, 3, 20), 6, official)
    assert clock.due_date(start, 20, [pause], official) == D(2026, 3, 30)
    assert clock.working_days(start, D(2026, 3, 4), official, [pause]) == 2


def test_pause_rows_accepted():
    class Row:
        started_on = D(2026, 2, 25)
        ended_on = D(2026, 3, 4)

    assert clock.due_date(D(2026, 2, 14), 20, [Row()], official) == D(2026, 3, 30)


def test_overlapping_pauses_count_once():
    start = D(2026, 3, 2)
    one = (D(2026, 3, 3), D(2026, 3, 6))
    two = (D(2026, 3, 5), D(2026, 3, 10))
    both = clock.due_date(start, 10, [one, two], official)
    union = clock.due_date(start, 10, [(D(2026, 3, 3), D(2026, 3, 10))], official)
    assert both == union == clock.add_working_days(clock.add_working_days(start, 10, official), 5, official)


def test_pause_before_start_or_after_due_changes_nothing():
    start = D(2026, 3, 2)
    plain = clock.due_date(start, 5, (), official)
    assert clock.due_date(start, 5, [(D(2026, 2, 1), D(2026, 3, 2))], official) == plain
    assert clock.due_date(start, 5, [(plain, D(2026, 4, 30))], official) == plain


def test_open_pause_has_no_due_date():
    start = D(2026, 3, 2)
    assert clock.due_date(start, 10, [(D(2026, 3, 4), None)], official) is None
    # an open pause that starts after the limit is reached does not hide the due date
    assert clock.due_date(start, 2, [(D(2026, 3, 9), None)], official) == D(2026, 3, 4)


def test_stop_and_restart():
    start = D(2026, 3, 2)  # Monday
    pauses = [(D(2026, 3, 4), None)]
    seen = clock.state(start, 10, pauses, D(2026, 3, 12), official)
    assert seen.level == "paused" and seen.paused and seen.due_on is None
    assert seen.used == 2 and seen.remaining == 8  # 3 and 4 March
    pauses = [(D(2026, 3, 4), D(2026, 3, 12))]
    again = clock.state(start, 10, pauses, D(2026, 3, 13), official)
    assert not again.paused and again.used == 3
    assert again.due_on == clock.add_working_days(D(2026, 3, 12), 8, official) == D(2026, 3, 24)


# --- state ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "level", "used", "remaining"),
    [
        (D(2026, 3, 2), "green", 0, 10),
        (D(2026, 3, 9), "green", 5, 5),
        (D(2026, 3, 11), "yellow", 7, 3),
        (D(2026, 3, 12), "yellow", 8, 2),
        (D(2026, 3, 13), "red", 9, 1),
        (D(2026, 3, 14), "red", 9, 1),  # Saturday: one working day (Monday) left
        (D(2026, 3, 16), "red", 10, 0),  # due today
        (D(2026, 3, 17), "overdue", 11, -1),
    ],
)
def test_levels(today, level, used, remaining):
    seen = clock.state(D(2026, 3, 2), 10, (), today, official, warn_days=3)
    assert seen.due_on == D(2026, 3, 16)
    assert (seen.level, seen.used, seen.remaining) == (level, used, remaining)
    assert seen.late == (level == "overdue")


def test_overdue_on_the_weekend_after_the_due_day():
    seen = clock.state(D(2026, 3, 2), 5, (), D(2026, 3, 14), official)
    assert seen.due_on == D(2026, 3, 9) and seen.level == "overdue"


def test_done_on_time_and_late():
    on_time = clock.state(D(2026, 2, 14), 20, (), D(2026, 5, 1), official, done_on=D(2026, 3, 20))
    assert (on_time.level, on_time.used, on_time.late) == ("done", 20, False)
    late = clock.state(D(2026, 2, 14), 20, (), D(2026, 5, 1), official, done_on=D(2026, 3, 23))
    assert (late.level, late.used, late.remaining, late.late) == ("done", 21, -1, True)


def test_warn_days_zero_goes_green_to_red():
    levels = {
        clock.state(D(2026, 3, 2), 10, (), D(2026, 3, 2) + dt.timedelta(days=n), official, warn_days=0).level
        for n in range(14)
    }
    assert "yellow" not in levels and {"green", "red"} <= levels


def test_office_override_changes_the_result():
    """A 2027 date the package does not know: the office's override (a holiday on Friday 1 Oct 2027 style) is
    just the calendar function — the engine only sees is_workday."""
    closed = {D(2027, 3, 5)}

    def office(day):
        return day not in closed and day.weekday() < 5

    assert clock.add_working_days(D(2027, 3, 4), 1, weekdays) == D(2027, 3, 5)
    assert clock.add_working_days(D(2027, 3, 4), 1, office) == D(2027, 3, 8)
