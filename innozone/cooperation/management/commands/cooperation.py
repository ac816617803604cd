"""python -m innozone cooperation <subcommand> …"""

from django.core.management.base import BaseCommand, CommandError

from innozone.cooperation.cli import partners


class Command(BaseCommand):
    help = "国际合作：国外合作伙伴、合作协议、国际项目、合作基地、国别统计"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (partners,):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
