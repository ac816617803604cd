"""`python -m innozone funds …` subcommands of the projects part:

funds projects [--status S] [--format json|table]     the funded projects with award and paid amounts
funds burn [--year Y] [--format json|table]           the burn-down by budget line
funds remind [--as-of YYYY-MM-DD]                     notice overdue progress reports; sanction overdue acceptances
funds dossier --project ID --out FILE.zip             the auditors' dossier of one project
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import CommandError
from django.db.models import Q, Sum

from innozone.core.errors import DomainError

from ..selectors import money


def _dump(command, rows: list[dict], options) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        command.stdout.write("(none)")
        return
    keys = list(rows[0])
    command.stdout.write("\t".join(keys))
    for row in rows:
        command.stdout.write("\t".join(str(row[k]) for k in keys))


def _office():
    from innozone.core.models import User
    from innozone.core.roles import Role

    return User.objects.filter(Q(is_superuser=True) | Q(role=Role.OFFICE_ADMIN), is_active=True).order_by("id").first()


def projects_cmd(command, options) -> None:
    from ..models import Project

    qs = Project.objects.select_related("organization", "award").annotate(
        paid=Sum("tranches__amount", filter=Q(tranches__status="paid"))
    )
    if options.get("status"):
        qs = qs.filter(status=options["status"])
    rows = [
        {
            "id": p.pk,
            "number": p.number,
            "title": p.title,
            "organization": p.organization.name,
            "award": f"{p.award.amount:.2f}",
            "paid": f"{(p.paid or 0):.2f}",
            "status": p.status,
        }
        for p in qs.order_by("id")
    ]
    _dump(command, rows, options)


def burn_cmd(command, options) -> None:
    rows = [
        {
            "programme": str(r["programme"]),
            "subject": r["subject"],
            "source": r["source_code"],
            "budget": f"{r['budget']:.2f}",
            "awarded": f"{r['awarded']:.2f}",
            "paid": f"{r['paid']:.2f}",
            "remaining": f"{r['remaining']:.2f}",
        }
        for r in money.burn_rows(year=options.get("year"))
    ]
    _dump(command, rows, options)


def remind_cmd(command, options) -> None:
    from ..services.monitoring_remind import funds_remind

    as_of = dt.date.fromisoformat(options["as_of"]) if options.get("as_of") else None
    result = funds_remind(as_of=as_of)
    _dump(command, [result], options)


def dossier_cmd(command, options) -> None:
    from ..models import Project
    from ..services.dossier import dossier_zip

    project = Project.objects.filter(pk=options["project"]).first()
    if project is None:
        raise CommandError(f"no project {options['project']}")
    actor = _office()
    if actor is None:
        raise CommandError("no active office administrator to export as")
    print(f"exporting {project.number} …", file=sys.stderr)
    try:
        data = dossier_zip(actor=actor, project=project)
    except DomainError as e:
        raise CommandError(str(e.message)) from e
    with open(options["out"], "wb") as f:
        f.write(data)
    command.stdout.write(f"{options['out']}: {len(data)} bytes")


def add_parsers(subparsers) -> dict:
    """Add this part's subcommands; return {name: handler(command, options)}."""
    p = subparsers.add_parser("projects", help="funded projects with award and paid amounts")
    p.add_argument("--status", default="")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = subparsers.add_parser("burn", help="budget burn-down by budget line")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = subparsers.add_parser("remind", help="overdue progress reports and acceptances")
    p.add_argument("--as-of", dest="as_of", default="")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = subparsers.add_parser("dossier", help="a project's dossier as a ZIP")
    p.add_argument("--project", type=int, required=True)
    p.add_argument("--out", required=True)
    return {"projects": projects_cmd, "burn": burn_cmd, "remind": remind_cmd, "dossier": dossier_cmd}
