"""Validation of registry input from forms, the API and imports: every problem collected, with its field
(and row, in an import), before anything is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.money import parse_decimal, parse_money

from ..engine.identity import normalize_uscc, person_key, uscc_problem
from ..models import AnnualFigures, Enterprise

TEXT_LIMITS = {
    "name": 200,
    "legal_representative": 50,
    "address": 200,
    "industry_name": 100,
    "field": 30,
    "stock_code": 20,
    "contact_name": 50,
    "contact_phone": 30,
    "contact_email": 254,
    "actual_controller": 200,
}
CHOICES = {"kind": Enterprise.Kind, "ownership": Enterprise.Ownership, "status": Enterprise.Status}
FIGURE_COUNTS = (
    "employees",
    "sci_staff",
    "invention_patents",
    "plant_varieties",
    "ic_layouts",
    "new_drugs",
    "utility_models",
    "designs",
    "software_copyrights",
)
FIGURE_MONEY = ("revenue", "total_income", "hitech_income", "total_assets", "rd_total", "rd_domestic", "export_value")
FIGURE_REQUIRED = ("employees", "sci_staff", "revenue", "total_income", "total_assets", "rd_total", "rd_domestic")


def _problem(errors: list, field: str, message: str, row: int | None) -> None:
    errors.append({"field": field, "message": str(message), **({"row": row} if row is not None else {})})


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def parse_date(value, *, field: str, errors: list, row: int | None = None, required: bool = False):
    if value in (None, ""):
        if required:
            _problem(errors, field, _("必填"), row)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        _problem(errors, field, _("“%(v)s”不是有效日期（YYYY-MM-DD）") % {"v": str(value)[:30]}, row)
        return None
    if not 1900 <= day.year <= 2100:
        _problem(errors, field, _("日期超出范围"), row)
        return None
    return day


def parse_count(value, *, field: str, errors: list, row: int | None = None, required: bool = True) -> int | None:
    number = parse_decimal(value, field=field, errors=errors, required=required, places=0, row=row, maximum=10**9)
    return None if number is None else int(number)


def validate_profile(
    data: dict, errors: list, *, row: int | None = None, partial: bool = False, regions_seen: dict | None = None
) -> dict:
    """The profile fields present in `data`, cleaned. Without `partial`, USCC, name and region are required.
    `regions_seen`: a dict kept across the rows of an import, so each region name is looked up once."""
    clean: dict = {}
    if "uscc" in data or not partial:
        uscc = normalize_uscc(_text(data, "uscc"))
        problem = uscc_problem(uscc) if uscc else _("必填")
        if problem:
            _problem(errors, "uscc", problem, row)
        clean["uscc"] = uscc
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            value = _text(data, name)
            if len(value) > limit:
                _problem(errors, name, _("不能超过%(n)s个字符") % {"n": limit}, row)
            clean[name] = value[:limit]
    if not partial and not clean.get("name"):
        _problem(errors, "name", _("必填"), row)
    for name, choices in CHOICES.items():
        if name in data and _text(data, name):
            value = _choice(_text(data, name), choices)
            if value is None:
                _problem(errors, name, _("“%(v)s”不是有效选项") % {"v": _text(data, name)[:30]}, row)
            clean[name] = value or ""
    for name in ("region", "park"):
        if name in data or (name == "region" and not partial):
            clean[name] = _region(
                data.get(name), field=name, errors=errors, row=row, required=name == "region", seen=regions_seen
            )
    if "registered_on" in data:
        clean["registered_on"] = parse_date(data["registered_on"], field="registered_on", errors=errors, row=row)
        if clean["registered_on"] and clean["registered_on"] > dt.date.today():
            _problem(errors, "registered_on", _("成立日期不能晚于今天"), row)
    if "registered_capital" in data:
        clean["registered_capital"] = parse_money(
            data["registered_capital"],
            field="registered_capital",
            errors=errors,
            required=False,
            positive=False,
            row=row,
        )
    if "industry_code" in data:
        code = _text(data, "industry_code").upper()
        if code and not (code[0].isalpha() and code[1:].isdigit() and len(code) <= 5):
            _problem(errors, "industry_code", _("行业代码应为门类字母加最多四位数字，如 C3562"), row)
        clean["industry_code"] = code[:5]
    if "listed" in data:
        clean["listed"] = _flag(data["listed"])
    for name, key_name in (("legal_representative_id", "legal_representative_key"), ("actual_controller_id", "")):
        if _text(data, name):
            try:
                key = person_key(_text(data, name))
            except ValueError as exc:
                _problem(errors, name, str(exc), row)
                continue
            if key_name:
                clean[key_name] = key
            else:
                clean["actual_controller_key"] = f"person:{key}"
    if "actual_controller_uscc" in data and _text(data, "actual_controller_uscc"):
        code = normalize_uscc(_text(data, "actual_controller_uscc"))
        problem = uscc_problem(code)
        if problem:
            _problem(errors, "actual_controller_uscc", problem, row)
        clean["actual_controller_key"] = f"org:{code}"
    if clean.get("actual_controller") == "" and "actual_controller_key" not in clean:
        clean["actual_controller_key"] = ""
    return clean


def _choice(value: str, choices) -> str | None:
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    return None


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "是", "on")


def _region(value, *, field: str, errors: list, row: int | None, required: bool, seen: dict | None = None):
    from innozone.core.models import Region

    if value in (None, ""):
        if required:
            _problem(errors, field, _("必填"), row)
        return None
    if isinstance(value, Region):
        return value
    text = str(value).strip()
    if seen is not None and text in seen:
        found = seen[text]
    else:
        by_id = text.isdigit() and len(text) < 10
        found = Region.objects.filter(pk=int(text)).first() if by_id else regions.resolve(text)
        if seen is not None:
            seen[text] = found
    if found is None:
        _problem(errors, field, _("未知地区：%(v)s") % {"v": text[:30]}, row)
    elif field == "park" and found.kind != Region.Kind.PARK:
        _problem(errors, field, _("“%(v)s”不是园区") % {"v": found.name}, row)
    return found


def validate_figures(data: dict, errors: list, *, row: int | None = None) -> dict:
    """One year's figures: year, source, counts, money (yuan, 2 decimals) and their consistency."""
    clean: dict = {}
    year = parse_count(data.get("year"), field="year", errors=errors, row=row)
    if year is not None and not 1990 <= year <= dt.date.today().year:
        _problem(errors, "year", _("年度应在 1990 至今年之间"), row)
    clean["year"] = year
    source = _text(data, "source") or AnnualFigures.Source.SELF
    clean["source"] = _choice(source, AnnualFigures.Source)
    if clean["source"] is None:
        _problem(errors, "source", _("“%(v)s”不是有效来源") % {"v": source[:30]}, row)
    for name in FIGURE_COUNTS:
        clean[name] = parse_count(data.get(name), field=name, errors=errors, row=row, required=name in FIGURE_REQUIRED)
        if clean[name] is None and name not in FIGURE_REQUIRED:
            clean[name] = 0
    for name in FIGURE_MONEY:
        clean[name] = parse_money(
            data.get(name), field=name, errors=errors, required=name in FIGURE_REQUIRED, positive=False, row=row
        )
        if clean[name] is None and name not in FIGURE_REQUIRED:
            clean[name] = Decimal(0)
    if None not in (clean["employees"], clean["sci_staff"]) and clean["sci_staff"] > clean["employees"]:
        _problem(errors, "sci_staff", _("科技人员数不能超过职工总数"), row)
    if None not in (clean["rd_total"], clean["rd_domestic"]) and clean["rd_domestic"] > clean["rd_total"]:
        _problem(errors, "rd_domestic", _("境内研发费用不能超过研发费用总额"), row)
    if None not in (clean["hitech_income"], clean["total_income"]) and clean["hitech_income"] > clean["total_income"]:
        _problem(errors, "hitech_income", _("高新技术产品（服务）收入不能超过总收入"), row)
    return clean
