"""python -m innozone funds <subcommand> …: special funds from the command line (see docs/funds.md)."""

from django.core.management.base import BaseCommand, CommandError

from innozone.funds.cli import calls, daily, projects, reviews


class Command(BaseCommand):
    help = "专项资金：申报通知、资格测算、专家抽取、决策材料、拨付与档案导出"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (calls, reviews, projects, daily):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
