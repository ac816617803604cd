"""Reading the programme and call editors' POSTs into the services' data (rows posted as parallel lists), and
the rows the editors show (existing rows plus blank ones)."""

from __future__ import annotations

import re

from django.utils import timezone

SPLIT = re.compile(r"[\s,，、;；]+")
BLANK_ROWS = 3
LIST_RULES = {"region": "regions", "kind": "kinds", "size": "sizes", "qualification": "any"}


def _rows(post, prefix: str, names: tuple[str, ...]) -> list[dict]:
    columns = {n: post.getlist(f"{prefix}_{n}") for n in names}
    count = max((len(v) for v in columns.values()), default=0)
    return [{n: (columns[n][i] if i < len(columns[n]) else "").strip() for n in names} for i in range(count)]


def rule_from_row(kind: str, values: str) -> dict | None:
    values = (values or "").strip()
    if not kind:
        return None
    if kind in LIST_RULES:
        return {"rule": kind, LIST_RULES[kind]: [v for v in SPLIT.split(values) if v]}
    if kind == "years_registered":
        return {"rule": kind, "min": int(values) if values.isdigit() else values}
    if kind == "figure":
        parts = values.split()
        return {
            "rule": kind,
            "key": parts[0] if parts else "",
            "op": parts[1] if len(parts) > 1 else "",
            "value": parts[2] if len(parts) > 2 else "",
        }
    return {"rule": kind}


def rule_to_text(rule: dict) -> str:
    kind = rule.get("rule", "")
    if kind in LIST_RULES:
        return ", ".join(rule.get(LIST_RULES[kind]) or [])
    if kind == "years_registered":
        return str(rule.get("min", ""))
    if kind == "figure":
        return f"{rule.get('key', '')} {rule.get('op', '')} {rule.get('value', '')}"
    return ""


def call_data(post) -> dict:
    rules = [rule_from_row(r["type"], r["values"]) for r in _rows(post, "rule", ("type", "values"))]
    form = [
        {"key": r["key"], "label": r["label"], "type": r["type"], "required": r["required"] == "1"}
        for r in _rows(post, "field", ("key", "label", "type", "required"))
        if r["key"] or r["label"]
    ]
    data = {k: post.get(k, "") for k in ("title", "body", "round", "opens_at", "closes_at", "budget", "max_amount")}
    data.update({k: post.get(k, "") for k in ("panel_size", "reserves", "trim", "outlier_points", "review_days")})
    data["eligibility"] = [r for r in rules if r]
    data["form"] = form
    data["chain"] = [s for s in post.getlist("chain") if s]
    data["criteria"] = _rows(post, "criterion", ("name", "weight", "max_score", "description"))
    data["quotas"] = _rows(post, "quota", ("stage", "region", "quota"))
    return data


def programme_data(post) -> dict:
    data = {k: post.get(k, "") for k in ("name", "kind", "year", "description", "cap_per_applicant", "max_ratio")}
    data.update({k: post.get(k, "") for k in ("matching_share", "first_tranche_min")})
    data["lines"] = _rows(post, "line", ("subject_code", "subject_name", "source", "region", "amount"))
    return data


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def call_initial(call=None, data: dict | None = None) -> dict:
    """What the call editor shows: the posted data after a refusal, else the call's, else defaults."""
    from ..services.calls import DEFAULT_FORM  # the editor's default form (a constant)

    if data is not None:
        values = dict(data)
    elif call is not None:
        values = {
            "title": call.title,
            "body": call.body,
            "round": call.round,
            "opens_at": _local(call.opens_at),
            "closes_at": _local(call.closes_at),
            "budget": call.budget,
            "max_amount": call.max_amount or "",
            "panel_size": call.panel_size,
            "reserves": call.reserves,
            "trim": call.trim,
            "outlier_points": call.outlier_points,
            "review_days": call.review_days,
            "eligibility": call.eligibility,
            "form": call.form,
            "chain": call.chain,
            "criteria": [
                {"name": c.name, "weight": c.weight, "max_score": c.max_score, "description": c.description}
                for c in call.criteria.all()
            ],
            "quotas": [
                {"stage": q.stage, "region": q.region.code if q.region else "", "quota": q.quota}
                for q in call.quotas.select_related("region")
            ],
        }
    else:
        values = {
            "round": 1,
            "panel_size": 5,
            "reserves": 2,
            "trim": 1,
            "outlier_points": 20,
            "review_days": 10,
            "eligibility": [{"rule": "not_sanctioned"}],
            "form": DEFAULT_FORM,
            "chain": ["city"],
            "criteria": [],
            "quotas": [],
        }
    values["rule_rows"] = [
        {"type": r.get("rule", ""), "values": rule_to_text(r)}
        for r in values.get("eligibility") or []
        if isinstance(r, dict)
    ]
    values["rule_rows"] += [{"type": "", "values": ""}] * BLANK_ROWS
    values["field_rows"] = list(values.get("form") or []) + [{}] * BLANK_ROWS
    values["criterion_rows"] = list(values.get("criteria") or []) + [{}] * BLANK_ROWS
    values["quota_rows"] = list(values.get("quotas") or []) + [{}] * BLANK_ROWS
    return values


def programme_initial(programme=None, data: dict | None = None) -> dict:
    if data is not None:
        values = dict(data)
    elif programme is not None:
        values = {
            k: getattr(programme, k) or ""
            for k in (
                "name",
                "kind",
                "year",
                "description",
                "cap_per_applicant",
                "max_ratio",
                "matching_share",
                "first_tranche_min",
            )
        }
        values["lines"] = [
            {
                "subject_code": b.subject_code,
                "subject_name": b.subject_name,
                "source": b.source,
                "region": b.region.code if b.region else "",
                "amount": b.amount,
            }
            for b in programme.budget_lines.select_related("region")
        ]
    else:
        values = {
            "year": timezone.localdate().year,
            "kind": "plan",
            "matching_share": "0",
            "first_tranche_min": "0.6",
            "lines": [],
        }
    values["line_rows"] = list(values.get("lines") or []) + [{}] * BLANK_ROWS
    return values
