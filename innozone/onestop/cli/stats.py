"""`python -m innozone onestop …` subcommands of the stats part:

onestop stats [--year Y] [--department NAME|ID] [--type XK|QR|JL|JF|GG|QT] [--by department-month|department|month|item]
              [--format json|table]
    the one-stop statistics of a year (every department: the command reads as the office does). JSON: the whole
    result (total, rows by department × month, by_department, by_month, by_item, open cases by the clock's
    level); table: one row per department × month (or --by), tab-separated.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils import timezone

from ..models import ServiceItem
from ..selectors import stats as selectors

BY = {"department-month": "rows", "department": "by_department", "month": "by_month", "item": "by_item"}
TABLE_KEYS = [
    "received",
    "accepted",
    "finished",
    "mean_days",
    "used_max",
    "mean_promised",
    "mean_statutory",
    "within_promised_rate",
    "overdue",
    "overdue_rate",
    "deferral_rate",
    "correction_rate",
    "ratings",
    "satisfaction",
    "mean_level",
    "bad",
    "rectified_on_time_rate",
]
LEAD_KEYS = {
    "rows": ["department", "month"],
    "by_department": ["department"],
    "by_month": ["month"],
    "by_item": ["code", "item", "department", "statutory_days", "promised_days"],
}


def add_parsers(sub) -> dict:
    p = sub.add_parser("stats", help="一网通办统计：按部门、月份的办件、用时、逾期率、容缺率、补正率、满意率")
    p.add_argument("--year", type=int, help="年度（默认今年）")
    p.add_argument("--department", help="牵头部门（名称或编号）")
    p.add_argument("--type", choices=ServiceItem.Type.values, help="事项类型")
    p.add_argument("--by", choices=list(BY), default="department-month", help="表格的分组（--format table）")
    p.add_argument("--format", choices=("json", "table"), default="table")
    return {"stats": stats_cmd}


def _department(value: str | None) -> int | None:
    if not value:
        return None
    names = dict(selectors.departments(None))
    if value.isdigit() and int(value) in names:
        return int(value)
    for pk, name in names.items():
        if name == value:
            return pk
    raise CommandError(f"no department leads a service item under the name or id {value!r}")


def _cell(value) -> str:
    return "—" if value is None else str(value)


def stats_cmd(command, options) -> None:
    year = options.get("year") or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise CommandError(f"--year {year} is out of range (2000–2100)")
    data = selectors.service_stats(
        year=year, department=_department(options.get("department")), item_type=options.get("type") or ""
    )
    if options.get("format") == "json":
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    key = BY[options.get("by") or "department-month"]
    rows = data[key]
    if key == "by_month":
        rows = [r for r in rows if r["received"] or r["finished"] or r["ratings"] or r["open_overdue"]]
    if not rows:
        command.stdout.write(f"(no cases or ratings in {year})")
        return
    keys = LEAD_KEYS[key] + TABLE_KEYS
    command.stdout.write("\t".join(keys))
    for row in rows:
        command.stdout.write("\t".join(_cell(row[k]) for k in keys))
    if key != "by_item":
        total = data["total"]
        command.stdout.write(
            "\t".join(["total"] + [""] * (len(LEAD_KEYS[key]) - 1) + [_cell(total[k]) for k in TABLE_KEYS])
        )
