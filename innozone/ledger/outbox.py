"""Checkpoints leave the system: each new signed head, as a signed checkpoint, into the outbox folder
(`LEDGER_OUTBOX`, to be copied off this host: rsync, a shared folder the auditors own) and, when
`LEDGER_POST_URL` is set, POSTed there. A head in another place than the database it vouches for is
what lets a witness or an auditor catch a history rebuilt by whoever holds the database and the key.

Files are `<tree size, 12 digits>-<timestamp>.checkpoint` (never rewritten) and `latest.checkpoint`;
`.posted` lists the files already delivered to the URL, so a failed POST is retried on the next run.
"""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

from django.conf import settings

from . import services
from .models import SignedHead

SUFFIX = ".checkpoint"
LATEST = "latest" + SUFFIX


def checkpoint_publish() -> list[str]:
    """Sign a head if the log grew, write every head not yet in the outbox, POST what is not yet posted.
    Returns the names of the files written."""
    services.head_sign_current()
    outbox = Path(settings.LEDGER_OUTBOX)
    outbox.mkdir(parents=True, exist_ok=True)
    sizes = [int(p.name.partition("-")[0]) for p in outbox.glob("*-*" + SUFFIX)]
    written, text = [], None
    for head in SignedHead.objects.filter(tree_size__gte=max(sizes, default=0)).order_by("tree_size", "timestamp"):
        name = f"{head.tree_size:012d}-{head.timestamp}{SUFFIX}"
        text = services.checkpoint_text(head)
        if not (outbox / name).exists():
            _write(outbox / name, text)
            written.append(name)
    if written:
        _write(outbox / LATEST, text)
    if settings.LEDGER_POST_URL:
        _post_pending(outbox, settings.LEDGER_POST_URL)
    return written


def _write(path: Path, text: str) -> None:
    """Whole or not at all: written beside, then renamed into place."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _post_pending(outbox: Path, url: str) -> None:
    journal = outbox / ".posted"
    posted = set(journal.read_text().split()) if journal.exists() else set()
    for path in sorted(outbox.glob("*-*" + SUFFIX)):
        if path.name in posted:
            continue
        request = urllib.request.Request(
            url, data=path.read_bytes(), method="POST", headers={"Content-Type": "text/plain; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
        with journal.open("a") as file:
            file.write(path.name + "\n")
