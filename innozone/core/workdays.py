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


def package_holiday_name(day: dt.date) -> str | None:
    """The Chinese name of the festival a day belongs to in the package (a holiday or its 调休 working day:
    春节, 国庆节 …), or None (an ordinary day, or a year the package does not cover)."""
    try:
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if not name:
        return None
    try:
        return chinese_calendar.Holiday(name).chinese
    except ValueError:
        return str(name)


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
