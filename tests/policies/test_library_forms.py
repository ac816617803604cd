"""The condition editor's rows ↔ JSON Logic: rows joined by 且/或 with one level of brackets; typed values;
rows read back from a stored rule; shapes the rows cannot show go to the advanced box."""

from django.http import QueryDict

from innozone.policies.engine import rules
from innozone.policies.forms import library as forms


def _post(rows, join="and", **extra):
    q = QueryDict(mutable=True)
    for group, var, op, value in rows:
        q.appendlist("cond_group", group)
        q.appendlist("cond_var", var)
        q.appendlist("cond_op", op)
        q.appendlist("cond_value", value)
    q["cond_join"] = join
    for k, v in extra.items():
        q[k] = v
    return q


def test_rows_make_and_with_a_bracketed_or_group():
    rule, problems = forms.condition_from_post(
        _post(
            [
                ("", "years_registered", ">=", "1"),
                ("", "qualifications", "contains", "hnte"),
                ("1", "rd_ratio", ">=", "3"),
                ("1", "invention_patents", ">=", "2"),
            ]
        )
    )
    assert problems == []
    assert rule == {
        "and": [
            {">=": [{"var": "years_registered"}, 1]},
            {"in": ["hnte", {"var": "qualifications"}]},
            {"or": [{">=": [{"var": "rd_ratio"}, 3]}, {">=": [{"var": "invention_patents"}, 2]}]},
        ]
    }
    assert rules.validate(rule) == []
    assert (
        rules.text(rule)
        == "注册成立满1年 且 持有有效的高新技术企业资质 且 （研发费用占销售收入比例 ≥ 3% 或 发明专利 ≥ 2件）"
    )


def test_typed_values_between_one_of_and_negations():
    rule, _p = forms.condition_from_post(
        _post(
            [
                ("", "rd_ratio", "between", "2.5，5"),
                ("", "size", "in", "small、micro"),
                ("", "listed", "==", "否"),
                ("", "qualifications", "not_contains", "hnte"),
            ],
            join="or",
        )
    )
    assert rule["or"][0] == {"<=": [2.5, {"var": "rd_ratio"}, 5]}
    assert rule["or"][1] == {"in": [{"var": "size"}, ["small", "micro"]]}
    assert rule["or"][2] == {"==": [{"var": "listed"}, False]}
    assert rule["or"][3] == {"!": {"in": ["hnte", {"var": "qualifications"}]}}
    assert rules.validate(rule) == []


def test_bad_rows_are_reported_with_their_number():
    rule, problems = forms.condition_from_post(_post([("", "revenue", ">=", "1"), ("", "rd_ratio", "between", "3")]))
    assert rule is None and problems[0]["row"] == 2 and "第 2 行" in problems[0]["message"]
    rule, problems = forms.condition_from_post(_post([], condition_json="{not json"))
    assert rule is None and "JSON" in problems[0]["message"]


def test_advanced_json_wins_and_rows_read_back():
    advanced = '{"or": [{">": [{"var": "employees"}, 10]}, {"and": [{"==": [{"var": "kind"}, "institute"]}]}]}'
    rule, problems = forms.condition_from_post(_post([("", "revenue", ">=", "1")], condition_json=advanced))
    assert problems == [] and rule["or"][0] == {">": [{"var": "employees"}, 10]}
    rows, joiner = forms.rows_from_rule(rule)
    assert joiner == "or" and rows[1] == {"group": "1", "var": "kind", "op": "==", "value": "institute"}
    again = forms.rule_from_rows(rows, joiner)
    assert rules.text(again) == rules.text(rule)


def test_round_trip_of_every_row_operator():
    original = [
        ("", "revenue", ">", "5000000"),
        ("", "rd_ratio", "not_between", "1,2.5"),
        ("", "size", "not_in", "large"),
        ("2", "field", "contains", "新材料"),
        ("2", "park", "==", "lzgx"),
    ]
    rule, problems = forms.condition_from_post(_post(original))
    assert problems == [] and rules.validate(rule) == []
    rows, _joiner = forms.rows_from_rule(rule)
    assert [(r["group"] and "2", r["var"], r["op"], r["value"]) for r in rows] == [
        ("", "revenue", ">", "5000000"),
        ("", "rd_ratio", "not_between", "1,2.5"),
        ("", "size", "not_in", "large"),
        ("2", "field", "contains", "新材料"),
        ("2", "park", "==", "lzgx"),
    ]


def test_nested_shapes_are_left_to_the_advanced_box():
    nested = {"and": [{"or": [{"and": [{">": [{"var": "employees"}, 1]}, {">": [{"var": "revenue"}, 1]}]}]}]}
    assert forms.rows_from_rule(nested) is None
    assert forms.rows_from_rule({}) == ([], "and")
