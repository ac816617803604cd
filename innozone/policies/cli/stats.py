"""`python -m innozone policies …` subcommands of the stats part:

policies stats [--year Y] [--format json|table]
    published policies and clauses (by level and kind), 免申即享 clauses, lists by status and the grants of the
    year (count, amount, 免申即享 share, paid, enterprises; by month and by clause).
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils import timezone

from ..selectors.stats import policy_stats


def add_parsers(sub) -> dict:
    p = sub.add_parser("stats", help="政策统计：已发布政策与条款、免申即享清单与兑现笔数/金额")
    p.add_argument("--year", type=int, help="兑现年度（默认今年）")
    p.add_argument("--format", choices=("json", "table"), default="table")
    return {"stats": stats_cmd}


def stats_cmd(command, options) -> None:
    year = options.get("year") or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise CommandError(f"--year {year} is out of range (2000–2100)")
    data = policy_stats(year=year)
    if options.get("format") == "json":
        command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    g = data["grants"]
    lines = [
        ("year", data["year"]),
        ("policies_published", data["policies_published"]),
        ("clauses_published", data["clauses_published"]),
        ("clauses_no_application", data["clauses_no_application"]),
        ("grants", g["count"]),
        ("grants_amount", g["amount"]),
        ("no_application_grants", g["no_application_count"]),
        ("no_application_amount", g["no_application_amount"]),
        ("paid", g["paid_count"]),
        ("paid_amount", g["paid_amount"]),
        ("enterprises", g["enterprises"]),
    ]
    for name, value in lines:
        command.stdout.write(f"{name}\t{value}")
    for r in data["by_clause"]:
        command.stdout.write(f"clause\t{r['clause_id']}\t{r['clause']}\t{r['count']}\t{r['amount']}")
