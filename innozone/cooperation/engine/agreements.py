"""When a cooperation agreement needs attention. Pure: no Django.

- `open`: no expiry date (an open-ended memorandum);
- `active`: it ends more than `warn_days` from today;
- `expiring`: it ends within `warn_days` (today and the end day included);
- `expired`: the end day has passed.
"""

from __future__ import annotations

import datetime as dt

WARN_DAYS = 90


def expiry_state(expires_on: dt.date | None, today: dt.date, warn_days: int = WARN_DAYS) -> str:
    if expires_on is None:
        return "open"
    if expires_on < today:
        return "expired"
    if (expires_on - today).days <= warn_days:
        return "expiring"
    return "active"


def days_left(expires_on: dt.date | None, today: dt.date) -> int | None:
    return None if expires_on is None else (expires_on - today).days
