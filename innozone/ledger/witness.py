"""The witness (`ledger witness`): run from cron on another machine, with only the log's public key, it
keeps the checkpoints it has seen in its own folder and accepts a new one only if it is signed by that
key and a consistency proof (RFC 9162 §2.1.4) shows the log it had seen is a prefix of the new one.
Whoever holds the platform's database AND its key can rebuild a history whose heads all verify; they
cannot make it consistent with a checkpoint already kept here (RFC 9162 §11.3).

The store: `public-key` (base64 of the raw key, written on first use), `latest.checkpoint`, and every
accepted checkpoint under `seen/`.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

from . import merkle, signing

#: (old size, new size) → the consistency proof the log serves
Consistency = Callable[[int, int], list[bytes]]


class WitnessBreak(Exception):
    """The log broke a promise the witness holds it to; the message names how."""


class WitnessStore:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def public_key(self, given: bytes | None) -> bytes:
        """The key given (stored on first use, then it must stay the same) or the one stored."""
        path = self.directory / "public-key"
        stored = signing.from_base64(path.read_text().strip()) if path.exists() else None
        if given is not None and stored is not None and given != stored:
            raise WitnessBreak(f"the public key given differs from the one stored in {path}")
        if given is None and stored is None:
            raise WitnessBreak("no public key yet: give the log's key once with --public-key FILE")
        if stored is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_text(signing.to_base64(given) + "\n")
        return stored or given

    def latest(self, key: bytes) -> tuple[str, signing.TreeHead] | None:
        path = self.directory / "latest.checkpoint"
        return signing.parse_checkpoint(path.read_text(), key) if path.exists() else None

    def keep(self, text: str, head: signing.TreeHead) -> None:
        seen = self.directory / "seen"
        seen.mkdir(parents=True, exist_ok=True)
        (seen / f"{head.tree_size:012d}-{head.timestamp}.checkpoint").write_text(text)
        partial = self.directory / ".latest.partial"
        partial.write_text(text)
        partial.replace(self.directory / "latest.checkpoint")


def witness_check(store: WitnessStore, key: bytes, text: str, consistency: Consistency) -> str:
    """Check the log's current checkpoint against the last one kept; keep it and say what was checked,
    or raise WitnessBreak naming the break."""
    try:
        origin, head = signing.parse_checkpoint(text, key)
    except ValueError as exc:
        raise WitnessBreak(f"checkpoint refused: {exc}") from None
    last = store.latest(key)
    if last is None:
        store.keep(text, head)
        return f"first checkpoint kept: {origin} size {head.tree_size}"
    last_origin, old = last
    if origin != last_origin:
        raise WitnessBreak(f"checkpoint of another log: {origin!r}, this witness keeps {last_origin!r}")
    if head.tree_size < old.tree_size:
        raise WitnessBreak(f"the log shrank from size {old.tree_size} to {head.tree_size}: history rewritten")
    if head.tree_size == old.tree_size:
        if head.root_hash != old.root_hash:
            raise WitnessBreak(f"two different roots signed for size {old.tree_size}: history rewritten")
        return f"no new entries: size {head.tree_size}"
    if old.tree_size > 0:
        proof = consistency(old.tree_size, head.tree_size)
        if not merkle.verify_consistency(old.tree_size, head.tree_size, old.root_hash, head.root_hash, proof):
            raise WitnessBreak(
                f"checkpoint at size {head.tree_size} is not consistent with the one kept at size {old.tree_size}: "
                "history rewritten"
            )
    store.keep(text, head)
    return f"consistent: {old.tree_size} → {head.tree_size}"


def from_url(base: str) -> tuple[str, Consistency]:
    """The log's checkpoint and proofs from its public pages (no login: a witness holds no credential)."""
    base = base.rstrip("/")

    def get(path: str) -> bytes:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read()

    def consistency(old: int, new: int) -> list[bytes]:
        body = json.loads(get(f"/ledger/consistency/{old}/{new}.json"))
        return [bytes.fromhex(h) for h in body["proof"]]

    return get("/ledger/checkpoint").decode("utf-8"), consistency
