import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import DomainError
from innozone.core.models import User
from innozone.core.uploads import archive_check
from innozone.market import matching, services


class Command(BaseCommand):
    help = "Technology market: `market import FILE` (CSV or Excel), `market match --text …`, `market terms add WORD…`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import listings; nothing is saved if any row is bad")
        imp.add_argument("file")
        imp.add_argument("--actor", default=None, help="office admin recorded in the audit trail")
        imp.add_argument("--pending", action="store_true", help="import for review instead of publishing")
        m = sub.add_parser("match", help="rank listings for a text")
        m.add_argument("--text", required=True)
        m.add_argument("--kind", choices=["achievement", "service", "instrument", "expert", "demand"])
        m.add_argument("--field", default="")
        m.add_argument("--region", default="")
        m.add_argument("--top", type=int, default=10)
        m.add_argument("--format", choices=["json", "text"], default="json")
        t = sub.add_parser("terms", help="extend the tokenizer's dictionary")
        t.add_argument("op", choices=["add"])
        t.add_argument("words", nargs="+")
        t.add_argument("--actor", default=None)

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"])(opts)
        except DomainError as e:
            lines = [str(e.message)] + [
                f"  row {d.get('row', '-')} {d.get('field', '')}: {d['message']}" for d in e.detail
            ]
            raise CommandError("\n".join(lines)) from e

    def _actor(self, username):
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("id").first() or User.objects.filter(role="office_admin").order_by("id").first()
        if actor is None:
            raise CommandError("no actor: pass --actor USERNAME (an office admin)")
        return actor

    def _import(self, opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        rows = read_rows(path)
        count = services.listings_import(
            actor=self._actor(opts["actor"]),
            rows=rows,
            publish=not opts["pending"],
            progress=lambda n: self.stderr.write(f"  {n} rows analysed"),
        )
        self.stdout.write(self.style.SUCCESS(f"imported {count} listings"))

    def _match(self, opts):
        kinds = [opts["kind"]] if opts["kind"] else list(matching.SOLVERS)
        hits = matching.match(
            text=opts["text"], field=opts["field"], region=opts["region"], kinds=kinds, top=opts["top"]
        )
        out = [
            {"kind": h.kind, "id": h.id, "title": h.title, "score": round(h.score, 4), "reasons": h.reasons}
            for h in hits
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            for h in out:
                self.stdout.write(
                    f"{h['score']:.3f} {h['kind']:<11} {h['id']:>6} {h['title']}  {'；'.join(h['reasons'])}"
                )

    def _terms(self, opts):
        added = services.terms_add(actor=self._actor(opts["actor"]), words=opts["words"])
        self.stdout.write(f"added {added} terms")


def read_rows(path: Path) -> list[dict]:
    """Rows of a CSV (UTF-8 or GB18030) or Excel file as dicts keyed by the header row."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        archive_check(path, name=path.name)
        ws = load_workbook(path, read_only=True, data_only=True).active
        it = ws.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(it, [])]
        return [
            {**dict(zip(header, ("" if v is None else v for v in row), strict=False)), "_row": n}
            for n, row in enumerate(it, start=2)
            if any(v not in (None, "") for v in row)
        ]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CommandError("cannot decode the CSV: use UTF-8 or GB18030")
    reader = csv.DictReader(text.splitlines())
    rows = []
    for row in reader:
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            rows.append({**{k.strip(): (v or "").strip() for k, v in row.items() if k}, "_row": reader.line_num})
    return rows
