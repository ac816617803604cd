"""`ledger verify`: recompute the log from the stored payloads and compare with everything stored.

Finds: a payload edited (its leaf hash no longer matches), an entry deleted (a gap in the indexes),
entries reordered (a payload's own index differs from its row), the log truncated or rebuilt (a
signed head whose root the recomputed tree does not reproduce), a node or the frontier edited, and —
for subject types whose app registers a snapshot function (`services.register_snapshot`) — a record
changed, added or deleted behind the platform's back (its current state differs from the state its
last event recorded), and signed heads that do not cover the log: none where entries exist (deleted),
or entries left more than `LEDGER_MAX_MERGE_DELAY` without a head (a gap: heads deleted in between,
or the log rebuilt later than it claims), as Certificate Transparency's maximum merge delay.

Whoever holds the database and the key can still rebuild a consistent false history with fresh heads;
that is caught outside, against published checkpoints (`ledger witness`).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from . import merkle, signing
from .models import LedgerEntry, LedgerNode, LedgerState, SignedHead
from .services import SNAPSHOTS, signing_key


@dataclass
class Report:
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    root: bytes = merkle.EMPTY_ROOT
    heads_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    *, progress: Callable[[int], None] | None = None, chunk: int = 20_000, public_key: bytes | None = None
) -> Report:
    """Recompute everything from the stored events. Signed heads are checked against `public_key` when it is
    given (an auditor's or a restore host's copy, no private key needed), else against this platform's key."""
    report = Report()
    leaves: list[bytes] = []
    states: dict[tuple[str, int], dict | None] = {}
    expected = 0
    sha = hashlib.sha256
    rows = LedgerEntry.objects.order_by("index").values_list("index", "payload", "leaf_hash", "subject_type")
    for index, payload, stored_leaf, subject_type in rows.iterator(chunk_size=chunk):
        if index != expected:
            report.problems.append(f"entry {expected} is missing (deleted?): the next stored entry is {index}")
            expected = index
        raw = payload.encode()
        leaf = sha(b"\x00" + raw).digest()
        if leaf != bytes(stored_leaf):
            report.problems.append(f"entry {index}: payload or leaf hash was changed")
        body = _load(raw)
        if body is None or body.get("index") != index:
            report.problems.append(f"entry {index}: out of order (its payload says index {body and body.get('index')})")
        else:
            _record_states(body, subject_type, states)
        leaves.append(leaf)
        expected += 1
        if progress and expected % 100_000 == 0:
            progress(expected)
    report.entries = len(leaves)
    levels = merkle.build_levels(leaves)
    tree = _Tree(levels)
    report.root = merkle.root(len(leaves), tree.aligned) if leaves else merkle.EMPTY_ROOT
    _check_nodes(tree, report)
    _check_state(report)
    _check_coverage(_check_heads(tree, report, public_key), report)
    _check_subjects(states, report)
    return report


def _record_states(body: dict, subject_type: str, states: dict[tuple[str, int], dict | None]) -> None:
    """The state after this event of its subject and of the related records it carries (later events win)."""
    data = body.get("data") if isinstance(body.get("data"), dict) else {}
    if subject_type in SNAPSHOTS:
        kind, _sep, sid = body["subject"].partition(":")
        states[(kind, int(sid))] = data.get("state")
    related = data.get("related") if isinstance(data.get("related"), dict) else {}
    for key, state in related.items():
        kind, _sep, sid = key.partition(":")
        if kind in SNAPSHOTS and sid.isdigit():
            states[(kind, int(sid))] = state


def _load(raw: bytes) -> dict | None:
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


class _Tree:
    def __init__(self, levels: list[bytes]):
        self.levels = levels

    def aligned(self, level: int, index: int) -> bytes:
        data = self.levels[level]
        return data[index * 32 : index * 32 + 32]

    def has(self, level: int, index: int) -> bool:
        return level < len(self.levels) and index * 32 < len(self.levels[level])


def _check_nodes(tree: _Tree, report: Report) -> None:
    for level, index, stored in LedgerNode.objects.values_list("level", "index", "hash").iterator(chunk_size=50_000):
        if not tree.has(level, index):
            report.problems.append(f"node {level}/{index}: covers entries that do not exist (log truncated?)")
        elif tree.aligned(level, index) != bytes(stored):
            report.problems.append(f"node {level}/{index}: stored hash differs from the recomputed one")


def _check_state(report: Report) -> None:
    state = LedgerState.objects.filter(id=1).first()
    if state is None:
        if report.entries:
            report.problems.append("ledger state row is missing")
        return
    if state.size != report.entries:
        report.problems.append(f"ledger state says {state.size} entries but {report.entries} are stored")
        return
    try:
        root = merkle.Frontier.from_hex(state.size, state.frontier).root()
    except ValueError:
        root = b""
    if root != report.root:
        report.problems.append("ledger state's frontier does not give the recomputed root")


def _check_heads(tree: _Tree, report: Report, public_key: bytes | None = None) -> list[tuple[int, int]]:
    """Check every signed head; return (tree size, timestamp) of those that hold."""
    own_key = public_key or signing.public_key_bytes(signing_key())
    good = []
    for head in SignedHead.objects.order_by("tree_size", "timestamp"):
        report.heads_checked += 1
        th = signing.TreeHead(head.tree_size, bytes(head.root_hash), head.timestamp)
        if bytes(head.public_key) != own_key or not signing.verify_head(
            own_key, th, bytes(head.signature), origin=settings.LEDGER_ORIGIN
        ):
            report.problems.append(f"signed head at size {head.tree_size}: signature does not verify with our key")
            continue
        if head.tree_size > report.entries:
            report.problems.append(
                f"signed head at size {head.tree_size}, but only {report.entries} entries are stored (truncated)"
            )
            continue
        if merkle.root(head.tree_size, tree.aligned) != th.root_hash:
            report.problems.append(f"signed head at size {head.tree_size}: the stored entries give another root")
            continue
        good.append((head.tree_size, head.timestamp))
    return good


def _check_coverage(heads: list[tuple[int, int]], report: Report) -> None:
    """Each entry must come under a signed head within the maximum merge delay of being appended."""
    if not report.entries:
        return
    if not heads:
        report.problems.append(f"no signed head covers the {report.entries} entries (heads deleted?)")
        return
    delay, limit = settings.LEDGER_MAX_MERGE_DELAY * 1000, settings.LEDGER_MAX_MERGE_DELAY
    first_covering: dict[int, int] = {}  # tree size → earliest timestamp of a head of that size
    for size, timestamp in heads:
        first_covering.setdefault(size, timestamp)
    sizes = sorted(first_covering)
    earliest_from = list(itertools.accumulate(reversed([first_covering[s] for s in sizes]), min))[::-1]
    starts = sorted({0, *(size for size in sizes if size < report.entries)})  # first entry each head left out
    appended = _appended_ms(starts)
    for start in starts:
        i = bisect.bisect_right(sizes, start)  # sizes[i:] are the heads that cover entry `start`
        if i == len(sizes):
            if time.time() * 1000 - appended[start] > delay:
                report.problems.append(
                    f"entries {start}–{report.entries - 1} are not covered by any signed head more than {limit} s "
                    "after being appended (heads deleted, or `ledger checkpoint` not running)"
                )
        elif earliest_from[i] - appended[start] > delay:
            report.problems.append(
                f"entries {start}–{sizes[i] - 1} came under a signed head more than {limit} s after being "
                "appended (a gap: heads deleted?)"
            )


def _appended_ms(indexes: list[int], chunk: int = 500) -> dict[int, int]:
    found = {}
    for at in range(0, len(indexes), chunk):
        rows = LedgerEntry.objects.filter(index__in=indexes[at : at + chunk]).values_list("index", "created_at")
        found.update((index, int(created.timestamp() * 1000)) for index, created in rows)
    return found


def _check_subjects(states: dict[tuple[str, int], dict | None], report: Report) -> None:
    for subject_type, current in SNAPSHOTS.items():
        now = current()
        recorded = {sid: state for (kind, sid), state in states.items() if kind == subject_type}
        for sid, state in sorted(now.items()):
            if sid not in recorded:
                report.problems.append(f"{subject_type} {sid}: exists but has no ledger events (added outside)")
            elif _normal(recorded[sid]) != _normal(state):
                report.problems.append(f"{subject_type} {sid}: record differs from its last ledger event")
        for sid in sorted(set(recorded) - set(now)):
            report.problems.append(f"{subject_type} {sid}: recorded in the ledger but deleted from the database")


def _normal(state):
    return json.loads(json.dumps(state, sort_keys=True, default=str))
