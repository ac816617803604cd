"""`python -m innozone finance …`: technology finance from the command line.

- `stats [--year Y] [--format table|json]`: loans, defaults, compensation, subsidies and investments by bank,
  city and park (selectors.finance_stats). JSON: {"year", "total", "by_bank", "by_city", "by_park", "by_year"}.
- `claims-due [--within N] [--format table|json]`: open claims whose clock (the trustee's check, then the
  approval) ends within N days (default 0: due today or overdue). Exit status 0 either way.
"""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.utils import timezone

from innozone.finance import selectors


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Command(BaseCommand):
    help = "Technology finance: `finance stats --year Y`, `finance claims-due`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        stats = sub.add_parser("stats", help="statistics by bank, city and park")
        stats.add_argument("--year", type=int, default=None)
        stats.add_argument("--format", choices=["table", "json"], default="table")
        due = sub.add_parser("claims-due", help="open claims whose clock ends within N days")
        due.add_argument("--within", type=int, default=0)
        due.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        if options["subcommand"] == "stats":
            return self._stats(options)
        return self._due(options)

    def _stats(self, options):
        stats = _plain(selectors.finance_stats(options["year"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        t = stats["total"]
        self.stdout.write(
            f"year {stats['year'] or 'all'}: {t['loans']} loans, {t['amount']} yuan, avg rate {t['avg_rate']}, "
            f"{t['defaults']} defaults, compensation {t['compensation']}, subsidies {t['subsidies']}, "
            f"{t['investments']} investments ({t['invested']}), {t['exits']} exits ({t['exit_amount']})"
        )
        for title in ("by_bank", "by_city", "by_park"):
            self.stdout.write(f"-- {title}")
            for r in stats[title]:
                self.stdout.write(
                    f"{r['loans']:>5} {r['amount']:>18} {r['avg_rate'] or '-':>7} {r['defaults']:>4} "
                    f"{r['compensation']:>14} {r['subsidies']:>12}  {r['name']}"
                )

    def _due(self, options):
        rows = selectors.claims_due(timezone.localdate(), within=max(0, options["within"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("no claim due")
        for r in rows:
            flag = "OVERDUE" if r["overdue"] else ""
            self.stdout.write(
                f"{r['due']} {r['stage']:8} {r['computed']:>14} {r['contract_no']:20} {r['bank']} / "
                f"{r['enterprise']} {flag}".rstrip()
            )
