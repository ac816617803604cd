"""The office's working-day calendar: a year's months with each day's status on the official calendar
(`core.workdays`: chinese-calendar + the office's overrides), the overrides themselves, and whether the year is
known to the package or to the office."""

from __future__ import annotations

import calendar as cal
import datetime as dt

from django.utils import timezone

from innozone.core import workdays
from innozone.core.models import WorkdayOverride

YEAR_MIN, YEAR_MAX = 2004, 2100


def overrides(year: int | None = None):
    qs = WorkdayOverride.objects.select_related("created_by")
    if year is not None:
        qs = qs.filter(day__year=year)
    return qs.order_by("day")


def package_knows(year: int) -> bool:
    return workdays.package_is_workday(dt.date(year, 1, 1)) is not None


def day_info(day: dt.date, is_workday, override: WorkdayOverride | None) -> dict:
    """kind: workday, weekend, holiday (an official holiday on a weekday or the festival's weekend days),
    makeup (调休: a weekend worked), office (the office's override)."""
    workday = is_workday(day)
    weekend = day.weekday() >= 5
    festival = workdays.package_holiday_name(day)
    if override is not None:
        kind = "office"
    elif workday and weekend:
        kind = "makeup"
    elif not workday and (festival or not weekend):
        kind = "holiday"
    elif weekend:
        kind = "weekend"
    else:
        kind = "workday"
    return {
        "day": day,
        "workday": workday,
        "weekend": weekend,
        "kind": kind,
        "festival": festival or "",
        "override": override,
    }


def year_view(year: int) -> dict:
    """{"year", "known", "package", "months": [{"month", "weeks": [[day_info|None × 7]], "workdays"}],
    "workdays", "holidays", "makeups", "overrides"}."""
    is_workday = workdays.calendar()
    by_day = {o.day: o for o in overrides(year)}
    months, totals = [], {"workdays": 0, "holidays": 0, "makeups": 0}
    for month in range(1, 13):
        weeks, count = [], 0
        for week in cal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                info = day_info(day, is_workday, by_day.get(day))
                count += info["workday"]
                totals["holidays"] += info["kind"] == "holiday"
                totals["makeups"] += info["kind"] == "makeup" or (
                    info["kind"] == "office" and info["workday"] and info["weekend"]
                )
                row.append(info)
            weeks.append(row)
        totals["workdays"] += count
        months.append({"month": month, "weeks": weeks, "workdays": count})
    return {
        "year": year,
        "known": workdays.known(year),
        "package": package_knows(year),
        "months": months,
        "overrides": list(by_day.values()),
        **totals,
    }


def days_list(year: int) -> list[dict]:
    """Every day of the year with its status (the API and CLI)."""
    is_workday = workdays.calendar()
    by_day = {o.day: o for o in overrides(year)}
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        info = day_info(day, is_workday, by_day.get(day))
        out.append(
            {
                "day": day.isoformat(),
                "workday": info["workday"],
                "kind": info["kind"],
                "festival": info["festival"],
                "note": info["override"].note if info["override"] else "",
            }
        )
        day += dt.timedelta(days=1)
    return out


def next_year_warning(today: dt.date | None = None) -> int | None:
    """The next year when neither the package nor the office knows it (the page warns), else None."""
    today = today or timezone.localdate()
    year = today.year + 1
    return None if workdays.known(year) else year
