"""`python -m innozone funds …` subcommands of the calls part:

- `calls [--stage S] [--format json|table]`: the calls with their stage by the dates;
- `eligibility --call ID (--uscc CODE … | --file CSV) [--format json|table]`: each organization's eligibility
  with every rule's reason (CSV: a column `uscc`, or the first column);
- `close-calls`: close the published calls past their closing time (run daily)."""

from __future__ import annotations

import csv
import json
import sys

from django.core.management.base import CommandError
from django.utils import timezone

from ..models import Call
from ..selectors import calls as selectors
from ..selectors.calls_eligibility import eligibility_of, organizations_for_usccs
from ..services.calls_stages import calls_close_due


def _out(command, options, rows: list[dict], columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join(str(row.get(c, "")) for c in columns))


def _calls(command, options):
    qs = selectors.call_search(
        Call.objects.select_related("programme").order_by("-opens_at", "id"), stage=options.get("stage") or ""
    )
    rows = [
        {
            "id": c.pk,
            "programme": c.programme.name,
            "round": c.round,
            "title": c.title,
            "stage": c.stage,
            "effective_stage": selectors.call_effective_stage(c),
            "opens_at": timezone.localtime(c.opens_at).isoformat(),
            "closes_at": timezone.localtime(c.closes_at).isoformat(),
            "budget": str(c.budget),
        }
        for c in qs
    ]
    _out(command, options, rows, ["id", "effective_stage", "round", "budget", "closes_at", "title"])


def _usccs(options) -> list[str]:
    codes = list(options.get("uscc") or [])
    if options.get("file"):
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as fh:
                rows = list(csv.reader(fh))
        except OSError as e:
            raise CommandError(f"cannot read {options['file']}: {e}") from e
        if rows and "uscc" in [h.strip().lower() for h in rows[0]]:
            index = [h.strip().lower() for h in rows[0]].index("uscc")
            rows = rows[1:]
        else:
            index = 0
        codes += [r[index].strip() for r in rows if len(r) > index and r[index].strip()]
    if not codes:
        raise CommandError("give --uscc CODE or --file CSV")
    return codes


def _eligibility(command, options):
    call = Call.objects.filter(pk=options["call"]).first()
    if call is None:
        raise CommandError(f"no call {options['call']}")
    codes = _usccs(options)
    orgs = organizations_for_usccs(codes)
    rows = []
    for n, code in enumerate(orgs, start=1):
        org = orgs[code]
        if n % 100 == 0:
            sys.stderr.write(f"{n}/{len(orgs)}\n")
        if org is None:
            rows.append({"uscc": code, "organization": "", "eligible": "", "reasons": "not in the registry"})
            continue
        ok, outcome = eligibility_of(call, org)
        reasons = (
            [r["text"] for r in outcome]
            if options.get("format") == "json"
            else "；".join(r["text"] for r in outcome if r["passed"] is not True)
        )
        rows.append({"uscc": code, "organization": org.name, "eligible": ok, "reasons": reasons})
    _out(command, options, rows, ["uscc", "eligible", "organization", "reasons"])
    if any(r["organization"] == "" for r in rows):
        sys.stderr.write("some USCCs are not in the registry\n")


def _close(command, options):
    closed = calls_close_due()
    _out(command, options, [{"closed": pk} for pk in closed], ["closed"])


def add_parsers(subparsers) -> dict:
    """Add this part's subcommands; return {name: handler(command, options)}."""
    p = subparsers.add_parser("calls", help="申报通知列表")
    p.add_argument("--stage", default="")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = subparsers.add_parser("eligibility", help="申报资格测算")
    p.add_argument("--call", type=int, required=True)
    p.add_argument("--uscc", action="append")
    p.add_argument("--file")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = subparsers.add_parser("close-calls", help="截止已过申报截止时间的通知")
    p.add_argument("--format", choices=("json", "table"), default="table")
    return {"calls": _calls, "eligibility": _eligibility, "close-calls": _close}
