"""`python -m innozone onestop …` subcommands of the cases part:

onestop cases [--status S] [--department NAME] [--item CODE] [--level L] [--format json|table]
    every case with its item, applicant, status and clock (days used / left, due date, level)
onestop clock --case NUMBER [--on DATE] [--format json|table]
    one case's clock: limit, used, remaining, due date, level, pauses
onestop daily [--enqueue] [--on DATE]
    the daily work (onestop/tasks.py): yellow/red warnings, overdue notices, deemed acceptance of licence cases,
    late 容缺 materials and late rectifications — now, or queued for the tasks backend
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import CommandError

from innozone.core import workdays


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
        command.stdout.write("\t".join("" if row[k] is None else str(row[k]) for k in keys))


def _date(raw: str | None, name: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as e:
        raise CommandError(f"{name}: not a date (YYYY-MM-DD): {raw}") from e


def cases_cmd(command, options) -> None:
    from ..models import Case
    from ..selectors import cases as selectors

    qs = Case.objects.select_related("item", "item__department", "applicant").prefetch_related("pauses")
    if options.get("status"):
        if options["status"] not in Case.Status.values:
            raise CommandError(f"--status must be one of {', '.join(Case.Status.values)}")
        qs = qs.filter(status=options["status"])
    if options.get("department"):
        qs = qs.filter(item__department__name=options["department"])
        if not qs.exists() and not Case.objects.filter(item__department__name=options["department"]).exists():
            from innozone.core.models import Organization

            if not Organization.objects.filter(name=options["department"]).exists():
                raise CommandError(f"unknown department: {options['department']}")
    if options.get("item"):
        qs = qs.filter(item__code=options["item"])
    on = _date(options.get("on"), "--on")
    rows = []
    for case in selectors.with_clocks(qs.order_by("number"), is_workday=workdays.calendar(), on=on):
        clock = case.clock
        if options.get("level") and (clock is None or clock.level != options["level"]):
            continue
        rows.append(
            {
                "number": case.number,
                "item": case.item.code,
                "department": case.item.department.name,
                "applicant": case.applicant.name,
                "status": case.status,
                "limit": case.limit_days or None,
                "used": clock.used if clock else None,
                "remaining": clock.remaining if clock else None,
                "due_on": clock.due_on if clock else None,
                "level": clock.level if clock else None,
                "deferred": case.deferred,
            }
        )
    _dump(command, rows, options)


def clock_cmd(command, options) -> None:
    from ..selectors import cases as selectors

    case = selectors.case_by_number(options["case"])
    if case is None:
        raise CommandError(f"no case numbered {options['case']}")
    clock = selectors.clock_of(case, on=_date(options.get("on"), "--on"))
    row = {
        "number": case.number,
        "item": case.item.name,
        "status": case.status,
        "accepted_on": selectors.clock_start(case),
        "limit": case.limit_days,
        "extended": case.extended,
        "used": clock.used if clock else None,
        "remaining": clock.remaining if clock else None,
        "due_on": clock.due_on if clock else None,
        "level": clock.level if clock else None,
        "late": clock.late if clock else None,
        "pauses": [{"reason": p.reason, "from": p.started_on, "to": p.ended_on} for p in case.pauses.all()],
    }
    if options.get("format") == "json":
        command.stdout.write(json.dumps(row, ensure_ascii=False, indent=2, default=str))
        return
    for key, value in row.items():
        command.stdout.write(f"{key}\t{'' if value is None else value}")


def daily_cmd(command, options) -> None:
    from ..services.cases_daily import cases_daily
    from ..tasks import daily

    if options["enqueue"]:
        command.stdout.write(f"enqueued {daily.enqueue().id}")
        return
    result = cases_daily(on=_date(options.get("on"), "--on"), progress=lambda r: command.stderr.write(str(r)))
    text = (
        "{deemed_accepted} deemed accepted, {yellow} yellow and {red} red warnings, {overdue} overdue notices, "
        "{deferred_late} late 容缺, {rectify_late} late rectifications"
    )
    command.stdout.write(text.format(**result))


def add_parsers(sub) -> dict:
    levels = ["green", "yellow", "red", "overdue", "paused", "done"]
    p = sub.add_parser("cases", help="办件列表及法定时限（状态、部门、事项、预警）")
    p.add_argument("--status")
    p.add_argument("--department", help="the item's department, by full name")
    p.add_argument("--item", help="service item code")
    p.add_argument("--level", choices=levels)
    p.add_argument("--on", help="the clock seen on this date (YYYY-MM-DD), default today")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("clock", help="一个办件的法定时限")
    p.add_argument("--case", required=True, help="case number, e.g. BJ2026-000001")
    p.add_argument("--on", help="seen on this date (YYYY-MM-DD), default today")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p = sub.add_parser("daily", help="每日：黄灯/红灯预警、超期提醒、视为受理、容缺逾期、差评整改逾期")
    p.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend")
    p.add_argument("--on", help="run as of this date (YYYY-MM-DD), default today")
    return {"cases": cases_cmd, "clock": clock_cmd, "daily": daily_cmd}
