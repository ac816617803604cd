"""Daily background work of special funds (Django tasks API): close the calls past their closing time, remind
the projects with overdue progress reports and sanction overdue acceptances. Schedule
`python -m innozone funds daily --enqueue` from a daily timer with TASKS_BACKEND=database (docs/deploy.md)."""

from django_tasks import task

from .services.calls_stages import calls_close_due
from .services.monitoring_remind import funds_remind


def run_daily() -> dict:
    return {"calls_closed": len(calls_close_due()), **funds_remind()}


@task()
def daily() -> dict:
    return run_daily()
