"""python -m innozone onestop <subcommand> …: the service catalogue, cases and their clocks, statistics
(see docs/onestop.md)."""

from django.core.management.base import BaseCommand, CommandError

from innozone.onestop.cli import cases, catalogue, stats


class Command(BaseCommand):
    help = "一网通办：事项清单、工作日历、办件与法定时限、统计"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (catalogue, cases, stats):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
