"""Bulk import by the office: a workbook with a sheet of enterprises (企业) and a sheet of yearly figures
(年度数据), or a CSV of either. Every row of both sheets is checked first; one bad row → nothing is saved
and every problem is reported with its sheet and row. New codes create the organization and the entry,
known codes update the entry; figures replace those of the same enterprise, year and source."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.uploads import archive_check

from ..models import AnnualFigures, Enterprise
from ..permissions import can_import
from .registry import KIND_OF_ORGANIZATION, sizes_refresh
from .validation import FIGURE_COUNTS, FIGURE_MONEY, validate_figures, validate_profile

PROFILE_COLUMNS = [
    "uscc",
    "name",
    "kind",
    "region",
    "park",
    "legal_representative",
    "registered_on",
    "registered_capital",
    "industry_code",
    "industry_name",
    "field",
    "ownership",
    "listed",
    "stock_code",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "actual_controller",
    "actual_controller_uscc",
]
FIGURE_COLUMNS = ["uscc", "year", "source", *FIGURE_COUNTS, *FIGURE_MONEY]
SHEETS = {"enterprises": ("企业", "enterprises"), "figures": ("年度数据", "figures")}
MAX_ROWS = 200_000


def read_workbook(data: bytes, name: str) -> dict[str, list[dict]]:
    """{"enterprises": rows, "figures": rows} from an .xlsx (sheets by name) or a .csv (by its columns); each
    row a dict by column code with `_row` = its sheet row number."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationFailed(detail=[{"field": "file", "message": _("CSV 文件须为 UTF-8 编码")}]) from exc
        rows = list(csv.reader(io.StringIO(text)))
        kind = "figures" if rows and "year" in [c.strip() for c in rows[0]] else "enterprises"
        return {kind: _dicts(rows)}
    if suffix != ".xlsx":
        raise ValidationFailed(detail=[{"field": "file", "message": _("请上传 .xlsx 或 .csv 文件")}])
    archive_check(data, name=name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValidationFailed(detail=[{"field": "file", "message": _("无法读取该 Excel 文件")}]) from exc
    found: dict[str, list[dict]] = {}
    for key, names in SHEETS.items():
        sheet = next((book[s] for s in book.sheetnames if s.strip().lower() in names), None)
        if sheet is not None:
            found[key] = _dicts(list(sheet.iter_rows(values_only=True)))
    book.close()
    if not found:
        message = _("工作簿中没有“企业”或“年度数据”工作表")
        raise ValidationFailed(detail=[{"field": "file", "message": message}])
    return found


def _dicts(rows: list) -> list[dict]:
    if not rows:
        return []
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(detail=[{"field": "file", "message": _("行数过多（上限 %(n)s 行）") % {"n": MAX_ROWS}}])
    header = [str(c or "").strip() for c in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        row["_row"] = number
        out.append(row)
    return out


@transaction.atomic
def enterprises_import(*, actor, sheets: dict[str, list[dict]], progress=None, dry_run: bool = False) -> dict:
    """`dry_run`: check and count everything as an import would, then roll it all back (the page's check
    before confirming, the API's and the command's `dry_run`)."""
    ensure_allowed(can_import(actor))
    errors: list = []
    seen: dict = {}  # region name → Region: one lookup per name, not per row
    rows = sheets.get("enterprises", [])
    profiles = [(r["_row"], validate_profile(r, errors, row=r["_row"], regions_seen=seen)) for r in rows]
    _profile_conflicts(profiles, errors)
    problems = [{"sheet": "enterprises", **e} for e in errors]
    errors = []
    figures = [(r["_row"], validate_figures(r, errors, row=r["_row"]), r) for r in sheets.get("figures", [])]
    known = set(Enterprise.objects.filter(uscc__in={_code(r) for _n, _c, r in figures}).values_list("uscc", flat=True))
    in_file = {c["uscc"] for _n, c in profiles}
    seen = set()
    for n, clean, raw in figures:
        code = _code(raw)
        if code not in known and code not in in_file:
            message = _("企业 %(c)s 未登记，也不在“企业”表中") % {"c": code}
            errors.append({"row": n, "field": "uscc", "message": message})
        key = (code, clean.get("year"), clean.get("source"))
        if key in seen:
            errors.append({"row": n, "field": "year", "message": _("同一企业、年度和来源重复")})
        seen.add(key)
    problems += [{"sheet": "figures", **e} for e in errors]
    if problems:
        raise ValidationFailed(
            detail=sorted(problems, key=lambda e: (e["sheet"] != "enterprises", e.get("row", 0)))[:1000]
        )
    created, updated = _write_profiles(actor, [c for _n, c in profiles], progress)
    filed = _write_figures(actor, [(c, _code(r)) for _n, c, r in figures], progress)
    audit.record(
        actor=actor,
        action="enterprises.import",
        object_type="enterprises.Enterprise",
        summary=_("导入企业 %(c)s 家（新增 %(n)s），年度数据 %(f)s 条")
        % {"c": created + updated, "n": created, "f": filed},
        after={"created": created, "updated": updated, "figures": filed},
    )
    if dry_run:
        transaction.set_rollback(True)  # this function's own atomic block: nothing it wrote is kept
    return {"created": created, "updated": updated, "figures": filed}


def _code(raw: dict) -> str:
    return str(raw.get("uscc") or "").strip().upper()


def _profile_conflicts(profiles, errors) -> None:
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for n, clean in profiles:
        code, name = clean.get("uscc"), clean.get("name")
        if code in codes:
            errors.append({"row": n, "field": "uscc", "message": _("与第 %(r)s 行重复") % {"r": codes[code]}})
        codes.setdefault(code, n)
        if name in names:
            errors.append({"row": n, "field": "name", "message": _("与第 %(r)s 行重复") % {"r": names[name]}})
        names.setdefault(name, n)
    existing = dict(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", "organization_id"))
    taken = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
    for n, clean in profiles:
        owner = taken.get(clean.get("name"))
        clash = owner is not None and owner != existing.get(clean.get("uscc"))
        if clash and (clean.get("uscc") in existing or Enterprise.objects.filter(organization_id=owner).exists()):
            errors.append({"row": n, "field": "name", "message": _("已有同名单位登记了其他统一社会信用代码")})


def _write_profiles(actor, profiles: list[dict], progress) -> tuple[int, int]:
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[p["uscc"] for p in profiles])}
    by_name = {o.name: o for o in Organization.objects.filter(name__in=[p["name"] for p in profiles])}
    new_orgs = []
    for p in profiles:
        if p["uscc"] not in existing and p["name"] not in by_name:
            kind = p.get("kind") or Enterprise.Kind.ENTERPRISE
            org_kind = kind if kind in KIND_OF_ORGANIZATION else Organization.Kind.ENTERPRISE
            org = Organization(name=p["name"], kind=org_kind, region=p["region"], credit_code=p["uscc"])
            org.legal_representative = p.get("legal_representative", "")
            new_orgs.append(org)
    Organization.objects.bulk_create(new_orgs, batch_size=1000)
    by_name.update({o.name: o for o in Organization.objects.filter(name__in=[o.name for o in new_orgs])})
    created, changed = [], []
    for i, p in enumerate(profiles, start=1):
        entry = existing.get(p["uscc"])
        if entry is None:
            org = by_name[p["name"]]
            p.setdefault("kind", KIND_OF_ORGANIZATION.get(org.kind, Enterprise.Kind.OTHER))
            created.append(Enterprise(organization=org, **p))
        else:
            for name, value in p.items():
                setattr(entry, name, value)
            changed.append(entry)
        if progress and i % 1000 == 0:
            progress(_("已检查企业 %(n)s 家") % {"n": i})
    Enterprise.objects.bulk_create(created, batch_size=1000)
    if changed:
        fields = [f for f in {k for p in profiles for k in p} if f != "uscc"]
        Enterprise.objects.bulk_update(changed, fields, batch_size=1000)
    return len(created), len(changed)


def _write_figures(actor, figures: list[tuple[dict, str]], progress) -> int:
    if not figures:
        return 0
    ids = dict(Enterprise.objects.filter(uscc__in={code for _c, code in figures}).values_list("uscc", "pk"))
    keys = {(ids[code], c["year"], c["source"]) for c, code in figures}
    held = AnnualFigures.objects.filter(enterprise_id__in={k[0] for k in keys}).values_list(
        "pk", "enterprise_id", "year", "source"
    )
    replaced = [pk for pk, e, y, s in held if (e, y, s) in keys]
    for start in range(0, len(replaced), 1000):
        AnnualFigures.objects.filter(pk__in=replaced[start : start + 1000]).delete()
    rows = [AnnualFigures(enterprise_id=ids[code], filed_by=actor, **c) for c, code in figures]
    AnnualFigures.objects.bulk_create(rows, batch_size=2000)
    if progress:
        progress(_("已写入年度数据 %(n)s 条") % {"n": len(rows)})
    sizes_refresh(set(ids.values()))
    return len(rows)
