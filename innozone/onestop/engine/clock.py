"""The legal clock of a case in working days (pure: no Django, no other innozone module).

Counting rules (行政许可法 第八十二条: periods are counted in working days, statutory holidays excluded; 期间
开始的当日不计算在内 — the day a period starts is not counted):

* A *period* starting on day ``start`` counts the working days ``d`` with ``start < d``: the start day itself is
  never counted, the first counted day is the first working day after it.
* ``add_working_days(start, n)`` is the n-th working day after ``start`` (``n == 0`` → ``start``).
* ``working_days(start, end, pauses)`` is the number of working days in the half-open range ``(start, end]``
  that no pause covers (``end <= start`` → 0).
* A *pause* (补正, expert review, hearing, test, 公示 — 行政许可法 第四十五条) is a pair
  ``(started_on, ended_on)``, ``ended_on`` None while it is open; objects with ``started_on`` / ``ended_on``
  attributes (``ClockPause`` rows) are accepted too. A pause is itself a period: it covers the days
  ``started_on < d <= ended_on`` (open: every day after ``started_on``). The day the pause starts still counts
  (the department worked on it — it issued the notice); the day it ends does not (counting resumes the next
  working day, as a period starts again). So a pause removes ``working_days(started_on, ended_on)`` days from
  the count, and overlapping pauses are counted once.
* ``due_date(start, limit, pauses)`` is the day on which the ``limit``-th counted working day falls — the last
  day the case may be finished on time. Paused working days move it later by as many working days. While a pause
  is open and the limit is not reached before it started, the due date is unknown: None.
* ``state(start, limit, pauses, today, …)`` → ``Clock``: ``used`` = counted working days in ``(start, today]``
  (``(start, done_on]`` once finished), ``remaining = limit - used`` (negative when overdue), ``due_on`` and the
  ``level``:

  - ``done``     the case is finished (``done_on`` given); ``late`` says whether it finished after ``due_on``;
  - ``paused``   an open pause has started on or before today;
  - ``overdue``  today is after the due date;
  - ``red``      due today, or at most 1 working day left (``remaining <= 1``);
  - ``yellow``   ``remaining <= warn_days``;
  - ``green``    otherwise.

Example across the 2026 Spring Festival (国务院办公厅 notice for 2026: holiday Sun 15 – Mon 23 February, make-up
working days Sat 14 and Sat 28 February). A 20-working-day limit starting on Saturday 14 February, the last
working day before the holiday (the day itself not counted): counted days are 24, 25, 26, 27, 28 February (5),
2–6 March (10), 9–13 March (15), 16–20 March (20), so the case is due on Friday 20 March 2026.

>>> import datetime as dt
>>> from chinese_calendar import is_workday
>>> due_date(dt.date(2026, 2, 14), 20, (), is_workday)
datetime.date(2026, 3, 20)

A 补正 from Wednesday 25 February (notice issued, that day counted) answered on Wednesday 4 March (not counted)
removes 26, 27, 28 February and 2, 3, 4 March — 6 working days — and the due date moves to Monday 30 March:

>>> due_date(dt.date(2026, 2, 14), 20, [(dt.date(2026, 2, 25), dt.date(2026, 3, 4))], is_workday)
datetime.date(2026, 3, 30)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

IsWorkday = Callable[[dt.date], bool]
Pause = tuple[dt.date, "dt.date | None"]

#: what may stop the clock (ClockPause.Reason values); an item lists the ones it allows in pauses_allowed
PAUSE_REASONS = ("correction", "expert", "hearing", "test", "publicity")

#: 行政许可法: 5 days for the one-time notice (第三十二条), 20 + 10 days to decide, 45 + 15 for unified/joint
#: handling (第四十二条), 10 days to serve the licence (第四十四条)
LICENCE_NOTICE_DAYS = 5
LICENCE_DAYS = 20
LICENCE_EXTENSION_DAYS = 10
JOINT_DAYS = 45
JOINT_EXTENSION_DAYS = 15
SERVE_DAYS = 10

LEVELS = ("green", "yellow", "red", "overdue", "paused", "done")

#: a calendar with no working day in this many days is broken (the loops stop instead of running forever)
MAX_SCAN_DAYS = 3660

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Clock:
    limit: int
    used: int
    remaining: int
    due_on: dt.date | None
    level: str
    paused: bool = False
    late: bool = False


def _pauses(pauses: Iterable) -> list[tuple[dt.date, dt.date | None]]:
    out = []
    for pause in pauses or ():
        if isinstance(pause, tuple | list):
            started, ended = pause[0], pause[1]
        else:
            started, ended = pause.started_on, pause.ended_on
        if started is None:
            raise ValueError("a pause needs its start date")
        if ended is not None and ended < started:
            raise ValueError(f"a pause ends before it starts: {started} > {ended}")
        out.append((started, ended))
    return out


def _paused(day: dt.date, pauses: list[tuple[dt.date, dt.date | None]]) -> bool:
    return any(started < day and (ended is None or day <= ended) for started, ended in pauses)


def add_working_days(start: dt.date, n: int, is_workday: IsWorkday) -> dt.date:
    """The n-th working day after ``start`` (the start day is not counted); ``n == 0`` → ``start``."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, scanned = start, 0, 0
    while counted < n:
        day += ONE_DAY
        scanned += 1
        if scanned > MAX_SCAN_DAYS + n * 7:
            raise ValueError("the calendar has no working days")
        if is_workday(day):
            counted += 1
    return day


def working_days(start: dt.date, end: dt.date, is_workday: IsWorkday, pauses: Iterable = ()) -> int:
    """Working days ``d`` with ``start < d <= end`` not covered by a pause (0 when ``end <= start``)."""
    spans = _pauses(pauses)
    count, day = 0, start + ONE_DAY
    while day <= end:
        if is_workday(day) and not _paused(day, spans):
            count += 1
        day += ONE_DAY
    return count


def due_date(start: dt.date, limit: int, pauses: Iterable, is_workday: IsWorkday) -> dt.date | None:
    """The day the ``limit``-th counted working day after ``start`` falls on; None while an open pause holds it."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    spans = _pauses(pauses)
    open_from = min((started for started, ended in spans if ended is None), default=None)
    day, counted, scanned = start, 0, 0
    while counted < limit:
        day += ONE_DAY
        scanned += 1
        if open_from is not None and day > open_from:
            return None
        if scanned > MAX_SCAN_DAYS + limit * 7 + sum((e - s).days for s, e in spans if e is not None):
            raise ValueError("the calendar has no working days")
        if is_workday(day) and not _paused(day, spans):
            counted += 1
    return day


def state(
    start: dt.date,
    limit: int,
    pauses: Iterable,
    today: dt.date,
    is_workday: IsWorkday,
    warn_days: int = 3,
    done_on: dt.date | None = None,
) -> Clock:
    """The clock of a case started (accepted) on ``start`` with ``limit`` working days, seen on ``today``."""
    spans = _pauses(pauses)
    due = due_date(start, limit, spans, is_workday)
    if done_on is not None:
        used = working_days(start, done_on, is_workday, spans)
        late = used > limit if due is None else done_on > due
        return Clock(limit, used, limit - used, due, "done", paused=False, late=late)
    used = working_days(start, today, is_workday, spans)
    remaining = limit - used
    paused = any(ended is None and started <= today for started, ended in spans)
    if paused:
        level = "paused"
    elif due is not None and today > due:
        level = "overdue"
    elif remaining <= 1:
        level = "red"
    elif remaining <= warn_days:
        level = "yellow"
    else:
        level = "green"
    return Clock(limit, used, remaining, due, level, paused=paused, late=level == "overdue")
