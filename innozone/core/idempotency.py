"""Idempotency-Key for API writes (after draft-ietf-httpapi-idempotency-key-header): the first request
with a key claims it — a row committed before the work starts — and stores its response when the work
commits; a retry with the same key and body gets that response back, a reuse with another body is
refused (409 `conflict`). A request that finds the key claimed and not yet answered waits for the
answer (at most WAIT_SECONDS), then answers 409 `in_progress` with `Retry-After`: never a business
error of its own, so a client cannot take a success for a failure. A refused or failed request
releases its claim (nothing was done, a retry does the work); a claim left by a crashed worker is
taken over after STALE_AFTER.

The claim is visible to other requests only if the caller is not inside a transaction (API views
run in autocommit; tests run inside one and see it through their single connection)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Conflict, ValidationFailed
from .models import IdempotentRequest

#: The status of a claimed key whose response is not stored yet (no HTTP status is 0).
IN_PROGRESS = 0
#: How long a request waits for the first request with its key to answer, and how often it looks.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
#: A claim older than this belongs to a request that died: the next retry takes it over.
STALE_AFTER = dt.timedelta(minutes=2)
RETRY_AFTER_SECONDS = 1


class InProgress(Conflict):
    """The first request with this key is still running; `retry_after` seconds is a fair wait."""

    code = "in_progress"
    default_message = gettext_lazy("相同 Idempotency-Key 的请求正在处理，请稍后重试")
    retry_after = RETRY_AFTER_SECONDS


def request_digest(body: dict) -> str:
    """What identifies a request's body under its key."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def run_once(*, user, key: str | None, endpoint: str, body: dict, call: Callable[[], tuple[int, dict]]):
    """(status, response) of `call`, done at most once per (user, key); see the module's docstring."""
    if not key:
        return call()
    if len(key) > 200:
        raise ValidationFailed(_("Idempotency-Key 过长"))
    digest = request_digest(body)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        claim = _claim(user, key, endpoint, digest)
        if claim is not None:
            return _run(claim, call)
        previous = IdempotentRequest.objects.filter(user=user, key=key).first()
        if previous is None:  # the first request failed and released the key: claim it again
            if time.monotonic() >= deadline:
                raise InProgress()
            continue
        if previous.endpoint != endpoint or previous.request_digest != digest:
            raise Conflict(_("该 Idempotency-Key 已用于另一个请求"))
        if previous.status != IN_PROGRESS:
            return previous.status, previous.response
        if _take_over_stale(previous):
            return _run(previous, call)
        if time.monotonic() >= deadline:
            raise InProgress()
        time.sleep(POLL_SECONDS)


def _claim(user, key: str, endpoint: str, digest: str) -> IdempotentRequest | None:
    """The new claim on the key (committed at once in autocommit), or None when another request has it."""
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                user=user, key=key, endpoint=endpoint, request_digest=digest, status=IN_PROGRESS, response={}
            )
    except IntegrityError:
        return None


def _take_over_stale(previous: IdempotentRequest) -> bool:
    """Renew a dead request's claim (one retry wins the conditional UPDATE)."""
    if previous.created_at > timezone.now() - STALE_AFTER:
        return False
    return bool(
        IdempotentRequest.objects.filter(pk=previous.pk, status=IN_PROGRESS, created_at=previous.created_at).update(
            created_at=timezone.now()
        )
    )


def _run(claim: IdempotentRequest, call: Callable[[], tuple[int, dict]]):
    """Do the work and store its response in one transaction; on any failure, release the claim."""
    try:
        with transaction.atomic():
            status, response = call()
            IdempotentRequest.objects.filter(pk=claim.pk).update(status=status, response=response)
    except BaseException:
        IdempotentRequest.objects.filter(pk=claim.pk, status=IN_PROGRESS).delete()
        raise
    return status, response
