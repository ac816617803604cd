import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import DomainError
from innozone.ledger import selectors, services, signing
from innozone.ledger.outbox import checkpoint_publish
from innozone.ledger.tasks import checkpoint
from innozone.ledger.verify import verify
from innozone.ledger.witness import WitnessBreak, WitnessStore, from_url, witness_check


class Command(BaseCommand):
    help = (
        "The tamper-evident ledger: `ledger head`, `ledger prove INDEX`, `ledger consistency OLD NEW`, "
        "`ledger verify`, `ledger checkpoint [--enqueue]`, `ledger public-key`, "
        "`ledger witness --store DIR (--url URL | --db)`."
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
        check = sub.add_parser(
            "verify", help="recompute everything from the stored events; exit 1 naming the first problem"
        )
        check.add_argument(
            "--public-key", type=Path, help="check signed heads with this public key (PEM or base64), no private key"
        )
        point = sub.add_parser("checkpoint", help="write each new signed head to the outbox (and POST it)")
        point.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend")
        sub.add_parser("public-key", help="print the public key (PEM) a witness needs")
        wit = sub.add_parser("witness", help="check the log's checkpoint against those seen before; exit 1 on a break")
        wit.add_argument("--store", required=True, type=Path, help="folder of the checkpoints this witness has seen")
        wit.add_argument("--public-key", type=Path, help="the log's public key (PEM or base64), needed the first time")
        source = wit.add_mutually_exclusive_group(required=True)
        source.add_argument("--url", help="the platform's address, e.g. https://innozone.example.gov.cn")
        source.add_argument("--db", action="store_true", help="read this platform's own database")

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"].replace("-", "_"))(opts)
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

        key = signing.load_public_key(opts["public_key"].read_bytes()) if opts.get("public_key") else None
        report = verify(progress=progress, public_key=key)
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

    def _checkpoint(self, opts):
        if opts["enqueue"]:
            self.stdout.write(f"enqueued {checkpoint.enqueue().id}")
            return
        written = checkpoint_publish()
        self.stdout.write(f"{len(written)} new checkpoints in the outbox" + "".join(f"\n  {n}" for n in written))

    def _public_key(self, opts):
        self.stdout.write(signing.public_key_pem(services.signing_key()), ending="")

    def _witness(self, opts):
        store = WitnessStore(opts["store"])
        try:
            given = signing.load_public_key(opts["public_key"].read_bytes()) if opts["public_key"] else None
            key = store.public_key(given)
            text, consistency = from_url(opts["url"]) if opts["url"] else _from_db()
            self.stdout.write(witness_check(store, key, text, consistency))
        except (WitnessBreak, DomainError, ValueError, OSError) as e:
            self.stderr.write(f"WITNESS: {e}")
            sys.exit(1)


def _from_db():
    def consistency(old: int, new: int) -> list[bytes]:
        return [bytes.fromhex(h) for h in selectors.consistency(old, new)["proof"]]

    return services.checkpoint_text(services.head_sign_current()), consistency
