"""Reading the policy, clause and fair-review editors' POSTs into the services' data.

The condition editor posts rows (group, variable, operator, value) and a joiner: rows without a group are
joined by the joiner (且 = and, 或 = or); rows sharing a group label form one bracket joined by the other
word, so "A 且 B 且 (C 或 D)" is joiner and, rows A and B without a group, C and D in group 1. One level of
brackets is what the row editor writes; anything else goes in the advanced JSON Logic box, which wins when
filled. Values are typed by the variable: numbers for numeric variables (percent: 3 means 3 %), 是/否 for
yes/no, codes for choices; "低,高" for between and "a,b,c" for one-of.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..engine import rules

SPLIT = re.compile(r"\s*[,，、;；]\s*")
NEGATED = {"not_between": "between", "not_in": "in", "not_contains": "contains"}
BLANK_ROWS = 3
ROW_FIELDS = ("group", "var", "op", "value")
TRUE_WORDS = ("1", "true", "是", "yes", "y")
FALSE_WORDS = ("0", "false", "否", "no", "n")


class RowError(ValueError):
    """A row that cannot become a condition: `row` (1-based) and its (translated) message."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row, self.message = row, message


def rows_from_post(post) -> list[dict]:
    columns = {n: post.getlist(f"cond_{n}") for n in ROW_FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    rows = [{n: (columns[n][i] if i < len(columns[n]) else "").strip() for n in ROW_FIELDS} for i in range(count)]
    return [r for r in rows if r["var"] or r["value"]]


def _number(text: str):
    try:
        d = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return text  # the engine reports value.type
    if not d.is_finite():
        return text
    return int(d) if d == d.to_integral_value() else float(d)


def _literal(var: str, text: str):
    v = rules.VARIABLES.get(var)
    if v is None:
        return text
    if v.kind in rules.NUMERIC:
        return _number(text)
    if v.kind == "bool":
        low = text.lower()
        return True if low in TRUE_WORDS else False if low in FALSE_WORDS else text
    return text


def atom_from_row(row: dict, n: int) -> dict:
    var, op, value = row["var"], row["op"], row["value"]
    if var not in rules.VARIABLES:
        raise RowError(n, _("请选择变量"))
    base = NEGATED.get(op, op)
    target = {"var": var}
    if base == "between":
        parts = [p for p in SPLIT.split(value) if p]
        if len(parts) != 2:
            raise RowError(n, _("介于须填写两个数：低,高"))
        atom = {"<=": [_literal(var, parts[0]), target, _literal(var, parts[1])]}
    elif base == "in":
        values = [_literal(var, p) for p in SPLIT.split(value) if p]
        if not values:
            raise RowError(n, _("请填写至少一个值"))
        atom = {"in": [target, values]}
    elif base == "contains":
        if not value:
            raise RowError(n, _("请填写值"))
        atom = {"in": [_literal(var, value), target]}
    elif base in rules.COMPARISONS:
        if value == "":
            raise RowError(n, _("请填写值"))
        atom = {base: [target, _literal(var, value)]}
    else:
        raise RowError(n, _("请选择运算符"))
    return {"!": atom} if op in NEGATED else atom


def rule_from_rows(rows: list[dict], joiner: str) -> dict:
    """JSON Logic from the editor's rows (see the module docstring); {} when there are none."""
    joiner = "or" if joiner == "or" else "and"
    inner = "and" if joiner == "or" else "or"
    members: list = []
    groups: dict[str, list] = {}
    for n, row in enumerate(rows, start=1):
        atom = atom_from_row(row, n)
        if row["group"]:
            if row["group"] not in groups:
                groups[row["group"]] = []
                members.append(("group", row["group"]))
            groups[row["group"]].append(atom)
        else:
            members.append(("atom", atom))
    out = []
    for kind, item in members:
        if kind == "atom":
            out.append(item)
        else:
            group = groups[item]
            out.append(group[0] if len(group) == 1 else {inner: group})
    if not out:
        return {}
    return out[0] if len(out) == 1 else {joiner: out}


def _row_of(node) -> dict | None:
    try:
        found = rules.atoms(node)
    except ValueError:
        return None
    if len(found) != 1 or rules.validate(node):
        return None
    a = found[0]
    if a.strict:
        return None
    value = a.required
    if a.op in ("between", "not_between"):
        text = f"{_text(value[0])},{_text(value[1])}"
    elif a.op in ("in", "not_in"):
        text = ",".join(_text(x) for x in value)
    else:
        text = _text(value)
    return {"group": "", "var": a.var, "op": a.op, "value": text}


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def rows_from_rule(rule) -> tuple[list[dict], str] | None:
    """The editor's rows and joiner for a rule, or None when the rule has a shape the rows cannot show (then
    the advanced box alone shows it)."""
    if rules.is_empty(rule):
        return [], "and"
    if rules.validate(rule):
        return None
    ((op, args),) = rule.items()
    if op not in ("and", "or"):
        row = _row_of(rule)
        return ([row], "and") if row else None
    inner = "and" if op == "or" else "or"
    rows: list[dict] = []
    group = 0
    for member in args:
        if isinstance(member, dict) and len(member) == 1 and inner in member:
            group += 1
            for sub in member[inner]:
                row = _row_of(sub)
                if row is None:
                    return None
                rows.append({**row, "group": str(group)})
            continue
        row = _row_of(member)
        if row is None:
            return None
        rows.append(row)
    return rows, op


def condition_from_post(post) -> tuple[dict | None, list[dict]]:
    """(rule, problems): the advanced JSON when filled, else the rows."""
    advanced = (post.get("condition_json") or "").strip()
    if advanced:
        try:
            rule = json.loads(advanced)
        except ValueError as e:
            return None, [{"field": "condition", "message": _("JSON 格式错误：%(e)s") % {"e": e}}]
        return rule, []
    try:
        return rule_from_rows(rows_from_post(post), post.get("cond_join", "and")), []
    except RowError as e:
        message = _("第 %(n)s 行：%(m)s") % {"n": e.row, "m": e.message}
        return None, [{"field": "condition", "row": e.row, "message": message}]


def amount_from_post(post) -> dict:
    kind = post.get("amount_type") or "none"
    if kind == "fixed":
        return {"type": "fixed", "amount": (post.get("amount_amount") or "").strip()}
    if kind == "ratio":
        rule = {
            "type": "ratio",
            "figure": post.get("amount_figure", ""),
            "rate": (post.get("amount_rate") or "").strip(),
        }
        if (post.get("amount_cap") or "").strip():
            rule["cap"] = post["amount_cap"].strip()
        return rule
    if kind == "tiered":
        mins, values = post.getlist("tier_min"), post.getlist("tier_amount")
        tiers = [
            {"min": m.strip(), "amount": a.strip()}
            for m, a in zip(mins, values, strict=False)
            if m.strip() or a.strip()
        ]
        return {"type": "tiered", "figure": post.get("amount_figure", ""), "tiers": tiers}
    if kind == "none":
        return {"type": "none"}
    return {"type": kind}


CLAUSE_FIELDS = ("number", "title", "text", "kind", "order", "service_item")


def clause_data(post) -> tuple[dict, list[dict]]:
    data = {k: post.get(k, "") for k in CLAUSE_FIELDS}
    data["no_application"] = post.get("no_application") == "1"
    data["favours_specific"] = post.get("favours_specific") == "1"
    data["amount_rule"] = amount_from_post(post)
    rule, problems = condition_from_post(post)
    data["condition"] = rule if rule is not None else {}
    return data, problems


POLICY_FIELDS = (
    "title",
    "issuer",
    "doc_number",
    "level",
    "parent",
    "issued_on",
    "effective_from",
    "effective_until",
    "summary",
    "full_text",
    "source_url",
    "owner",
)


def policy_data(post) -> dict:
    data = {k: post.get(k, "") for k in POLICY_FIELDS}
    data["is_framework"] = post.get("is_framework") == "1"
    return data


def policy_initial(policy, data: dict | None) -> dict:
    if data is not None:
        return data
    if policy is None:
        return {"level": "zone"}
    out = {k: getattr(policy, k) for k in POLICY_FIELDS if k not in ("parent", "owner")}
    out.update(parent=policy.parent_id or "", owner=policy.owner_id or "", is_framework=policy.is_framework)
    for k in ("issued_on", "effective_from", "effective_until"):
        out[k] = out[k].isoformat() if out[k] else ""
    return out


def checklist_from_post(post, codes) -> dict:
    return {c: {"answer": post.get(f"answer_{c}", ""), "note": post.get(f"note_{c}", "")} for c in codes}
