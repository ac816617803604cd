"""Daily background work (Django tasks API): expire vouchers, remind approvers of overdue tasks.
Schedule `python -m innozone vouchers daily --enqueue` from cron with TASKS_BACKEND=database."""

from django_tasks import task

from innozone.core.approvals import approvals_remind_overdue

from .services import vouchers_expire


@task()
def daily() -> dict:
    return {"expired": vouchers_expire(), "reminders": approvals_remind_overdue()}
