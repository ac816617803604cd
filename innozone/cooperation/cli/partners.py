"""`python -m innozone cooperation …` subcommands of the partners part:

cooperation partners [--country KZ] [--kind university] [--belt-and-road yes|no] [--format json|table]
    the foreign partners with their agreement and project counts.
cooperation stats [--format json|table]
    partners, agreements, projects, amounts and foreign experts by country; Belt-and-Road share.
cooperation agreements [--expiring] [--format json|table]
    the agreements (with the expiry state).
cooperation daily
    inbox notices to the organizations of agreements ending within the warning window (once per agreement).

Reads are made as the office (`--user NAME` to read as another account: what that user may see).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import CommandError

from innozone.core.models import User

from ..engine import countries
from ..models import Partner
from ..selectors import partners as selectors
from ..services import partners as services


def add_parsers(sub) -> dict:
    p = sub.add_parser("partners", help="国外合作伙伴（国家、类型、一带一路）")
    p.add_argument("--country", default="", help="两位字母的国家代码，如 KZ")
    p.add_argument("--kind", default="", choices=["", *Partner.Kind.values])
    p.add_argument("--belt-and-road", default="", choices=["", "yes", "no"], dest="belt_and_road")
    p.add_argument("--format", choices=("json", "table"), default="table")
    s = sub.add_parser("stats", help="国别统计：合作伙伴、协议、项目、金额、外籍专家，一带一路占比")
    s.add_argument("--user", default="", help="按该账号的可见范围统计（默认办公室）")
    s.add_argument("--format", choices=("json", "table"), default="table")
    a = sub.add_parser("agreements", help="国际合作协议（含到期提示）")
    a.add_argument("--expiring", action="store_true", help="仅即将到期或已过到期日的执行中协议")
    a.add_argument("--user", default="")
    a.add_argument("--format", choices=("json", "table"), default="table")
    sub.add_parser("daily", help="协议到期提醒（站内通知，每份协议每个到期日一次）")
    return {"partners": partners_cmd, "stats": stats_cmd, "agreements": agreements_cmd, "daily": daily_cmd}


def _reader(name: str):
    if name:
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {name!r}")
        return user
    user = User.objects.filter(role="office_admin", is_active=True).order_by("pk").first()
    user = user or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("no office administrator account: pass --user NAME")
    return user


def _write(command, options, rows: list[dict], columns: list[str]) -> None:
    if options.get("format") == "json":
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    command.stdout.write("\t".join(columns))
    for r in rows:
        command.stdout.write("\t".join("" if r.get(c) is None else str(r.get(c)) for c in columns))


def partners_cmd(command, options) -> None:
    country = options.get("country") or ""
    if country and not countries.is_code(country):
        raise CommandError(f"--country {country!r} is not a two-letter ISO 3166-1 code")
    bri = {"yes": "1", "no": "0"}.get(options.get("belt_and_road") or "", "")
    qs = selectors.partners_search(country=country, kind=options.get("kind") or "", belt_and_road=bri)
    rows = [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "country_name": countries.name(p.country),
            "belt_and_road": p.belt_and_road,
            "agreements": p.n_agreements,
            "projects": p.n_projects,
        }
        for p in qs
    ]
    _write(command, options, rows, ["id", "country", "name", "kind", "belt_and_road", "agreements", "projects"])


def stats_cmd(command, options) -> None:
    data = selectors.stats_by_country(_reader(options.get("user") or ""))
    if options.get("format") == "json":
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    columns = ["country", "name", "belt_and_road", "partners", "agreements", "projects", "amount", "experts"]
    _write(command, options, data["rows"], columns)
    t = data["totals"]
    command.stdout.write(
        f"total\t\t\t{t['partners']}\t{t['agreements']}\t{t['projects']}\t{t['amount']}\t{t['experts']}"
    )
    share = data["share"]
    command.stdout.write(f"belt_and_road_share\tpartners {share['partners']}%\tprojects {share['projects']}%")


def agreements_cmd(command, options) -> None:
    user = _reader(options.get("user") or "")
    rows = selectors.with_expiry(selectors.agreements_search(user, expiring=bool(options.get("expiring"))))
    out = [
        {
            "id": a.pk,
            "title": a.title,
            "partner": a.partner.name,
            "organization": a.organization.name,
            "signed_on": a.signed_on,
            "expires_on": a.expires_on,
            "state": a.expiry["state"],
            "days_left": a.expiry["days_left"],
        }
        for a in rows
    ]
    _write(command, options, out, ["id", "title", "partner", "organization", "expires_on", "state", "days_left"])


def daily_cmd(command, options) -> None:
    n = services.expiry_notices()
    sys.stderr.write(f"cooperation daily: {n} agreement(s) noticed\n")
    command.stdout.write(str(n))
