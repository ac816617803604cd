"""The panel draw engine on small hand-built pools: each 回避 kind and the window's boundary, the yearly cap across
the items of one draw, one member per organization, the panel's make-up, rule validation, the pool-too-small error,
reproducibility under any pool order, reserves in draw order and replacement by a reserve."""

import dataclasses
import datetime as dt
import random

import pytest

from innozone.talent.engine.draw import (
    DrawError,
    DrawItem,
    Exclusion,
    ItemPanel,
    PanelRules,
    PoolExpert,
    Share,
    Tie,
    draw_panels,
    pool_digest,
    replace_with_reserve,
)
from innozone.talent.engine.pool import _expert_row

ON = dt.date(2025, 6, 30)
FIELD = "新材料"
ITEM = DrawItem("XM-1", FIELD, "A", related=frozenset({"R"}), people=frozenset({"lead", "member"}))
RULES = PanelRules(size=5, reserves=2, yearly_cap=None)


def expert(i, field=FIELD, kind="technical", org=None, **kw):
    org = f"c{i}" if org is None else org
    return PoolExpert(i, f"专家{i}", org, f"单位{org}" if org else "", frozenset({field}), kind, **kw)


def clean(n, start=1, **kw):
    return [expert(i, **kw) for i in range(start, start + n)]


def only(pool, rules=RULES, item=ITEM, seed="s"):
    (panel,) = draw_panels([item], pool, rules, seed=seed, on=ON).panels
    return panel


def ids(experts):
    return [e.id for e in experts]


@pytest.mark.parametrize(
    "change, code, words",
    [
        ({"org": "A"}, "same_org", ["申报单位", "（A）", "单位A"]),
        ({"org": "R"}, "same_org", ["关联方", "（R）"]),
        ({"ties": (Tie("A", "director"),)}, "tie", ["董事", "（A）", "现仍存续"]),
        ({"ties": (Tie("R", "shareholder", ON - dt.timedelta(days=400)),)}, "tie", ["控股股东", "（R）", "2024-05-26"]),
        ({"ties": (Tie("A", "employment", ON + dt.timedelta(days=30)),)}, "tie", ["任职", "现仍存续"]),
        ({"people": frozenset({"member", "x"})}, "people", ["1 人"]),
        ({"person": "lead"}, "self", ["本人"]),
    ],
)
def test_each_conflict_kind_excludes_with_its_code_and_reason(change, code, words):
    pool = [*clean(7), expert(99, **change)]
    for seed in ("a", "b", "c", "d"):
        panel = only(pool, seed=seed)
        assert 99 not in ids(panel.experts) + ids(panel.reserves)
        (x,) = panel.excluded
        assert (x.id, x.code) == (99, code)
        assert all(w in x.reason for w in words), x.reason


def test_a_conflict_in_another_field_or_of_an_unavailable_expert_is_not_listed():
    pool = [*clean(7), expert(98, field="生物医药", org="A"), expert(99, org="A", available=False)]
    panel = only(pool)
    assert panel.excluded == []
    assert not {98, 99} & set(ids(panel.experts) + ids(panel.reserves))


@pytest.mark.parametrize(
    "until, excluded",
    [
        (dt.date(2022, 6, 29), False),  # ended three years and one day ago
        (dt.date(2022, 6, 30), False),  # ended exactly three years ago: the window is over
        (dt.date(2022, 7, 1), True),  # one day later: still inside
        (None, True),
    ],
)
def test_the_window_boundary_of_an_ended_tie(until, excluded):
    pool = [expert(i, ties=(Tie("A", "employment", until),)) for i in range(1, 6)]
    rules = dataclasses.replace(RULES, reserves=0, window_years=3)
    if excluded:
        with pytest.raises(DrawError):
            only(pool, rules)
    else:
        assert sorted(ids(only(pool, rules).experts)) == [1, 2, 3, 4, 5]


def test_the_window_from_29_february():
    pool = [expert(i, ties=(Tie("A", "employment", dt.date(2021, 2, 28)),)) for i in range(1, 6)]
    rules = dataclasses.replace(RULES, reserves=0, window_years=3)
    (panel,) = draw_panels([ITEM], pool, rules, seed="s", on=dt.date(2024, 2, 29)).panels
    assert panel.excluded == []


def test_the_yearly_cap_counts_the_panels_of_the_same_draw():
    pool = clean(10, reviews_this_year=1)
    rules = PanelRules(size=5, reserves=0, yearly_cap=2)
    first, second = draw_panels([ITEM, dataclasses.replace(ITEM, ref="XM-2")], pool, rules, seed="s", on=ON).panels
    assert first.excluded == []
    assert sorted(ids(first.experts) + ids(second.experts)) == list(range(1, 11))
    assert [x.id for x in second.excluded] == sorted(ids(first.experts))
    assert {x.code for x in second.excluded} == {"cap"}
    assert "本年度已评审 2 次（含本次抽取 1 次），达到上限 2 次" in second.excluded[0].reason
    with pytest.raises(DrawError) as error:
        draw_panels([ITEM, dataclasses.replace(ITEM, ref="XM-2")], pool[:9], rules, seed="s", on=ON)
    (problem,) = error.value.problems
    assert problem["item"] == "XM-2"
    assert problem["message"] == f"领域“{FIELD}”：可用专家 4 名，需要 5 名（5 名已达年度评审上限）"


def test_already_at_the_cap_before_the_draw():
    pool = [*clean(7), expert(99, reviews_this_year=10)]
    panel = only(pool, dataclasses.replace(RULES, yearly_cap=10))
    assert panel.excluded == [Exclusion(99, "cap", "本年度已评审 10 次，达到上限 10 次")]


@pytest.mark.parametrize("per_organization, others", [(1, 4), (2, 3)])
def test_at_most_k_members_from_one_organization(per_organization, others):
    pool = [*[expert(i, org="X") for i in range(1, 9)], *clean(others, start=20)]
    rules = dataclasses.replace(RULES, per_organization=per_organization)
    for seed in range(15):
        panel = only(pool, rules, seed=str(seed))
        assert [e.organization for e in panel.experts].count("X") == per_organization
    with pytest.raises(DrawError) as error:
        only(pool[:-1], rules)
    assert f"同一单位最多 {per_organization} 名" in error.value.problems[0]["message"]


def test_shares_a_financial_expert_is_always_on_the_panel():
    pool = [*clean(30), expert(99, kind="financial")]
    rules = dataclasses.replace(RULES, shares=(Share("financial", at_least=1),))
    for seed in range(20):
        assert 99 in ids(only(pool, rules, seed=str(seed)).experts)


def test_shares_a_technical_fraction():
    assert Share("technical", fraction=0.6).minimum(5) == 3
    assert Share("technical", fraction=0.6).minimum(7) == 5
    assert Share("technical", fraction=0.7).minimum(10) == 7
    rules = PanelRules(size=7, reserves=0, yearly_cap=None, shares=(Share("technical", fraction=0.6),))
    pool = [*clean(5), *clean(30, start=100, kind="management")]
    for seed in range(20):
        kinds = [e.kind for e in only(pool, rules, seed=str(seed)).experts]
        assert kinds.count("technical") == 5
    with pytest.raises(DrawError) as error:
        only(pool[1:], rules)
    assert "技术专家至少 5 名" in error.value.problems[0]["message"]


def test_a_member_who_would_make_the_shares_impossible_is_passed_over():
    """Only financial expert 2 and legal experts 3 (both of Y) and 4 (of Z): the panel needs 2 and 4, and no
    technical expert of Y or Z may take their organization's one place first."""
    pool = [expert(1, org="Y"), expert(2, kind="financial", org="Y"), expert(3, kind="legal", org="Y")]
    pool += [expert(4, kind="legal", org="Z"), expert(5, org="Z"), *clean(6, start=10)]
    rules = PanelRules(reserves=0, yearly_cap=None, shares=(Share("financial", at_least=1), Share("legal", at_least=1)))
    for seed in range(20):
        panel = only(pool, rules, seed=str(seed))
        assert {2, 4} <= set(ids(panel.experts)) and not {1, 3, 5} & set(ids(panel.experts))
    with pytest.raises(DrawError) as error:  # without expert 4 both kinds need Y's one place
        only([e for e in pool if e.id != 4], rules)
    assert "财务专家至少 1 名、法律专家至少 1 名" in error.value.problems[0]["message"]


@pytest.mark.parametrize(
    "rules, words",
    [
        (PanelRules(size=6), "单数"),
        (PanelRules(size=3), "不少于 5 人"),
        (
            PanelRules(size=5, shares=(Share("technical", fraction=0.8), Share("financial", at_least=2))),
            "超过评审组人数",
        ),
        (PanelRules(reserves=-1), "备选"),
        (PanelRules(per_organization=0), "同一单位"),
    ],
)
def test_rules_are_validated_before_drawing(rules, words):
    with pytest.raises(DrawError) as error:
        draw_panels([], clean(10), rules, seed="s", on=ON)
    assert words in str(error.value)
    assert all(p["item"] is None and p["field"] is None for p in error.value.problems)
    assert any(words in p["message"] for p in error.value.problems)


def test_a_pool_too_small_lists_every_failing_item_with_its_field():
    pool = [*clean(3), expert(50, org="A"), expert(51, person="lead"), *clean(9, start=60, field="电子信息")]
    items = [ITEM, DrawItem("XM-2", "电子信息", "B"), DrawItem("XM-3", "生物医药", "B")]
    with pytest.raises(DrawError) as error:
        draw_panels(items, pool, RULES, seed="s", on=ON)
    assert error.value.problems == [
        {"item": "XM-1", "field": FIELD, "message": f"领域“{FIELD}”：可用专家 3 名，需要 5 名（另有 2 名因回避排除）"},
        {"item": "XM-3", "field": "生物医药", "message": "领域“生物医药”：可用专家 0 名，需要 5 名"},
    ]
    assert "XM-1" in str(error.value) and "生物医药" in str(error.value)


def test_duplicate_refs_and_expert_ids_are_refused():
    with pytest.raises(DrawError) as error:
        draw_panels([ITEM, ITEM], [*clean(7), expert(1)], RULES, seed="s", on=ON)
    messages = [p["message"] for p in error.value.problems]
    assert any("XM-1" in m for m in messages) and any("1 重复" in m for m in messages)


def test_same_seed_and_contents_give_the_same_result_in_any_pool_order():
    pool = [
        expert(
            i, org=f"c{i % 7}", kind="financial" if i % 5 == 0 else "technical", ties=(Tie(f"c{i % 3}", "director"),)
        )
        for i in range(1, 60)
    ]
    items = [DrawItem(f"XM-{k}", FIELD, f"c{k % 3}", people=frozenset({f"p{k}"})) for k in range(4)]
    rules = PanelRules(size=5, reserves=2, shares=(Share("financial", at_least=1),), yearly_cap=2)
    result = draw_panels(items, pool, rules, seed="2025-1", on=ON).as_dict()
    for k in range(5):
        shuffled = list(pool)
        random.Random(k).shuffle(shuffled)
        assert draw_panels(items, shuffled, rules, seed="2025-1", on=ON).as_dict() == result
    others = {repr(draw_panels(items, pool, rules, seed=f"x{k}", on=ON).as_dict()["panels"]) for k in range(5)}
    assert len(others) == 5


def test_pool_digest_covers_every_field_and_not_the_order():
    assert set(_expert_row(expert(1))) == {f.name for f in dataclasses.fields(PoolExpert)}
    base = expert(1, ties=(Tie("A", "director"), Tie("B", "employment", ON)), people=frozenset({"p", "q"}))
    pool = [base, expert(2)]
    digest = pool_digest(pool)
    assert len(digest) == 64 and digest == pool_digest(pool[::-1])
    assert pool_digest([dataclasses.replace(base, ties=base.ties[::-1]), expert(2)]) == digest
    changes = {
        "id": 3,
        "name": "x",
        "organization": "z",
        "organization_name": "z",
        "fields": frozenset({"x"}),
        "kind": "legal",
        "ties": (),
        "people": frozenset(),
        "person": "x",
        "reviews_this_year": 1,
        "available": False,
    }
    assert set(changes) == {f.name for f in dataclasses.fields(PoolExpert)}
    for name, value in changes.items():
        assert pool_digest([dataclasses.replace(base, **{name: value}), expert(2)]) != digest, name


def test_reserves_come_after_the_panel_in_draw_order():
    pool = clean(20)
    five = only(pool, PanelRules(size=5, reserves=2, yearly_cap=None), seed="q")
    seven = only(pool, PanelRules(size=7, reserves=0, yearly_cap=None), seed="q")
    assert ids(five.experts) + ids(five.reserves) == ids(seven.experts)


def test_reserves_include_those_passed_over_in_draw_order():
    pool = [*[expert(i, org="X") for i in range(1, 9)], *clean(6, start=20)]
    everyone = PanelRules(size=len(pool), min_size=1, odd=False, reserves=0, yearly_cap=None, per_organization=99)
    for seed in map(str, range(10)):
        order = ids(only(pool, everyone, seed=seed).experts)  # the whole draw order, no rule in the way
        panel = only(pool, dataclasses.replace(RULES, reserves=3), seed=seed)
        assert ids(panel.experts) == [i for i in order if i >= 20 or i == next(j for j in order if j < 20)][:5]
        assert ids(panel.reserves) == [i for i in order if i not in ids(panel.experts)][:3]


def test_as_dict():
    pool = [*clean(6), expert(99, org="A")]
    result = draw_panels([ITEM], pool, RULES, seed="s", on=ON)
    data = result.as_dict()
    assert set(data) == {"seed", "pool_digest", "panels"} and data["seed"] == "s"
    (panel,) = data["panels"]
    assert set(panel) == {"item", "experts", "reserves", "excluded"} and panel["item"] == "XM-1"
    assert panel["experts"][0] == {
        "id": panel["experts"][0]["id"],
        "name": f"专家{panel['experts'][0]['id']}",
        "organization": f"单位c{panel['experts'][0]['id']}",
        "fields": [FIELD],
    }
    assert len(panel["reserves"]) == 1  # best effort: only six eligible experts
    assert panel["excluded"] == [{"id": 99, "reason": "现任职单位“单位A”（A）是申报单位", "code": "same_org"}]


def hand_panel():
    members = [expert(1, kind="financial"), expert(2, org="X"), expert(3), expert(4), expert(5)]
    reserves = [expert(6, org="X"), expert(7), expert(8, kind="financial")]
    return ItemPanel("XM-1", members, reserves, [], FIELD)


RULES_FIN = PanelRules(size=5, reserves=3, shares=(Share("financial", at_least=1),))


def test_replace_with_reserve_keeps_the_organization_limit_and_the_shares():
    panel = hand_panel()
    new, chosen = replace_with_reserve(panel, 3, "申报回避：合作关系", RULES_FIN)
    assert chosen.id == 7 and ids(new.experts) == [1, 2, 7, 4, 5] and ids(new.reserves) == [6, 8]
    assert new.excluded == [Exclusion(3, "declared", "申报回避：合作关系")]
    new, chosen = replace_with_reserve(panel, 1, "x", RULES_FIN)  # the only financial member
    assert chosen.id == 8 and ids(new.reserves) == [6, 7]
    new, chosen = replace_with_reserve(panel, 2, "x", RULES_FIN)  # frees organization X
    assert chosen.id == 6
    assert ids(panel.experts) == [1, 2, 3, 4, 5]  # the given panel is left as it was
    _, chosen = replace_with_reserve(panel, 3, "x", dataclasses.replace(RULES_FIN, yearly_cap=3), reviews={7: 3})
    assert chosen.id == 8


def test_replace_with_reserve_errors_when_no_reserve_fits():
    panel = dataclasses.replace(hand_panel(), reserves=[expert(6, org="X"), expert(7)])
    with pytest.raises(DrawError) as error:
        replace_with_reserve(panel, 1, "x", RULES_FIN)
    assert error.value.problems[0]["item"] == "XM-1"
    with pytest.raises(DrawError):
        replace_with_reserve(panel, 42, "x", RULES_FIN)
