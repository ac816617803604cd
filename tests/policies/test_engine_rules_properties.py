"""Properties of the policy rule engine (policies/engine/rules.py, amounts.py), written from the specification in
the team brief and the engine's announced interface only (not its code). The test carries its own evaluator of
the JSON Logic subset (and / or / ! over atoms between a variable and a literal; missing data fails an atom under
either polarity) and checks the engine against it on random rules and random enterprises:

- the verdict of `explain` (from jsonlogic_rs) is the test's own verdict;
- an enterprise reported eligible satisfies every condition of a conjunctive clause (and the clause as a tree
  otherwise); one reported ineligible has at least one listed failed condition, and every listed failed
  condition really fails, checked from the condition's own (var, op, required) against the facts;
- the vectorised path `compile(rule)(Columns)` agrees with `explain` row by row;
- boundary values exactly at the threshold, percent rounding half up, missing data;
- near misses, determination ids, validation;
- amounts: fixed is fixed, a ratio never above its cap, tiered picks the highest tier reached and is monotone.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from innozone.policies.engine import amounts, rules
from innozone.policies.engine.rules import Columns, compile, determination_id, explain, near, normalize, validate

# ---- the variables and value pools (small pools so equalities and boundaries happen often) -------------------

NUMBER_VARS = {
    "years_registered": [0, 1, 2, 3, 5, 10],
    "employees": [0, 10, 50, 100, 300],
    "sci_staff": [0, 5, 10, 30],
    "invention_patents": [0, 1, 2, 5],
    "revenue": [0, 1_000_000, 20_000_000, 100_000_000, 400_000_000],
    "rd_total": [0, 500_000, 3_000_000, 10_000_000],
    "total_assets": [0, 5_000_000, 100_000_000],
    "export_value": [0, 1_000_000, 50_000_000],
    "rd_ratio": [0, 2.8, 2.99, 3, 3.01, 5, 6],
    "sci_ratio": [0, 9.99, 10, 10.01, 30],
    "hitech_income_ratio": [0, 59.99, 60, 60.01, 80],
}
CHOICE_VARS = {
    "kind": ["enterprise", "university", "institute", "other"],
    "size": ["large", "medium", "small", "micro"],
    "park": ["lzgx", "bygx", "lzxq", "tsh"],
}
TEXT_VARS = {
    "field": ["电子信息", "新材料", "生物与新医药", "先进制造与自动化"],
    "industry_code": ["C3985", "C3989", "I6510", "M7320"],
}
TEXT_PARTS = {"field": ["电子", "材料", "新", "医药", "自动化"], "industry_code": ["C39", "I65", "C3985", "M"]}
REGION_CHAINS = [["gs", "lz", "lzgx"], ["gs", "lz", "lzxq"], ["gs", "by", "bygx"], ["gs", "tsh"], ["gs", "lz"]]
REGION_CODES = sorted({code for chain in REGION_CHAINS for code in chain} | {"jq"})
QUALIFICATIONS = [code for code, _ in rules.QUALIFICATION_CHOICES]
BOOL_VARS = ["listed", "sanctioned"]
CENT = Decimal("0.01")


def var(name):
    return {"var": name}


# ---- the test's own evaluator -------------------------------------------------------------------------------


def compare(op: str, value, required, strict: bool = False) -> bool:
    """One condition `value op required` in the engine's normalised vocabulary; None fails whatever the op."""
    if value is None:
        return False
    match op:
        case "==":
            return value == required
        case "!=":
            return value != required
        case ">":
            return value > required
        case ">=":
            return value >= required
        case "<":
            return value < required
        case "<=":
            return value <= required
        case "between":
            low, high = required
            return low < value < high if strict else low <= value <= high
        case "not_between":
            return not compare("between", value, required, strict)
        case "in":
            return value in required
        case "not_in":
            return value not in required
        case "contains":
            return required in value
        case "not_contains":
            return required not in value
    raise AssertionError(f"unknown op {op}")


FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def atom_truth(node: dict, facts: dict) -> bool:
    """A JSON Logic atom of the subset, read directly from the rule (either order, between, `in` both ways)."""
    ((op, args),) = node.items()
    if op in ("<", "<=") and len(args) == 3:
        low, v, high = args
        value = facts.get(v["var"])
        return value is not None and (low < value < high if op == "<" else low <= value <= high)
    left, right = args
    if op == "in":
        if isinstance(left, dict):  # the variable's value is one of the literals
            value = facts.get(left["var"])
            return value is not None and value in right
        value = facts.get(right["var"])  # the variable (list, or text) holds the literal
        return value is not None and left in value
    if isinstance(left, dict):
        name, literal = left["var"], right
    else:
        name, literal, op = right["var"], left, FLIP[op]
    return compare(op, facts.get(name), literal)


def truth(node, facts: dict, negated: bool = False) -> bool:
    """The rule's verdict: negation pushed to the atoms; an atom on unknown data fails under either polarity."""
    ((op, args),) = node.items()
    if op in ("and", "or"):
        results = [truth(member, facts, negated) for member in args]
        conjunctive = (op == "and") != negated
        return all(results) if conjunctive else any(results)
    if op == "!":
        inner = args[0] if isinstance(args, list) else args
        return truth(inner, facts, not negated)
    if any(facts.get(name) is None for name in atom_vars(node)):
        return False
    return atom_truth(node, facts) != negated


def atom_vars(node) -> list[str]:
    ((_, args),) = node.items()
    return [a["var"] for a in args if isinstance(a, dict)]


def atoms_in_order(node, negated=False) -> list[tuple[dict, bool]]:
    ((op, args),) = node.items()
    if op in ("and", "or"):
        return [pair for member in args for pair in atoms_in_order(member, negated)]
    if op == "!":
        return atoms_in_order(args[0] if isinstance(args, list) else args, not negated)
    return [(node, negated)]


def has_or(node, negated=False) -> bool:
    """Does the rule (after pushing negations down) contain a disjunction?"""
    ((op, args),) = node.items()
    if op in ("and", "or"):
        if (op == "or") != negated:
            return True
        return any(has_or(member, negated) for member in args)
    if op == "!":
        return has_or(args[0] if isinstance(args, list) else args, not negated)
    return False


# ---- strategies -----------------------------------------------------------------------------------------------


PERCENT_VARS = ("rd_ratio", "sci_ratio", "hitech_income_ratio")


def number_pool(name):
    return st.one_of(
        st.sampled_from(NUMBER_VARS[name]),
        st.integers(0, 500) if name not in PERCENT_VARS else st.just(0),
        st.integers(0, 10000).map(lambda n: n / 100),  # 2 decimal places
    )


def fact_pool(name):
    """A figure as the registry may give it: also as a Decimal (percents with 3 places, rounded half up to 2)."""
    if name in PERCENT_VARS:
        return st.one_of(number_pool(name), st.decimals(min_value=0, max_value=100, places=3))
    return st.one_of(number_pool(name), number_pool(name).map(lambda n: Decimal(str(n))))


@st.composite
def numeric_atom(draw):
    name = draw(st.sampled_from(sorted(NUMBER_VARS)))
    literal = draw(number_pool(name))
    shape = draw(st.sampled_from(["var-left", "lit-left", "between", "between-strict"]))
    op = draw(st.sampled_from(["==", "!=", ">", ">=", "<", "<="]))
    if shape == "var-left":
        return {op: [var(name), literal]}
    if shape == "lit-left":
        return {op: [literal, var(name)]}
    other = draw(number_pool(name))
    low, high = sorted([literal, other])
    return {"<=" if shape == "between" else "<": [low, var(name), high]}


@st.composite
def choice_atom(draw):
    name = draw(st.sampled_from(sorted(CHOICE_VARS) + sorted(TEXT_VARS)))
    pool = CHOICE_VARS.get(name) or TEXT_VARS[name]
    shape = draw(st.sampled_from(["==", "!=", "in", "lit-left"] + (["contains"] if name in TEXT_VARS else [])))
    if shape == "in":
        return {"in": [var(name), draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))]}
    if shape == "contains":
        return {"in": [draw(st.sampled_from(TEXT_PARTS[name])), var(name)]}
    if shape == "lit-left":
        return {"==": [draw(st.sampled_from(pool)), var(name)]}
    return {shape: [var(name), draw(st.sampled_from(pool))]}


@st.composite
def list_atom(draw):
    if draw(st.booleans()):
        return {"in": [draw(st.sampled_from(QUALIFICATIONS)), var("qualifications")]}
    return {"in": [draw(st.sampled_from(REGION_CODES)), var("region")]}


@st.composite
def bool_atom(draw):
    return {draw(st.sampled_from(["==", "!="])): [var(draw(st.sampled_from(BOOL_VARS))), draw(st.booleans())]}


atom_rules = st.one_of(numeric_atom(), numeric_atom(), choice_atom(), list_atom(), bool_atom())


def trees(with_not: bool = True, max_leaves: int = 8):
    def extend(children):
        groups = [
            st.lists(children, min_size=1, max_size=4).map(lambda xs: {"and": xs}),
            st.lists(children, min_size=1, max_size=4).map(lambda xs: {"or": xs}),
        ]
        if with_not:
            groups.append(children.map(lambda x: {"!": x}))
            groups.append(children.map(lambda x: {"!": [x]}))
        return st.one_of(*groups)

    return st.recursive(atom_rules, extend, max_leaves=max_leaves)


conjunctions = st.lists(atom_rules, min_size=1, max_size=6).map(lambda xs: {"and": xs})


@st.composite
def enterprises(draw, missing: bool = True):
    """One organization's facts; with `missing`, any variable may be unknown (None or absent)."""
    facts = {}
    for name in NUMBER_VARS:
        facts[name] = draw(fact_pool(name))
    for name, pool in {**CHOICE_VARS, **TEXT_VARS}.items():
        facts[name] = draw(st.sampled_from(pool))
    facts["region"] = draw(st.sampled_from(REGION_CHAINS))
    facts["qualifications"] = draw(st.lists(st.sampled_from(QUALIFICATIONS), max_size=3, unique=True))
    for name in BOOL_VARS:
        facts[name] = draw(st.booleans())
    if missing:
        for name in draw(st.lists(st.sampled_from(sorted(facts)), max_size=4, unique=True)):
            if draw(st.booleans()):
                facts[name] = None
            else:
                del facts[name]
    return facts


def seen(facts: dict) -> dict:
    """The facts as the test compares them: absent = None, numbers as float, percents rounded half up to 2
    places."""
    out = {name: facts.get(name) for name in rules.VARIABLES}
    out = {name: float(v) if isinstance(v, Decimal) else v for name, v in out.items()}
    for name in PERCENT_VARS:
        if out[name] is not None:
            out[name] = float(Decimal(str(out[name])).quantize(CENT, rounding=ROUND_HALF_UP))
    return out


# ---- the verdict and the listed conditions ---------------------------------------------------------------------


@given(trees(), enterprises())
def test_verdict_is_the_tests_own(rule, facts):
    assert validate(rule) == []
    explanation = explain(rule, facts)
    assert explanation.eligible == truth(rule, seen(facts))
    assert rules.evaluate(rule, facts) == explanation.eligible


@given(trees(), enterprises())
def test_every_listed_condition_is_what_it_says(rule, facts):
    """One condition per atom, in tree order, each passed exactly when the test's own reading of that atom (with
    the negations above it pushed down) passes, and exactly when its own (var, op, required) holds for the
    organization's value, which is the organization's fact."""
    explanation = explain(rule, facts)
    facts_seen = seen(facts)
    expected = atoms_in_order(rule)
    assert len(explanation.conditions) == len(expected)
    for condition, (node, negated) in zip(explanation.conditions, expected, strict=True):
        assert condition.var == atom_vars(node)[0]
        value = facts_seen[condition.var]
        if value is None:
            assert condition.value is None and not condition.passed
            continue
        assert condition.passed == (atom_truth(node, facts_seen) != negated)
        assert condition.passed == compare(condition.op, condition.value, condition.required, condition.strict)
        if isinstance(value, list):
            assert sorted(condition.value) == sorted(value)
        else:
            assert condition.value == value


@given(conjunctions, enterprises())
def test_eligible_satisfies_every_condition_of_a_conjunction(rule, facts):
    explanation = explain(rule, facts)
    facts_seen = seen(facts)
    own = [truth(atom, facts_seen) for atom in rule["and"]]
    assert explanation.eligible == all(own)
    if explanation.eligible:
        assert all(c.passed for c in explanation.conditions)
        assert explanation.failed == []
    else:
        assert explanation.failed, "an ineligible organization without a listed failed condition"
        assert len(explanation.failed) == own.count(False)  # in a conjunction every failed condition blocks
    for condition in explanation.failed:
        assert not condition.passed
        assert not compare(condition.op, facts_seen[condition.var], condition.required, condition.strict)


@given(trees(), enterprises())
def test_ineligible_lists_failed_conditions_that_really_fail(rule, facts):
    explanation = explain(rule, facts)
    facts_seen = seen(facts)
    if explanation.eligible:
        assert truth(rule, facts_seen)
        if not has_or(rule):
            assert all(c.passed for c in explanation.conditions)
        return
    assert not truth(rule, facts_seen)
    assert explanation.failed, "an ineligible organization without a listed failed condition"
    for condition in explanation.failed:
        assert condition in explanation.conditions
        assert not condition.passed
        assert not compare(condition.op, facts_seen[condition.var], condition.required, condition.strict)


@given(trees(), enterprises())
def test_the_failed_conditions_are_enough_to_block(rule, facts):
    """Making every listed failed condition pass cannot leave the verdict unexplained: with the failed atoms
    read as passing (and the others as they are), the test's own tree verdict is true."""
    explanation = explain(rule, facts)
    if explanation.eligible:
        return
    blocking = {id(c) for c in explanation.failed}
    outcomes = [c.passed or id(c) in blocking for c in explanation.conditions]
    assert combine(rule, iter(outcomes))


def combine(node, outcomes, negated=False) -> bool:
    """The tree's verdict from the atoms' outcomes in tree order (negation pushed down)."""
    ((op, args),) = node.items()
    if op in ("and", "or"):
        results = [combine(member, outcomes, negated) for member in args]
        return all(results) if (op == "and") != negated else any(results)
    if op == "!":
        return combine(args[0] if isinstance(args, list) else args, outcomes, not negated)
    return next(outcomes)


# ---- the vectorised path ----------------------------------------------------------------------------------------


@given(trees(), st.lists(enterprises(), min_size=1, max_size=25))
def test_compiled_agrees_with_explain(rule, rows):
    got = compile(rule)(Columns.from_facts(rows))
    assert isinstance(got, np.ndarray) and got.dtype == np.bool_ and got.shape == (len(rows),)
    expected = [explain(rule, facts).eligible for facts in rows]
    assert got.tolist() == expected
    assert expected == [truth(rule, seen(facts)) for facts in rows]


@given(trees(), st.lists(enterprises(), min_size=2, max_size=20), st.data())
def test_compiled_on_a_subset_of_rows(rule, rows, data):
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))))
    whole = compile(rule)(Columns.from_facts(rows))
    assert compile(rule)(Columns.from_facts(rows).take(mask)).tolist() == whole[mask].tolist()


@pytest.mark.parametrize("rule", [{}, True])
def test_no_condition_qualifies_everyone(rule):
    assert validate(rule) == []
    assert explain(rule, {}).eligible and explain(rule, {}).failed == []
    rows = [{}, {"revenue": 1, "size": "small"}]
    assert compile(rule)(Columns.from_facts(rows)).tolist() == [True, True]


@given(trees())
def test_compiled_on_no_rows(rule):
    got = compile(rule)(Columns.from_facts([]))
    assert got.shape == (0,) and got.dtype == np.bool_


def test_compiled_with_literals_no_row_has():
    rows = [{"park": "lzgx", "field": "新材料", "size": "small"}, {"park": "bygx", "field": None, "size": None}]
    cols = Columns.from_facts(rows)
    assert compile({"==": [var("park"), "tsh"]})(cols).tolist() == [False, False]
    assert compile({"!=": [var("park"), "tsh"]})(cols).tolist() == [True, True]
    assert compile({"in": [var("park"), ["tsh", "jq"]]})(cols).tolist() == [False, False]
    assert compile({"in": ["电子", var("field")]})(cols).tolist() == [False, False]
    assert compile({"!": {"in": ["电子", var("field")]}})(cols).tolist() == [True, False]  # unknown field fails
    assert compile({"in": [var("size"), ["small", "micro"]]})(cols).tolist() == [True, False]


# ---- boundaries, missing data, rounding ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "facts", "eligible"),
    [
        ({">=": [var("rd_ratio"), 3]}, {"rd_ratio": 3}, True),
        ({">=": [var("rd_ratio"), 3]}, {"rd_ratio": 3.0}, True),
        ({">=": [var("rd_ratio"), 3]}, {"rd_ratio": 2.99}, False),
        ({">": [var("rd_ratio"), 3]}, {"rd_ratio": 3}, False),
        ({">": [var("rd_ratio"), 3]}, {"rd_ratio": 3.01}, True),
        ({"<=": [var("employees"), 500]}, {"employees": 500}, True),
        ({"<": [var("employees"), 500]}, {"employees": 500}, False),
        ({"<": [1, var("years_registered")]}, {"years_registered": 1}, False),  # literal first: x > 1
        ({"<=": [1, var("years_registered")]}, {"years_registered": 1}, True),  # x ≥ 1
        ({"==": [var("invention_patents"), 2]}, {"invention_patents": 2}, True),
        ({"<=": [10, var("sci_ratio"), 30]}, {"sci_ratio": 10}, True),
        ({"<=": [10, var("sci_ratio"), 30]}, {"sci_ratio": 30}, True),
        ({"<=": [10, var("sci_ratio"), 30]}, {"sci_ratio": 30.01}, False),
        ({"<": [10, var("sci_ratio"), 30]}, {"sci_ratio": 10}, False),
        ({"<": [10, var("sci_ratio"), 30]}, {"sci_ratio": 30}, False),
        ({"<": [10, var("sci_ratio"), 30]}, {"sci_ratio": 10.01}, True),
        ({">=": [var("revenue"), 20_000_000]}, {"revenue": 20_000_000}, True),
        ({">=": [var("revenue"), 20_000_000]}, {"revenue": 19_999_999.99}, False),
        # percents are rounded to 2 places half up before comparing
        ({">=": [var("rd_ratio"), 3]}, {"rd_ratio": Decimal("2.995")}, True),
        ({">=": [var("rd_ratio"), 3]}, {"rd_ratio": Decimal("2.994")}, False),
        ({"in": ["hnte", var("qualifications")]}, {"qualifications": ["tsme", "hnte"]}, True),
        ({"in": ["hnte", var("qualifications")]}, {"qualifications": []}, False),
        ({"!": {"in": ["hnte", var("qualifications")]}}, {"qualifications": []}, True),
        ({"in": ["lz", var("region")]}, {"region": ["gs", "lz", "lzgx"]}, True),
        ({"in": ["by", var("region")]}, {"region": ["gs", "lz", "lzgx"]}, False),
        ({"==": [var("sanctioned"), False]}, {"sanctioned": False}, True),
        ({"==": [var("sanctioned"), False]}, {"sanctioned": True}, False),
    ],
)
def test_boundaries(rule, facts, eligible):
    assert validate(rule) == []
    explanation = explain(rule, facts)
    assert explanation.eligible is eligible
    assert compile(rule)(Columns.from_facts([facts])).tolist() == [eligible]
    assert [c.passed for c in explanation.conditions] == [eligible]


def test_percent_rounding_half_up_in_normalize():
    assert normalize({"rd_ratio": Decimal("2.995")})["rd_ratio"] == 3.0
    assert normalize({"rd_ratio": 2.994})["rd_ratio"] == 2.99
    assert normalize({"rd_ratio": Decimal("0.125")})["rd_ratio"] == 0.13


@pytest.mark.parametrize(
    "rule",
    [
        {">=": [var("revenue"), 1e8]},
        {"<": [var("revenue"), 1e8]},
        {"<=": [var("revenue"), 1e8]},
        {"!=": [var("revenue"), 5]},
        {"!": {">=": [var("revenue"), 1e8]}},  # the docstring's example: no figures does not let one through
        {"!": [{"==": [var("revenue"), 5]}]},
        {"<=": [0, var("revenue"), 1e8]},
        {"!": {"<=": [0, var("revenue"), 1e8]}},
        {"==": [var("listed"), False]},
        {"!=": [var("listed"), True]},
        {"!": {"==": [var("listed"), True]}},
        {"in": [var("size"), ["small", "micro"]]},
        {"!": {"in": [var("size"), ["small", "micro"]]}},
        {"!": {"in": ["hnte", var("qualifications")]}},
        {"!": {"in": ["电子", var("field")]}},
    ],
)
@pytest.mark.parametrize("unknown", ["absent", "none", "empty-text"])
def test_missing_data_fails_under_either_polarity(rule, unknown):
    name = rules.variables_of(rule).pop()
    facts = {"revenue": 3e7, "size": "small", "employees": 10}
    facts.pop(name, None)
    if unknown == "none":
        facts[name] = None
    elif unknown == "empty-text":
        if rules.VARIABLES[name].kind not in ("text", "choice"):
            return
        facts[name] = ""
    explanation = explain({"and": [rule, {">=": [var("employees"), 1]}]}, facts)
    assert not explanation.eligible
    first = explanation.conditions[0]
    assert first.value is None and not first.passed
    assert first in explanation.failed
    assert compile(rule)(Columns.from_facts([facts])).tolist() == [False]


# ---- gaps and near misses -----------------------------------------------------------------------------------


def test_the_near_miss_of_the_brief():
    """研发费用占比 2.8%，差 0.2 个百分点: against ≥ 3 %, relative 0.2 / 3."""
    rule = {"and": [{">=": [var("years_registered"), 1]}, {">=": [var("rd_ratio"), 3]}]}
    explanation = explain(rule, {"years_registered": 4, "rd_ratio": 2.8})
    assert not explanation.eligible
    (failed,) = explanation.failed
    assert (failed.var, failed.op, failed.required, failed.value) == ("rd_ratio", ">=", 3, 2.8)
    assert failed.gap == pytest.approx(0.2)
    assert failed.relative == pytest.approx(0.2 / 3, abs=1e-3)
    assert near(explanation, max_failed=1, tolerance=0.2)
    assert not near(explanation, max_failed=1, tolerance=0.05)
    assert not near(explain(rule, {"years_registered": 4, "rd_ratio": 3}))  # eligible is not a near miss


@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(NUMBER_VARS)), st.sampled_from([">=", ">", "<=", "<"]), st.integers(1, 10**6)),
        min_size=1,
        max_size=4,
    ),
    st.data(),
    st.integers(0, 3),
    st.sampled_from([0.05, 0.2, 0.5]),
)
def test_near_on_numeric_conjunctions(spec, data, max_failed, tolerance):
    """For a conjunction of numeric thresholds: near ⇔ not eligible, at most max_failed failed conditions,
    each with the organization's figure known and |gap| / |required| ≤ tolerance; the gap of a failed ≥/≤ is
    the distance to the threshold in the variable's unit."""
    rule = {"and": [{op: [var(name), threshold]} for name, op, threshold in spec]}
    facts = {}
    for name, _, threshold in spec:
        if name not in facts:
            facts[name] = data.draw(st.one_of(st.integers(0, 2 * threshold), st.none()), label=name)
    explanation = explain(rule, facts)
    failed = explanation.failed
    for condition in failed:
        if condition.value is not None and condition.op in (">=", "<="):
            assert abs(condition.gap) == pytest.approx(abs(condition.required - condition.value))
            assert abs(condition.relative) == pytest.approx(abs(condition.gap) / abs(condition.required))
    expected = (
        not explanation.eligible
        and len(failed) <= max_failed
        and all(c.value is not None and abs(c.required - c.value) / abs(c.required) <= tolerance + 1e-9 for c in failed)
    )
    # strict thresholds (> / <) failed exactly at the threshold have a zero distance: within any tolerance
    assert near(explanation, max_failed=max_failed, tolerance=tolerance) == expected


@given(trees(), enterprises())
def test_near_implies_not_eligible_and_few_numeric_failures(rule, facts):
    explanation = explain(rule, facts)
    if near(explanation, max_failed=2, tolerance=0.3):
        assert not explanation.eligible
        assert 1 <= len(explanation.failed) <= 2
        for condition in explanation.failed:
            assert condition.value is not None
            assert rules.VARIABLES[condition.var].kind in rules.NUMERIC


# ---- determination ids ---------------------------------------------------------------------------------------


@given(trees(), enterprises(missing=False), st.integers(1, 50))
def test_determination_id(rule, facts, version):
    ident = determination_id(rule, version, facts)
    assert len(ident) == 64 and int(ident, 16) >= 0
    assert determination_id(rule, version, dict(reversed(list(facts.items())))) == ident  # key order
    assert determination_id(rule, version + 1, facts) != ident
    assert determination_id(rule, version, normalize(facts)) == ident  # the same facts however written
    read = rules.variables_of(rule)
    unread = [name for name in NUMBER_VARS if name not in read]
    if unread:  # a fact the rule does not read does not change the id
        assert determination_id(rule, version, {**facts, unread[0]: 123456}) == ident
    name = sorted(read & set(NUMBER_VARS))
    if name:  # a fact it reads does
        assert determination_id(rule, version, {**facts, name[0]: facts[name[0]] + 7}) != ident


# ---- validation -------------------------------------------------------------------------------------------------


@given(trees())
def test_generated_rules_are_valid_and_describable(rule):
    assert validate(rule) == []
    parts = rules.describe(rule)
    assert sum(1 for p in parts if p.kind == "cond") == len(atoms_in_order(rule))
    assert rules.text(rule)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ({">=": [var("profit"), 3]}, "var.unknown"),
        ({"~": [var("revenue"), 3]}, "rule.op"),
        ({">=": [var("revenue")]}, "rule.args"),
        ({"and": []}, "group.empty"),
        ({"<=": [5, var("rd_ratio"), 3]}, "between.order"),
        ({"==": [var("size"), "huge"]}, "value.choice"),
        ({">=": [var("revenue"), "much"]}, "value.type"),
        ({">=": [var("field"), 3]}, "op.kind"),
        ({">=": [{"var": ["revenue", 0]}, 3]}, "var.form"),
        ("revenue >= 3", "rule.type"),
    ],
)
def test_invalid_rules(rule, code):
    problems = validate(rule)
    assert code in [str(p) for p in problems]


# ---- amounts ----------------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def half_up(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@given(money, st.dictionaries(st.sampled_from(amounts.FIGURES), money, max_size=4))
def test_fixed_is_fixed(value, facts):
    rule = {"type": "fixed", "amount": str(value)}
    assert amounts.validate(rule) == []
    assert amounts.amount(rule, facts) == half_up(value)
    assert amounts.amount({"type": "fixed", "amount": float(value)}, {}) == half_up(value)
    assert amounts.maximum(rule) == half_up(value)


@given(
    st.sampled_from(amounts.FIGURES),
    st.one_of(money, st.integers(0, 10**9)),
    st.decimals(min_value=Decimal("0.0001"), max_value=1, places=4),
    st.one_of(st.none(), money),
)
def test_ratio_never_above_the_cap(figure, value, rate, cap):
    rule = {"type": "ratio", "figure": figure, "rate": str(rate)}
    if cap is not None:
        rule["cap"] = str(cap)
    assert amounts.validate(rule) == []
    got = amounts.amount(rule, {figure: value})
    exact = half_up(Decimal(value) * rate)
    assert got == (exact if cap is None else min(exact, half_up(cap)))
    if cap is not None:
        assert got <= cap
        assert amounts.maximum(rule) == half_up(cap)
    assert got >= 0
    assert amounts.amount(rule, {}) is None  # the figure unknown: cannot be estimated
    assert amounts.amount(rule, {figure: None}) is None


@given(st.sampled_from(amounts.FIGURES), money, money, st.decimals(min_value=Decimal("0.01"), max_value=1, places=2))
def test_ratio_is_monotone(figure, a, b, rate):
    rule = {"type": "ratio", "figure": figure, "rate": str(rate), "cap": "500000"}
    low, high = sorted([a, b])
    assert amounts.amount(rule, {figure: low}) <= amounts.amount(rule, {figure: high})


@st.composite
def tier_rules(draw):
    mins = draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=5, unique=True))
    mins.sort()
    values = draw(st.lists(money, min_size=len(mins), max_size=len(mins)))
    figure = draw(st.sampled_from(amounts.FIGURES))
    tiers = [{"min": str(m), "amount": str(v)} for m, v in zip(mins, values, strict=True)]
    return {"type": "tiered", "figure": figure, "tiers": tiers}


@given(tier_rules(), st.one_of(st.integers(0, 10**9), money), st.data())
def test_tiered_picks_the_highest_tier_reached(rule, value, data):
    assert amounts.validate(rule) == []
    figure, tiers = rule["figure"], rule["tiers"]
    reached = [t for t in tiers if Decimal(t["min"]) <= Decimal(value)]
    expected = half_up(reached[-1]["amount"]) if reached else Decimal("0.00")
    assert amounts.amount(rule, {figure: value}) == expected
    tier = data.draw(st.sampled_from(tiers))  # exactly at a tier's minimum: that tier
    assert amounts.amount(rule, {figure: int(tier["min"])}) == half_up(tier["amount"])
    if int(tier["min"]) > 0:  # one cent below: not that tier
        below = amounts.amount(rule, {figure: Decimal(tier["min"]) - CENT})
        index = tiers.index(tier)
        assert below == (half_up(tiers[index - 1]["amount"]) if index else Decimal("0.00"))
    assert amounts.amount(rule, {}) is None
    assert amounts.maximum(rule) == max(half_up(t["amount"]) for t in tiers)


@given(tier_rules(), st.integers(0, 10**9), st.integers(0, 10**9))
def test_tiered_is_monotone_where_tiers_ascend(rule, a, b):
    ascending = sorted(Decimal(t["amount"]) for t in rule["tiers"])
    rule["tiers"] = [{"min": t["min"], "amount": str(v)} for t, v in zip(rule["tiers"], ascending, strict=True)]
    low, high = sorted([a, b])
    figure = rule["figure"]
    assert amounts.amount(rule, {figure: low}) <= amounts.amount(rule, {figure: high})


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ({"type": "lottery"}, "amount.type"),
        ({"type": "fixed", "amount": "-5"}, "amount.value"),
        ({"type": "fixed", "amount": "abc"}, "amount.value"),
        ({"type": "ratio", "figure": "rd_ratio", "rate": "0.1"}, "amount.figure"),  # a percent is no base
        ({"type": "ratio", "figure": "profit", "rate": "0.1"}, "amount.figure"),
        ({"type": "ratio", "figure": "rd_total", "rate": "0"}, "amount.rate"),
        ({"type": "ratio", "figure": "rd_total", "rate": "1.5"}, "amount.rate"),
        ({"type": "tiered", "figure": "revenue", "tiers": []}, "amount.tiers"),
        (
            {
                "type": "tiered",
                "figure": "revenue",
                "tiers": [{"min": "10", "amount": "1"}, {"min": "10", "amount": "2"}],
            },
            "amount.tiers",
        ),
        (
            {
                "type": "tiered",
                "figure": "revenue",
                "tiers": [{"min": "20", "amount": "1"}, {"min": "10", "amount": "2"}],
            },
            "amount.tiers",
        ),
    ],
)
def test_invalid_amount_rules(rule, code):
    assert code in amounts.validate(rule)


def test_amount_rounding_half_up():
    rule = {"type": "ratio", "figure": "rd_total", "rate": "0.1"}
    assert amounts.amount(rule, {"rd_total": Decimal("1234.45")}) == Decimal("123.45")  # 123.445 → .45
    assert amounts.amount(rule, {"rd_total": Decimal("1234.55")}) == Decimal("123.46")  # 123.455 → .46
    assert amounts.amount(rule, {"rd_total": 125}) == Decimal("12.50")
    assert amounts.amount({}, {"rd_total": 1}) is None
    assert amounts.amount({"type": "none"}, {"rd_total": 1}) is None
    assert math.isclose(float(amounts.amount(rule, {"rd_total": 10**8})), 10**7)
    # a figure written as a float (normalised facts) gives the same cents as the Decimal it came from
    assert amounts.amount(rule, {"rd_total": 1234.55}) == Decimal("123.46")


@given(
    st.one_of(
        tier_rules(),
        st.builds(
            lambda r: {"type": "ratio", "figure": "rd_total", "rate": str(r)},
            st.decimals(min_value=Decimal("0.01"), max_value=1, places=2),
        ),
    ),
    money,
)
def test_amount_on_normalised_facts_is_the_same(rule, value):
    figure = rule["figure"]
    assert amounts.amount(rule, normalize({figure: value})) == amounts.amount(rule, {figure: value})
