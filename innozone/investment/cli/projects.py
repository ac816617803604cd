"""`python -m innozone investment …` subcommands of the pipeline part:

- `projects [--park ID] [--chain ID] [--source S] [--fair ID] [--stage S] [--status active|dropped|all]
  [--stalled] [--limit N] [--format json|table]`: the projects;
- `project CODE [--format]`: one project with its timeline and funds by month;
- `move CODE STAGE [--signed-on D] [--registered-on D] [--started-on D] [--producing-on D] [--full-on D]
  [--enterprise USCC] [--signed-investment YUAN] [--contract-no NO] [--note TEXT] [--user office]`;
- `funds CODE --month YYYY-MM --amount YUAN [--kind fixed|working] [--origin TEXT] [--user office]`: report or
  correct funds in place (a ledger money event);
- `fairs [--kind K] [--year Y] [--format]`: fairs with the follow-up rates a year later;
- `daily [--enqueue]`: the stalled-project warnings now, or queued for the tasks worker.
A bad code, stage, date or amount exits non-zero with every problem."""

from __future__ import annotations

import json
import sys

from django.core.management.base import CommandError

from innozone.core.errors import DomainError
from innozone.core.models import User

from ..models import Project
from ..selectors import fairs as fair_selectors
from ..selectors import projects as selectors
from ..services import funds as funds_services
from ..services import projects as services

PROJECT_COLUMNS = ["code", "name", "stage", "status", "park", "source", "planned_investment", "signed_investment",
                   "last_progress_on"]  # fmt: skip


def _out(command, options, rows: list[dict], columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join("" if row.get(c) is None else str(row.get(c)) for c in columns))


def _user(options) -> User:
    name = options.get("user") or "office"
    user = User.objects.filter(username=name, is_active=True).select_related("organization").first()
    if user is None:
        raise CommandError(f"no active user {name}")
    return user


def _project(code: str) -> Project:
    project = Project.objects.filter(code=(code or "").strip().upper()).first()
    if project is None:
        raise CommandError(f"no project with code {code}")
    return project


def _row(p: Project) -> dict:
    return {
        "code": p.code, "name": p.name, "stage": p.stage, "status": p.status, "park": p.park.name, "source": p.source,
        "planned_investment": f"{p.planned_investment:.2f}",
        "signed_investment": None if p.signed_investment is None else f"{p.signed_investment:.2f}",
        "signed_on": p.signed_on, "enterprise": p.enterprise.name if p.enterprise_id else None,
        "last_progress_on": p.last_progress_on,
    }  # fmt: skip


def _refused(e: DomainError) -> CommandError:
    details = "; ".join(str(d.get("message", "")) for d in e.detail)
    return CommandError(f"{e.message} {details}".strip())


def projects_cmd(command, options):
    f = selectors.Filters.from_query(
        {k: str(options[k]) for k in ("park", "chain", "source", "fair", "status") if options.get(k) not in (None, "")}
        | ({"stalled": "1"} if options.get("stalled") else {})
    )
    qs = selectors.filtered(Project.objects.all(), f).select_related("park", "enterprise")
    if options.get("stage"):
        if options["stage"] not in Project.Stage.values:
            raise CommandError(f"unknown stage {options['stage']}; one of {', '.join(Project.Stage.values)}")
        qs = qs.filter(stage=options["stage"])
    rows = [_row(p) for p in qs.order_by("code")[: options["limit"]]]
    print(f"{len(rows)} projects", file=sys.stderr)
    _out(command, options, rows, PROJECT_COLUMNS)


def project_cmd(command, options):
    p = _project(options["code"])
    row = _row(p)
    row["events"] = [{"on": e.on, "stage": e.stage, "note": e.note} for e in selectors.timeline(p)]
    row["funds"] = [{k: str(v) for k, v in m.items() if k != "rows"} for m in selectors.funds_by_month(p)]
    if options.get("format") == "json":
        command.stdout.write(json.dumps(row, ensure_ascii=False, indent=2, default=str))
        return
    for key in [*PROJECT_COLUMNS, "signed_on", "enterprise"]:
        command.stdout.write(f"{key}\t{'' if row.get(key) is None else row[key]}")
    for e in row["events"]:
        command.stdout.write(f"{e['on']}\t{e['stage']}\t{e['note']}")
    for m in row["funds"]:
        command.stdout.write(f"{m['month'][:7]}\t{m['total']}\t{m['cumulative']}")


def move_cmd(command, options):
    p = _project(options["code"])
    dates = {k: options.get(k) for k in ("signed_on", "registered_on", "started_on", "producing_on", "full_on")}
    try:
        services.project_move(
            actor=_user(options), project=p, stage=options["stage"], dates=dates, enterprise=options.get("enterprise"),
            signed_investment=options.get("signed_investment"), contract_no=options.get("contract_no") or "",
            note=options.get("note") or "",
        )  # fmt: skip
    except DomainError as e:
        raise _refused(e) from e
    p.refresh_from_db()
    command.stdout.write(f"{p.code}\t{p.stage}")


def funds_cmd(command, options):
    p = _project(options["code"])
    try:
        row = funds_services.funds_report(
            actor=_user(options), project=p, month=options["month"], amount=options["amount"], kind=options["kind"],
            origin=options.get("origin") or "",
        )  # fmt: skip
    except DomainError as e:
        raise _refused(e) from e
    command.stdout.write(f"{p.code}\t{row.month:%Y-%m}\t{row.kind}\t{row.amount:.2f}")


def fairs_cmd(command, options):
    rows = []
    for r in fair_selectors.follow_up(
        fair_selectors.fairs_list(kind=options.get("kind") or "", year=options.get("year"))
    ):
        f = r["fair"]
        rows.append({
            "id": f.pk, "name": f.name, "kind": f.kind, "year": f.year, "projects": r["projects"],
            "signed": r["signed"],
            "signed_investment": f"{r['signed_investment']:.2f}", "in_place": f"{r['in_place']:.2f}",
            "funds_rate": r["funds_rate"], "started_rate": r["started_rate"], "producing_rate": r["producing_rate"],
            "as_of": r["as_of"], "interim": r["interim"],
        })  # fmt: skip
    _out(command, options, rows, ["id", "name", "kind", "year", "projects", "signed", "signed_investment", "in_place",
                                  "funds_rate", "started_rate", "producing_rate", "as_of"])  # fmt: skip


def daily_cmd(command, options):
    from ..tasks import daily, run_daily

    if options["enqueue"]:
        command.stdout.write(f"enqueued {daily.enqueue().id}")
        return
    result = run_daily()
    command.stdout.write(
        "{stalled} stalled projects (no progress in {days} days), {notices} notices sent".format(**result)
    )


def add_parsers(sub) -> dict:
    fmt = {"choices": ["json", "table"], "default": "table"}
    p = sub.add_parser("projects", help="investment projects with filters")
    for name in ("park", "chain", "fair"):
        p.add_argument(f"--{name}", type=int)
    p.add_argument("--source", choices=Project.Source.values)
    p.add_argument("--stage")
    p.add_argument("--status", choices=["active", "dropped", "all"], default="active")
    p.add_argument("--stalled", action="store_true")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--format", **fmt)
    p = sub.add_parser("project", help="one project with its timeline and funds by month")
    p.add_argument("code")
    p.add_argument("--format", **fmt)
    p = sub.add_parser("move", help="move a project to a later stage with the dates")
    p.add_argument("code")
    p.add_argument("stage", choices=Project.Stage.values)
    for name in ("signed-on", "registered-on", "started-on", "producing-on", "full-on", "enterprise",
                 "signed-investment", "contract-no", "note"):  # fmt: skip
        p.add_argument(f"--{name}")
    p.add_argument("--user", default="office")
    p = sub.add_parser("funds", help="report or correct funds in place of a month")
    p.add_argument("code")
    p.add_argument("--month", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--kind", choices=["fixed", "working"], default="fixed")
    p.add_argument("--origin")
    p.add_argument("--user", default="office")
    p = sub.add_parser("fairs", help="fairs with follow-up rates a year later")
    p.add_argument("--kind", choices=["lanqia", "kebo", "other"])
    p.add_argument("--year", type=int)
    p.add_argument("--format", **fmt)
    p = sub.add_parser("daily", help="warn about stalled projects")
    p.add_argument("--enqueue", action="store_true")
    return {"projects": projects_cmd, "project": project_cmd, "move": move_cmd, "funds": funds_cmd,
            "fairs": fairs_cmd, "daily": daily_cmd}  # fmt: skip
