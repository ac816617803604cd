"""Daily background work of the pipeline (Django tasks API): warn about stalled projects. Schedule
`python -m innozone investment daily --enqueue` from a daily timer with TASKS_BACKEND=database (docs/deploy.md)."""

from django_tasks import task

from .services.projects_stalled import stalled_warn


def run_daily() -> dict:
    return stalled_warn()


@task()
def daily() -> dict:
    return run_daily()
