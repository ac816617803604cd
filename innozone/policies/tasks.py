"""Background work of the policy library (Django tasks API): the match notices of newly published clauses
when there are many (services.notify.notify_matches enqueues `notify_task`; defined next to the work it does,
because services do not import this module). With TASKS_BACKEND=database a worker runs it; with the default
immediate backend it runs at once (docs/deploy.md)."""

from .services.notify import notify_task as notify

__all__ = ["notify"]
