"""Eligibility conditions of a policy clause (申享条件) as JSON Logic, pure (stdlib, numpy, jsonlogic_rs).

Why JSON Logic: it is a published, language-neutral format (jsonlogic.com) with maintained implementations in
Python, Rust, JavaScript, Go and Java, so a rule written here can be read and evaluated by other systems (a
provincial 一网通办 portal, a browser) without our code. The verdict comes from `jsonlogic_rs` (a maintained Rust
implementation); this module only checks that a rule stays inside the subset below, explains it condition by
condition, and compiles it to numpy for the office's bulk "who is eligible".

The supported subset:

* groups: ``{"and": [...]}``, ``{"or": [...]}`` (at least one member), ``{"!": rule}`` (also ``{"!": [rule]}``);
* atoms between one variable ``{"var": "name"}`` and a literal: ``==``, ``!=``, ``>``, ``>=``, ``<``, ``<=``
  (either order; ``{"<": [3, {"var": "x"}]}`` is ``x > 3``), the 3-argument between ``{"<=": [a, {"var": "x"},
  b]}`` / ``{"<": [a, {"var": "x"}, b]}``, and ``in`` both ways: ``{"in": ["hnte", {"var": "qualifications"}]}``
  (a list variable holds the value; for a text variable: the text contains it) and ``{"in": [{"var": "size"},
  ["small", "micro"]]}`` (the variable's value is one of the literals);
* ``{}`` and ``true``: no condition (every organization qualifies).

Missing data: an atom whose variable is unknown (None, no yearly figures, no registration date) FAILS, with
value None, whatever its polarity — ``!(revenue >= 1e8)`` does not let an enterprise with no figures through.
To get that from the library, the rule is evaluated in negation normal form with every atom guarded by
``{"!==": [{"var": v}, null]}`` (`library_rule`).

Percent variables are numbers of percent (``rd_ratio`` 2.8 means 2.8 %), rounded to 2 places in `normalize`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

import jsonlogic_rs
import numpy as np

NUMERIC = ("number", "percent", "money")
KINDS = ("number", "percent", "money", "text", "choice", "list", "bool")


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # one of KINDS
    label: str  # Chinese msgid; the app translates it
    unit: str = ""  # Chinese msgid ("元", "人", "年", "件", "%")
    #: (code, label) for choice/list variables whose values the engine knows (region codes come from the app)
    choices: tuple[tuple[str, str], ...] = ()


KIND_CHOICES = (("enterprise", "企业"), ("university", "高校"), ("institute", "科研院所"), ("other", "其他机构"))
SIZE_CHOICES = (("large", "大型"), ("medium", "中型"), ("small", "小型"), ("micro", "微型"))
QUALIFICATION_CHOICES = (
    ("hnte", "高新技术企业"),
    ("tsme", "科技型中小企业"),
    ("little_giant", "专精特新“小巨人”企业"),
    ("srdi", "省级专精特新中小企业"),
    ("gazelle", "瞪羚企业"),
    ("unicorn", "独角兽企业"),
    ("tase", "技术先进型服务企业"),
)

VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable("region", "list", "所在地区", choices=()),
        Variable("park", "choice", "所在园区"),
        Variable("kind", "choice", "单位类型", choices=KIND_CHOICES),
        Variable("size", "choice", "企业规模", choices=SIZE_CHOICES),
        Variable("field", "text", "技术领域"),
        Variable("industry_code", "text", "国民经济行业代码"),
        Variable("qualifications", "list", "有效资质", choices=QUALIFICATION_CHOICES),
        Variable("years_registered", "number", "注册成立年限", "年"),
        Variable("revenue", "money", "销售收入", "元"),
        Variable("rd_total", "money", "研究开发费用", "元"),
        Variable("rd_ratio", "percent", "研发费用占销售收入比例", "%"),
        Variable("employees", "number", "职工总数", "人"),
        Variable("sci_staff", "number", "科技人员数", "人"),
        Variable("sci_ratio", "percent", "科技人员占职工总数比例", "%"),
        Variable("total_assets", "money", "资产总额", "元"),
        Variable("invention_patents", "number", "发明专利", "件"),
        Variable("hitech_income_ratio", "percent", "高新技术产品（服务）收入占比", "%"),
        Variable("export_value", "money", "出口额", "元"),
        Variable("listed", "bool", "上市企业"),
        Variable("sanctioned", "bool", "处于限制申报期"),
    )
}

#: operators of an atom as shown (after normalising the literal to the right and pushing `!` down)
OPS = ("==", "!=", ">", ">=", "<", "<=", "between", "not_between", "in", "not_in", "contains", "not_contains")
NEGATE = {
    "==": "!=",
    "!=": "==",
    ">": "<=",
    ">=": "<",
    "<": ">=",
    "<=": ">",
    "between": "not_between",
    "not_between": "between",
    "in": "not_in",
    "not_in": "in",
    "contains": "not_contains",
    "not_contains": "contains",
}
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}
COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")


# ---------------------------------------------------------------- validation


class Problem(NamedTuple):
    """A validation problem: `code` (see PROBLEM_CODES), `path` (where in the rule, e.g. "and/2/!"), detail."""

    code: str
    path: str = ""
    detail: str = ""

    def __str__(self) -> str:  # the code, so `validate(r)` reads as a list of codes
        return self.code


PROBLEM_CODES = (
    "rule.type",  # not an object / true
    "rule.op",  # unknown operator or more than one key
    "rule.args",  # wrong number or shape of arguments
    "group.empty",  # and/or with no member
    "var.form",  # an atom without exactly one {"var": "name"} side
    "var.unknown",  # a variable not in VARIABLES
    "value.type",  # the literal's type does not fit the variable
    "value.choice",  # a literal that is not one of the variable's choices
    "op.kind",  # operator not available for the variable's kind
    "between.order",  # low > high
)


@dataclass(frozen=True)
class Atom:
    """One condition in negation normal form: `var op required` (required: literal, [low, high] or list)."""

    var: str
    op: str
    required: Any
    strict: bool = False  # for between: the 3-argument "<" (exclusive bounds)
    path: str = ""


def _is_var(x) -> bool:
    if not isinstance(x, dict) or len(x) != 1 or "var" not in x:
        return False
    v = x["var"]
    return isinstance(v, str) or (isinstance(v, list) and len(v) == 1 and isinstance(v[0], str))


def _var_name(x) -> str:
    v = x["var"]
    return v if isinstance(v, str) else v[0]


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x and x not in (float("inf"), float("-inf"))


def _check_literal(var: Variable, value, path: str, out: list[Problem]) -> None:
    if var.kind in NUMERIC:
        if not _is_number(value):
            out.append(Problem("value.type", path, var.name))
    elif var.kind == "bool":
        if not isinstance(value, bool):
            out.append(Problem("value.type", path, var.name))
    else:
        if not isinstance(value, str) or not value:
            out.append(Problem("value.type", path, var.name))
        elif var.choices and value not in dict(var.choices):
            out.append(Problem("value.choice", path, f"{var.name}={value}"))


def _parse(node, path: str, neg: bool, out: list[Problem], atoms: list[Atom] | None):
    """Validate `node`; collect problems in `out`; when `atoms` is a list append the NNF atoms."""
    if node is True or (isinstance(node, dict) and not node and path == ""):
        return
    if not isinstance(node, dict):
        out.append(Problem("rule.type", path))
        return
    if len(node) != 1:
        out.append(Problem("rule.op", path, ",".join(sorted(map(str, node)))))
        return
    ((op, args),) = node.items()
    here = f"{path}/{op}" if path else op
    if op in ("and", "or"):
        if not isinstance(args, list):
            out.append(Problem("rule.args", here))
            return
        if not args:
            out.append(Problem("group.empty", here))
            return
        for i, member in enumerate(args):
            _parse(member, f"{here}/{i}", neg, out, atoms)
        return
    if op == "!":
        if isinstance(args, list):
            if len(args) != 1:
                out.append(Problem("rule.args", here))
                return
            args = args[0]
        _parse(args, here, not neg, out, atoms)
        return
    if op not in COMPARISONS and op != "in":
        out.append(Problem("rule.op", here, str(op)))
        return
    if not isinstance(args, list):
        out.append(Problem("rule.args", here))
        return
    if op in ("<", "<=") and len(args) == 3:
        low, mid, high = args
        if not _is_var(mid) or _is_var(low) or _is_var(high):
            out.append(Problem("var.form", here))
            return
        name = _var_name(mid)
        var = VARIABLES.get(name)
        if var is None:
            out.append(Problem("var.unknown", here, name))
            return
        if var.kind not in NUMERIC:
            out.append(Problem("op.kind", here, f"{name} between"))
            return
        before = len(out)
        _check_literal(var, low, here, out)
        _check_literal(var, high, here, out)
        if len(out) == before and low > high:
            out.append(Problem("between.order", here, name))
        if atoms is not None and len(out) == before:
            atoms.append(Atom(name, "not_between" if neg else "between", [low, high], op == "<", here))
        return
    if len(args) != 2:
        out.append(Problem("rule.args", here))
        return
    left, right = args
    if op == "in":
        if _is_var(left) and not _is_var(right):
            # the variable's value is one of the literals
            name = _var_name(left)
            var = VARIABLES.get(name)
            if var is None:
                out.append(Problem("var.unknown", here, name))
                return
            if var.kind not in ("text", "choice"):
                out.append(Problem("op.kind", here, f"{name} in"))
                return
            if not isinstance(right, list) or not right:
                out.append(Problem("rule.args", here))
                return
            before = len(out)
            for v in right:
                _check_literal(var, v, here, out)
            if atoms is not None and len(out) == before:
                atoms.append(Atom(name, "not_in" if neg else "in", list(right), path=here))
            return
        if _is_var(right) and not _is_var(left):
            # a list variable holds the literal / a text variable contains it
            name = _var_name(right)
            var = VARIABLES.get(name)
            if var is None:
                out.append(Problem("var.unknown", here, name))
                return
            if var.kind not in ("list", "text"):
                out.append(Problem("op.kind", here, f"{name} contains"))
                return
            before = len(out)
            if var.kind == "list":
                _check_literal(var, left, here, out)
            elif not isinstance(left, str) or not left:
                out.append(Problem("value.type", here, name))
            if atoms is not None and len(out) == before:
                atoms.append(Atom(name, "not_contains" if neg else "contains", left, path=here))
            return
        out.append(Problem("var.form", here))
        return
    # comparisons
    if _is_var(left) and not _is_var(right):
        name, literal, shown = _var_name(left), right, op
    elif _is_var(right) and not _is_var(left):
        name, literal, shown = _var_name(right), left, FLIP[op]
    else:
        out.append(Problem("var.form", here))
        return
    var = VARIABLES.get(name)
    if var is None:
        out.append(Problem("var.unknown", here, name))
        return
    if var.kind == "list" or (var.kind in ("text", "choice", "bool") and op not in ("==", "!=")):
        out.append(Problem("op.kind", here, f"{name} {op}"))
        return
    before = len(out)
    _check_literal(var, literal, here, out)
    if atoms is not None and len(out) == before:
        atoms.append(Atom(name, NEGATE[shown] if neg else shown, literal, path=here))


@lru_cache(maxsize=8192)
def _parsed_cached(canonical_rule: str) -> tuple[tuple[Problem, ...], tuple[Atom, ...]]:
    out: list[Problem] = []
    found: list[Atom] = []
    _parse(json.loads(canonical_rule), "", False, out, found)
    return tuple(out), tuple(found)


def _parsed(rule) -> tuple[tuple[Problem, ...], tuple[Atom, ...]]:
    """(problems, atoms) of a rule, cached by its canonical JSON (rules are parsed once per process)."""
    try:
        key = json.dumps(rule, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # not JSON at all: parse directly (it will not validate)
        out: list[Problem] = []
        found: list[Atom] = []
        _parse(rule, "", False, out, found)
        return tuple(out), tuple(found)
    return _parsed_cached(key)


@dataclass(frozen=True)
class Prepared:
    """A rule parsed once (cached by its canonical JSON): pass it to `explain`, `evaluate`, `determination_id`
    in a loop over many organizations instead of the raw rule."""

    rule: Any
    key: str  # canonical JSON of the rule
    problems: tuple
    atoms: tuple
    variables: frozenset
    empty: bool
    library_json: str  # the guarded NNF the library evaluates ("" for an invalid rule)


@lru_cache(maxsize=8192)
def _prepared_cached(key: str) -> Prepared:
    rule = json.loads(key)
    problems, found = _parsed_cached(key)
    empty = is_empty(rule)
    library = "" if problems else _library_json(key)
    return Prepared(rule, key, problems, found, frozenset(a.var for a in found), empty, library)


def prepare(rule) -> Prepared:
    if isinstance(rule, Prepared):
        return rule
    try:
        key = json.dumps(rule, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ValueError(f"invalid rule: not JSON ({e})") from e
    return _prepared_cached(key)


def validate(rule) -> list[Problem]:
    """The problems of a rule (empty list: valid). Each problem is a NamedTuple (code, path, detail) whose
    str() is its code (see PROBLEM_CODES)."""
    return list(_parsed(rule)[0])


def atoms(rule) -> list[Atom]:
    """The conditions of a valid rule in tree order, `!` pushed down to them (negation normal form)."""
    problems, found = _parsed(rule)
    if problems:
        raise ValueError(f"invalid rule: {[tuple(p) for p in problems]}")
    return list(found)


def variables_of(rule) -> set[str]:
    return {a.var for a in atoms(rule)}


def is_empty(rule) -> bool:
    return rule is True or rule == {} or rule is None


# ---------------------------------------------------------------- in words


@dataclass(frozen=True)
class Part:
    """A piece of a rule in words: kind "cond" (an atom: var, op, value), "and"/"or" (the joiner between the
    members that follow), "open"/"close" (a nested group), "none" (no condition)."""

    kind: str
    var: str = ""
    op: str = ""
    value: Any = None
    strict: bool = False


def _describe(node, neg: bool, out: list[Part], top: bool) -> None:
    if node is True or node == {}:
        out.append(Part("none"))
        return
    ((op, args),) = node.items()
    if op == "!":
        _describe(args[0] if isinstance(args, list) else args, not neg, out, top)
        return
    if op in ("and", "or"):
        joiner = op if not neg else ("or" if op == "and" else "and")
        if len(args) == 1:
            _describe(args[0], neg, out, top)
            return
        if not top:
            out.append(Part("open"))
        for i, member in enumerate(args):
            if i:
                out.append(Part(joiner))
            _describe(member, neg, out, False)
        if not top:
            out.append(Part("close"))
        return
    found: list[Atom] = []
    _parse(node, "", neg, [], found)
    a = found[0]
    out.append(Part("cond", a.var, a.op, a.required, a.strict))


def describe(rule) -> list[Part]:
    """The rule as a flat list of parts for words (see `render`). The rule must be valid."""
    if validate(rule):
        raise ValueError("invalid rule")
    out: list[Part] = []
    _describe(True if is_empty(rule) else rule, False, out, True)
    return out


OP_WORDS = {
    "==": "为",
    "!=": "不为",
    ">": ">",
    ">=": "≥",
    "<": "<",
    "<=": "≤",
    "in": "为",
    "not_in": "不为",
    "contains": "包含",
    "not_contains": "不包含",
}


def _identity(s: str) -> str:
    return s


def number_text(value, kind: str = "number") -> str:
    """A number in words: money with thousands separators, percents and counts without trailing zeros."""
    d = Decimal(str(value))
    if kind == "money":
        if d == d.to_integral_value():
            return f"{d:,.0f}"
        return f"{d.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    d = d.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    text = f"{d:f}"
    return text


def value_text(var: str, value, translate: Callable[[str], str] = _identity, labels: Mapping | None = None) -> str:
    """A literal or fact of `var` in words (with its unit; choices by their label, `labels` overriding)."""
    v = VARIABLES[var]
    if value is None:
        return translate("未登记")
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(value_text(var, x, translate, labels) for x in value)
    if v.kind == "bool":
        return translate("是") if value else translate("否")
    if v.kind in NUMERIC:
        unit = translate(v.unit) if v.unit else ""
        if v.kind == "percent":
            return f"{number_text(value, 'percent')}%"
        return f"{number_text(value, v.kind)}{' ' if unit and v.kind == 'money' else ''}{unit}"
    names = dict(v.choices)
    if labels and value in labels:
        return str(labels[value])
    if value in names:
        return translate(names[value])
    return str(value)


def condition_text(
    var: str, op: str, value, strict: bool = False, translate: Callable[[str], str] = _identity, labels=None
) -> str:
    """One condition in words, e.g. "研发费用占销售收入比例 ≥ 3%", "持有有效资质：高新技术企业"."""
    v = VARIABLES[var]
    label = translate(v.label)
    if var == "years_registered" and op in (">=", ">"):
        return (
            translate("注册成立满%(n)s年") % {"n": number_text(value)}
            if op == ">="
            else (translate("注册成立超过%(n)s年") % {"n": number_text(value)})
        )
    if var == "qualifications" and op in ("contains", "not_contains"):
        name = value_text(var, value, translate, labels)
        return (translate("持有有效的%(q)s资质") if op == "contains" else translate("未持有有效的%(q)s资质")) % {
            "q": name
        }
    if var == "region" and op in ("contains", "not_contains"):
        name = value_text(var, value, translate, labels)
        return (translate("注册地在%(r)s") if op == "contains" else translate("注册地不在%(r)s")) % {"r": name}
    if v.kind == "bool" and op in ("==", "!="):
        yes = bool(value) == (op == "==")
        return (translate("是%(label)s") if yes else translate("不是%(label)s")) % {"label": label}
    if op in ("between", "not_between"):
        low, high = value
        sign = "<" if strict else "≤"
        low_text = value_text(var, low, translate, labels)
        high_text = value_text(var, high, translate, labels)
        text = f"{low_text} {sign} {label} {sign} {high_text}"
        if op == "not_between":
            return translate("不满足：%(cond)s") % {"cond": text}
        return text
    if op in ("in", "not_in"):
        joined = (
            translate("或").join(value_text(var, x, translate, labels) for x in value)
            if len(value) > 1
            else (value_text(var, value[0], translate, labels))
        )
        return f"{label}{translate(OP_WORDS[op])}{joined}"
    if op in ("contains", "not_contains"):
        return f"{label}{translate(OP_WORDS[op])}“{value}”"
    if v.kind in NUMERIC:
        return f"{label} {OP_WORDS[op]} {value_text(var, value, translate, labels)}"
    return f"{label}{translate(OP_WORDS[op])}{value_text(var, value, translate, labels)}"


def render(parts: Iterable[Part], translate: Callable[[str], str] = _identity, labels: Mapping | None = None) -> str:
    """Parts in words: "注册成立满1年 且 持有有效的高新技术企业资质 且 研发费用占销售收入比例 ≥ 3%".
    `translate` is applied to every Chinese msgid (the app passes gettext); `labels` maps codes the engine does
    not know (region codes) to names."""
    words: list[str] = []
    for p in parts:
        if p.kind == "none":
            words.append(translate("无限制条件"))
        elif p.kind == "and":
            words.append(f" {translate('且')} ")
        elif p.kind == "or":
            words.append(f" {translate('或')} ")
        elif p.kind == "open":
            words.append("（")
        elif p.kind == "close":
            words.append("）")
        else:
            words.append(condition_text(p.var, p.op, p.value, p.strict, translate, labels))
    return "".join(words)


def text(rule, translate: Callable[[str], str] = _identity, labels: Mapping | None = None) -> str:
    return render(describe(rule), translate, labels)


# ---------------------------------------------------------------- facts and the verdict


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    return float(value)


def normalize(facts: Mapping) -> dict:
    """Facts as the engine compares them (JSON-ready): every variable present, numbers as float (percents
    rounded to 2 places, half up), lists sorted, "" as None. Unknown keys are dropped."""
    out: dict[str, Any] = {}
    for name, var in VARIABLES.items():
        value = facts.get(name)
        if value is None or value == "":
            out[name] = None
        elif var.kind in NUMERIC:
            if var.kind == "percent":
                value = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            out[name] = _number(value)
        elif var.kind == "list":
            out[name] = sorted(str(x) for x in value)
        elif var.kind == "bool":
            out[name] = bool(value)
        else:
            out[name] = str(value)
    return out


def _guarded(node, neg: bool):
    """The rule in negation normal form with every atom guarded against missing data (see module doc)."""
    if node is True or node == {}:
        return not neg
    ((op, args),) = node.items()
    if op == "!":
        return _guarded(args[0] if isinstance(args, list) else args, not neg)
    if op in ("and", "or"):
        joiner = op if not neg else ("or" if op == "and" else "and")
        return {joiner: [_guarded(m, neg) for m in args]}
    found: list[Atom] = []
    _parse(node, "", False, [], found)
    guard = {"!==": [{"var": found[0].var}, None]}
    return {"and": [guard, {"!": [node]} if neg else node]}


@lru_cache(maxsize=4096)
def _library_json(canonical_rule: str) -> str:
    rule = json.loads(canonical_rule)
    return json.dumps(_guarded(True if is_empty(rule) else rule, False), separators=(",", ":"))


def canonical(value) -> str:
    """Canonical JSON (sorted keys, no spaces, UTF-8 text) of rules and facts."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(x):
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, (date, datetime)):
        return x.isoformat()
    if isinstance(x, (set, frozenset)):
        return sorted(x)
    raise TypeError(type(x).__name__)


def library_rule(rule) -> dict | bool:
    """The JSON Logic the library evaluates: NNF, atoms guarded against missing data."""
    return json.loads(_library_json(canonical(rule)))


def evaluate(rule, facts: Mapping, *, normalized: bool = False) -> bool:
    """The verdict of jsonlogic_rs on the guarded rule (a rule or a `Prepared`)."""
    data = facts if normalized else normalize(facts)
    library = rule.library_json if isinstance(rule, Prepared) else _library_json(canonical(rule))
    result = jsonlogic_rs.apply_serialized(library, json.dumps(data), json.loads)
    return result is True


# ---------------------------------------------------------------- explanation


@dataclass(frozen=True)
class Condition:
    """One condition's outcome: `var op required` against the organization's `value`; `gap` for a failed
    numeric comparison: how far the value is (in the variable's unit; percentage points for percents),
    `relative` the gap over the required figure."""

    var: str
    op: str
    required: Any
    value: Any
    passed: bool
    gap: float | None = None
    relative: float | None = None
    strict: bool = False
    path: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Explanation:
    eligible: bool
    conditions: list[Condition] = field(default_factory=list)
    #: the failed conditions that block the verdict: fixing all of them makes the rule pass (for an "or" the
    #: member with the fewest failed conditions, then the smallest total relative gap)
    failed: list[Condition] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "conditions": [c.as_dict() for c in self.conditions],
            "failed": [c.path for c in self.failed],
        }


def _dec(x) -> Decimal:
    return Decimal(repr(float(x)))


def _holds(a: Atom, value) -> bool:
    if value is None:
        return False
    op, req = a.op, a.required
    if op == "==":
        return value == req
    if op == "!=":
        return value != req
    if op == ">":
        return value > req
    if op == ">=":
        return value >= req
    if op == "<":
        return value < req
    if op == "<=":
        return value <= req
    if op in ("between", "not_between"):
        low, high = req
        inside = (low < value < high) if a.strict else (low <= value <= high)
        return inside if op == "between" else not inside
    if op == "in":
        return value in req
    if op == "not_in":
        return value not in req
    if op == "contains":
        return req in value
    if op == "not_contains":
        return req not in value
    raise ValueError(op)


def _gap(a: Atom, value) -> tuple[float | None, float | None]:
    if value is None or VARIABLES[a.var].kind not in NUMERIC:
        return None, None
    op, req = a.op, a.required
    if op in (">", ">="):
        gap, ref = _dec(req) - _dec(value), _dec(req)
    elif op in ("<", "<="):
        gap, ref = _dec(value) - _dec(req), _dec(req)
    elif op == "==":
        gap, ref = abs(_dec(value) - _dec(req)), _dec(req)
    elif op == "between":
        low, high = req
        if value < low or (a.strict and value == low):
            gap, ref = _dec(low) - _dec(value), _dec(low)
        else:
            gap, ref = _dec(value) - _dec(high), _dec(high)
    else:
        return None, None
    rel = float(abs(gap) / abs(ref)) if ref != 0 else None
    return float(gap), rel


def _fixes(node, neg: bool, by_path: dict[str, Condition], path: str) -> tuple[bool, list[Condition]]:
    """(passes, the failed conditions to fix) of a subtree, by the explanation's conditions."""
    if node is True or node == {}:
        return (not neg), []
    ((op, args),) = node.items()
    here = f"{path}/{op}" if path else op
    if op == "!":
        return _fixes(args[0] if isinstance(args, list) else args, not neg, by_path, here)
    if op in ("and", "or"):
        is_and = (op == "and") != neg
        results = [_fixes(m, neg, by_path, f"{here}/{i}") for i, m in enumerate(args)]
        if is_and:
            ok = all(r[0] for r in results)
            return ok, [] if ok else [c for r in results if not r[0] for c in r[1]]
        if any(r[0] for r in results):
            return True, []
        best = min(
            (r[1] for r in results),
            key=lambda cs: (len(cs), sum(c.relative if c.relative is not None else 1e9 for c in cs)),
        )
        return False, best
    cond = by_path[here]
    return cond.passed, [] if cond.passed else [cond]


def explain(rule, facts: Mapping, *, normalized: bool = False) -> Explanation:
    """Each condition of the rule against the facts, and the verdict (from jsonlogic_rs). The walk and the
    library must agree (an AssertionError otherwise: it means the subset and the library drifted apart)."""
    p = prepare(rule)
    if p.problems:
        raise ValueError(f"invalid rule: {[tuple(x) for x in p.problems]}")
    data = facts if normalized else normalize(facts)
    verdict = evaluate(p, data, normalized=True)
    if p.empty:
        return Explanation(verdict, [], [])
    rule = p.rule
    conditions = []
    for a in p.atoms:
        value = data.get(a.var)
        passed = _holds(a, value)
        gap, rel = (None, None) if passed else _gap(a, value)
        conditions.append(Condition(a.var, a.op, a.required, value, passed, gap, rel, a.strict, a.path))
    by_path = {c.path: c for c in conditions}
    walked, failed = _fixes(rule, False, by_path, "")
    if walked != verdict:
        raise AssertionError(f"rule walk {walked} disagrees with jsonlogic {verdict}: {canonical(rule)}")
    return Explanation(verdict, conditions, failed)


def near(explanation: Explanation, max_failed: int = 1, tolerance: float = 0.2) -> bool:
    """ "Nearly qualifies": not eligible, at most `max_failed` blocking conditions, each a numeric comparison
    with the organization's own figure known and a relative gap ≤ `tolerance` (0.2: within 20 % of the
    required figure; for percents relative to the required percentage, e.g. 2.8 % against ≥ 3 % is 0.067).
    The app reads both numbers from settings INNOZONE_POLICIES_NEAR_MAX_FAILED / _NEAR_TOLERANCE."""
    if explanation.eligible or not explanation.failed or len(explanation.failed) > max_failed:
        return False
    return all(c.relative is not None and c.relative <= tolerance for c in explanation.failed)


def determination_id(rule, version: int, facts: Mapping, *, normalized: bool = False) -> str:
    """sha256 (hex) of the canonical JSON {"rule", "version", "facts"}, facts normalised and restricted to the
    variables the rule reads, so the id changes exactly when the rule, its version or a fact it reads does."""
    p = prepare(rule)
    if p.problems:
        raise ValueError("invalid rule")
    data = facts if normalized else normalize(facts)
    used = sorted(p.variables)
    # canonical({"facts": …, "rule": …, "version": …}) written out: the rule's canonical JSON is cached
    facts_json = canonical({k: data[k] for k in used})
    text = f'{{"facts":{facts_json},"rule":{"true" if p.empty else p.key},"version":{int(version)}}}'
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- vectorised


class Columns:
    """Facts of n organizations as columns: numbers as float64 (NaN = unknown), text/choice as int codes into
    a vocabulary (-1 = unknown), list variables as a known mask plus one bool array per value, bools as int8
    (-1 unknown, 0, 1). Build with `Columns.from_facts` or fill the dicts directly (the bulk builder)."""

    def __init__(self, n: int):
        self.n = n
        self.numbers: dict[str, np.ndarray] = {}
        self.texts: dict[str, tuple[np.ndarray, list[str]]] = {}
        self.lists: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
        self.bools: dict[str, np.ndarray] = {}
        self._text_index: dict[str, dict[str, int]] = {}

    @classmethod
    def from_facts(cls, rows: list[Mapping], *, normalized: bool = False) -> Columns:
        data = [r if normalized else normalize(r) for r in rows]
        n = len(data)
        cols = cls(n)
        for name, var in VARIABLES.items():
            values = [d.get(name) for d in data]
            if var.kind in NUMERIC:
                cols.numbers[name] = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
            elif var.kind == "bool":
                cols.bools[name] = np.array([-1 if v is None else int(bool(v)) for v in values], dtype=np.int8)
            elif var.kind == "list":
                known = np.array([v is not None for v in values], dtype=bool)
                members: dict[str, np.ndarray] = {}
                for i, v in enumerate(values):
                    for x in v or ():
                        members.setdefault(x, np.zeros(n, dtype=bool))[i] = True
                cols.lists[name] = (known, members)
            else:
                vocab: dict[str, int] = {}
                codes = np.array([-1 if v is None else vocab.setdefault(v, len(vocab)) for v in values], dtype=np.int32)
                cols.texts[name] = (codes, list(vocab))
        return cols

    def set_text(self, name: str, codes: np.ndarray, vocab: list[str]) -> None:
        self.texts[name] = (codes, vocab)
        self._text_index.pop(name, None)

    def text_index(self, name: str) -> dict[str, int]:
        if name not in self._text_index:
            self._text_index[name] = {v: i for i, v in enumerate(self.texts[name][1])}
        return self._text_index[name]

    def facts(self, i: int) -> dict:
        """Row i as normalised facts (the input of `explain`)."""
        out: dict[str, Any] = {}
        for name, x in self.numbers.items():
            v = x[i]
            out[name] = None if np.isnan(v) else float(v)
        for name, (codes, vocab) in self.texts.items():
            c = int(codes[i])
            out[name] = None if c < 0 else vocab[c]
        for name, (known, members) in self.lists.items():
            out[name] = sorted(m for m, a in members.items() if a[i]) if known[i] else None
        for name, x in self.bools.items():
            out[name] = None if x[i] < 0 else bool(x[i])
        for name in VARIABLES:
            out.setdefault(name, None)
        return out

    def take(self, index) -> Columns:
        """The rows at `index` (an int array or bool mask) as new columns."""
        out = Columns(int(np.asarray(self.numbers[next(iter(self.numbers))][index]).shape[0]) if self.numbers else 0)
        out.numbers = {k: v[index] for k, v in self.numbers.items()}
        out.texts = {k: (c[index], vocab) for k, (c, vocab) in self.texts.items()}
        out.lists = {
            k: (known[index], {m: a[index] for m, a in members.items()}) for k, (known, members) in self.lists.items()
        }
        out.bools = {k: v[index] for k, v in self.bools.items()}
        return out


def _atom_fn(a: Atom) -> Callable[[Columns], np.ndarray]:
    var = VARIABLES[a.var]
    op, req = a.op, a.required
    if var.kind in NUMERIC:

        def numeric(cols: Columns) -> np.ndarray:
            x = cols.numbers[a.var]
            known = ~np.isnan(x)
            if op in ("between", "not_between"):
                low, high = float(req[0]), float(req[1])
                inside = ((x > low) & (x < high)) if a.strict else ((x >= low) & (x <= high))
                return known & (inside if op == "between" else ~inside)
            r = float(req)
            with np.errstate(invalid="ignore"):
                res = {
                    "==": lambda: x == r,
                    "!=": lambda: x != r,
                    ">": lambda: x > r,
                    ">=": lambda: x >= r,
                    "<": lambda: x < r,
                    "<=": lambda: x <= r,
                }[op]()
            return known & res

        return numeric
    if var.kind == "bool":

        def boolean(cols: Columns) -> np.ndarray:
            x = cols.bools[a.var]
            target = 1 if req else 0
            return (x == target) if op == "==" else ((x != target) & (x >= 0))

        return boolean
    if var.kind == "list":

        def listed(cols: Columns) -> np.ndarray:
            known, members = cols.lists[a.var]
            has = members.get(req)
            if has is None:
                has = np.zeros(cols.n, dtype=bool)
            return known & (has if op == "contains" else ~has)

        return listed

    def textual(cols: Columns) -> np.ndarray:
        codes, vocab = cols.texts[a.var]
        known = codes >= 0
        if op in ("==", "!=", "in", "not_in"):
            wanted = [req] if op in ("==", "!=") else req
            index = cols.text_index(a.var)
            ids = [index[w] for w in wanted if w in index]
            hit = np.isin(codes, np.array(ids, dtype=np.int32)) if ids else np.zeros(cols.n, dtype=bool)
            return known & (hit if op in ("==", "in") else ~hit)
        mask = np.array([req in v for v in vocab] + [False], dtype=bool)  # index -1 → the trailing False
        hit = mask[codes]
        return known & (hit if op == "contains" else ~hit)

    return textual


def _compile(node, neg: bool, path: str, widen=None) -> Callable[[Columns], np.ndarray]:
    """The tree as a function of the columns; `widen(atom) -> atom` (if given) changes each comparison first."""
    if node is True or node == {}:
        value = not neg
        return lambda cols: np.full(cols.n, value, dtype=bool)
    ((op, args),) = node.items()
    here = f"{path}/{op}" if path else op
    if op == "!":
        return _compile(args[0] if isinstance(args, list) else args, not neg, here, widen)
    if op in ("and", "or"):
        members = [_compile(m, neg, f"{here}/{i}", widen) for i, m in enumerate(args)]
        is_and = (op == "and") != neg

        def group(cols: Columns) -> np.ndarray:
            result = members[0](cols)
            for m in members[1:]:
                result = (result & m(cols)) if is_and else (result | m(cols))
            return result

        return group
    found: list[Atom] = []
    _parse(node, path, neg, [], found)
    return _atom_fn(widen(found[0]) if widen else found[0])


def _relaxed_atom(a: Atom, tolerance: float) -> Atom:
    """The atom widened by `tolerance` of its required figure (numeric comparisons only)."""
    if VARIABLES[a.var].kind not in NUMERIC or a.op in ("!=", "not_between"):
        return a
    slack = 1 + tolerance + 1e-9
    if a.op == "between":
        low, high = float(a.required[0]), float(a.required[1])
        return Atom(a.var, "between", [low - (slack - 1) * abs(low), high + (slack - 1) * abs(high)], False, a.path)
    r = float(a.required)
    if r == 0:
        return a
    d = (slack - 1) * abs(r)
    if a.op in (">", ">="):
        return Atom(a.var, ">=", r - d, path=a.path)
    if a.op in ("<", "<="):
        return Atom(a.var, "<=", r + d, path=a.path)
    return Atom(a.var, "between", [r - d, r + d], False, a.path)  # ==


def compile_relaxed(rule, tolerance: float) -> Callable[[Columns], np.ndarray]:
    """Who might nearly qualify: the rule with every numeric comparison widened by `tolerance` — a superset
    of the rows for which `near(explain(...), tolerance=tolerance)` holds, so the bulk near-miss list explains
    only those rows."""

    if validate(rule):
        raise ValueError("invalid rule")
    return _compile(True if is_empty(rule) else rule, False, "", lambda atom: _relaxed_atom(atom, tolerance))


def compile(rule) -> Callable[[Columns], np.ndarray]:
    """A function of `Columns` → bool array (who satisfies the rule), agreeing with `explain` row by row."""
    problems = validate(rule)
    if problems:
        raise ValueError(f"invalid rule: {[tuple(p) for p in problems]}")
    return _compile(True if is_empty(rule) else rule, False, "")
