"""Daily background work (Django tasks API): qualifications past their validity expire (and the
organization's flags, which voucher eligibility reads, follow), then the expiry reminders 6 and 3 months
before go out through the inbox, each once. Schedule it daily from cron or a systemd timer with
TASKS_BACKEND=database and a `db_worker` (as `vouchers daily --enqueue`)."""

import datetime as dt

from django_tasks import task

from .services import qualification_reminders, qualifications_expire


@task()
def qualifications_daily(on: str | None = None) -> dict:
    """`on`: the day to act as of (ISO date, default today): a task's arguments travel as JSON."""
    day = dt.date.fromisoformat(on) if on else None
    return {"expired": qualifications_expire(on=day), "reminders": qualification_reminders(on=day)}
