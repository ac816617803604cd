"""`python -m innozone ip …` subcommands: assets, import FILE, fees-due, daily [--enqueue], parks. Output
`--format json|table`; a bad input ends with a non-zero exit and a clear message (CommandError)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from innozone.core.errors import DomainError

from ..engine import fees
from ..selectors import assets as selectors


def _actor(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).select_related("organization").first()
    if user is None:
        raise CommandError(f"no active user {username!r} (use --as USERNAME)")
    return user


def _out(command, options, rows: list[dict], columns: list[str]) -> None:
    if options["format"] == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=1))
        return
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    command.stdout.write("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        command.stdout.write("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))


def _asset_row(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "number": a.number,
        "title": a.title,
        "owner": a.owner.name,
        "filed_on": a.filed_on,
        "granted_on": a.granted_on or "",
        "status": a.status,
        "next_fee_due": a.next_fee_due or "",
        "next_fee_year": a.next_fee_year or "",
    }


def assets_cmd(command, options) -> None:
    user = _actor(options["as_user"])
    qs = selectors.assets_for(user, q=options["q"], kind=options["kind"], status=options["status"])
    rows = [_asset_row(a) for a in qs[: options["limit"]]]
    _out(command, options, rows, ["id", "kind", "number", "status", "next_fee_due", "owner", "title"])


def fees_due_cmd(command, options) -> None:
    user = _actor(options["as_user"])
    today = timezone.localdate()
    rows = []
    for a in selectors.fees_due(user, today, within=options["within"])[: options["limit"]]:
        fee = fees.fee_for(a.kind, a.filed_on, a.granted_on, a.next_fee_year)
        rows.append(
            {**_asset_row(a), "amount": fee.amount, "grace_ends": fee.grace_ends, "days": (fee.due_on - today).days}
        )
    _out(
        command,
        options,
        rows,
        ["id", "number", "next_fee_year", "next_fee_due", "grace_ends", "amount", "days", "owner"],
    )


def import_cmd(command, options) -> None:
    from ..services import imports

    user = _actor(options["as_user"])
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    if path.stat().st_size > imports.IMPORT_MAX_BYTES:
        raise CommandError(f"{path.name}: larger than {imports.IMPORT_MAX_BYTES // (1024 * 1024)} MB")
    print(f"reading {path.name} …", file=sys.stderr)
    try:
        batch = imports.import_file(actor=user, data=path.read_bytes(), name=path.name)
    except DomainError as e:
        lines = [str(e.message), *(str(d.get("message", "")) for d in e.detail)]
        raise CommandError("\n".join(lines)) from e
    row = {
        "batch": batch.pk,
        "rows": batch.rows,
        "created": batch.created,
        "updated": batch.updated,
        "unmatched": len(batch.unmatched),
    }
    _out(command, options, [row], list(row))


def daily_cmd(command, options) -> None:
    from ..tasks import daily, run_daily

    if options["enqueue"]:
        command.stdout.write(f"enqueued {daily.enqueue().id}")
        return
    result = run_daily()
    if options["format"] == "json":
        command.stdout.write(json.dumps(result))
        return
    text = "{changed} states changed; reminders: {due_90} due in 90 days, {due_30} due in 30 days, {grace} in grace"
    command.stdout.write(text.format(**result))


def parks_cmd(command, options) -> None:
    user = _actor(options["as_user"])
    year = options["year"] or timezone.localdate().year
    rows = [{**r, "park": r["park"].name} for r in selectors.park_indicators(user, year)]
    _out(
        command,
        options,
        rows,
        [
            "park",
            "enterprises",
            "valid_inventions",
            "per_enterprise",
            "per_10000",
            "granted_in_year",
            "pledges",
            "pledge_amount",
            "transfers",
            "licences",
        ],
    )


def _common(p, *, user: bool = True) -> None:
    p.add_argument("--format", choices=("json", "table"), default="table")
    if user:
        p.add_argument("--as", dest="as_user", default="office", help="whose view (username), default office")


def add_parsers(sub) -> dict:
    p = sub.add_parser("assets", help="IP assets (filters as on the list page)")
    _common(p)
    p.add_argument("--q", default="")
    p.add_argument("--kind", default="", choices=("", *fees.KINDS))
    p.add_argument("--status", default="")
    p.add_argument("--limit", type=int, default=200)
    p = sub.add_parser("import", help="import a patent-search export (.xlsx/.csv), all rows or none")
    _common(p)
    p.add_argument("file")
    p = sub.add_parser("fees-due", help="patents whose next annual fee is due within N days or in grace")
    _common(p)
    p.add_argument("--within", type=int, default=90)
    p.add_argument("--limit", type=int, default=500)
    p = sub.add_parser("daily", help="recompute states (grace, lapse, expiry) and remind fees due")
    _common(p, user=False)
    p.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend")
    p = sub.add_parser("parks", help="IP pilot-park indicators of a year")
    _common(p)
    p.add_argument("--year", type=int, default=None)
    return {
        "assets": assets_cmd,
        "import": import_cmd,
        "fees-due": fees_due_cmd,
        "daily": daily_cmd,
        "parks": parks_cmd,
    }
