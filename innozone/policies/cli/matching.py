"""`python -m innozone policies …` subcommands of the matching part:

- `match --enterprise USCC [--near | --all] [--date YYYY-MM-DD] [--format json|table]`: the clauses in force the
  organization qualifies for; with --near also the near misses, with --all every clause. JSON: a list of
  {"policy", "clause", "eligible", "amount", "failed": [{"condition", "value", "required"}], …};
- `eligible --clause ID [--near] [--date] [--format json|table]`: every active registry entry the clause
  matches: {"uscc", "name", "amount"} (with --near also the near misses, "eligible": false and "failed");
- `grant-lists [--clause ID] [--format]`: the 免申即享 lists; `grant-list-create --clause ID [--as-of DATE]
  [--user office]`: generate one as that office user;
- `notify-matches --clause ID … [--enqueue]`: the inbox notices of newly published clauses.
Progress goes to stderr; a bad USCC, clause or date exits non-zero with the reason."""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import CommandError

from innozone.core.errors import DomainError
from innozone.core.models import Organization, User
from innozone.enterprises import selectors as registry

from ..models import Clause, GrantList
from ..selectors import facts as facts_selectors
from ..selectors import grants as grant_selectors
from ..selectors import matching as selectors
from ..services import grants as grant_services
from ..services import notify


def _out(command, options, rows: list[dict], columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join(_cell(row.get(c, "")) for c in columns))


def _cell(value) -> str:
    if isinstance(value, list):
        return "；".join(v.get("condition", str(v)) if isinstance(v, dict) else str(v) for v in value)
    return "" if value is None else str(value)


def _date(value, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"--{name}: not a date (YYYY-MM-DD): {value}") from e


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _failed(rows: list[dict]) -> list[dict]:
    return [
        {"condition": r["condition"], "value": r["value"], "required": r["required"], "gap": r["gap_text"]}
        for r in rows
    ]


def _match(command, options):
    uscc = (options["enterprise"] or "").strip().upper()
    found = registry.organizations_by_uscc([uscc])
    if uscc not in found:
        raise CommandError(f"no registry entry with USCC {uscc}")
    org = Organization.objects.get(pk=found[uscc][0])
    show = "all" if options.get("all") else ("near" if options.get("near") else "eligible")
    result = selectors.matches_for(org, _date(options.get("date"), "date"), show=show)
    rows = [
        {
            "policy": m.clause.policy.title,
            "clause": m.clause.title,
            "policy_id": m.clause.policy_id,
            "clause_id": m.clause.pk,
            "eligible": m.eligible,
            "near": m.near,
            "amount": _money(m.amount),
            "failed": _failed(m.failed_rows),
            "determination_id": m.determination_id,
        }
        for m in result
    ]
    _out(command, options, rows, ["clause_id", "eligible", "near", "amount", "policy", "clause", "failed"])


def _clause(pk) -> Clause:
    clause = Clause.objects.select_related("policy").filter(pk=pk).first()
    if clause is None:
        raise CommandError(f"no clause {pk}")
    return clause


def _eligible(command, options):
    clause = _clause(options["clause"])
    on = _date(options.get("date"), "date")
    data = facts_selectors.bulk(on, progress=lambda m: sys.stderr.write(f"{m}\n"))
    result = selectors.eligible_for_clause(clause, on=on, near=options.get("near"), data=data)
    rows = []
    for r in result:
        row = {"uscc": r.uscc, "name": r.name, "amount": _money(r.amount)}
        if options.get("near"):
            row |= {"eligible": r.eligible, "failed": _failed(r.failed)}
        rows.append(row)
    sys.stderr.write(f"{sum(1 for r in result if r.eligible)} eligible of {len(data.organization_ids)}\n")
    _out(command, options, rows, ["uscc", "amount", "name", *(["eligible", "failed"] if options.get("near") else [])])


def _lists(command, options):
    qs = GrantList.objects.select_related("clause", "clause__policy").order_by("-pk")
    if options.get("clause"):
        qs = qs.filter(clause_id=options["clause"])
    rows = [
        {
            "id": g.pk,
            "clause_id": g.clause_id,
            "clause": g.clause.title,
            "as_of": g.as_of.isoformat(),
            "status": g.status,
            "listed": g.listed,
            "excluded": g.excluded,
            "total": f"{g.total:.2f}",
        }
        for g in grant_selectors.with_counts(qs)
    ]
    _out(command, options, rows, ["id", "clause_id", "status", "as_of", "listed", "excluded", "total", "clause"])


def _list_create(command, options):
    clause = _clause(options["clause"])
    user = User.objects.filter(username=options.get("user") or "office").first()
    if user is None:
        raise CommandError(f"no user {options.get('user')}")
    try:
        g = grant_services.grant_list_create(actor=user, clause=clause, as_of=_date(options.get("as_of"), "as-of"))
    except DomainError as e:
        details = "; ".join(str(d.get("message", "")) for d in e.detail)
        raise CommandError(f"{e.message} {details}".strip()) from e
    rows = [{"id": g.pk, "entries": g.entries.count(), "total": f"{g.total:.2f}", "status": g.status}]
    _out(command, options, rows, ["id", "entries", "total", "status"])


def _notify(command, options):
    ids = options.get("clause") or []
    known = set(Clause.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in known]
    if missing:
        raise CommandError(f"no clause {', '.join(map(str, missing))}")
    counts = notify.notify_matches(ids, enqueue=bool(options.get("enqueue")))
    _out(command, options, [counts], list(counts))


def add_parsers(sub) -> dict:
    p = sub.add_parser("match", help="政策计算器：企业符合/接近符合的条款")
    p.add_argument("--enterprise", required=True, help="统一社会信用代码")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--near", action="store_true", help="也列出接近符合的条款")
    group.add_argument("--all", action="store_true", help="列出全部条款（含不符合的）")
    p.add_argument("--date")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("eligible", help="条款的符合条件企业名单")
    p.add_argument("--clause", type=int, required=True)
    p.add_argument("--near", action="store_true")
    p.add_argument("--date")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("grant-lists", help="免申即享清单")
    p.add_argument("--clause", type=int)
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("grant-list-create", help="生成免申即享清单")
    p.add_argument("--clause", type=int, required=True)
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--user", default="office")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("notify-matches", help="向新发布条款匹配的企业发送提醒")
    p.add_argument("--clause", type=int, action="append", required=True)
    p.add_argument("--enqueue", action="store_true")
    p.add_argument("--format", choices=("json", "table"), default="table")
    return {
        "match": _match,
        "eligible": _eligible,
        "grant-lists": _lists,
        "grant-list-create": _list_create,
        "notify-matches": _notify,
    }
