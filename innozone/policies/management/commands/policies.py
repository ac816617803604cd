"""python -m innozone policies <subcommand> …: the policy library and matching from the command line
(see docs/policies.md)."""

from django.core.management.base import BaseCommand, CommandError

from innozone.policies.cli import library, matching, stats


class Command(BaseCommand):
    help = "政策库：政策检索、政策计算器（匹配）、符合条件企业、免申即享清单"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        self.handlers = {}
        for part in (library, matching, stats):
            self.handlers.update(part.add_parsers(sub))

    def handle(self, *args, **options):
        name = options["subcommand"]
        if name not in self.handlers:
            raise CommandError(f"unknown subcommand {name}")
        return self.handlers[name](self, options)
