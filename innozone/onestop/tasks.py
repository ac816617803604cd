"""Daily background work of the one-stop service (Django tasks API): the cases' yellow/red warnings and overdue
notices, deemed acceptance of licence cases, late 容缺 materials and late rectifications. Schedule
`python -m innozone onestop daily --enqueue` from a daily timer with TASKS_BACKEND=database (docs/deploy.md)."""

from django_tasks import task

from .services.cases_daily import cases_daily


def run_daily() -> dict:
    return cases_daily()


@task()
def daily() -> dict:
    return run_daily()
