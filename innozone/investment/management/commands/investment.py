"""python -m innozone investment <subcommand> …"""

from django.core.management.base import BaseCommand, CommandError

from innozone.investment.cli import chains, projects


class Command(BaseCommand):
    help = "产业链招商：产业链图谱、招商目标、项目推进、到位资金、节会"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (
            chains,
            projects,
        ):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
