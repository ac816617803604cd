"""Import a chain's links from Excel (a sheet 环节, or the first sheet): every row is checked first; one bad row
and nothing is saved, every problem listed with its row (header = row 1). A row names its segment, the link,
its parent link by name (a link earlier in the file or already in the chain; empty for a top-level link), the
GB/T 4754 codes, the thresholds, whether it is a key link and its order. A link already in the chain (same
parent and name) is updated; others are created. Cells are data: a formula is read as its text, never run."""

from __future__ import annotations

import io
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.uploads import archive_check

from ..models import Chain, Link
from ..permissions import chains as permissions
from . import chains as chain_services

#: (header in the sheet, field, other accepted headers)
HEADERS = [
    ("链位", "segment", ("segment",)),
    ("环节", "name", ("name", "环节名称")),
    ("上级环节", "parent", ("parent",)),
    ("行业代码", "industry_codes", ("industry_codes", "国民经济行业代码")),
    ("最少企业数", "min_enterprises", ("min_enterprises",)),
    ("最低产值（元）", "min_output", ("min_output", "最低产值")),
    ("关键环节", "is_key", ("is_key",)),
    ("排序", "order", ("order",)),
]
SEGMENT_WORDS = {"上游": "up", "中游": "mid", "下游": "down", "up": "up", "mid": "mid", "down": "down",
                 "upstream": "up", "midstream": "mid", "downstream": "down"}  # fmt: skip
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


def read_rows(data: bytes, name: str) -> list[dict]:
    """The sheet's rows as dicts by field, each with `_row`; ValidationFailed for a file that cannot be read."""
    if Path(name or "").suffix.lower() != ".xlsx":
        raise ValidationFailed(detail=[{"field": "file", "message": _("请上传 .xlsx 文件")}])
    if len(data) > MAX_BYTES:
        raise ValidationFailed(detail=[{"field": "file", "message": _("文件超过 5MB 上限")}])
    archive_check(data, name=name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValidationFailed(detail=[{"field": "file", "message": _("无法读取该 Excel 文件")}]) from exc
    names = [s for s in book.sheetnames if s.strip() in ("环节", "links")]
    sheet = book[names[0]] if names else book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            book.close()
            raise ValidationFailed(
                detail=[{"field": "file", "message": _("行数过多（上限 %(n)s 行）") % {"n": MAX_ROWS}}]
            )
        rows.append((number, values))
    book.close()
    if not rows:
        raise ValidationFailed(detail=[{"field": "file", "message": _("工作表是空的")}])
    lookup = {}
    for header, field, others in HEADERS:
        for word in (header, *others):
            lookup[word] = field
    header = [lookup.get(str(c or "").strip()) for c in rows[0][1]]
    missing = [h for h, field, _o in HEADERS[:2] if field not in header]
    if missing:
        message = _("缺少列：%(c)s") % {"c": "、".join(missing)}
        raise ValidationFailed(detail=[{"field": "file", "row": 1, "message": message}])
    out = []
    for number, values in rows[1:]:
        if values is None or all(v in (None, "") for v in values):
            continue
        row = {field: value for field, value in zip(header, values, strict=False) if field}
        row["_row"] = number
        out.append(row)
    return out


@transaction.atomic
def chain_import(*, actor, chain: Chain, rows: list[dict], dry_run: bool = False) -> dict:
    """Create or update the chain's links from the rows; {"created": n, "updated": n}. All rows or none."""
    chain = Chain.objects.select_for_update().get(pk=chain.pk)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    if not rows:
        raise ValidationFailed(detail=[{"field": "file", "message": _("文件中没有环节")}])
    errors: list[dict] = []
    existing = {(link.parent_id, link.name): link for link in Link.objects.filter(chain=chain)}
    by_name: dict[str, list] = {}
    for link in existing.values():
        by_name.setdefault(link.name, []).append(("db", link))
    planned = []  # (row, values, parent name)
    seen_names: dict[str, int] = {}
    for row in rows:
        number = row["_row"]
        name = str(row.get("name") or "").strip()
        raw_segment = str(row.get("segment") or "").strip()
        segment = SEGMENT_WORDS.get(raw_segment.lower(), SEGMENT_WORDS.get(raw_segment, ""))
        if not segment:
            errors.append({"row": number, "field": "segment", "message": _("链位须为 上游、中游 或 下游")})
        parent_name = str(row.get("parent") or "").strip()
        if name in seen_names:
            errors.append(
                {
                    "row": number,
                    "field": "name",
                    "message": _("环节“%(n)s”与第 %(r)s 行重名") % {"n": name, "r": seen_names[name]},
                }
            )
        elif name:
            seen_names[name] = number
        if parent_name and parent_name == name:
            errors.append({"row": number, "field": "parent", "message": _("上级环节不能是自身")})
        elif parent_name and parent_name not in seen_names and parent_name not in by_name:
            errors.append(
                {
                    "row": number,
                    "field": "parent",
                    "message": _("上级环节“%(p)s”不在前面的行中，也不在该产业链中") % {"p": parent_name},
                }
            )
        elif parent_name and parent_name not in seen_names and len(by_name[parent_name]) > 1:
            errors.append(
                {"row": number, "field": "parent", "message": _("产业链中有多个名为“%(p)s”的环节") % {"p": parent_name}}
            )
        # field checks without the parent (resolved when written)
        values, problems = chain_services._clean_link(
            chain, {**row, "segment": segment or "up", "parent": None, "name": name}, None, row=number, clash=False
        )
        errors.extend(problems)
        planned.append((number, values, parent_name, segment))
    # segments must match the parent's
    segment_of = {name: planned_row[3] for planned_row in planned for name in [planned_row[1]["name"]]}
    for number, _values, parent_name, segment in planned:
        if not parent_name or not segment:
            continue
        in_db = by_name.get(parent_name)
        parent_segment = segment_of.get(parent_name) or (in_db[0][1].segment if in_db else None)
        if parent_segment and parent_segment != segment:
            errors.append(
                {"row": number, "field": "segment", "message": _("链位须与上级环节“%(p)s”一致") % {"p": parent_name}}
            )
    if errors:
        errors.sort(key=lambda e: (e.get("row", 0), e.get("field", "")))
        raise ValidationFailed(_("导入失败：共 %(n)s 处问题，未保存任何数据") % {"n": len(errors)}, detail=errors)
    created = updated = 0
    written: dict[str, Link] = {}
    for _number, values, parent_name, segment in planned:
        parent = written.get(parent_name) or (by_name[parent_name][0][1] if parent_name else None)
        values["parent"] = parent
        values["segment"] = segment
        key = (parent.pk if parent else None, values["name"])
        link = existing.get(key)
        if link is None:
            link = Link.objects.create(chain=chain, **values)
            created += 1
        else:
            for k, v in values.items():
                setattr(link, k, v)
            link.save()
            updated += 1
        written[values["name"]] = link
    # depth after writing (a long path through new rows)
    too_deep = [link for link in written.values() if chain_services.depth_of(link) > chain_services.MAX_DEPTH]
    if too_deep:
        message = _("环节最多 %(n)s 级") % {"n": chain_services.MAX_DEPTH}
        raise ValidationFailed(message, detail=[{"field": "parent", "message": message}])
    audit.record(
        actor=actor,
        action="investment.chain.import",
        obj=chain,
        summary=_("%(c)s：导入环节 新增 %(a)s，更新 %(b)s") % {"c": chain.name, "a": created, "b": updated},
        after={"created": created, "updated": updated, "dry_run": dry_run},
    )
    if dry_run:
        transaction.set_rollback(True)
    return {"created": created, "updated": updated, "dry_run": dry_run}
