"""Properties of the pure eligibility engine (funds/engine/eligibility.py), written from the brief's specification
only: each rule kind passes, fails or cannot be checked (None) as specified, whole years registered with the
anniversary counting, figure comparisons, one outcome per rule in order, monotonicity (a further rule never makes an
organisation eligible) and the validation of a call's rule list."""

import datetime as dt
import operator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innozone.funds.engine.eligibility import Facts, Outcome, check, eligible, validate

ON = dt.date(2026, 12, 7)

# every example rule of the brief, verbatim
BRIEF_RULES = [
    {"rule": "region", "regions": ["lz", "bygx"]},
    {"rule": "kind", "kinds": ["enterprise", "university"]},
    {"rule": "size", "sizes": ["small", "micro"]},
    {"rule": "qualification", "any": ["hnte", "tsme"]},
    {"rule": "years_registered", "min": 2},
    {"rule": "figure", "key": "rd_ratio", "op": ">=", "value": "0.03"},
    {"rule": "not_sanctioned"},
]

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "=": operator.eq}
REGION_CHAINS = [
    frozenset({"lz-cg", "lz", "gs"}),
    frozenset({"lzxq", "lz", "gs"}),
    frozenset({"lzgx", "lz", "gs"}),
    frozenset({"bygx", "by", "gs"}),
    frozenset({"by-by", "by", "gs"}),
    frozenset({"tsh", "gs"}),
]
REGION_CODES = sorted(set().union(*REGION_CHAINS))
KINDS = ["enterprise", "university", "institute", "hospital", "financial"]
SIZES = ["large", "medium", "small", "micro"]
QUALIFICATIONS = ["hnte", "tsme", "srdi", "gazelle"]
FIGURE_KEYS = ["rd_ratio", "revenue", "employees"]


def facts(**changes) -> Facts:
    base = {
        "on": ON,
        "kind": "enterprise",
        "region_codes": frozenset({"lz-cg", "lz", "gs"}),
        "size": "small",
        "qualifications": frozenset({"hnte"}),
        "registered_on": dt.date(2020, 5, 1),
        "figures": {"rd_ratio": Decimal("0.035"), "revenue": Decimal("12000000"), "employees": Decimal("45")},
        "sanctioned_until": None,
    }
    return Facts(**{**base, **changes})


def one(rule: dict, f: Facts) -> Outcome:
    outcomes = check([rule], f)
    assert len(outcomes) == 1
    outcome = outcomes[0]
    assert outcome.rule == rule["rule"]
    assert isinstance(outcome.code, str)
    assert isinstance(outcome.params, dict)
    return outcome


def whole_years(start: dt.date, on: dt.date) -> int:
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def anniversary(start: dt.date, years: int) -> dt.date:
    return start.replace(year=start.year + years)  # callers avoid 29 February


# --- strategies -------------------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31))
figure_values = st.one_of(
    st.integers(0, 1000).map(lambda n: Decimal(n).scaleb(-3)),  # 0.000 … 1.000
    st.integers(0, 10**8).map(Decimal),
)


@st.composite
def any_facts(draw):
    return Facts(
        on=draw(dates),
        kind=draw(st.sampled_from(KINDS)),
        region_codes=draw(st.sampled_from(REGION_CHAINS)),
        size=draw(st.sampled_from([*SIZES, None])),
        qualifications=frozenset(draw(st.lists(st.sampled_from(QUALIFICATIONS), max_size=3))),
        registered_on=draw(st.one_of(st.none(), dates)),
        figures=draw(st.dictionaries(st.sampled_from(FIGURE_KEYS), figure_values, max_size=3)),
        sanctioned_until=draw(st.one_of(st.none(), dates)),
    )


def some(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)


any_rule = st.one_of(
    some(REGION_CODES).map(lambda codes: {"rule": "region", "regions": codes}),
    some(KINDS).map(lambda kinds: {"rule": "kind", "kinds": kinds}),
    some(SIZES).map(lambda sizes: {"rule": "size", "sizes": sizes}),
    some(QUALIFICATIONS).map(lambda codes: {"rule": "qualification", "any": codes}),
    st.integers(1, 15).map(lambda n: {"rule": "years_registered", "min": n}),
    st.builds(
        lambda key, op, value: {"rule": "figure", "key": key, "op": op, "value": str(value)},
        st.sampled_from(FIGURE_KEYS),
        st.sampled_from(sorted(OPS)),
        figure_values,
    ),
    st.just({"rule": "not_sanctioned"}),
)


def expected_passed(rule: dict, f: Facts):
    """The brief's reading of each rule: True, False, or None when the data to check it is missing. For a
    29 February registration checked on 28 February of a common year either reading is allowed: returns "either"."""
    kind = rule["rule"]
    if kind == "region":
        return bool(set(rule["regions"]) & f.region_codes)
    if kind == "kind":
        return f.kind in rule["kinds"]
    if kind == "size":
        return None if f.size is None else f.size in rule["sizes"]
    if kind == "qualification":
        return bool(set(rule["any"]) & f.qualifications)
    if kind == "years_registered":
        if f.registered_on is None:
            return None
        start = f.registered_on
        if (start.month, start.day) == (2, 29) and (f.on.month, f.on.day) == (2, 28):
            short = whole_years(start, f.on) >= rule["min"]
            full = (f.on.year - start.year) >= rule["min"]
            return short if short == full else "either"
        return whole_years(start, f.on) >= rule["min"]
    if kind == "figure":
        if rule["key"] not in f.figures:
            return None
        return OPS[rule["op"]](Decimal(f.figures[rule["key"]]), Decimal(rule["value"]))
    if kind == "not_sanctioned":
        return f.sanctioned_until is None or f.on > f.sanctioned_until
    raise AssertionError(kind)


# --- each rule kind ---------------------------------------------------------------------------------------------


@given(any_rule, any_facts())
def test_each_rule_passes_fails_or_is_unknown_as_specified(rule, f):
    outcome = one(rule, f)
    expected = expected_passed(rule, f)
    if expected == "either":
        assert outcome.passed in (True, False)
    else:
        assert outcome.passed is expected, (rule, f, outcome)


def test_region_kind_size_and_qualification_examples():
    f = facts()  # 城关区 of 兰州, a small enterprise holding hnte
    assert one({"rule": "region", "regions": ["lz", "bygx"]}, f).passed is True  # lz is an ancestor
    assert one({"rule": "region", "regions": ["lz-cg"]}, f).passed is True
    assert one({"rule": "region", "regions": ["bygx", "by"]}, f).passed is False
    assert one({"rule": "kind", "kinds": ["enterprise", "university"]}, f).passed is True
    assert one({"rule": "kind", "kinds": ["university"]}, f).passed is False
    assert one({"rule": "size", "sizes": ["small", "micro"]}, f).passed is True
    assert one({"rule": "size", "sizes": ["large"]}, f).passed is False
    assert one({"rule": "size", "sizes": ["small"]}, facts(size=None)).passed is None
    assert one({"rule": "qualification", "any": ["hnte", "tsme"]}, f).passed is True
    assert one({"rule": "qualification", "any": ["tsme"]}, f).passed is False
    assert one({"rule": "qualification", "any": ["tsme"]}, facts(qualifications=frozenset())).passed is False


def test_not_sanctioned_fails_while_on_is_not_after_the_end():
    rule = {"rule": "not_sanctioned"}
    assert one(rule, facts(sanctioned_until=None)).passed is True
    assert one(rule, facts(sanctioned_until=ON + dt.timedelta(days=30))).passed is False
    assert one(rule, facts(sanctioned_until=ON)).passed is False  # on <= sanctioned_until: the last day still bars
    assert one(rule, facts(sanctioned_until=ON - dt.timedelta(days=1))).passed is True


# --- years registered -------------------------------------------------------------------------------------------


@given(dates.filter(lambda d: (d.month, d.day) != (2, 29)), st.integers(1, 20))
def test_the_anniversary_counts_and_the_day_before_is_one_year_short(registered, years):
    on = anniversary(registered, years)
    rule = {"rule": "years_registered", "min": years}
    assert one(rule, facts(registered_on=registered, on=on)).passed is True
    assert one(rule, facts(registered_on=registered, on=on - dt.timedelta(days=1))).passed is False
    # the day before is exactly one year short: a year less is enough
    assert (
        one(
            {"rule": "years_registered", "min": years - 1},
            facts(registered_on=registered, on=on - dt.timedelta(days=1)),
        ).passed
        is True
    )


def test_years_registered_examples():
    rule = {"rule": "years_registered", "min": 2}
    # registered 2024-12-07: on 2026-12-07 two whole years (the anniversary counts), on 2026-12-06 one year
    assert one(rule, facts(registered_on=dt.date(2024, 12, 7), on=dt.date(2026, 12, 7))).passed is True
    assert one(rule, facts(registered_on=dt.date(2024, 12, 7), on=dt.date(2026, 12, 6))).passed is False
    assert one(rule, facts(registered_on=dt.date(2024, 12, 8), on=dt.date(2026, 12, 7))).passed is False
    assert one(rule, facts(registered_on=None)).passed is None
    # registered after `on` (a data error or a future date): not registered for two years, and no exception
    assert one(rule, facts(registered_on=dt.date(2027, 1, 1), on=dt.date(2026, 12, 7))).passed is False


@given(st.integers(1, 8))
def test_a_29_february_registration_is_monotone_over_dates(years):
    registered = dt.date(2020, 2, 29)
    rule = {"rule": "years_registered", "min": years}
    start = dt.date(2020 + years - 1, 12, 1)
    results = []
    for offset in range(0, 150):
        on = start + dt.timedelta(days=offset)
        passed = one(rule, facts(registered_on=registered, on=on)).passed  # never an exception
        assert passed in (True, False)
        results.append(passed)
    # once passed, passed for every later date
    first = results.index(True)
    assert all(results[first:]), results
    # sensible: short on 27 February of the year of the anniversary, through on 1 March
    assert one(rule, facts(registered_on=registered, on=dt.date(2020 + years, 2, 27))).passed is False
    assert one(rule, facts(registered_on=registered, on=dt.date(2020 + years, 3, 1))).passed is True
    if years % 4 == 0:  # a leap year: the anniversary exists
        assert one(rule, facts(registered_on=registered, on=dt.date(2020 + years, 2, 29))).passed is True
        assert one(rule, facts(registered_on=registered, on=dt.date(2020 + years, 2, 28))).passed is False


@given(st.one_of(st.none(), dates), st.integers(0, 15), dates, dates)
def test_years_registered_is_monotone_in_on(registered, years, a, b):
    early, late = sorted((a, b))
    rule = {"rule": "years_registered", "min": years}
    then = one(rule, facts(registered_on=registered, on=early)).passed
    later = one(rule, facts(registered_on=registered, on=late)).passed
    if registered is None:
        assert then is None and later is None
    elif then is True:
        assert later is True


# --- figures ----------------------------------------------------------------------------------------------------


@given(st.sampled_from(sorted(OPS)), figure_values, figure_values)
def test_figure_ops_compare_the_figure_with_the_value(op, actual, required):
    rule = {"rule": "figure", "key": "rd_ratio", "op": op, "value": str(required)}
    assert one(rule, facts(figures={"rd_ratio": actual})).passed is OPS[op](actual, required)


def test_figure_examples():
    def passed(op, actual, value="0.03"):
        rule = {"rule": "figure", "key": "rd_ratio", "op": op, "value": value}
        return one(rule, facts(figures={"rd_ratio": Decimal(actual)})).passed

    # 3.5 % against 3 %
    assert passed(">=", "0.035") is True
    assert passed(">", "0.035") is True
    assert passed("<=", "0.035") is False
    assert passed("<", "0.035") is False
    assert passed("=", "0.035") is False
    # exactly 3 % (written 0.030): >=, <= and = hold, > and < do not
    assert passed(">=", "0.030") is True
    assert passed("<=", "0.030") is True
    assert passed("=", "0.030") is True
    assert passed(">", "0.030") is False
    assert passed("<", "0.030") is False
    # 2.9 %
    assert passed(">=", "0.029") is False
    assert passed("<", "0.029") is True
    # a figure the organisation has not reported: cannot be checked
    missing = one({"rule": "figure", "key": "rd_ratio", "op": ">=", "value": "0.03"}, facts(figures={}))
    assert missing.passed is None
    other_key = {"rule": "figure", "key": "employees", "op": ">=", "value": "10"}
    assert one(other_key, facts(figures={"rd_ratio": Decimal("0.5")})).passed is None


# --- unknown data, outcomes, eligible ---------------------------------------------------------------------------


def test_unknown_data_is_none_and_not_eligible():
    unknown = facts(size=None, registered_on=None, figures={})
    for rule in (
        {"rule": "size", "sizes": ["small", "micro"]},
        {"rule": "years_registered", "min": 2},
        {"rule": "figure", "key": "rd_ratio", "op": ">=", "value": "0.03"},
    ):
        outcomes = check([rule], unknown)
        assert outcomes[0].passed is None
        assert eligible(outcomes) is False
        # the other rules all pass, the unknown one still keeps the organisation out
        passing = [{"rule": "kind", "kinds": ["enterprise"]}, {"rule": "not_sanctioned"}]
        assert eligible(check(passing, unknown)) is True
        assert eligible(check([*passing, rule], unknown)) is False


def test_the_brief_example_rules_on_a_qualifying_enterprise():
    f = facts(registered_on=dt.date(2020, 5, 1))
    outcomes = check(BRIEF_RULES, f)
    assert [o.rule for o in outcomes] == [r["rule"] for r in BRIEF_RULES]
    assert [o.passed for o in outcomes] == [True] * len(BRIEF_RULES)
    assert eligible(outcomes) is True
    # one failing rule: only its outcome changes
    outcomes = check(BRIEF_RULES, facts(kind="institute"))
    assert [o.passed for o in outcomes] == [True, False, True, True, True, True, True]
    assert eligible(outcomes) is False


@given(st.lists(any_rule, max_size=8), any_facts())
def test_outcomes_are_one_per_rule_in_order(rules, f):
    outcomes = check(rules, f)
    assert len(outcomes) == len(rules)
    assert [o.rule for o in outcomes] == [r["rule"] for r in rules]
    # each outcome is the rule's own outcome, checked alone
    assert outcomes == [check([r], f)[0] for r in rules]
    for o in outcomes:
        assert o.passed in (True, False, None)
    assert eligible(outcomes) is all(o.passed is True for o in outcomes)


@given(st.lists(any_rule, max_size=8), any_rule, any_facts(), st.data())
def test_adding_a_rule_never_makes_an_organisation_eligible(rules, extra, f, data):
    where = data.draw(st.integers(0, len(rules)))
    more = [*rules[:where], extra, *rules[where:]]
    before, after = eligible(check(rules, f)), eligible(check(more, f))
    assert after <= before  # False ≤ True: ineligible stays ineligible
    assert after == (before and check([extra], f)[0].passed is True)


def test_eligible_counts_none_as_not_passed():
    assert eligible([]) is True
    yes = Outcome(rule="kind", passed=True, code="ok", params={})
    no = Outcome(rule="kind", passed=False, code="kind.other", params={})
    unknown = Outcome(rule="size", passed=None, code="size.missing", params={})
    assert eligible([yes, yes]) is True
    assert eligible([yes, no]) is False
    assert eligible([yes, unknown]) is False
    assert eligible([unknown]) is False


# --- validate ---------------------------------------------------------------------------------------------------


def test_validate_accepts_every_example_rule_of_the_brief():
    assert validate(BRIEF_RULES) == []
    assert validate([]) == []
    for rule in BRIEF_RULES:
        assert validate([rule]) == []
    for op in OPS:
        assert validate([{"rule": "figure", "key": "revenue", "op": op, "value": "5000000"}]) == []


@given(st.lists(any_rule, max_size=8))
def test_validate_accepts_every_well_formed_rule_list(rules):
    assert validate(rules) == []


MALFORMED = [
    {"rule": "nationality", "countries": ["cn"]},  # unknown rule name
    {"rule": ""},
    {"regions": ["lz"]},  # no rule name
    {"rule": "region"},  # no regions
    {"rule": "region", "regions": "lz"},  # not a list
    {"rule": "kind", "kinds": "enterprise"},
    {"rule": "size"},
    {"rule": "qualification"},  # no "any"
    {"rule": "years_registered"},  # no min
    {"rule": "years_registered", "min": "two"},
    {"rule": "years_registered", "min": -1},
    {"rule": "figure", "key": "rd_ratio", "op": "!=", "value": "0.03"},  # unknown op
    {"rule": "figure", "key": "rd_ratio", "op": "=>", "value": "0.03"},
    {"rule": "figure", "key": "rd_ratio", "op": ">=", "value": "three percent"},  # not a number
    {"rule": "figure", "key": "rd_ratio", "op": ">="},  # no value
    {"rule": "figure", "op": ">=", "value": "0.03"},  # no key
    "region",  # not a rule object
]


@pytest.mark.parametrize("bad", MALFORMED, ids=[repr(b)[:40] for b in MALFORMED])
def test_validate_flags_a_malformed_rule_at_its_index(bad):
    problems = validate([BRIEF_RULES[0], bad, BRIEF_RULES[1]])
    assert problems, bad
    assert {index for index, _ in problems} == {1}
    for index, code in problems:
        assert isinstance(index, int)
        assert isinstance(code, str) and code


@given(st.lists(st.one_of(any_rule, st.sampled_from(MALFORMED)), max_size=10))
def test_validate_flags_exactly_the_malformed_indexes(rules):
    bad = {i for i, r in enumerate(rules) if any(r is m for m in MALFORMED)}
    assert {index for index, _ in validate(rules)} == bad
