"""Idempotency-Key for API writes: the first response is stored; a retry with the same key and the
same body gets it back, a reuse with another body is refused (409)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import Conflict, ValidationFailed
from .models import IdempotentRequest


def run_once(*, user, key: str | None, endpoint: str, body: dict, call: Callable[[], tuple[int, dict]]):
    """(status, response) of `call`, done at most once per (user, key)."""
    if not key:
        return call()
    if len(key) > 200:
        raise ValidationFailed(_("Idempotency-Key 过长"))
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    previous = IdempotentRequest.objects.filter(user=user, key=key).first()
    if previous:
        return _replay(previous, endpoint, digest)
    try:
        with transaction.atomic():
            status, response = call()
            IdempotentRequest.objects.create(
                user=user, key=key, endpoint=endpoint, request_digest=digest, status=status, response=response
            )
            return status, response
    except IntegrityError:
        # a concurrent retry with the same key committed first: its write stands, ours rolled back
        previous = IdempotentRequest.objects.filter(user=user, key=key).first()
        if previous is None:
            raise
        return _replay(previous, endpoint, digest)


def _replay(previous: IdempotentRequest, endpoint: str, digest: str):
    if previous.endpoint != endpoint or previous.request_digest != digest:
        raise Conflict(_("该 Idempotency-Key 已用于另一个请求"))
    return previous.status, previous.response
