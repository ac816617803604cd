"""Import of a patent-search export (Excel .xlsx or CSV): columns 申请号, 名称, 申请人, 申请日, 授权公告日, 法律状态,
IPC. All rows or none: every bad row is listed with its row number and nothing is written while one is bad.

Hostile files are refused before any parsing: only .xlsx/.csv, at most IMPORT_MAX_BYTES and IMPORT_MAX_ROWS;
an .xlsx goes through the zip-bomb check of core.uploads and is read by openpyxl in read-only mode with
formulas kept as text (never evaluated: a cell holding a formula is a bad row).

The patent kind comes from the application number (CN: the 5th digit of the 12-digit form, the 3rd of the
8/9-digit form before 2003: 1/8 invention, 2/9 utility model, 3 design). Owners are matched to the platform's
organizations by the registry name, a former name (曾用名) or the organization name; rows whose applicants
match nobody are skipped and reported as unmatched (they are not errors: searches list outside applicants).
An existing patent (same kind and number) is updated. A valid (有效) patent's fees are taken as paid through the
current patent year (the register says it is in force)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.permissions import is_office_admin
from innozone.core.uploads import archive_check

from ..engine import fees
from ..models import Asset, ImportBatch
from ..permissions import assets as permissions
from .assets import apply_state

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
REQUIRED = ("申请号", "名称", "申请人", "申请日")
OPTIONAL = ("授权公告日", "法律状态", "IPC")
HEADER_ALIASES = {
    "发明名称": "名称",
    "专利名称": "名称",
    "申请（专利权）人": "申请人",
    "专利权人": "申请人",
    "授权日": "授权公告日",
    "公告日": "授权公告日",
    "当前法律状态": "法律状态",
    "主分类号": "IPC",
    "IPC分类号": "IPC",
    "申请号/专利号": "申请号",
}
NUMBER_12 = re.compile(r"^(?:CN)?(\d{4})([12389])(\d{7})(?:\.?[0-9X])?$")
NUMBER_8 = re.compile(r"^(?:CN)?(\d{2})([12389])(\d{5,6})(?:\.?[0-9X])?$")
KIND_DIGIT = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
#: the words of a legal status, first match wins
STATUS_WORDS = (
    ("无效", Asset.Status.INVALIDATED),
    ("驳回", Asset.Status.REJECTED),
    ("撤回", Asset.Status.REJECTED),
    ("届满", Asset.Status.EXPIRED),
    ("年费", Asset.Status.LAPSED),
    ("终止", Asset.Status.LAPSED),
    ("失效", Asset.Status.LAPSED),
    ("放弃", Asset.Status.LAPSED),
    ("有效", Asset.Status.GRANTED),
    ("授权", Asset.Status.GRANTED),
    ("实质审查", Asset.Status.FILED),
    ("公开", Asset.Status.FILED),
    ("审中", Asset.Status.FILED),
    ("申请", Asset.Status.FILED),
)
SPLIT = re.compile(r"[;；,，、\n]+")


def kind_of(number: str) -> str | None:
    """The patent kind of a CN application number, or None when the number is not one."""
    digits = number.replace(" ", "").upper()
    m = NUMBER_12.match(digits) or NUMBER_8.match(digits)
    return KIND_DIGIT.get(m.group(2)) if m else None


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def status_of(text: str):
    for word, status in STATUS_WORDS:
        if word in text:
            return status
    return None


def _refuse(message: str):
    raise ValidationFailed(message, detail=[{"field": "file", "message": message}])


def read_rows(data: bytes, name: str) -> list[list]:
    """The sheet's rows as lists of cell values (the header first); refuses what is not a safe .xlsx/.csv."""
    ext = os.path.splitext(name)[1].lower()
    if not data:
        _refuse(_("“%(n)s”是空文件") % {"n": name})
    if len(data) > IMPORT_MAX_BYTES:
        _refuse(_("“%(n)s”超过 %(m)s MB 上限") % {"n": name, "m": IMPORT_MAX_BYTES // (1024 * 1024)})
    if ext == ".xlsx":
        archive_check(data, name=name)
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as e:  # any parser failure is a refused file
            raise ValidationFailed(
                _("“%(n)s”无法作为 Excel 工作簿读取") % {"n": name},
                detail=[{"field": "file", "message": str(type(e).__name__)}],
            ) from e
        try:
            ws = wb.worksheets[0]
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > IMPORT_MAX_ROWS + 1:
                    _refuse(_("“%(n)s”超过 %(m)s 行上限，请拆分后导入") % {"n": name, "m": IMPORT_MAX_ROWS})
        finally:
            wb.close()
        return rows
    if ext == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            _refuse(_("“%(n)s”不是 UTF-8 或 GBK 编码的 CSV 文件") % {"n": name})
        if "\x00" in text:
            _refuse(_("“%(n)s”不是文本文件") % {"n": name})
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) > IMPORT_MAX_ROWS + 1:
            _refuse(_("“%(n)s”超过 %(m)s 行上限，请拆分后导入") % {"n": name, "m": IMPORT_MAX_ROWS})
        return rows
    _refuse(_("只能导入 .xlsx 或 .csv 文件（“%(n)s”）") % {"n": name})
    return []


def _columns(header: list) -> dict[str, int]:
    found = {}
    for i, cell in enumerate(header):
        label = str(cell or "").strip().replace(" ", "")
        label = HEADER_ALIASES.get(label, label)
        if label.upper() == "IPC":
            label = "IPC"
        if label in (*REQUIRED, *OPTIONAL) and label not in found:
            found[label] = i
    return found


def match_owner(names: list[str], cache: dict) -> Organization | None:
    """The first applicant known to the platform: registry name, former name, organization name."""
    for name in names:
        if name in cache:
            found = cache[name]
        else:
            found = (
                Organization.objects.filter(
                    Q(registry_entry__name=name) | Q(registry_entry__former_names__name=name) | Q(name=name)
                )
                .order_by("pk")
                .first()
            )
            cache[name] = found
        if found is not None:
            return found
    return None


def _cell(row, columns, key):
    i = columns.get(key)
    value = row[i] if i is not None and i < len(row) else None
    return value.strip() if isinstance(value, str) else value


def plan(rows: list[list], *, actor, today: dt.date) -> tuple[list[dict], list[dict], list[dict]]:
    """Check every row: (the rows to write, the problems, the unmatched rows)."""
    if not rows:
        _refuse(_("文件中没有数据"))
    columns = _columns(rows[0])
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        _refuse(_("缺少必需的列：%(c)s（需要：申请号、名称、申请人、申请日）") % {"c": "、".join(missing)})
    own_only = not is_office_admin(actor)
    problems, good, unmatched, seen, cache = [], [], [], {}, {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c not in (None, "") for c in row):
            continue
        row_problems = []

        def bad(field, message, n=n, row_problems=row_problems):
            row_problems.append({"row": n, "field": field, "message": _("第 %(n)s 行：") % {"n": n} + message})

        if any(isinstance(c, str) and c.startswith("=") for c in row):
            bad("file", _("单元格含公式，导入不计算公式，请粘贴为数值"))
        number = str(_cell(row, columns, "申请号") or "").replace(" ", "").upper()
        kind = kind_of(number) if number else None
        if not number:
            bad("申请号", _("申请号为空"))
        elif kind is None:
            bad("申请号", _("申请号“%(v)s”不是中国专利申请号（如 202310123456.7）") % {"v": number[:40]})
        elif number in seen:
            bad("申请号", _("申请号“%(v)s”与第 %(m)s 行重复") % {"v": number, "m": seen[number]})
        else:
            seen[number] = n
        title = str(_cell(row, columns, "名称") or "")
        if not title:
            bad("名称", _("名称为空"))
        elif len(title) > 300:
            bad("名称", _("名称超过 300 字"))
        applicants = [a.strip() for a in SPLIT.split(str(_cell(row, columns, "申请人") or "")) if a.strip()]
        if not applicants:
            bad("申请人", _("申请人为空"))
        dates = {}
        for key in ("申请日", "授权公告日"):
            try:
                dates[key] = parse_date(_cell(row, columns, key))
            except ValueError:
                bad(key, _("%(k)s“%(v)s”不是有效日期") % {"k": key, "v": str(_cell(row, columns, key))[:20]})
                dates[key] = None
        filed, granted = dates["申请日"], dates["授权公告日"]
        if filed is None and "申请日" not in [p["field"] for p in row_problems]:
            bad("申请日", _("申请日为空"))
        for key, value in (("申请日", filed), ("授权公告日", granted)):
            if value and value > today:
                bad(key, _("%(k)s晚于今天") % {"k": key})
        if filed and granted and granted < filed:
            bad("授权公告日", _("授权公告日早于申请日"))
        status_text = str(_cell(row, columns, "法律状态") or "")
        status = status_of(status_text) if status_text else (Asset.Status.GRANTED if granted else Asset.Status.FILED)
        if status is None:
            bad("法律状态", _("无法识别的法律状态“%(v)s”") % {"v": status_text[:30]})
        elif status == Asset.Status.GRANTED and granted is None:
            bad("授权公告日", _("法律状态为有效/授权，但授权公告日为空"))
        owner = match_owner(applicants, cache) if applicants else None
        if owner is not None and own_only and owner.pk != actor.organization_id:
            bad("申请人", _("申请人“%(v)s”不是您的单位，企业只能导入本单位的专利") % {"v": owner.name})
        if row_problems:
            problems.extend(row_problems)
            continue
        if owner is None:
            unmatched.append({"row": n, "number": number, "applicants": "；".join(applicants)[:200]})
            continue
        good.append(
            {
                "row": n,
                "kind": kind,
                "number": number,
                "title": title,
                "owner": owner,
                "co_owners": "；".join(a for a in applicants if a != owner.name)[:300],
                "filed_on": filed,
                "granted_on": granted,
                "status": status,
                "classification": str(_cell(row, columns, "IPC") or "")[:100],
            }
        )
    return good, problems, unmatched


def import_file(*, actor, data: bytes, name: str) -> ImportBatch:
    """Import every row or none; ValidationFailed lists each bad row."""
    ensure_allowed(permissions.can_import(actor))
    name = os.path.basename(str(name or "upload"))[:200]
    today = timezone.localdate()
    rows = read_rows(data, name)
    good, problems, unmatched = plan(rows, actor=actor, today=today)
    if problems:
        raise ValidationFailed(
            _("导入未执行：%(n)s 处错误，请修改后重新导入整个文件") % {"n": len(problems)}, detail=problems
        )
    if not good and not unmatched:
        _refuse(_("文件中没有数据行"))
    created = updated = 0
    with transaction.atomic():
        existing = {
            (a.kind, a.number): a
            for a in Asset.objects.select_for_update().filter(number__in=[g["number"] for g in good])
        }
        for g in good:
            status = g.pop("status")
            g.pop("row")
            asset = existing.get((g["kind"], g["number"]))
            if asset is None:
                asset = Asset(source="import", **g)
                created += 1
            else:
                for key, value in g.items():
                    setattr(asset, key, value)
                updated += 1
            if status in (Asset.Status.GRANTED,) and asset.granted_on:
                asset.fees_paid_through = max(asset.fees_paid_through, fees.year_no_on(asset.filed_on, today))
            if status in (Asset.Status.REJECTED, Asset.Status.INVALIDATED):
                asset.status = status
                apply_state(asset, today)
            else:
                asset.status = Asset.Status.FILED
                apply_state(asset, today)
                if status in (Asset.Status.LAPSED, Asset.Status.EXPIRED) and asset.status not in (
                    Asset.Status.LAPSED,
                    Asset.Status.EXPIRED,
                ):
                    asset.status = status  # the register says so; trust it over the computation
                    asset.next_fee_due = asset.next_fee_year = None
            asset.save()
        batch = ImportBatch.objects.create(
            file_name=name,
            rows=len(good) + len(unmatched),
            created=created,
            updated=updated,
            unmatched=unmatched,
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            actor=actor,
            action="ip.import",
            obj=batch,
            summary=_("导入 %(f)s：新增 %(c)s，更新 %(u)s，未匹配 %(m)s")
            % {"f": name, "c": created, "u": updated, "m": len(unmatched)},
        )
    return batch
