"""`python -m innozone experts …`: the expert pool from the command line.

- `draw --items FILE --size N [--reserves R] [--seed S] [--preset NAME] [--purpose TEXT] [--on YYYY-MM-DD]
  [--user USERNAME] [--assign] [--format json|table]`: draw a panel for every item of FILE (CSV, UTF-8, header
  `ref,field,organization_uscc,people`; `people` separated by `;`, `；`, `、` or `|`) from the expert pool. Output
  (json): `[{"item", "experts": [{"id", "name", "organization", "fields"}], "reserves": [...], "excluded":
  [{"id", "reason"}]}]`. The same seed, items and pool give the same result. Every draw is recorded (the seed,
  the pool's digest and the result as a ledger event); `--assign` also gives the panel members review
  assignments (they then count towards the yearly cap, so later draws see them). A draw the pool cannot fill
  prints every item it cannot fill, with its field, on stderr and exits with status 1; nothing is recorded.
- `missed`: assignments past their deadline without a review become missed (daily).
"""

import csv
import io
import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innozone.core.errors import ValidationFailed
from innozone.core.models import User
from innozone.talent.panel_rules import presets, rules_for
from innozone.talent.services import draws, reviews

MAX_BYTES = 5 * 1024 * 1024


def read_items(path: str) -> list[draws.ItemInput]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"--items: no such file: {path}")
    if file.stat().st_size > MAX_BYTES:
        raise CommandError(f"--items: file larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CommandError("--items: the file is not UTF-8 text (save the CSV as UTF-8)") from e
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    # every column is required: without organization_uscc or people (a misnamed column) the draw would
    # silently skip the applicant's and the people's conflicts
    missing = [c for c in ("ref", "field", "organization_uscc", "people") if c not in header]
    if missing:
        raise CommandError(
            f"--items: missing column(s) {', '.join(missing)}; expected ref,field,organization_uscc,people"
        )
    items = []
    for row in reader:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        items.append(draws.item_from_row(row["ref"], row["field"], row["organization_uscc"], row["people"]))
    return items


class Command(BaseCommand):
    help = "Expert pool: `experts draw --items FILE --size N` (reproducible, recorded panel draw), `experts missed`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        draw = sub.add_parser("draw", help="draw a review panel for every item of a CSV file")
        draw.add_argument("--items", required=True, help="CSV: ref,field,organization_uscc,people")
        draw.add_argument("--size", type=int, required=True, help="panel size (odd, at least 5 by default rules)")
        draw.add_argument("--reserves", type=int, default=None, help="reserves per item (default: the preset's)")
        draw.add_argument("--seed", default=None, help="random seed (default: a new random one, printed)")
        draw.add_argument("--preset", default="default", help="panel rules preset: " + ", ".join(sorted(presets())))
        draw.add_argument("--purpose", default="命令行抽取", help="what the draw is for (recorded)")
        draw.add_argument("--on", default=None, help="draw date, YYYY-MM-DD (conflict window, yearly cap)")
        draw.add_argument("--user", default=None, help="the office account running the draw (recorded)")
        draw.add_argument("--assign", action="store_true", help="also create review assignments")
        draw.add_argument("--format", choices=["json", "table"], default="json")
        sub.add_parser("missed", help="mark assignments past their deadline as missed")

    def handle(self, *args, **opts):
        if opts["action"] == "missed":
            self.stdout.write(f"missed: {reviews.assignments_mark_missed()}")
            return
        self._draw(opts)

    def _draw(self, opts):
        if opts["preset"] not in presets():
            raise CommandError(f"--preset: unknown preset {opts['preset']!r}; known: {', '.join(sorted(presets()))}")
        on = None
        if opts["on"]:
            try:
                on = date.fromisoformat(opts["on"])
            except ValueError as e:
                raise CommandError(f"--on: not a date (YYYY-MM-DD): {opts['on']}") from e
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"--user: no active account {opts['user']!r}")
        items = read_items(opts["items"])
        rules = rules_for(opts["preset"], size=opts["size"], reserves=opts["reserves"])
        try:
            draw = draws.draw_run(
                actor=actor,
                purpose=opts["purpose"],
                items=items,
                rules=rules,
                seed=opts["seed"],
                on=on,
                assign=opts["assign"],
            )
        except ValidationFailed as e:
            for d in e.detail:
                self.stderr.write(f"{d.get('field', '')}: {d['message']}")
            raise CommandError(str(e.message)) from e
        panels = [
            {
                "item": p["item"],
                "experts": p["experts"],
                "reserves": p["reserves"],
                "excluded": [{"id": x["id"], "reason": x["reason"]} for x in p["excluded"]],
            }
            for p in draw.result["panels"]
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(panels, ensure_ascii=False, indent=2))
        else:
            for p in panels:
                names = "、".join(f"{e['name']}（{e['organization']}）" for e in p["experts"])
                reserve = "、".join(e["name"] for e in p["reserves"])
                self.stdout.write(f"{p['item']}: {names}; reserves: {reserve}; excluded: {len(p['excluded'])}")
        self.stderr.write(f"draw #{draw.pk} seed={draw.seed} pool={draw.pool_size} digest={draw.pool_digest}")
