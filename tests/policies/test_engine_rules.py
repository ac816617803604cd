"""The clause engine on hand-built enterprises with boundary values (no database)."""

from decimal import Decimal

import numpy as np
import pytest

from innozone.policies.engine import rules

HNTE_RULE = {
    "and": [
        {">=": [{"var": "years_registered"}, 1]},
        {"in": ["hnte", {"var": "qualifications"}]},
        {">=": [{"var": "rd_ratio"}, 3]},
    ]
}


def facts(**kw):
    base = {"years_registered": 3, "qualifications": ["hnte"], "rd_ratio": Decimal("3.00"), "region": ["lanzhou"]}
    return base | kw


def test_words_of_the_issue_example():
    assert rules.text(HNTE_RULE) == "注册成立满1年 且 持有有效的高新技术企业资质 且 研发费用占销售收入比例 ≥ 3%"


@pytest.mark.parametrize(
    ("ratio", "eligible"),
    [(Decimal("3.00"), True), (Decimal("2.99"), False), (Decimal("3.01"), True), (Decimal("2.995"), True)],
)
def test_rd_ratio_boundary(ratio, eligible):
    # 2.995 rounds half up to 3.00: percents are compared at 2 places
    assert rules.explain(HNTE_RULE, facts(rd_ratio=ratio)).eligible is eligible
    assert rules.evaluate(HNTE_RULE, facts(rd_ratio=ratio)) is eligible


def test_near_miss_with_its_numbers():
    e = rules.explain(HNTE_RULE, facts(rd_ratio=Decimal("2.8")))
    assert not e.eligible
    assert [(c.var, c.value, c.required, c.gap) for c in e.failed] == [("rd_ratio", 2.8, 3, 0.2)]
    assert rules.near(e, max_failed=1, tolerance=0.2)
    assert not rules.near(e, max_failed=1, tolerance=0.05)


def test_not_near_when_a_qualification_is_missing():
    e = rules.explain(HNTE_RULE, facts(qualifications=[]))
    assert [c.var for c in e.failed] == ["qualifications"]
    assert not rules.near(e)


def test_two_failed_conditions_exceed_max_failed():
    e = rules.explain(HNTE_RULE, facts(rd_ratio=2.9, years_registered=0))
    assert len(e.failed) == 2
    assert not rules.near(e, max_failed=1)
    assert rules.near(e, max_failed=2, tolerance=1.0)


def test_missing_data_fails_whatever_the_polarity():
    small = {"!": {">=": [{"var": "revenue"}, 100000000]}}  # revenue < 1亿
    assert rules.explain(small, {"revenue": 5}).eligible
    e = rules.explain(small, {})
    assert not e.eligible
    assert e.failed[0].value is None and e.failed[0].op == "<"
    assert not rules.evaluate(small, {})


def test_or_picks_the_cheapest_fix():
    rule = {
        "or": [
            {"and": [{">=": [{"var": "employees"}, 100]}, {">=": [{"var": "revenue"}, 1e8]}]},
            {">=": [{"var": "invention_patents"}, 5]},
        ]
    }
    e = rules.explain(rule, {"employees": 10, "revenue": 1, "invention_patents": 4})
    assert not e.eligible
    assert [c.var for c in e.failed] == ["invention_patents"]
    assert len(e.conditions) == 3


def test_between_and_in_both_ways():
    rule = {
        "and": [
            {"<=": [10, {"var": "employees"}, 500]},
            {"in": [{"var": "size"}, ["small", "micro"]]},
            {"in": ["lanzhou", {"var": "region"}]},
            {"in": ["材料", {"var": "field"}]},
        ]
    }
    ok = {"employees": 10, "size": "micro", "region": ["gansu", "lanzhou"], "field": "新材料"}
    assert rules.explain(rule, ok).eligible
    for change in ({"employees": 501}, {"employees": 9}, {"size": "medium"}, {"region": ["baiyin"]}, {"field": "电子"}):
        e = rules.explain(rule, ok | change)
        assert not e.eligible and len(e.failed) == 1
    e = rules.explain(rule, ok | {"employees": 600})
    assert e.failed[0].gap == 100  # over the upper bound


def test_literal_first_is_flipped():
    rule = {"<": [3, {"var": "invention_patents"}]}  # patents > 3
    assert rules.atoms(rule)[0].op == ">"
    assert rules.explain(rule, {"invention_patents": 4}).eligible
    assert not rules.explain(rule, {"invention_patents": 3}).eligible


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ([], "rule.type"),
        ({"and": []}, "group.empty"),
        ({"xor": [1, 2]}, "rule.op"),
        ({">": [{"var": "nope"}, 1]}, "var.unknown"),
        ({">": [{"var": "size"}, 1]}, "op.kind"),
        ({"==": [{"var": "size"}, "huge"]}, "value.choice"),
        ({">=": [{"var": "revenue"}, "many"]}, "value.type"),
        ({">=": [{"var": "revenue"}, True]}, "value.type"),
        ({"<=": [10, {"var": "employees"}, 5]}, "between.order"),
        ({">=": [1, 2]}, "var.form"),
        ({">=": [{"var": "revenue"}]}, "rule.args"),
        ({"in": ["hnte", {"var": "revenue"}]}, "op.kind"),
        ({"==": [{"var": ["revenue", 0]}, 1]}, "var.form"),
    ],
)
def test_validation_codes(rule, code):
    assert code in [str(p) for p in rules.validate(rule)]


def test_empty_rule_matches_everyone():
    assert rules.validate({}) == []
    assert rules.explain({}, {}).eligible
    assert rules.text({}) == "无限制条件"
    assert rules.compile({})(rules.Columns.from_facts([{}, {}])).tolist() == [True, True]


def test_determination_id_reads_only_the_rule_variables():
    a = rules.determination_id(HNTE_RULE, 1, facts())
    assert a == rules.determination_id(HNTE_RULE, 1, facts(revenue=123))
    assert a != rules.determination_id(HNTE_RULE, 2, facts())
    assert a != rules.determination_id(HNTE_RULE, 1, facts(rd_ratio=Decimal("3.5")))
    assert len(a) == 64


def test_vectorised_path_agrees_on_boundaries():
    rule = {
        "or": [
            HNTE_RULE,
            {"and": [{"!": {"==": [{"var": "listed"}, True]}}, {"<": [{"var": "sci_ratio"}, 10]}]},
        ]
    }
    rows = [
        facts(),
        facts(rd_ratio=2.99),
        facts(qualifications=None),
        {},
        {"listed": False, "sci_ratio": 9.99},
        {"listed": True, "sci_ratio": 5},
        {"listed": False, "sci_ratio": 10},
        {"listed": None, "sci_ratio": 1},
    ]
    got = rules.compile(rule)(rules.Columns.from_facts(rows))
    assert got.tolist() == [rules.explain(rule, r).eligible for r in rows]
    assert got.tolist() == [True, False, False, False, True, False, False, False]


def test_columns_round_trip_and_relaxed_superset():
    rows = [facts(rd_ratio=2.4), facts(rd_ratio=2.39), facts(rd_ratio=3.1)]
    cols = rules.Columns.from_facts(rows)
    assert cols.facts(0) == rules.normalize(rows[0])
    relaxed = rules.compile_relaxed(HNTE_RULE, 0.2)(cols)
    assert relaxed.tolist() == [True, False, True]
    near = [rules.near(rules.explain(HNTE_RULE, r), 1, 0.2) for r in rows]
    assert near == [True, False, False]
    assert not np.any(np.array(near) & ~relaxed)


def test_describe_groups_and_negation():
    rule = {
        "and": [
            {"==": [{"var": "kind"}, "enterprise"]},
            {"!": {"or": [{"==": [{"var": "listed"}, True]}, {"==": [{"var": "sanctioned"}, True]}]}},
        ]
    }
    assert rules.text(rule) == "单位类型为企业 且 （不是上市企业 且 不是处于限制申报期）"
