"""Programmes (专项): the office creates and edits them with their budget lines by fiscal subject (财政支出
科目) and source (省/市/县区) and their rules (the yearly cap per applicant with its related parties, the
share of the total budget, the city/county matching share, the first tranche's minimum)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.money import parse_decimal, parse_money
from innozone.core.selectors import office_organization

from ..models import BudgetLine, Programme
from ..permissions import calls as permissions

FIELDS = (
    "name",
    "kind",
    "year",
    "description",
    "cap_per_applicant",
    "max_ratio",
    "matching_share",
    "first_tranche_min",
)


def _ratio(value, field, errors, *, required=False, maximum=Decimal(1)) -> Decimal | None:
    number = parse_decimal(value, field=field, errors=errors, required=required, places=4, maximum=Decimal("1e4"))
    if number is not None and number > maximum:
        errors.append({"field": field, "message": _("不能大于 %(m)s") % {"m": maximum}})
    return number


def _clean(data: dict, programme: Programme | None) -> tuple[dict, list[dict], list[dict]]:
    errors: list[dict] = []
    out = {"name": (data.get("name") or "").strip(), "description": (data.get("description") or "").strip()}
    if not out["name"] or len(out["name"]) > 200:
        errors.append({"field": "name", "message": _("请填写专项名称（不超过 200 字）")})
    out["kind"] = data.get("kind") or ""
    if out["kind"] not in Programme.Kind.values:
        errors.append({"field": "kind", "message": _("请选择专项类别")})
    try:
        out["year"] = int(data.get("year"))
        if not 2000 <= out["year"] <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.append({"field": "year", "message": _("请填写有效的预算年度")})
        out["year"] = None
    out["cap_per_applicant"] = parse_money(
        data.get("cap_per_applicant"), field="cap_per_applicant", errors=errors, required=False
    )
    ratio = _ratio(data.get("max_ratio"), "max_ratio", errors)
    if ratio is not None and ratio <= 0:
        errors.append({"field": "max_ratio", "message": _("必须大于0")})
    out["max_ratio"] = ratio
    out["matching_share"] = _ratio(data.get("matching_share"), "matching_share", errors, maximum=Decimal(5)) or Decimal(
        0
    )
    out["first_tranche_min"] = _ratio(data.get("first_tranche_min"), "first_tranche_min", errors) or Decimal(0)
    if out["name"] and out["year"]:
        clash = Programme.objects.filter(name=out["name"], year=out["year"])
        if programme is not None:
            clash = clash.exclude(pk=programme.pk)
        if clash.exists():
            errors.append({"field": "name", "message": _("同一年度已有同名专项")})
    lines = []
    seen = set()
    for i, row in enumerate(data.get("lines") or [], start=1):
        if not any(str(row.get(k) or "").strip() for k in ("subject_code", "subject_name", "amount")):
            continue
        code = str(row.get("subject_code") or "").strip()
        name = str(row.get("subject_name") or "").strip()
        source = row.get("source") or ""
        if not code.isdigit() or len(code) > 20:
            errors.append({"field": "lines", "row": i, "message": _("第 %(n)s 行：支出科目编码须为数字") % {"n": i}})
        if not name:
            errors.append({"field": "lines", "row": i, "message": _("第 %(n)s 行：请填写支出科目名称") % {"n": i}})
        if source not in BudgetLine.Source.values:
            errors.append({"field": "lines", "row": i, "message": _("第 %(n)s 行：请选择资金来源") % {"n": i}})
        region = None
        if row.get("region"):
            ref = str(row["region"])
            region = Region.objects.filter(pk=ref).first() if ref.isdigit() and len(ref) < 18 else None
            region = region or Region.objects.filter(code=ref).first()
            if region is None:
                errors.append({"field": "lines", "row": i, "message": _("第 %(n)s 行：出资地区不存在") % {"n": i}})
        amount = parse_money(row.get("amount"), field="lines", errors=errors, row=i)
        key = (code, source, region.pk if region else None)
        if key in seen:
            errors.append({"field": "lines", "row": i, "message": _("第 %(n)s 行：科目、来源和地区重复") % {"n": i}})
        seen.add(key)
        lines.append({"subject_code": code, "subject_name": name, "source": source, "region": region, "amount": amount})
    return out, lines, errors


def _write_lines(programme: Programme, lines: list[dict]) -> None:
    """Create or update the lines (the programme row is locked by the caller); a line may not fall below what
    is awarded or decided on it, nor be removed while anything is."""
    from ..selectors.decisions import line_committed

    existing = {(x.subject_code, x.source, x.region_id): x for x in programme.budget_lines.all()}
    committed = line_committed([x.pk for x in existing.values()])
    problems = []
    for row in lines:
        line = existing.get((row["subject_code"], row["source"], row["region"].pk if row["region"] else None))
        if line is not None and row["amount"] < committed[line.pk]:
            problems.append(
                {
                    "field": "lines",
                    "message": _("预算科目 %(l)s 已安排 %(c)s 元，预算金额不能少于此数")
                    % {"l": f"{line.subject_code} {line.subject_name}", "c": f"{committed[line.pk]:,.2f}"},
                }
            )
    if problems:
        raise ValidationFailed(detail=problems)
    keep = []
    for row in lines:
        line, _created = BudgetLine.objects.update_or_create(
            programme=programme,
            subject_code=row["subject_code"],
            source=row["source"],
            region=row["region"],
            defaults={"subject_name": row["subject_name"], "amount": row["amount"]},
        )
        keep.append(line.pk)
    stale = programme.budget_lines.exclude(pk__in=keep)
    if stale.filter(awards__isnull=False).exists() or any(committed[x.pk] for x in stale):
        raise ValidationFailed(detail=[{"field": "lines", "message": _("已有立项资助的预算科目不能删除")}])
    stale.delete()


@transaction.atomic
def programme_create(*, actor, is_demo: bool = False, **data) -> Programme:
    ensure_allowed(permissions.can_manage(actor))
    values, lines, errors = _clean(data, None)
    if errors:
        raise ValidationFailed(detail=errors)
    owner = actor.organization if actor.organization_id else office_organization()
    programme = Programme.objects.create(**values, owner=owner, created_by=actor, is_demo=is_demo)
    _write_lines(programme, lines)
    audit.record(actor=actor, action="funds.programme.create", obj=programme, summary=programme.name, after=values)
    return programme


@transaction.atomic
def programme_update(*, actor, programme: Programme, **data) -> Programme:
    ensure_allowed(permissions.can_manage(actor))
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    values, lines, errors = _clean(data, programme)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(programme, list(FIELDS))
    for key, value in values.items():
        setattr(programme, key, value)
    programme.save()
    _write_lines(programme, lines)
    audit.record(
        actor=actor, action="funds.programme.update", obj=programme, summary=programme.name, before=before, after=values
    )
    return programme
