"""Races for the PostgreSQL concurrency tests: every call in its own thread and database connection,
released together by a barrier."""

import threading

from django.db import connections

from innozone.core.errors import DomainError


def race(calls) -> list:
    """The outcome of each call: "ok", "refused" (a domain error, i.e. a rule said no), or the exception
    (a deadlock or anything else is a failure the test reports)."""
    barrier = threading.Barrier(len(calls))
    results, lock = [], threading.Lock()

    def worker(call):
        try:
            barrier.wait()
            try:
                call()
                outcome = "ok"
            except DomainError:
                outcome = "refused"
            except Exception as exc:
                outcome = exc
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results
