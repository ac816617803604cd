"""Calls (申报通知): the office creates and edits a call while it is a draft — notice, dates, eligibility rules
(checked by the engine's `validate`), the form's fields, scoring criteria, the recommendation chain, quotas per
stage and region, the panel settings, the amounts. Stage moves are in calls_stages.py."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.money import parse_decimal, parse_money

from ..models import Call, Criterion, Programme, Quota
from ..permissions import calls as permissions
from ..selectors.calls_eligibility import rule_problems

FIELD_TYPES = ("text", "textarea", "amount", "budget", "attachment", "team")
CHAIN_STAGES = ("district", "city", "province")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: reserved keys: the application's own columns
RESERVED = ("title", "field", "amount", "total_budget", "version", "leader")
NUMBERS = {"panel_size": (1, 50), "reserves": (0, 50), "trim": (0, 10), "review_days": (1, 365)}
DEFAULT_FORM = [
    {"key": "summary", "label": "项目摘要", "type": "textarea", "required": True},
    {"key": "goals", "label": "主要目标与考核指标", "type": "textarea", "required": True},
    {"key": "budget", "label": "经费预算", "type": "budget", "required": True},
    {"key": "team", "label": "项目团队", "type": "team", "required": False},
    {"key": "plan", "label": "项目申报书（盖章扫描件）", "type": "attachment", "required": True},
]


def _when(value, field, errors, *, end=False):
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    text = str(value or "").strip()
    parsed = parse_datetime(text) if text else None
    if parsed is None and text:
        day = parse_date(text)
        if day is not None:
            parsed = dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0, 0))
    if parsed is None:
        errors.append({"field": field, "message": _("请填写有效的日期时间")})
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _form(fields, errors) -> list[dict]:
    out, keys = [], set()
    if not isinstance(fields, list):
        errors.append({"field": "form", "message": _("申报表格式错误")})
        return out
    for i, f in enumerate(fields, start=1):
        f = f if isinstance(f, dict) else {}
        key, label, kind = str(f.get("key") or "").strip(), str(f.get("label") or "").strip(), f.get("type")
        if not key and not label:
            continue
        if not KEY.match(key) or key in RESERVED:
            errors.append(
                {
                    "field": "form",
                    "row": i,
                    "message": _("第 %(n)s 项：字段代码须为小写字母开头的字母、数字或下划线，且不能是保留字")
                    % {"n": i},
                }
            )
        elif key in keys:
            errors.append({"field": "form", "row": i, "message": _("第 %(n)s 项：字段代码重复") % {"n": i}})
        if not label or len(label) > 100:
            errors.append({"field": "form", "row": i, "message": _("第 %(n)s 项：请填写字段名称") % {"n": i}})
        if kind not in FIELD_TYPES:
            errors.append({"field": "form", "row": i, "message": _("第 %(n)s 项：字段类型无效") % {"n": i}})
        keys.add(key)
        out.append({"key": key, "label": label, "type": kind, "required": bool(f.get("required"))})
    if sum(1 for f in out if f["type"] == "budget") > 1 or sum(1 for f in out if f["type"] == "team") > 1:
        errors.append({"field": "form", "message": _("经费预算和项目团队各最多一项")})
    return out


def _criteria(rows, errors) -> list[dict]:
    out = []
    for i, row in enumerate(rows or [], start=1):
        name = str(row.get("name") or "").strip()
        if not name and not str(row.get("weight") or "").strip():
            continue
        if not name or len(name) > 100:
            errors.append({"field": "criteria", "row": i, "message": _("第 %(n)s 项：请填写评分项名称") % {"n": i}})
        weight = parse_decimal(row.get("weight"), field="criteria", errors=errors, positive=True, places=1, row=i)
        top = parse_decimal(row.get("max_score") or 5, field="criteria", errors=errors, positive=True, places=0, row=i)
        if top is not None and top > 100:
            errors.append({"field": "criteria", "row": i, "message": _("第 %(n)s 项：最高分不能超过 100") % {"n": i}})
        desc = str(row.get("description") or "").strip()[:500]
        out.append({"name": name, "description": desc, "weight": weight, "max_score": int(top or 5)})
    return out


def _chain(value, errors) -> list[str]:
    chain = [s for s in (value or []) if s]
    if any(s not in CHAIN_STAGES for s in chain) or len(set(chain)) != len(chain):
        errors.append({"field": "chain", "message": _("推荐层级只能依次为 区县/园区、市、省，且不能重复")})
        return []
    if chain != sorted(chain, key=CHAIN_STAGES.index):
        errors.append({"field": "chain", "message": _("推荐层级须按 区县/园区 → 市 → 省 的顺序")})
    return chain


def _quotas(rows, chain, errors) -> list[dict]:
    out, seen = [], set()
    for i, row in enumerate(rows or [], start=1):
        if not str(row.get("quota") or "").strip():
            continue
        stage = row.get("stage")
        if stage not in chain:
            errors.append(
                {"field": "quotas", "row": i, "message": _("第 %(n)s 行：名额的层级不在推荐层级中") % {"n": i}}
            )
        region = None
        if row.get("region"):
            ref = str(row["region"])
            region = (
                Region.objects.filter(pk=ref).first()
                if ref.isdigit() and len(ref) < 18
                else Region.objects.filter(code=ref).first()
            )
            if region is None:
                errors.append({"field": "quotas", "row": i, "message": _("第 %(n)s 行：地区不存在") % {"n": i}})
        elif stage != "province":
            errors.append({"field": "quotas", "row": i, "message": _("第 %(n)s 行：请选择推荐地区") % {"n": i}})
        quota = parse_decimal(row.get("quota"), field="quotas", errors=errors, positive=True, places=0, row=i)
        key = (stage, region.pk if region else None)
        if key in seen:
            errors.append(
                {"field": "quotas", "row": i, "message": _("第 %(n)s 行：同一层级和地区的名额重复") % {"n": i}}
            )
        seen.add(key)
        out.append({"stage": stage, "region": region, "quota": int(quota or 0)})
    return out


def _clean(data: dict, programme: Programme, call: Call | None) -> dict:
    errors: list[dict] = []
    v: dict = {"title": (data.get("title") or "").strip(), "body": (data.get("body") or "").strip()}
    if not v["title"] or len(v["title"]) > 200:
        errors.append({"field": "title", "message": _("请填写通知标题（不超过 200 字）")})
    try:
        v["round"] = int(data.get("round") or 1)
        if v["round"] < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.append({"field": "round", "message": _("批次须为正整数")})
        v["round"] = 1
    clash = Call.objects.filter(programme=programme, round=v["round"])
    if call is not None:
        clash = clash.exclude(pk=call.pk)
    if clash.exists():
        errors.append({"field": "round", "message": _("该专项已有此批次的通知")})
    v["opens_at"] = _when(data.get("opens_at"), "opens_at", errors)
    v["closes_at"] = _when(data.get("closes_at"), "closes_at", errors, end=True)
    if v["opens_at"] and v["closes_at"] and v["closes_at"] <= v["opens_at"]:
        errors.append({"field": "closes_at", "message": _("申报截止须晚于申报开始")})
    rules = data.get("eligibility") if data.get("eligibility") is not None else []
    problems = rule_problems(rules)
    errors.extend(problems)
    regional = [r for r in rules if isinstance(r, dict) and r.get("rule") == "region"] if not problems else []
    codes = {c for r in regional for c in r.get("regions") or []}
    unknown = codes - set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown:
        errors.append(
            {"field": "eligibility", "message": _("地区代码不存在：%(c)s") % {"c": "、".join(sorted(unknown))}}
        )
    v["eligibility"] = rules
    v["form"] = _form(data.get("form") if data.get("form") is not None else DEFAULT_FORM, errors)
    v["chain"] = _chain(data.get("chain"), errors)
    v["budget"] = parse_money(data.get("budget"), field="budget", errors=errors)
    v["max_amount"] = parse_money(data.get("max_amount"), field="max_amount", errors=errors, required=False)
    if v["budget"] and v["max_amount"] and v["max_amount"] > v["budget"]:
        errors.append({"field": "max_amount", "message": _("单项申请上限不能超过本批次可安排资金")})
    for key, (low, high) in NUMBERS.items():
        default = Call._meta.get_field(key).default
        raw = data.get(key)
        try:
            v[key] = int(raw if raw not in (None, "") else default)
            if not low <= v[key] <= high:
                raise ValueError
        except (TypeError, ValueError):
            errors.append({"field": key, "message": _("须为 %(a)s 到 %(b)s 之间的整数") % {"a": low, "b": high}})
            v[key] = default
    raw = data.get("outlier_points")
    v["outlier_points"] = parse_decimal(
        raw if raw not in (None, "") else 20, field="outlier_points", errors=errors, positive=True, places=1
    )
    criteria = _criteria(data.get("criteria"), errors)
    quotas = _quotas(data.get("quotas"), v["chain"], errors)
    if errors:
        raise ValidationFailed(detail=errors)
    return {"values": v, "criteria": criteria, "quotas": quotas}


def _write_parts(call: Call, criteria: list[dict], quotas: list[dict]) -> None:
    call.criteria.all().delete()
    for order, c in enumerate(criteria, start=1):
        Criterion.objects.create(call=call, order=order, **c)
    call.quotas.all().delete()
    for q in quotas:
        Quota.objects.create(call=call, **q)


@transaction.atomic
def call_create(*, actor, programme: Programme, is_demo: bool = False, **data) -> Call:
    ensure_allowed(permissions.can_manage(actor))
    cleaned = _clean(data, programme, None)
    call = Call.objects.create(programme=programme, created_by=actor, is_demo=is_demo, **cleaned["values"])
    _write_parts(call, cleaned["criteria"], cleaned["quotas"])
    audit.record(actor=actor, action="funds.call.create", obj=call, summary=call.title, after=cleaned["values"])
    return call


@transaction.atomic
def call_update(*, actor, call: Call, **data) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    ensure_allowed(permissions.can_edit_call(actor, call))
    cleaned = _clean(data, call.programme, call)
    before = audit.snapshot(call, list(cleaned["values"]))
    for key, value in cleaned["values"].items():
        setattr(call, key, value)
    call.save()
    _write_parts(call, cleaned["criteria"], cleaned["quotas"])
    audit.record(
        actor=actor, action="funds.call.update", obj=call, summary=call.title, before=before, after=cleaned["values"]
    )
    return call
