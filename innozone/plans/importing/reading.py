"""A plan document read: the text of an upload, parsed (innozone.plans.parsing), as the structure
`plan_create_from_structure` takes."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed
from innozone.core.uploads import archive_check

from ..parsing import ParsedPlan, parse_text, read_docx
from ..parsing.docx import UnsafeDocument

MAX_UPLOAD = 5 * 1024 * 1024


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded plan: .docx via python-docx (once the archive passed `archive_check` and
    its XML declares no entities), anything else as UTF-8 or GB18030 text."""
    if len(data) > MAX_UPLOAD:
        raise ValidationFailed(_("文件超过 5 MB"))
    if filename.lower().endswith(".docx"):
        archive_check(data, name=filename)
        try:
            return read_docx(io.BytesIO(data))
        except UnsafeDocument as exc:
            message = _("“%(n)s”含有 XML 实体或文档类型声明，已拒绝") % {"n": filename}
            raise ValidationFailed(message, detail=[{"field": "file", "message": message}]) from exc
        except Exception as exc:  # python-docx raises several types for a damaged file
            raise ValidationFailed(_("无法读取 .docx 文件：%(e)s") % {"e": exc}) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(_("无法识别文件编码，请使用 UTF-8 或 GB18030 文本，或 .docx"))


def parse_document(text: str, *, year: int | None = None) -> ParsedPlan:
    if not text.strip():
        raise ValidationFailed(_("没有可解析的文本"))
    return parse_text(text, year=year)


def structure_from_parsed(parsed: ParsedPlan, *, year: int | None = None, title: str = "", issuer: str = "") -> dict:
    """The structure `plan_create_from_structure` takes. Task numbers that repeat (numbering that
    restarts in each section) are qualified with their section's number."""
    counts: dict[str, int] = {}
    for t in parsed.tasks:
        counts[t.number] = counts.get(t.number, 0) + 1
    markers = {f"{n}{title_}": n for n, title_ in parsed.sections}
    tasks, indicators = [], []
    for t in parsed.tasks:
        number = t.number
        if counts[number] > 1:
            number = (markers.get(t.section, "") or t.section[:6]) + number
        tasks.append(
            {
                "number": number,
                "section": t.section,
                "text": t.text,
                "lead": list(t.lead),
                "implementing": list(t.implementing),
                "cooperating": list(t.cooperating),
                "deadline": t.deadline.isoformat() if t.deadline else None,
            }
        )
        for target in t.targets:
            d = target.as_dict()
            indicators.append(
                {
                    "task": number,
                    "name": d["indicator"],
                    "unit": d["unit"],
                    "comparator": d["comparator"],
                    "target": str(target.value),
                    "split": {k: str(v) for k, v in target.split.items()},
                }
            )
    return {
        "year": year or parsed.year,
        "title": title or parsed.title,
        "issuer": issuer or None,
        "report_frequency": "quarterly",
        "sections": [{"number": n, "title": s} for n, s in parsed.sections],
        "tasks": tasks,
        "indicators": indicators,
    }


def structure_unit_names(structure: dict) -> list[str]:
    seen: dict[str, None] = {}
    for t in structure.get("tasks", []):
        for role in ("lead", "implementing", "cooperating"):
            for name in t.get(role, []):
                seen.setdefault(name, None)
    return list(seen)
