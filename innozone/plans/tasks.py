"""Background work through Django's tasks API (django-tasks backport).

Schedule `send_late_reminders` daily (cron/systemd timer running
`python -m innozone remind-late --enqueue`, with TASKS_BACKEND=database and a `db_worker`).
"""

from django_tasks import task

from .services import late_units_remind


@task()
def send_late_reminders() -> int:
    return len(late_units_remind())
