"""Background work of the ledger (Django tasks API): publish new signed heads as checkpoints.
Schedule `python -m innozone ledger checkpoint --enqueue` from cron (e.g. every 10 minutes)."""

from django_tasks import task

from .outbox import checkpoint_publish


@task()
def checkpoint() -> dict:
    return {"written": checkpoint_publish()}
