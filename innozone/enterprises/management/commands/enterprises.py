"""`python -m innozone enterprises assess FILE [--as-of YYYY-MM-DD] [--format json|table]`.

The self-assessment contract (columns, codes, output) is in docs/enterprises.md. A file with any bad row is not
assessed: every problem is reported (JSON `{"errors": […]}` on stdout, or `row N, column: message` lines on
stderr) and the command fails with CommandError, i.e. exit status 1.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed
from innozone.core.uploads import archive_check
from innozone.enterprises.engine.assess import assess_hnte, assess_tsme
from innozone.enterprises.engine.table import read_table


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise CommandError(f"--as-of: not a date (YYYY-MM-DD): {text}") from e


class Command(BaseCommand):
    help = "Enterprise registry: `enterprises assess FILE` (高企 and 科小 self-assessment of a CSV or Excel file)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="check every row against the 高企 and 科小 conditions; nothing is saved")
        assess.add_argument("file", help="CSV (UTF-8) or .xlsx with the columns of docs/enterprises.md")
        assess.add_argument("--as-of", default=None, help="assessment date, YYYY-MM-DD (default: today)")
        assess.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **opts):
        getattr(self, "_" + opts["action"])(opts)

    def _assess(self, opts):
        as_of = _day(opts["as_of"]) if opts["as_of"] else timezone.localdate()
        path = Path(opts["file"])
        if not path.is_file():
            self._refuse(opts, [{"row": 1, "column": "", "message": _("文件不存在：%(p)s") % {"p": path}}])

        def archive_problem(data: bytes) -> str | None:
            try:
                archive_check(data, name=path.name)
            except ValidationFailed as e:
                return str(e.message)
            return None

        table = read_table(path, precheck=archive_problem)
        if table.errors:
            self._refuse(opts, [e.as_dict() for e in table.errors])
        results = [
            {
                "uscc": f.uscc,
                "name": f.name,
                "hnte": assess_hnte(f, as_of=as_of).as_dict(),
                "tsme": assess_tsme(f).as_dict(),
            }
            for f in table.figures
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            self._table(results, as_of)

    def _refuse(self, opts, errors: list[dict]):
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=2))
        else:
            for e in errors:
                self.stderr.write(f"row {e['row']}, {e['column']}: {e['message']}")
        raise CommandError(_("文件有 %(n)s 处错误，未作评价") % {"n": len(errors)})

    def _table(self, results: list[dict], as_of: date):
        self.stdout.write(_("评价日期 %(d)s，共 %(n)s 家企业") % {"d": as_of, "n": len(results)})
        for r in results:
            self.stdout.write("")
            self.stdout.write(f"{r['uscc']}  {r['name']}")
            hnte, tsme = r["hnte"], r["tsme"]
            self.stdout.write("  " + _("高新技术企业：%(v)s") % {"v": self._verdict(hnte)})
            for d in hnte["detail"]:
                self.stdout.write(f"    - [{d['code']}] {d['message']}")
            scores = tsme["scores"]
            line = _("科技型中小企业：%(v)s，得分 %(s)s（科技人员 %(a)s + 研发投入 %(b)s + 科技成果 %(c)s）") % {
                "v": self._verdict(tsme),
                "s": tsme["score"],
                "a": scores["sci_staff"],
                "b": scores["rd"],
                "c": scores["ip"],
            }
            self.stdout.write("  " + line)
            for d in tsme["detail"]:
                self.stdout.write(f"    - [{d['code']}] {d['message']}")

    @staticmethod
    def _verdict(result: dict) -> str:
        return _("符合条件") if result["eligible"] else _("不符合条件")
