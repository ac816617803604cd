"""Working days on the official Chinese calendar: the State Council's holidays and 调休 working weekends from
the `chinese-calendar` package, overridden by the office's own entries (`WorkdayOverride`) — the next year's
dates when they are published before the package is, or a local closure. For a year neither knows, Monday to
Friday are working days and `known(year)` says the calendar is a guess.

    is_workday = workdays.calendar()      # one query; a pure function of a date afterwards
    is_workday(date(2026, 2, 14))         # True: a make-up Saturday before the Spring Festival
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import chinese_calendar

from .models import WorkdayOverride


def package_is_workday(day: dt.date) -> bool | None:
    """The package's answer, or None for a year it does not cover."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def calendar() -> Callable[[dt.date], bool]:
    """A function date → working day? with the office's overrides read once."""
    overrides = dict(WorkdayOverride.objects.values_list("day", "is_workday"))

    def is_workday(day: dt.date) -> bool:
        if day in overrides:
            return overrides[day]
        known = package_is_workday(day)
        return day.weekday() < 5 if known is None else known

    return is_workday


def is_workday(day: dt.date) -> bool:
    return calendar()(day)


def known(year: int) -> bool:
    """True when the package covers the year or the office has entered any of its dates."""
    if package_is_workday(dt.date(year, 1, 1)) is not None:
        return True
    return WorkdayOverride.objects.filter(day__year=year).exists()
