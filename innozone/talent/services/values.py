"""Form and API values as the talent services read them: an id (or a row) and a date, each None when empty and
refused (None / False) when malformed, so the caller names the field in its one list of problems."""

import datetime as dt


def as_id(value):
    """An integer id from an id, its text or a model row; None when it is none of those."""
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


def as_date(value):
    """None when empty, the date, or False when it is not a date (YYYY-MM-DD)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return False
