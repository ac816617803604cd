"""Reporting periods of a plan year. Pure Python: no Django imports.

Keys sort in time order: "2020-Q1" … "2020-Q4", "2020-01" … "2020-12".
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


@dataclass(frozen=True)
class Period:
    key: str
    number: int  # month 1–12 or quarter 1–4
    start: dt.date
    end: dt.date
    due: dt.date  # the last day a report counts as on time


def periods_for(year: int, frequency: str, grace_days: int = 10) -> list[Period]:
    frequency = Frequency(frequency)
    grace = dt.timedelta(days=grace_days)
    result = []
    if frequency is Frequency.MONTHLY:
        for month in range(1, 13):
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            result.append(Period(f"{year}-{month:02d}", month, dt.date(year, month, 1), end, end + grace))
    else:
        for q in range(1, 5):
            start = dt.date(year, 3 * q - 2, 1)
            end_month = 3 * q
            end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
            result.append(Period(f"{year}-Q{q}", q, start, end, end + grace))
    return result


def period_by_key(year: int, frequency: str, key: str, grace_days: int = 10) -> Period | None:
    return next((p for p in periods_for(year, frequency, grace_days) if p.key == key), None)


def due_periods(periods: list[Period], as_of: dt.date, until: dt.date | None = None) -> list[Period]:
    """Periods whose report is already late if missing on `as_of` (only those starting by `until`)."""
    return [p for p in periods if p.due < as_of and (until is None or p.start <= until)]


def current_period(periods: list[Period], today: dt.date) -> Period:
    """The period to report on now: the open one, or the last one after the year is over."""
    for p in periods:
        if p.start <= today <= p.end:
            return p
    return periods[-1] if today > periods[-1].end else periods[0]
