"""Excel import of projects (线索 in bulk): one sheet, a header row with the columns below, one project per row.
All rows or none: every bad row is listed with its row number; the file is checked as an archive first
(core.uploads.archive_check: zip bombs), read with openpyxl read-only and values only (formulas are never
evaluated: a formula cell is refused)."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit, regions
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.uploads import archive_check

from ..models import Fair, Project, ProjectEvent
from ..permissions import projects as permissions
from .projects import clean_project, next_code

#: (header, field)
COLUMNS = (
    ("项目名称", "name"),
    ("投资方", "investor"),
    ("投资方所在地", "investor_location"),
    ("来源", "source"),
    ("节会", "fair"),
    ("落地园区/县区", "park"),
    ("责任单位", "responsible"),
    ("责任人", "responsible_person"),
    ("国民经济行业代码", "industry_code"),
    ("计划总投资（元）", "planned_investment"),
    ("项目简介", "description"),
)
MAX_ROWS = 5000


def _rows(data: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    archive_check(data, name="projects.xlsx")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:  # any unreadable workbook is refused with one message
        raise ValidationFailed(
            _("无法读取 Excel 文件"), detail=[{"field": "file", "message": _("无法读取 Excel 文件")}]
        ) from e
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(it, ())]
    missing = [h for h, _f in COLUMNS[:2] + COLUMNS[3:4] + COLUMNS[5:6] + COLUMNS[9:10] if h not in header]
    if missing:
        message = _("缺少列：%(c)s") % {"c": "、".join(missing)}
        raise ValidationFailed(message, detail=[{"field": "file", "message": message}])
    index = {h: i for i, h in enumerate(header)}
    out = []
    for n, values in enumerate(it, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {}
        for h, f in COLUMNS:
            i = index.get(h)
            value = values[i] if i is not None and i < len(values) else None
            row[f] = value.strip() if isinstance(value, str) else value
        out.append((n, row))
        if len(out) > MAX_ROWS:
            message = _("一次最多导入 %(n)s 行") % {"n": MAX_ROWS}
            raise ValidationFailed(message, detail=[{"field": "file", "message": message}])
    book.close()
    return out


def _lookups(actor, row: dict, n: int, problems: list, tree, sources: dict) -> dict:
    out = dict(row)
    for key, value in row.items():
        if isinstance(value, str) and value.startswith("="):
            problems.append({"row": n, "field": key, "message": _("第 %(n)s 行：不接受公式") % {"n": n}})
            out[key] = ""
    label = str(row.get("source") or "").strip()
    out["source"] = sources.get(label, label)
    park = tree.resolve(str(row.get("park") or ""))
    if row.get("park") and park is None:
        problems.append(
            {
                "row": n,
                "field": "park",
                "message": _("第 %(n)s 行：找不到园区/县区“%(v)s”") % {"n": n, "v": row["park"]},
            }
        )
    out["park"] = park
    fair_name = str(row.get("fair") or "").strip()
    out["fair"] = None
    if fair_name:
        fair = Fair.objects.filter(name=fair_name).first()
        if fair is None:
            problems.append(
                {"row": n, "field": "fair", "message": _("第 %(n)s 行：找不到节会“%(v)s”") % {"n": n, "v": fair_name}}
            )
        else:
            out["fair"] = fair.pk
    org_name = str(row.get("responsible") or "").strip()
    out["responsible"] = None
    if org_name:
        org = Organization.objects.filter(name=org_name, is_active=True).first()
        if org is None:
            problems.append(
                {
                    "row": n,
                    "field": "responsible",
                    "message": _("第 %(n)s 行：找不到责任单位“%(v)s”") % {"n": n, "v": org_name},
                }
            )
        else:
            out["responsible"] = org.pk
    if out["industry_code"] is not None and not isinstance(out["industry_code"], str):
        out["industry_code"] = str(out["industry_code"])
    return out


def projects_import(*, actor, data: bytes) -> list[Project]:
    ensure_allowed(permissions.can_import(actor))
    rows = _rows(data)
    if not rows:
        raise ValidationFailed(_("文件中没有项目"), detail=[{"field": "file", "message": _("文件中没有项目")}])
    tree = regions.tree()
    sources = {str(label): value for value, label in Project.Source.choices}
    problems: list = []
    cleaned = []
    for n, row in rows:
        lookup_problems: list = []
        data_row = _lookups(actor, row, n, lookup_problems, tree, sources)
        values, found = clean_project(actor, data_row, row=n)
        for p in found:  # name the row in the message too
            p["message"] = _("第 %(n)s 行：%(m)s") % {"n": n, "m": p["message"]}
        known = {p["field"] for p in lookup_problems}
        problems.extend(lookup_problems)
        problems.extend(p for p in found if p["field"] not in known)
        cleaned.append(values)
    if problems:
        raise ValidationFailed(_("导入失败：%(n)s 处问题，未导入任何项目") % {"n": len(problems)}, detail=problems)
    today = timezone.localdate()
    made = []
    with transaction.atomic():
        for values in cleaned:
            project = Project.objects.create(
                code=next_code(today.year), last_progress_on=today, created_by=actor, **values
            )
            ProjectEvent.objects.create(
                project=project, stage=project.stage, on=today, note=_("Excel 导入"), actor=actor
            )
            made.append(project)
        audit.record(actor=actor, action="investment.projects_import", object_type="investment.Project",
                     summary=_("导入招商项目 %(n)s 个") % {"n": len(made)})  # fmt: skip
    return made
