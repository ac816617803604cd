import json

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import DomainError
from innozone.plans.exports import plan_structure
from innozone.plans.selectors import plan_by_year


class Command(BaseCommand):
    help = "Work plans: `plan export --year 2020 --format json`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="print a plan's tasks, units and indicators")
        export.add_argument("--year", type=int, required=True)
        export.add_argument("--title", default=None, help="when a year has several plans")
        export.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **opts):
        if opts["action"] == "export":
            try:
                plan = plan_by_year(opts["year"], opts["title"])
            except DomainError as e:
                raise CommandError(str(e.message)) from e
            self.stdout.write(json.dumps(plan_structure(plan), ensure_ascii=False, indent=2))
