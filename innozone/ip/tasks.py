"""Daily background work of IP (Django tasks API): recompute the states (grace → lapsed, expiry) and remind the
owners of annual fees due in 90 and 30 days and in grace. Schedule `python -m innozone ip daily --enqueue` from a
daily timer with TASKS_BACKEND=database (docs/deploy.md)."""

from django_tasks import task

from .services.assets import run_daily as _run


def run_daily() -> dict:
    return _run()


@task()
def daily() -> dict:
    return run_daily()
