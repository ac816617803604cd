"""`python -m innozone funds …` subcommands of the reviews part:

- `draw --call ID [--seed S] [--user NAME]`: draw the review panels of a closed call (as the office user);
- `pack --call ID --out FILE.pdf|FILE.xlsx`: write the decision pack;
- `ranking --call ID [--format json|table]`: the call's ranking with totals, means, trimmed means and outliers."""

from __future__ import annotations

import json
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from innozone.core.errors import DomainError

from ..exports.pack_pdf import pack_pdf
from ..exports.reviews import pack_workbook
from ..selectors import decisions as dsel
from ..selectors import reviews as sel
from ..services import draws


def _call(options):
    try:
        return sel.call_get(int(options["call"]))
    except DomainError as e:
        raise CommandError(f"no call {options['call']}") from e


def _draw(command, options):
    call = _call(options)
    user = get_user_model().objects.filter(username=options.get("user") or "office").first()
    if user is None:
        raise CommandError(f"no user {options.get('user')}")
    try:
        draw = draws.call_draw_panels(actor=user, call=call, seed=options.get("seed") or None)
    except DomainError as e:
        details = "; ".join(str(d.get("message", "")) for d in e.detail)
        raise CommandError(f"{e.message} {details}".strip()) from e
    command.stdout.write(
        json.dumps(
            {
                "call": call.pk,
                "draw": draw.pk,
                "seed": draw.seed,
                "pool_digest": draw.pool_digest,
                "reviews": sel.review_count(call),
            },
            ensure_ascii=False,
        )
    )


def _pack(command, options):
    call = _call(options)
    out = options["out"]
    started = time.monotonic()
    sys.stderr.write(f"reading the pack of call {call.pk}…\n")
    data = dsel.pack(call)
    sys.stderr.write(f"{len(data['rows'])} applications read in {time.monotonic() - started:.1f}s, writing {out}…\n")
    if out.lower().endswith(".pdf"):
        content = pack_pdf(data)
    elif out.lower().endswith(".xlsx"):
        content = pack_workbook(data)
    else:
        raise CommandError("--out must end with .pdf or .xlsx")
    with open(out, "wb") as fh:
        fh.write(content)
    sys.stderr.write(f"done in {time.monotonic() - started:.1f}s\n")
    command.stdout.write(out)


def _num(v):
    return None if v is None else str(v)


def _ranking(command, options):
    call = _call(options)
    rows = [
        {
            "rank": n,
            "application": r["pk"],
            "number": r["number"],
            "title": r["title"],
            "applicant": r["applicant__name"],
            "submitted": r["submitted"],
            "assigned": r["assigned"],
            "total": _num(r["total"]),
            "mean": _num(r["mean"]),
            "trimmed_mean": _num(r["trimmed"]),
            "median": _num(r["median"]),
            "spread": _num(r["spread"]),
            "outliers": r["outliers"],
        }
        for n, r in enumerate(sel.ranking(call), start=1)
    ]
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    columns = [
        "rank",
        "number",
        "submitted",
        "assigned",
        "mean",
        "trimmed_mean",
        "median",
        "spread",
        "outliers",
        "title",
    ]
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join("" if row[c] is None else str(row[c]) for c in columns))


def add_parsers(subparsers) -> dict:
    """Add this part's subcommands; return {name: handler(command, options)}."""
    p = subparsers.add_parser("draw", help="draw the review panels of a call")
    p.add_argument("--call", required=True, type=int)
    p.add_argument("--seed", default=None)
    p.add_argument("--user", default="office", help="the office account the draw is recorded under")
    p = subparsers.add_parser("pack", help="write a call's decision pack as PDF or Excel")
    p.add_argument("--call", required=True, type=int)
    p.add_argument("--out", required=True)
    p = subparsers.add_parser("ranking", help="a call's ranking")
    p.add_argument("--call", required=True, type=int)
    p.add_argument("--format", choices=["json", "table"], default="table")
    return {"draw": _draw, "pack": _pack, "ranking": _ranking}
