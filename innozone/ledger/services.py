"""Appending to the ledger and signing its heads.

`ledger_append` runs inside the caller's transaction: the voucher change and its ledger entry commit
together or not at all. Appends are serialised by a row lock on the single LedgerState row, which
gives every entry the next index with no gaps. Once the change has committed, a new head is signed if
the latest is older than `LEDGER_HEAD_INTERVAL`, so every entry is under a signed head within minutes
(`ledger verify` allows `LEDGER_MAX_MERGE_DELAY`); `ledger checkpoint` publishes the heads.

A head is served only after the root is recomputed from the stored frontier and nodes and found equal
to the signed one (`LedgerInconsistent` otherwise): a head row is never simply replayed.
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
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innozone.core import audit
from innozone.core.errors import DomainError

from . import merkle, selectors, signing
from .models import LedgerEntry, LedgerNode, LedgerState, SignedHead


class LedgerInconsistent(DomainError):
    """The stored log does not give the stored head: nothing is served or signed until `ledger verify`."""

    code = "ledger_inconsistent"
    http_status = 503
    default_message = _("账本数据与签名树头不一致，请运行 ledger verify 核查")


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
    transaction.on_commit(head_sign_if_due, robust=True)
    return entry


def money_event(*, kind: str, actor, subject, state: dict, organization_id: int | None = None, note: str = ""):
    """A money record created or changed: its ledger entry (with the state `ledger verify` compares it with) and
    its audit row, under one name, inside the caller's transaction."""
    entry = ledger_append(
        kind=kind, subject=subject, data={"state": state, "note": note}, organization_id=organization_id
    )
    audit.record(actor=actor, action=kind, obj=subject, summary=note, after=state)
    return entry


def head_sign_if_due() -> None:
    """After a commit: sign a head when there is none yet or the latest is older than the interval."""
    latest = SignedHead.objects.order_by("-pk").values_list("timestamp", flat=True).first()  # the last signed
    if latest is None or time.time() * 1000 - latest >= settings.LEDGER_HEAD_INTERVAL * 1000:
        head_sign_current()


@lru_cache(maxsize=4)
def _key(path: str):
    return signing.load_or_create_key(path)


@lru_cache(maxsize=4)
def _key_from_pem(pem: str):
    return signing.load_key_pem(pem.encode(), source="INNOZONE_LEDGER_KEY_PEM")


def signing_key():
    """The Ed25519 key: from INNOZONE_LEDGER_KEY_PEM if set, else the file INNOZONE_LEDGER_KEY (created on
    first use). In production a key file inside the data folder is refused: whoever copies the data
    (database, uploads, backups) must not get the key that makes its history look genuine."""
    if settings.LEDGER_KEY_PEM:
        return _key_from_pem(settings.LEDGER_KEY_PEM)
    path = Path(settings.LEDGER_KEY_FILE).resolve()
    if settings.PRODUCTION and path.is_relative_to(Path(settings.VAR_DIR).resolve()):
        raise ImproperlyConfigured(
            f"the ledger key {path} is inside the data folder {settings.VAR_DIR}: set INNOZONE_LEDGER_KEY to a "
            "file elsewhere (readable, not writable, by the app) or INNOZONE_LEDGER_KEY_PEM"
        )
    return _key(str(path))


def _recomputed_root(state: LedgerState | None) -> bytes:
    """The root of the stored log: from the frontier, and again from the stored nodes, which must agree."""
    if state is None or state.size == 0:
        return merkle.EMPTY_ROOT
    try:
        root = merkle.Frontier.from_hex(state.size, state.frontier).root()
        agreed = root == selectors.root_at(state.size)
    except (KeyError, ValueError):
        agreed = False
    if not agreed:
        raise LedgerInconsistent(detail=[{"field": "frontier", "message": f"size {state.size}"}])
    return root


def head_sign_current() -> SignedHead:
    """The latest signed head, signing a new one if the log has grown since; either way only once the
    stored log has been found to give its root."""
    state = LedgerState.objects.filter(id=1).first()
    size = state.size if state else 0
    root = _recomputed_root(state)
    latest = SignedHead.objects.order_by("-tree_size", "-timestamp").first()
    if latest and latest.tree_size == size:
        if bytes(latest.root_hash) != root:
            raise LedgerInconsistent(detail=[{"field": "root_hash", "message": f"size {size}"}])
        return latest
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


def checkpoint_text(head: SignedHead) -> str:
    """The head as a signed checkpoint (`signing.checkpoint_text`), what leaves the system."""
    th = signing.TreeHead(head.tree_size, bytes(head.root_hash), head.timestamp)
    return signing.checkpoint_text(th, bytes(head.signature), bytes(head.public_key), origin=settings.LEDGER_ORIGIN)


def subject_proof(subject_type: str, subject_id: int) -> dict:
    """The latest signed head (signed now if the log grew) and every event of one subject with its
    inclusion proof against it."""
    head = head_sign_current()
    events = [
        {"payload": e.payload, **selectors.inclusion(e.index, head.tree_size)}
        for e in selectors.entries_for(subject_type, subject_id)
    ]
    return {"signed_head": head_as_dict(head), "events": events}
