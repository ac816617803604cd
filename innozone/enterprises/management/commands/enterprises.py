"""`python -m innozone enterprises …`: the registry from the command line.

- `assess FILE [--as-of YYYY-MM-DD] [--format json|table]`: the self-assessment contract (columns, codes,
  output) in docs/enterprises.md. A file with any bad row is not assessed: every problem is reported (JSON
  `{"errors": […]}` on stdout, or `row N, column: message` lines on stderr) and the command fails with
  CommandError, i.e. exit status 1.
- `import FILE [--dry-run] [--as USERNAME]`: a workbook (sheets 企业 and 年度数据) or a CSV, all or nothing
  (services.read_workbook, then services.enterprises_import); every bad row on stderr as
  `sheet, row N, field: message`, exit status 1. `--dry-run` checks and counts, saves nothing.
- `export [--format xlsx|json] [--out FILE]`: the whole registry list (xlsx through core.exports: user text
  stays text).
- `remind [--on YYYY-MM-DD] [--enqueue]`: expire qualifications past their validity, then send the 6- and
  3-month reminders (`--enqueue`: as a task for the worker).
- `related A B`: two organizations by USCC or name: why they are related parties, or "not related".
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError, ValidationFailed, ensure_allowed
from innozone.core.models import User
from innozone.core.uploads import archive_check
from innozone.enterprises import exports, selectors, services
from innozone.enterprises.engine.assess import assess_hnte, assess_tsme
from innozone.enterprises.engine.identity import normalize_uscc
from innozone.enterprises.engine.table import read_table
from innozone.enterprises.models import Enterprise
from innozone.enterprises.permissions import can_import


def _day(text: str, option: str = "--as-of") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise CommandError(f"{option}: not a date (YYYY-MM-DD): {text}") from e


def _problem_line(d: dict) -> str:
    where = ", ".join(str(p) for p in (d.get("sheet"), f"row {d['row']}" if d.get("row") else None) if p)
    return f"{where + ', ' if where else ''}{d.get('field', '')}: {d['message']}"


class Command(BaseCommand):
    help = (
        "Enterprise registry: `enterprises assess FILE` (高企 and 科小 self-assessment of a CSV or Excel file), "
        "`import FILE`, `export`, `remind`, `related A B`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="check every row against the 高企 and 科小 conditions; nothing is saved")
        assess.add_argument("file", help="CSV (UTF-8) or .xlsx with the columns of docs/enterprises.md")
        assess.add_argument("--as-of", default=None, help="assessment date, YYYY-MM-DD (default: today)")
        assess.add_argument("--format", choices=["json", "table"], default="table")
        imp = sub.add_parser("import", help="import a workbook or CSV; nothing is saved if any row is bad")
        imp.add_argument("file", help=".xlsx with sheets 企业 and/or 年度数据, or a CSV of either (UTF-8)")
        imp.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        imp.add_argument("--as", dest="as_user", default=None, help="office admin recorded in the audit trail")
        exp = sub.add_parser("export", help="the registry list as a workbook or JSON")
        exp.add_argument("--format", choices=["xlsx", "json"], default=None, help="default: by --out, else json")
        exp.add_argument("--out", default=None, help="file to write (required for xlsx); default: stdout")
        remind = sub.add_parser("remind", help="expire qualifications, then send the 6- and 3-month reminders")
        remind.add_argument("--on", default=None, help="the day to act as of, YYYY-MM-DD (default: today)")
        remind.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend (db_worker)")
        rel = sub.add_parser("related", help="are two organizations related parties, and why")
        rel.add_argument("a", help="USCC or name (a former name too)")
        rel.add_argument("b", help="USCC or name (a former name too)")

    def handle(self, *args, **opts):
        try:
            getattr(self, "_" + opts["action"])(opts)
        except DomainError as e:
            for d in e.detail:
                self.stderr.write(_problem_line(d))
            raise CommandError(str(e.message)) from e

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

    # --- import, export, reminders, related parties -----------------------------------------------------

    def _actor(self, username: str | None) -> User:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("id").first()
        if actor is None and not username:
            actor = User.objects.filter(role="office_admin", is_active=True).order_by("id").first()
        if actor is None:
            raise CommandError(f"no such user: {username}" if username else "no actor: pass --as USERNAME")
        return actor

    def _import(self, opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("文件不存在：%(p)s") % {"p": path})
        actor = self._actor(opts["as_user"])
        ensure_allowed(can_import(actor))
        sheets = services.read_workbook(path.read_bytes(), path.name)
        counts = {k: len(v) for k, v in sheets.items()}
        self.stderr.write(
            _("读取企业 %(e)s 行、年度数据 %(f)s 行，正在检查…")
            % {"e": counts.get("enterprises", 0), "f": counts.get("figures", 0)}
        )
        try:
            result = services.enterprises_import(
                actor=actor, sheets=sheets, progress=self.stderr.write, dry_run=opts["dry_run"]
            )
        except ValidationFailed as e:
            for d in e.detail:
                self.stderr.write(_problem_line(d))
            raise CommandError(_("文件有 %(n)s 处错误，未导入任何数据") % {"n": len(e.detail)}) from e
        summary = _("新增企业 %(c)s 家，更新 %(u)s 家，年度数据 %(f)s 条") % {
            "c": result["created"],
            "u": result["updated"],
            "f": result["figures"],
        }
        prefix = _("检查通过，未保存（--dry-run）：") if opts["dry_run"] else _("已导入：")
        self.stdout.write(prefix + summary)

    def _export(self, opts):
        out = Path(opts["out"]) if opts["out"] else None
        fmt = opts["format"] or ("xlsx" if out and out.suffix.lower() == ".xlsx" else "json")
        if fmt == "xlsx" and out is None:
            raise CommandError("--out FILE is required for --format xlsx")
        rows = selectors.registry_rows(Enterprise.objects.select_related("region", "park"))
        if fmt == "xlsx":
            out.write_bytes(exports.registry_workbook(rows))
            self.stderr.write(_("已导出 %(n)s 家企业到 %(p)s") % {"n": rows.count(), "p": out})
            return
        text = json.dumps([_export_row(e) for e in rows], ensure_ascii=False, indent=2)
        if out is None:
            self.stdout.write(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")

    def _remind(self, opts):
        on = _day(opts["on"], "--on") if opts["on"] else timezone.localdate()
        if opts.get("enqueue"):
            from innozone.enterprises.tasks import qualifications_daily

            result = qualifications_daily.enqueue(on=on.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        expired = services.qualifications_expire(on=on)
        sent = services.qualification_reminders(on=on)
        self.stdout.write(_("%(d)s：%(e)s 项资质已到期，发送到期提醒 %(s)s 条") % {"d": on, "e": expired, "s": sent})

    def _related(self, opts):
        a, b = self._organization(opts["a"]), self._organization(opts["b"])
        reason = selectors.related(a.organization_id, b.organization_id)
        self.stdout.write(f"{a.name} / {b.name}: {reason if reason else _('无关联关系')}")

    @staticmethod
    def _organization(text: str) -> Enterprise:
        code = normalize_uscc(text)
        found = list(
            Enterprise.objects.filter(Q(uscc=code) | Q(name=text.strip()) | Q(former_names__name=text.strip()))
            .distinct()
            .order_by("id")[:2]
        )
        if len(found) != 1:
            message = _("企业库中没有“%(t)s”") if not found else _("“%(t)s”对应多家企业，请用统一社会信用代码")
            raise CommandError(message % {"t": text})
        return found[0]


def _export_row(e: Enterprise) -> dict:
    cultivation = getattr(e, "cultivation", None)
    return {
        "uscc": e.uscc,
        "name": e.name,
        "kind": e.kind,
        "region": e.region.name,
        "park": e.park.name if e.park_id else None,
        "field": e.field,
        "size": e.size,
        "industry_code": e.industry_code,
        "registered_on": e.registered_on.isoformat() if e.registered_on else None,
        "registered_capital": None if e.registered_capital is None else f"{e.registered_capital:.2f}",
        "legal_representative": e.legal_representative,
        "qualifications": sorted({q.kind for q in e.qualifications.all()}),
        "stage": cultivation.stage if cultivation else None,
        "status": e.status,
        "is_demo": e.is_demo,
    }
