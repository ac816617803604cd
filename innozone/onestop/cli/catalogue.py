"""`python -m innozone onestop …` subcommands of the catalogue part:

- `items [--department NAME|ID] [--type XK] [--channel online] [--status published] [--q TEXT]
  [--format json|table]`: the service items;
- `item CODE [--format json|table]`: one item with its materials, limits and clock rule in words;
- `powers [--department NAME|ID]`, `negative [--category forbidden|restricted|not_supported]`: the two lists;
- `calendar --year 2027 [--add DATE[..DATE] (--workday|--holiday) --note TEXT | --remove DATE] [--as USER]
  [--format json|table]`: the year's holidays, 调休 working days and the office's entries; with --add/--remove
  the office's entry is written (recorded under --as, default: the first office admin)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import CommandError

from innozone.core import workdays
from innozone.core.errors import DomainError
from innozone.core.models import Organization, User
from innozone.core.roles import Role

from ..models import NegativeEntry, ServiceItem
from ..selectors import calendar as calendar_selectors
from ..selectors import catalogue as selectors
from ..services import calendar as calendar_services


def _out(command, options, rows, columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for row in rows:
        command.stdout.write("\t".join(str(row.get(c, "")) for c in columns))


def _department(ref: str) -> str:
    if not ref:
        return ""
    if ref.isdigit():
        return ref
    org = Organization.objects.filter(name=ref).first() or Organization.objects.filter(aliases__alias=ref).first()
    if org is None:
        raise CommandError(f"no organization named {ref}")
    return str(org.pk)


def _items(command, options):
    if options.get("type") and options["type"] not in ServiceItem.Type.values:
        raise CommandError(f"--type must be one of {', '.join(ServiceItem.Type.values)}")
    if options.get("status") and options["status"] not in ServiceItem.Status.values:
        raise CommandError(f"--status must be one of {', '.join(ServiceItem.Status.values)}")
    qs = selectors.item_search(
        selectors.items_all(),
        q=options.get("q") or "",
        department=_department(options.get("department") or ""),
        type=options.get("type") or "",
        channel=options.get("channel") or "",
        status=options.get("status") or "",
    )
    rows = [
        {
            "code": i.code,
            "name": i.name,
            "type": i.type,
            "department": i.department.name,
            "status": i.status,
            "clock": i.clock,
            "statutory_days": i.statutory_days,
            "promised_days": i.promised_days,
            "parallel": [d.name for d in i.branch_departments.all()],
            "flow_url": i.flow_url,
        }
        for i in qs
    ]
    _out(command, options, rows, ["code", "type", "status", "statutory_days", "promised_days", "department", "name"])


def _item(command, options):
    item = selectors.item_by_code(options["code"])
    if item is None:
        raise CommandError(f"no service item with code {options['code']}")
    data = {
        "code": item.code,
        "name": item.name,
        "type": item.type,
        "department": item.department.name,
        "status": item.status,
        "legal_basis": item.legal_basis,
        "conditions": item.conditions,
        "clock": item.clock,
        "statutory_days": item.statutory_days,
        "promised_days": item.promised_days,
        "extension_days": item.extension_days,
        "acceptance_days": item.acceptance_days,
        "pauses_allowed": item.pauses_allowed,
        "parallel": [d.name for d in item.branch_departments.all()],
        "branch_days": item.branch_days,
        "flow_url": item.flow_url,
        "link": selectors.apply_link(item),
        "clock_words": [str(w) for w in selectors.clock_words(item)],
        "materials": [
            {"name": m.name, "required": m.required, "may_defer": m.may_defer, "template": bool(m.template)}
            for m in selectors.materials(item)
        ],
    }
    if options.get("format") == "json":
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key in ("code", "name", "department", "status", "statutory_days", "promised_days", "parallel", "link"):
        command.stdout.write(f"{key}\t{data[key]}")
    for words in data["clock_words"]:
        command.stdout.write(f"clock\t{words}")
    for m in data["materials"]:
        command.stdout.write(f"material\t{m['name']}\t{'容缺' if m['may_defer'] else ''}")


def _powers(command, options):
    rows = [
        {
            "department": e.department.name,
            "name": e.name,
            "type": e.type,
            "basis": e.basis,
            "item": e.item.code if e.item_id else "",
        }
        for e in selectors.powers(department=_department(options.get("department") or ""))
    ]
    _out(command, options, rows, ["department", "type", "name", "item", "basis"])


def _negative(command, options):
    if options.get("category") and options["category"] not in NegativeEntry.Category.values:
        raise CommandError(f"--category must be one of {', '.join(NegativeEntry.Category.values)}")
    rows = [
        {"category": e.category, "text": e.text, "basis": e.basis}
        for e in selectors.negatives(category=options.get("category") or "")
    ]
    _out(command, options, rows, ["category", "text", "basis"])


def _actor(username: str | None) -> User:
    qs = User.objects.filter(username=username) if username else User.objects.filter(role=Role.OFFICE_ADMIN)
    actor = qs.filter(is_active=True).order_by("id").first()
    if actor is None:
        raise CommandError(f"no active user {username or '(office admin)'}")
    return actor


def _calendar(command, options):
    year = options["year"]
    if not calendar_selectors.YEAR_MIN <= year <= calendar_selectors.YEAR_MAX:
        raise CommandError(f"--year must be between {calendar_selectors.YEAR_MIN} and {calendar_selectors.YEAR_MAX}")
    try:
        if options.get("add"):
            if options.get("workday") == options.get("holiday"):
                raise CommandError("give exactly one of --workday or --holiday with --add")
            first, _sep, last = options["add"].partition("..")
            saved = calendar_services.override_set(
                actor=_actor(options.get("as_user")),
                day=first,
                day_to=last or None,
                is_workday=bool(options.get("workday")),
                note=options.get("note") or "",
            )
            sys.stderr.write(f"{len(saved)} day(s) saved\n")
        elif options.get("remove"):
            calendar_services.override_remove(actor=_actor(options.get("as_user")), day=options["remove"])
            sys.stderr.write(f"{options['remove']} removed\n")
    except DomainError as e:
        details = "; ".join(str(d.get("message", "")) for d in e.detail)
        raise CommandError(f"{e.message} {details}".strip()) from e
    days = calendar_selectors.days_list(year)
    special = [d for d in days if d["kind"] in ("holiday", "makeup", "office")]
    if options.get("format") == "json":
        body = {
            "year": year,
            "known": workdays.known(year),
            "package": calendar_selectors.package_knows(year),
            "workdays": sum(d["workday"] for d in days),
            "days": special,
        }
        command.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        _out(command, options, special, ["day", "workday", "kind", "festival", "note"])
    if not workdays.known(year):
        sys.stderr.write(f"warning: {year} is known neither to chinese-calendar nor to the office: Mon-Fri assumed\n")


def add_parsers(sub) -> dict:
    p = sub.add_parser("items", help="服务事项清单")
    p.add_argument("--department", default="")
    p.add_argument("--type", default="")
    p.add_argument("--channel", default="")
    p.add_argument("--status", default="")
    p.add_argument("--q", default="")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("item", help="一个服务事项：材料、时限、计时规则")
    p.add_argument("code")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("powers", help="权责清单")
    p.add_argument("--department", default="")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("negative", help="负面清单")
    p.add_argument("--category", default="")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p = sub.add_parser("calendar", help="工作日历：节假日、调休上班日和办公室的调整")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--add", default="", help="DATE or DATE..DATE (YYYY-MM-DD)")
    p.add_argument("--remove", default="", help="DATE (YYYY-MM-DD)")
    p.add_argument("--workday", action="store_true")
    p.add_argument("--holiday", action="store_true")
    p.add_argument("--note", default="")
    p.add_argument("--as", dest="as_user", default=None, help="office admin recorded in the audit trail")
    p.add_argument("--format", choices=("json", "table"), default="table")
    return {"items": _items, "item": _item, "powers": _powers, "negative": _negative, "calendar": _calendar}
