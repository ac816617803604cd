"""`python -m innozone investment …` subcommands of the chains part:

- `chains [--year Y] [--format json|table]`: every chain with its links, enterprises, output and gap counts;
- `chain CODE [--year Y] [--format json|table]`: one chain's links in tree order with status and reasons;
- `gaps [--chain CODE] [--year Y] [--format json|table]`: the gap links (all chains or one), key links first;
- `chain-import CODE FILE [--user office] [--dry-run]`: import a chain's links from Excel (all rows or none);
- `targets [--chain CODE] [--status S] [--format json|table]`: the target list.

A chain is named by its code or id. Exit status ≠ 0 with a message on bad input (CommandError)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from innozone.core.errors import DomainError
from innozone.core.models import User

from ..engine import gaps
from ..models import Chain, Target
from ..selectors import chains as selectors
from ..selectors.chains import link_row, summary_dict
from ..services import chains_import


def _out(command, options, rows, columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join("" if row.get(c) is None else str(row.get(c)) for c in columns))


def _year(options) -> int:
    year = options.get("year")
    if year is not None and not 2000 <= year <= 2100:
        raise CommandError("--year must be between 2000 and 2100")
    return year or selectors.current_year()


def _chain(value: str) -> Chain:
    chain = Chain.objects.filter(code=value).first()
    if chain is None and str(value).isdigit():
        chain = Chain.objects.filter(pk=int(value)).first()
    if chain is None:
        raise CommandError(f"no chain with code or id {value!r}")
    return chain


def _summary_row(row) -> dict:
    s = row.summary
    return {"id": row.chain.pk, "code": row.chain.code, "name": row.chain.name, "links": s.links,
            "enterprises": s.enterprises, "output": f"{s.output:.2f}", "strong": s.strong, "weak": s.weak,
            "gaps": s.gaps, "key_gaps": s.key_gaps, "open_targets": row.targets}  # fmt: skip


def _chains(command, options):
    year = _year(options)
    rows = [_summary_row(r) for r in selectors.chains_overview(Chain.objects.all(), year)]
    _out(
        command, options, rows, ["code", "name", "links", "enterprises", "output", "strong", "weak", "gaps", "key_gaps"]
    )


def _chain_show(command, options):
    chain = _chain(options["code"])
    year = _year(options)
    result, links = selectors.chain_gaps(chain, year)
    rows = [link_row(r, links[r.id]) for r in result.links.values()]
    if options.get("format") == "json":
        summary = summary_dict(result.summary)
        body = {"code": chain.code, "name": chain.name, "year": year, "links": rows, "summary": summary}
        command.stdout.write(json.dumps(body, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        row["name"] = "  " * row["depth"] + row["name"]
        row["reasons"] = "；".join(row["reasons"])
    _out(command, options, rows, ["id", "segment", "name", "status", "enterprises", "output", "reasons"])


def _gaps(command, options):
    year = _year(options)
    chains = [_chain(options["chain"])] if options.get("chain") else list(Chain.objects.all())
    rows = []
    for chain in chains:
        result, links = selectors.chain_gaps(chain, year)
        for r in result.links.values():
            if r.status == gaps.GAP:
                rows.append({"chain": chain.code, **link_row(r, links[r.id])})
    rows.sort(key=lambda r: (not r["is_key"], r["chain"], r["depth"]))
    for row in rows:
        row["reasons"] = "；".join(row["reasons"]) if options.get("format") != "json" else row["reasons"]
    _out(command, options, rows, ["chain", "id", "segment", "name", "is_key", "industry_codes"])


def _import(command, options):
    chain = _chain(options["code"])
    actor = User.objects.filter(username=options["user"], is_active=True).first()
    if actor is None:
        raise CommandError(f"no active user {options['user']!r}")
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"no file {path}")
    try:
        rows = chains_import.read_rows(path.read_bytes(), path.name)
        result = chains_import.chain_import(actor=actor, chain=chain, rows=rows, dry_run=options["dry_run"])
    except DomainError as e:
        lines = [str(e.message)] + [
            (f"row {d['row']}: " if d.get("row") else "") + str(d.get("message", "")) for d in e.detail
        ]
        raise CommandError("\n".join(lines)) from e
    command.stdout.write(json.dumps(result, ensure_ascii=False))


def _targets(command, options):
    if options.get("status") and options["status"] not in Target.Status.values:
        raise CommandError(f"--status must be one of {', '.join(Target.Status.values)}")
    qs = Target.objects.select_related("link__chain", "project").order_by("priority", "pk")
    if options.get("chain"):
        qs = qs.filter(link__chain=_chain(options["chain"]))
    if options.get("status"):
        qs = qs.filter(status=options["status"])
    rows = [{"id": t.pk, "chain": t.link.chain.code, "link": t.link.name, "company": t.company,
             "location": t.location, "ranking": t.ranking, "priority": t.priority, "status": t.status,
             "project": t.project.code if t.project_id else ""} for t in qs]  # fmt: skip
    _out(command, options, rows, ["id", "chain", "link", "company", "priority", "status", "project"])


def add_parsers(sub) -> dict:
    p = sub.add_parser("chains", help="产业链及其强弱链、缺链统计")
    p.add_argument("--year", type=int)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("chain", help="一条产业链的环节、状态与原因")
    p.add_argument("code", help="产业链编码或 id")
    p.add_argument("--year", type=int)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("gaps", help="缺链环节（关键环节在前）")
    p.add_argument("--chain", default="")
    p.add_argument("--year", type=int)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("chain-import", help="从 Excel 导入产业链环节（全部成功或全部不导入）")
    p.add_argument("code")
    p.add_argument("file")
    p.add_argument("--user", default="office")
    p.add_argument("--dry-run", action="store_true")
    p = sub.add_parser("targets", help="招商目标库")
    p.add_argument("--chain", default="")
    p.add_argument("--status", default="")
    p.add_argument("--format", choices=["json", "table"], default="table")
    return {"chains": _chains, "chain": _chain_show, "gaps": _gaps, "chain-import": _import, "targets": _targets}
