"""`python -m innozone platforms …`: innovation platforms from the command line.

- `evaluate --year Y [--kind CODE] [--framework FILE] [--dry-run] [--format table|json] [--as USERNAME]`: the
  annual evaluation (services.evaluation.assessment_run); FILE is a JSON framework/grading configuration (see
  platforms/frameworks.py). JSON output: {"year", "results": [{platform, name, kind, group, score, rank, grade,
  consequence, status}], "absent": [...], "counts": {...}, "dry_run"}. Refusals exit with status 1, every
  problem on stderr.

Adding a subcommand is one function: `@subcommand("name", help=…)` on `def name(cmd, opts)` with its
arguments declared by an `arguments(parser)` function passed to the decorator.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError
from innozone.core.models import User
from innozone.platforms import frameworks
from innozone.platforms.models import Kind
from innozone.platforms.services.evaluation import assessment_run

SUBCOMMANDS: dict = {}


def subcommand(name: str, *, help: str, arguments=None):
    def register(fn):
        SUBCOMMANDS[name] = (fn, help, arguments)
        return fn

    return register


def _actor(username: str | None) -> User:
    qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
    actor = qs.order_by("id").first()
    if actor is None:
        raise CommandError(_("找不到执行用户：%(u)s") % {"u": username or "superuser"})
    return actor


def _evaluate_arguments(parser):
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--kind", default=None, help="platform kind code, e.g. incubator (default: every kind)")
    parser.add_argument("--framework", default=None, help="JSON file with frameworks and grading")
    parser.add_argument("--dry-run", action="store_true", help="score and grade, save nothing")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--as", dest="as_user", default=None, help="office admin recorded (default: a superuser)")


@subcommand("evaluate", help="annual evaluation of the platforms for a year", arguments=_evaluate_arguments)
def evaluate(cmd, opts):
    config = frameworks.config_from_file(opts["framework"]) if opts["framework"] else None
    kind = None
    if opts["kind"]:
        kind = Kind.objects.filter(code=opts["kind"]).first()
        if kind is None:
            raise CommandError(_("没有代码为 %(k)s 的平台类型") % {"k": opts["kind"]})
    outcome = assessment_run(
        actor=_actor(opts["as_user"]), year=opts["year"], kind=kind, framework=config, dry_run=opts["dry_run"]
    )
    outcome["dry_run"] = opts["dry_run"]
    if opts["format"] == "json":
        cmd.stdout.write(json.dumps(outcome, ensure_ascii=False, indent=2))
        return
    cmd.stdout.write(
        _("%(y)s年度平台评价：%(n)s个参评，%(a)s个未填报")
        % {"y": outcome["year"], "n": len(outcome["results"]), "a": len(outcome["absent"])}
    )
    for r in outcome["results"]:
        cmd.stdout.write(
            f"{r['group']:8} {r['rank']:>4} {r['score']:>7} {r['grade']:9} {r['consequence']:8} {r['name']}"
        )
    for a in outcome["absent"]:
        cmd.stdout.write(_("未参加：%(n)s") % {"n": a["name"]})


class Command(BaseCommand):
    help = "Innovation platforms: `platforms evaluate --year Y` (annual evaluation)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, (_fn, text, arguments) in SUBCOMMANDS.items():
            p = sub.add_parser(name, help=text)
            if arguments:
                arguments(p)

    def handle(self, *args, **opts):
        fn = SUBCOMMANDS[opts["action"]][0]
        try:
            fn(self, opts)
        except DomainError as e:
            for d in e.detail:
                self.stderr.write(f"{d.get('field', '')}: {d['message']}")
            raise CommandError(str(e.message)) from e
