"""Appending to the ledger and signing its heads.

`ledger_append` runs inside the caller's transaction: the voucher change and its ledger entry commit
together or not at all. Appends are serialised by a row lock on the single LedgerState row, which
gives every entry the next index with no gaps.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import merkle, selectors, signing
from .models import LedgerEntry, LedgerNode, LedgerState, SignedHead

#: subject type → a function returning {id: state} of every record of that type (see `register_snapshot`).
SNAPSHOTS: dict[str, Callable[[], dict[int, dict]]] = {}


def register_snapshot(subject_type: str, current: Callable[[], dict[int, dict]]) -> None:
    """`current()` returns {id: state} of every record of that type, in the shape its events'
    `data["state"]` (or another event's `data["related"]["<type>:<id>"]`) use, so `ledger verify` can
    tell a record changed outside the platform."""
    SNAPSHOTS[subject_type] = current


def subject_key(record) -> str:
    """How the ledger names a record: "app_label.Model:pk" (an entry's `subject`, and the keys of the
    states of other records an event carries under `data["related"]`)."""
    return f"{record._meta.app_label}.{record.__class__.__name__}:{record.pk}"


def canonical(data) -> bytes:
    """Deterministic JSON bytes: sorted keys, no spaces, UTF-8, Decimals and dates as strings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def ledger_append(*, kind: str, subject, data: dict, organization_id: int | None = None) -> LedgerEntry:
    """Append one event about `subject` (a model instance) and return its entry."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside the transaction of the change it records")
    state = LedgerState.objects.select_for_update().filter(id=1).first()
    if state is None:  # the first event ever: create the row (the unique primary key serialises racers)
        LedgerState.objects.get_or_create(id=1)
        state = LedgerState.objects.select_for_update().get(id=1)
    frontier = merkle.Frontier.from_hex(state.size, state.frontier)
    now = timezone.now()
    key = subject_key(subject)
    subject_type = key.partition(":")[0]
    body = {
        "index": state.size,
        "kind": kind,
        "at": now.isoformat(),
        "subject": key,
        "data": data,
    }
    payload = canonical(body)
    leaf = merkle.leaf_hash(payload)
    completed = frontier.append(leaf)
    entry = LedgerEntry.objects.create(
        index=state.size,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject.pk,
        organization_id=organization_id,
        payload=payload.decode(),
        leaf_hash=leaf,
        created_at=now,
    )
    inner = [LedgerNode(level=n.level, index=n.index, hash=n.hash) for n in completed if n.level > 0]
    if inner:
        LedgerNode.objects.bulk_create(inner)
    LedgerState.objects.filter(id=1).update(size=frontier.size, frontier=frontier.to_hex())
    return entry


@lru_cache(maxsize=4)
def _key(path: str):
    return signing.load_or_create_key(path)


def signing_key():
    return _key(str(Path(settings.LEDGER_KEY_FILE)))


def head_sign_current() -> SignedHead:
    """The latest signed head, signing a new one if the log has grown since."""
    state = LedgerState.objects.filter(id=1).first()
    size = state.size if state else 0
    latest = SignedHead.objects.order_by("-tree_size", "-timestamp").first()
    if latest and latest.tree_size == size:
        return latest
    root = merkle.Frontier.from_hex(size, state.frontier).root() if state else merkle.EMPTY_ROOT
    key = signing_key()
    head = signing.TreeHead(tree_size=size, root_hash=root, timestamp=int(time.time() * 1000))
    signature = signing.sign_head(key, head, origin=settings.LEDGER_ORIGIN)
    return SignedHead.objects.create(
        tree_size=size,
        root_hash=root,
        timestamp=head.timestamp,
        signature=signature,
        public_key=signing.public_key_bytes(key),
    )


def head_as_dict(head: SignedHead) -> dict:
    return {
        "tree_size": head.tree_size,
        "root_hash": bytes(head.root_hash).hex(),
        "timestamp": head.timestamp,
        "signature": signing.to_base64(bytes(head.signature)),
        "public_key": signing.to_base64(bytes(head.public_key)),
        "origin": settings.LEDGER_ORIGIN,
    }


def subject_proof(subject_type: str, subject_id: int) -> dict:
    """The latest signed head (signed now if the log grew) and every event of one subject with its
    inclusion proof against it."""
    head = head_sign_current()
    events = [
        {"payload": e.payload, **selectors.inclusion(e.index, head.tree_size)}
        for e in selectors.entries_for(subject_type, subject_id)
    ]
    return {"signed_head": head_as_dict(head), "events": events}
