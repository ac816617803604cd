"""Working-day arithmetic on the official calendar, written from the State Council's notice for 2026 (国务院办公厅
关于2026年部分节假日安排的通知，国办发明电〔2025〕7号) — the dates are data in this file, cross-checked with the
`chinese-calendar` package and with the platform's calendar (core.workdays) — and the clock engine
(onestop/engine/clock.py) run on it: a 20-working-day limit starting on the last working day before the Spring
Festival holiday (the make-up Saturday 14 February), the same across National Day with its make-up Sunday and
Saturday, a 补正 pause over the holiday, and the office's own entries for 2027 (core.models.WorkdayOverride,
read through core.workdays.calendar()) changing a due date."""

import datetime as dt

import chinese_calendar
import pytest

from innozone.core import workdays
from innozone.core.models import WorkdayOverride
from innozone.onestop.engine.clock import add_working_days, due_date, state, working_days

D = dt.date


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


# 国办发明电〔2025〕7号: each festival's days off (放假调休) and the weekend days worked instead (上班).
NOTICE_2026 = {
    "元旦": (days(D(2026, 1, 1), D(2026, 1, 3)), [D(2026, 1, 4)]),
    "春节": (days(D(2026, 2, 15), D(2026, 2, 23)), [D(2026, 2, 14), D(2026, 2, 28)]),
    "清明节": (days(D(2026, 4, 4), D(2026, 4, 6)), []),
    "劳动节": (days(D(2026, 5, 1), D(2026, 5, 5)), [D(2026, 5, 9)]),
    "端午节": (days(D(2026, 6, 19), D(2026, 6, 21)), []),
    "中秋节": (days(D(2026, 9, 25), D(2026, 9, 27)), []),
    "国庆节": (days(D(2026, 10, 1), D(2026, 10, 7)), [D(2026, 9, 20), D(2026, 10, 10)]),
}
HOLIDAYS_2026 = {day for off, _ in NOTICE_2026.values() for day in off}
MAKEUP_2026 = {day for _, worked in NOTICE_2026.values() for day in worked}


def notice_is_workday(day: dt.date) -> bool:
    """2026 by the notice alone: Monday–Friday unless a day off, and the make-up weekend days."""
    assert day.year == 2026, day
    if day in MAKEUP_2026:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS_2026


ALL_2026 = days(D(2026, 1, 1), D(2026, 12, 31))


def count(start: dt.date, end: dt.date, is_workday) -> int:
    """Working days in (start, end], counted one by one — the test's own reference."""
    return sum(1 for day in days(start + dt.timedelta(1), end) if is_workday(day))


# ---- the notice as data --------------------------------------------------------------------------------------


def test_notice_lengths_and_weekdays():
    lengths = {name: len(off) for name, (off, _) in NOTICE_2026.items()}
    assert lengths == {"元旦": 3, "春节": 9, "清明节": 3, "劳动节": 5, "端午节": 3, "中秋节": 3, "国庆节": 7}
    # 春节 2月15日（周日）至23日（周一）; 国庆 10月1日（周四）至7日（周三）
    assert D(2026, 2, 15).weekday() == 6 and D(2026, 2, 23).weekday() == 0
    assert D(2026, 10, 1).weekday() == 3 and D(2026, 10, 7).weekday() == 2
    # every make-up working day is a Saturday or Sunday, and none is a day off
    assert all(day.weekday() >= 5 for day in MAKEUP_2026)
    assert {(d.month, d.day, d.weekday()) for d in MAKEUP_2026} == {
        (1, 4, 6),
        (2, 14, 5),
        (2, 28, 5),
        (5, 9, 5),
        (9, 20, 6),
        (10, 10, 5),
    }
    assert not MAKEUP_2026 & HOLIDAYS_2026
    assert sum(notice_is_workday(day) for day in ALL_2026) == 248


def test_package_agrees_with_the_notice_on_every_day_of_2026():
    wrong = [day for day in ALL_2026 if bool(chinese_calendar.is_workday(day)) != notice_is_workday(day)]
    assert wrong == []
    # and the platform's reading of the package (no database: the package's own answer)
    wrong = [day for day in ALL_2026 if workdays.package_is_workday(day) != notice_is_workday(day)]
    assert wrong == []
    assert workdays.package_is_workday(D(2027, 3, 1)) is None  # the package does not know 2027


# ---- the clock on the notice's calendar (pure) ---------------------------------------------------------------

SPRING_START = D(2026, 2, 14)  # the make-up Saturday: the last working day before the holiday (2月15日–23日)


def test_last_working_day_before_the_spring_festival_is_the_makeup_saturday():
    before = [day for day in days(D(2026, 2, 1), D(2026, 2, 14)) if notice_is_workday(day)]
    assert before[-1] == SPRING_START
    assert not any(notice_is_workday(day) for day in days(D(2026, 2, 15), D(2026, 2, 23)))


@pytest.mark.parametrize(
    ("start", "limit", "due"),
    [
        # Feb 24–28 (the 28th a make-up Saturday) = 5, Mar 2–6 = 10, Mar 9–13 = 15, Mar 16–20 = 20
        (SPRING_START, 20, D(2026, 3, 20)),
        (SPRING_START, 1, D(2026, 2, 24)),  # the first working day after the holiday
        (SPRING_START, 5, D(2026, 2, 28)),  # the make-up Saturday is the 5th
        (SPRING_START, 6, D(2026, 3, 2)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Friday → the make-up Saturday counts
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        (D(2026, 2, 15), 1, D(2026, 2, 24)),  # starting inside the holiday
        (D(2026, 2, 20), 20, D(2026, 3, 20)),
        # National Day: Sep 30 (Wed) last working day; Oct 8, 9, 10 (make-up Sat) = 3 … Nov 3 = 20
        (D(2026, 9, 30), 20, D(2026, 11, 3)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        # Sep 18 (Fri): Sep 20 (make-up Sun) = 1, 21–24 = 5, Mid-Autumn 25–27 off, 28–30 = 8, Oct 8 = 9, Oct 9 = 10
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 18), 10, D(2026, 10, 9)),
        # New Year: Dec 31 2025 (Wed) → Jan 4 2026 (make-up Sun) is the first
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # Labour Day: Apr 30 (Thu) → May 6 (Wed) = 1 … May 9 (make-up Sat) = 4
        (D(2026, 4, 30), 4, D(2026, 5, 9)),
    ],
)
def test_add_working_days_on_the_official_calendar(start, limit, due):
    assert add_working_days(start, limit, workdays.package_is_workday) == due
    assert add_working_days(start, limit, chinese_calendar.is_workday) == due
    assert working_days(start, due, chinese_calendar.is_workday) == limit
    assert count(start, due, chinese_calendar.is_workday) == limit
    assert due_date(start, limit, (), chinese_calendar.is_workday) == due


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (SPRING_START, D(2026, 2, 23), 0),  # the whole holiday: nothing
        (D(2026, 2, 13), D(2026, 2, 23), 1),  # only the make-up Saturday
        (D(2026, 2, 13), D(2026, 3, 1), 6),  # 14, 24, 25, 26, 27, 28
        # Sep 20 (Sun, worked), 21–24, 28–30, Oct 8, 9, 10 (Sat, worked)
        (D(2026, 9, 19), D(2026, 10, 10), 11),
        (D(2026, 9, 30), D(2026, 10, 7), 0),
        (D(2025, 12, 31), D(2026, 12, 31), 248),  # the whole year
    ],
)
def test_working_days_between_on_the_official_calendar(start, end, expected):
    assert count(start, end, notice_is_workday if start.year == 2026 else chinese_calendar.is_workday) == expected
    assert working_days(start, end, chinese_calendar.is_workday) == expected


def test_a_correction_pause_over_the_spring_festival_moves_the_due_date_by_its_working_days():
    """A 20-working-day limit from 14 February; 补正 from 26 February to 4 March: a pause covers the days after its
    start up to and including its end (the day it starts still counts, the day it ends does not), so Feb 27,
    28 (the make-up Saturday), Mar 2, 3, 4 are not counted and the due date moves by 5 working days."""
    start, limit = SPRING_START, 20
    pause = (D(2026, 2, 26), D(2026, 3, 4))
    assert due_date(start, limit, (), chinese_calendar.is_workday) == D(2026, 3, 20)
    assert due_date(start, limit, [pause], chinese_calendar.is_workday) == D(2026, 3, 27)
    assert working_days(start, D(2026, 3, 27), chinese_calendar.is_workday, [pause]) == 20
    assert working_days(start, D(2026, 3, 4), chinese_calendar.is_workday, [pause]) == 3  # Feb 24, 25, 26
    # stopped again: a second 补正 from Mar 10 to Mar 12 (Mar 11, 12 not counted) → two more working days
    second = (D(2026, 3, 10), D(2026, 3, 12))
    assert due_date(start, limit, [pause, second], chinese_calendar.is_workday) == D(2026, 3, 31)
    # still open on Mar 10: no due date, the clock is paused
    assert due_date(start, limit, [pause, (D(2026, 3, 10), None)], chinese_calendar.is_workday) is None
    clock = state(start, limit, [pause, (D(2026, 3, 10), None)], D(2026, 3, 16), chinese_calendar.is_workday)
    assert clock.level == "paused"
    assert clock.used == 3 + 4  # Feb 24–26 and Mar 5, 6, 9, 10


@pytest.mark.parametrize(
    ("today", "used", "level"),
    [
        (D(2026, 2, 14), 0, "green"),
        (D(2026, 2, 23), 0, "green"),  # the holiday uses nothing
        (D(2026, 3, 16), 16, "green"),
        (D(2026, 3, 17), 17, "yellow"),  # 3 left
        (D(2026, 3, 18), 18, "yellow"),
        (D(2026, 3, 19), 19, "red"),  # 1 left
        (D(2026, 3, 20), 20, "red"),  # due today
        (D(2026, 3, 21), 20, "overdue"),  # Saturday after the due date
        (D(2026, 3, 23), 21, "overdue"),
    ],
)
def test_clock_state_across_the_spring_festival(today, used, level):
    clock = state(SPRING_START, 20, (), today, chinese_calendar.is_workday, warn_days=3)
    assert (clock.used, clock.remaining, clock.due_on, clock.level) == (used, 20 - used, D(2026, 3, 20), level)


# ---- the platform's calendar with the office's overrides (database) -----------------------------------------


def test_platform_calendar_is_the_notice_for_2026(demo):
    is_workday = workdays.calendar()
    overridden = set(WorkdayOverride.objects.filter(day__year=2026).values_list("day", flat=True))
    wrong = [day for day in ALL_2026 if day not in overridden and is_workday(day) != notice_is_workday(day)]
    assert wrong == []
    assert workdays.known(2026)
    if not overridden & set(days(SPRING_START, D(2026, 3, 20))):
        assert add_working_days(SPRING_START, 20, is_workday) == D(2026, 3, 20)


# The office's entries for 2027 — an EXAMPLE of what the office types in when the State Council's notice is out
# before the package knows the year (not the 2027 notice): days off Fri 5 Feb and Mon 8 – Fri 12 Feb 2027,
# and Saturday 20 February worked.
OFFICE_2027 = [(D(2027, 2, 5), False)] + [(day, False) for day in days(D(2027, 2, 8), D(2027, 2, 12))]
OFFICE_2027 += [(D(2027, 2, 20), True)]


def test_office_overrides_for_2027_change_the_due_date(demo):
    WorkdayOverride.objects.filter(day__year=2027).delete()  # whatever a demo put there: this test's own entries
    assert not workdays.known(2027)
    guess = workdays.calendar()  # Monday–Friday for a year nobody knows
    start = D(2027, 2, 4)  # Thursday
    assert add_working_days(start, 1, guess) == D(2027, 2, 5)
    assert add_working_days(start, 20, guess) == D(2027, 3, 4)
    assert working_days(start, D(2027, 2, 12), guess) == 6

    WorkdayOverride.objects.bulk_create(
        [WorkdayOverride(day=day, is_workday=flag, note="示例：办公室录入") for day, flag in OFFICE_2027]
    )
    assert workdays.known(2027)
    office = workdays.calendar()
    assert not office(D(2027, 2, 5)) and office(D(2027, 2, 20)) and office(D(2027, 2, 15))
    # Feb 15–19 = 5, Sat 20 = 6, 22–26 = 11, Mar 1–5 = 16, Mar 8–11 = 20
    assert add_working_days(start, 1, office) == D(2027, 2, 15)
    assert add_working_days(start, 6, office) == D(2027, 2, 20)
    assert add_working_days(start, 20, office) == D(2027, 3, 11)
    assert working_days(start, D(2027, 2, 12), office) == 0
    assert working_days(start, D(2027, 3, 11), office) == 20 == count(start, D(2027, 3, 11), office)
    # the guess calendar built before the entries is unchanged (a pure function of a date once read)
    assert add_working_days(start, 20, guess) == D(2027, 3, 4)


def test_an_office_closure_in_2026_overrides_the_package(demo):
    """An override also wins over a year the package knows: a local closure on Monday 2 March 2026 moves the
    Spring Festival example by one working day; a worked Sunday 22 February (inside the holiday) moves it back."""
    WorkdayOverride.objects.filter(day__in=[D(2026, 3, 2), D(2026, 2, 22)]).delete()
    base = workdays.calendar()
    assert add_working_days(SPRING_START, 20, base) == D(2026, 3, 20)
    WorkdayOverride.objects.create(day=D(2026, 3, 2), is_workday=False, note="示例：本地停工")
    closed = workdays.calendar()
    assert add_working_days(SPRING_START, 20, closed) == D(2026, 3, 23)
    assert working_days(SPRING_START, D(2026, 3, 20), closed) == 19
    WorkdayOverride.objects.create(day=D(2026, 2, 22), is_workday=True, note="示例：加班")
    both = workdays.calendar()
    assert add_working_days(SPRING_START, 1, both) == D(2026, 2, 22)
    assert add_working_days(SPRING_START, 20, both) == D(2026, 3, 20)


def test_a_limit_running_into_2027_follows_the_office_entry_for_new_year(demo):
    """Accepted on 15 December 2026 with 20 working days: the package knows 2026 only, so 2027 is Monday–Friday
    until the office enters New Year's Day (Friday 1 January 2027) as a day off; then the due date moves by one."""
    WorkdayOverride.objects.filter(day__year=2027).delete()
    start = D(2026, 12, 15)
    # Dec 16–18 = 3, 21–25 = 8, 28–31 = 12, Jan 1 = 13, Jan 4–8 = 18, Jan 11, 12 = 20
    assert add_working_days(start, 20, workdays.calendar()) == D(2027, 1, 12)
    WorkdayOverride.objects.create(day=D(2027, 1, 1), is_workday=False, note="示例：元旦")
    is_workday = workdays.calendar()
    assert add_working_days(start, 20, is_workday) == D(2027, 1, 13)
    assert due_date(start, 20, [(D(2026, 12, 30), D(2027, 1, 4))], is_workday) == D(2027, 1, 15)  # 31, 4 paused
    clock = state(start, 20, (), D(2027, 1, 11), is_workday, warn_days=3)
    assert (clock.used, clock.remaining, clock.level) == (18, 2, "yellow")  # Dec 16 … Jan 8 = 17, Jan 11
