import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import DomainError
from innozone.core.models import User
from innozone.plans.exports import plan_structure
from innozone.plans.importing import guess_kind, plan_import, read_upload
from innozone.plans.parsing import parse_text
from innozone.plans.selectors import plan_by_year


class Command(BaseCommand):
    help = (
        "Work plans: `plan export --year 2020`, `plan parse FILE --format json`, "
        "`plan import FILE --year 2020 [--dry-run]`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="print a plan's tasks, units and indicators")
        export.add_argument("--year", type=int, required=True)
        export.add_argument("--title", default=None, help="when a year has several plans")
        export.add_argument("--format", choices=["json"], default="json")
        parse = sub.add_parser("parse", help="parse a plan document (.txt or .docx) and print its structure")
        parse.add_argument("file")
        parse.add_argument("--format", choices=["json", "text"], default="json")
        parse.add_argument("--year", type=int, default=None, help="plan year, when the text does not say")
        parse.add_argument("--spans", action="store_true", help="include the source spans of every field")
        imp = sub.add_parser("import", help="parse a plan document and save it as a plan")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, default=None)
        imp.add_argument("--title", default="", help="plan title (default: read from the document)")
        imp.add_argument("--issuer", default="", help="issuing organization (name or alias)")
        imp.add_argument("--actor", default=None, help="username recorded in the audit trail (an office admin)")
        imp.add_argument("--no-new-units", action="store_true", help="refuse names that match no organization")
        imp.add_argument("--dry-run", action="store_true", help="run every check, print the result, save nothing")

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"])(opts)
        except DomainError as e:
            lines = [str(e.message)] + [f"  {d.get('row', '')} {d.get('field', '')}: {d['message']}" for d in e.detail]
            raise CommandError("\n".join(lines)) from e

    def _export(self, opts):
        plan = plan_by_year(opts["year"], opts["title"])
        self.stdout.write(json.dumps(plan_structure(plan), ensure_ascii=False, indent=2))

    def _read(self, path: str) -> str:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"no such file: {path}")
        return read_upload(file.name, file.read_bytes())

    def _parse(self, opts):
        parsed = parse_text(self._read(opts["file"]), year=opts["year"])
        if opts["format"] == "json":
            self.stdout.write(json.dumps(parsed.as_dict(spans=opts["spans"]), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{parsed.year} {parsed.title}: {len(parsed.tasks)} tasks")
        for t in parsed.tasks:
            self.stdout.write(
                f"{t.number}. lead={'、'.join(t.lead)} implementing={'、'.join(t.implementing)} "
                f"cooperating={'、'.join(t.cooperating)} deadline={t.deadline or '-'}"
            )
            for target in t.targets:
                self.stdout.write(
                    f"    {target.indicator} {target.comparator} {target.value}{target.unit} {target.split}"
                )
        for u in parsed.unplaced:
            self.stdout.write(f"unplaced line {u.line}: {u.text[:60]}")

    def _import(self, opts):
        result = plan_import(
            actor=self._actor(opts["actor"]),
            text=self._read(opts["file"]),
            year=opts["year"],
            title=opts["title"],
            issuer=opts["issuer"],
            create_units=not opts["no_new_units"],
            dry_run=opts["dry_run"],
        )
        for r in result.units.values():
            target = r.organization.name if r.organization else f"(new, {guess_kind(r.name)})"
            self.stdout.write(f"  {r.how:<6} {r.name} → {target}")
        summary = f"{result.year} {result.title}: {result.tasks} tasks, {result.indicators} indicators"
        if result.dry_run:
            self.stdout.write(f"dry run, nothing saved: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"imported {summary} (id {result.id})"))

    def _actor(self, username: str | None) -> User:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("id").first()
        if actor is None:
            raise CommandError("no actor: pass --actor USERNAME (an office admin) or create a superuser")
        return actor
