import json
import sys

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import DomainError
from innozone.ledger import selectors, services
from innozone.ledger.verify import verify


class Command(BaseCommand):
    help = (
        "The tamper-evident ledger: `ledger head`, `ledger prove INDEX`, `ledger consistency OLD NEW`, `ledger verify`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("head", help="sign (if the log grew) and print the latest tree head")
        prove = sub.add_parser("prove", help="inclusion proof of one entry")
        prove.add_argument("index", type=int)
        prove.add_argument("--tree-size", type=int, default=None)
        cons = sub.add_parser("consistency", help="consistency proof between two tree sizes")
        cons.add_argument("old", type=int)
        cons.add_argument("new", type=int)
        sub.add_parser("verify", help="recompute everything from the stored events; exit 1 naming the first problem")

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"])(opts)
        except DomainError as e:
            raise CommandError(f"{e.message} {e.detail}") from e

    def _print(self, data):
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _head(self, opts):
        self._print(services.head_as_dict(services.head_sign_current()))

    def _prove(self, opts):
        self._print(selectors.inclusion(opts["index"], opts["tree_size"]))

    def _consistency(self, opts):
        self._print(selectors.consistency(opts["old"], opts["new"]))

    def _verify(self, opts):
        def progress(n):
            self.stderr.write(f"  {n:,} entries checked")

        report = verify(progress=progress)
        if report.ok:
            self.stdout.write(
                f"ok: {report.entries} entries, root {report.root.hex()}, {report.heads_checked} signed heads verified"
            )
            return
        self.stderr.write(f"LEDGER VERIFY FAILED: {report.problems[0]}")
        for problem in report.problems[1:20]:
            self.stderr.write(f"  also: {problem}")
        if len(report.problems) > 20:
            self.stderr.write(f"  … {len(report.problems) - 20} more")
        sys.exit(1)
