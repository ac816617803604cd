"""Eligibility of an organization for a call (申报条件), pure: rules are the call's JSON list, facts are what
the registry says about the organization on a date. One outcome per rule with a message code and numbers;
the app turns code + params into text. Standard library only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

SIZES = ("large", "medium", "small", "micro")
OPS = (">=", "<=", ">", "<", "=")
RULE_NAMES = ("region", "kind", "size", "qualification", "years_registered", "figure", "not_sanctioned")


@dataclass(frozen=True)
class Facts:
    on: date
    kind: str
    region_codes: frozenset = frozenset()
    size: str | None = None
    qualifications: frozenset = frozenset()
    registered_on: date | None = None
    figures: Mapping = field(default_factory=lambda: MappingProxyType({}))
    sanctioned_until: date | None = None


@dataclass(frozen=True)
class Outcome:
    rule: str
    passed: bool | None
    code: str
    params: dict


def whole_years(start: date, on: date) -> int:
    """Whole years from start to on; the anniversary counts (29 February → 28 February in other years)."""
    years = on.year - start.year
    try:
        anniversary = start.replace(year=on.year)
    except ValueError:  # 29 February in a common year
        anniversary = date(on.year, 2, 28)
    if on < anniversary:
        years -= 1
    return years


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _compare(actual: Decimal, op: str, value: Decimal) -> bool:
    return {
        ">=": actual >= value,
        "<=": actual <= value,
        ">": actual > value,
        "<": actual < value,
        "=": actual == value,
    }[op]


def _one(rule: dict, facts: Facts) -> Outcome:
    name = rule.get("rule", "")
    if name == "region":
        wanted = list(rule.get("regions", []))
        ok = any(code in facts.region_codes for code in wanted)
        return Outcome(name, ok, "region.ok" if ok else "region.outside", {"regions": wanted})
    if name == "kind":
        wanted = list(rule.get("kinds", []))
        ok = facts.kind in wanted
        return Outcome(name, ok, "kind.ok" if ok else "kind.other", {"kinds": wanted, "actual": facts.kind})
    if name == "size":
        wanted = list(rule.get("sizes", []))
        if not facts.size:
            return Outcome(name, None, "size.missing", {"sizes": wanted})
        ok = facts.size in wanted
        return Outcome(name, ok, "size.ok" if ok else "size.other", {"sizes": wanted, "actual": facts.size})
    if name == "qualification":
        wanted = list(rule.get("any", []))
        held = sorted(q for q in wanted if q in facts.qualifications)
        ok = bool(held)
        return Outcome(name, ok, "qualification.ok" if ok else "qualification.none", {"any": wanted, "held": held})
    if name == "years_registered":
        minimum = int(rule.get("min", 0))
        if facts.registered_on is None:
            return Outcome(name, None, "years.missing", {"min": minimum})
        actual = whole_years(facts.registered_on, facts.on)
        ok = actual >= minimum
        return Outcome(name, ok, "years.ok" if ok else "years.short", {"min": minimum, "actual": actual})
    if name == "figure":
        key, op, value = rule.get("key", ""), rule.get("op", ">="), _decimal(rule.get("value"))
        params = {"key": key, "op": op, "value": str(value)}
        actual = _decimal(facts.figures.get(key)) if key in facts.figures else None
        if actual is None:
            return Outcome(name, None, "figure.missing", params)
        ok = _compare(actual, op, value)
        return Outcome(name, ok, "figure.ok" if ok else "figure.fails", {**params, "actual": str(actual)})
    if name == "not_sanctioned":
        until = facts.sanctioned_until
        if until is not None and facts.on <= until:
            return Outcome(name, False, "sanction.active", {"until": until.isoformat()})
        return Outcome(name, True, "sanction.none", {})
    return Outcome(name, None, "rule.unknown", {})


def check(rules: list[dict], facts: Facts) -> list[Outcome]:
    """One outcome per rule, in order."""
    return [_one(rule if isinstance(rule, dict) else {}, facts) for rule in rules]


def eligible(outcomes: list[Outcome]) -> bool:
    """True when every rule passed (a rule that cannot be checked counts as not passed)."""
    return all(o.passed is True for o in outcomes)


def _list_of_text(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def validate(rules) -> list[tuple[int, str]]:
    """(index, problem code) for a malformed rule list; [] when it is well formed. Index -1: not a list."""
    if not isinstance(rules, list):
        return [(-1, "rules.not_list")]
    problems: list[tuple[int, str]] = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            problems.append((i, "rule.not_object"))
            continue
        name = rule.get("rule")
        if name not in RULE_NAMES:
            problems.append((i, "rule.unknown"))
        elif name == "region" and not _list_of_text(rule.get("regions")):
            problems.append((i, "region.empty"))
        elif name == "kind" and not _list_of_text(rule.get("kinds")):
            problems.append((i, "kind.empty"))
        elif name == "size" and not (_list_of_text(rule.get("sizes")) and set(rule["sizes"]) <= set(SIZES)):
            problems.append((i, "size.invalid"))
        elif name == "qualification" and not _list_of_text(rule.get("any")):
            problems.append((i, "qualification.empty"))
        elif name == "years_registered":
            minimum = rule.get("min")
            if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
                problems.append((i, "years.invalid"))
        elif name == "figure":
            if not isinstance(rule.get("key"), str) or not rule.get("key"):
                problems.append((i, "figure.key"))
            if rule.get("op") not in OPS:
                problems.append((i, "figure.op"))
            if _decimal(rule.get("value")) is None:
                problems.append((i, "figure.value"))
    return problems
