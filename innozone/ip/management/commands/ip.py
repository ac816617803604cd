"""python -m innozone ip <subcommand> …"""

from django.core.management.base import BaseCommand, CommandError

from innozone.ip.cli import assets


class Command(BaseCommand):
    help = "知识产权：专利、商标、软著、年费、质押、导入与试点园区指标"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (assets,):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
