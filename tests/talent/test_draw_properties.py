"""Properties of the expert panel draw (回避, panel make-up, yearly cap, reproducibility), checked with hypothesis
on generated pools full of collisions: few organizations, few fields, ties to the applicants, shared person keys.
The rules are modelled independently of the engine's code in draw_model.py."""

import dataclasses
import datetime as dt
import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innozone.talent.engine.draw import (
    DrawError,
    DrawItem,
    PanelRules,
    Share,
    Tie,
    draw_panels,
    pool_digest,
    replace_with_reserve,
)
from tests.talent.draw_model import (
    FIELDS,
    ON,
    SHARES,
    candidates,
    check_result,
    clean,
    conflicts,
    eligible,
    fillable,
    fine,
    panels_only,
    scenarios,
)

RUN = settings(max_examples=60, derandomize=True, deadline=None)


def test_draws_respect_conflicts_organizations_shares_cap_and_size():
    stats = Counter()

    @RUN
    @given(scenarios())
    def run(scenario):
        items, pool, rules, on, seed = scenario
        stats["examples"] += 1
        # an expert of the item's field has a conflict: a draw ignoring 回避 could pick them
        stats["collisions"] += any(conflicts(e, i, rules, on) for i in items for e in candidates(i, pool))
        stats["window"] += any(  # only a tie that ended (inside the window) excludes someone
            conflicts(e, i, rules, on) == {"tie"} and all(t.until is not None and t.until < on for t in e.ties)
            for i in items
            for e in candidates(i, pool)
        )
        try:
            result = draw_panels(items, pool, rules, seed=seed, on=on)
        except DrawError as error:
            stats["errors"] += 1
            assert error.problems and str(error)
            return
        check_result(items, pool, rules, on, result)
        stats["excluded"] += any(p.excluded for p in result.panels)

    run()
    n = stats["examples"]
    assert stats["collisions"] >= 0.8 * n and stats["window"] >= 0.3 * n, stats
    assert stats["errors"] <= 0.5 * n and stats["excluded"] >= 0.3 * n, stats


def test_without_a_cap_a_draw_fails_exactly_for_the_items_that_cannot_be_filled():
    stats = Counter()

    @RUN
    @given(scenarios(), st.integers(8, 40))
    def run(scenario, keep):
        items, pool, rules, on, seed = scenario
        stats["examples"] += 1
        pool = pool[:keep]  # smaller pools: some items cannot be filled
        rules = dataclasses.replace(rules, yearly_cap=None)  # without a cap the items do not compete
        stuck = {i.ref for i in items if not fillable(eligible(i, pool, rules, on), rules)}
        try:
            result = draw_panels(items, pool, rules, seed=seed, on=on)
        except DrawError as error:
            stats["errors"] += 1
            assert {p["item"] for p in error.problems} == stuck, (stuck, error.problems)
            return
        assert not stuck
        check_result(items, pool, rules, on, result)

    run()
    assert 0.1 * stats["examples"] <= stats["errors"] <= 0.8 * stats["examples"], stats


def test_same_seed_any_pool_order_same_result_other_seeds_differ():
    stats = Counter()

    @RUN
    @given(scenarios(), st.randoms(use_true_random=False))
    def run(scenario, rnd):
        items, pool, rules, on, seed = scenario
        shuffled = [  # another order, and equal sets built in another order
            dataclasses.replace(e, fields=frozenset(sorted(e.fields, reverse=True)), people=frozenset(e.people))
            for e in pool
        ]
        rnd.shuffle(shuffled)
        assert pool_digest(shuffled) == pool_digest(pool)
        try:
            result = draw_panels(items, pool, rules, seed=seed, on=on)
        except DrawError as error:
            with pytest.raises(DrawError) as again:
                draw_panels(items, shuffled, rules, seed=seed, on=on)
            assert again.value.problems == error.problems
            return
        again = draw_panels(items, shuffled, rules, seed=seed, on=on)
        assert again.as_dict() == result.as_dict()
        assert json.loads(json.dumps(result.as_dict())) == result.as_dict()
        assert result.seed == seed and result.pool_digest == pool_digest(pool)
        if len(eligible(items[0], pool, rules, on)) >= rules.size + 3:
            stats["rich"] += 1
            outcomes = set()
            for k in range(6):
                try:
                    outcomes.add(repr(panels_only(draw_panels(items, pool, rules, seed=f"{seed}/{k}", on=on))))
                except DrawError:
                    outcomes.add("error")
            stats["varied"] += len(outcomes) > 1

    run()
    assert stats["rich"] >= 10 and stats["varied"] >= 0.9 * stats["rich"], stats


def test_other_seeds_give_other_panels():
    pool, item = [clean(i) for i in range(1, 31)], DrawItem("项目", "新材料", "A")
    results = {repr(panels_only(draw_panels([item], pool, PanelRules(), seed=str(k), on=ON))) for k in range(20)}
    assert len(results) >= 10


def test_a_member_that_would_block_a_share_is_not_drawn_whatever_the_seed():
    """One panel only is possible: the financial expert of o1 and the four others; the technical expert of o1 must
    not take o1's one place first (a draw that does and then gives up reports a feasible draw as impossible)."""
    pool = [clean(1, kind="technical"), clean(2, kind="financial")]
    pool = [dataclasses.replace(e, organization="o1") for e in pool] + [clean(i) for i in range(3, 7)]
    rules = PanelRules(reserves=0, shares=(Share("financial", at_least=1),))
    for k in range(20):
        (panel,) = draw_panels([DrawItem("项目", "新材料", "X")], pool, rules, seed=str(k), on=ON).panels
        assert sorted(e.id for e in panel.experts) == [2, 3, 4, 5, 6], k


ITEM = DrawItem("项目A", "新材料", "A", related=frozenset({"R"}), people=frozenset({"lead", "member"}))
WHY = {  # expert id → (what makes the conflict, the code)
    10: ({"organization": "A"}, "same_org"),
    11: ({"organization": "R"}, "same_org"),
    12: ({"ties": (Tie("A", "employment"),)}, "tie"),
    13: ({"ties": (Tie("A", "director", ON - dt.timedelta(days=400)),)}, "tie"),
    14: ({"ties": (Tie("R", "shareholder", ON - dt.timedelta(days=800)),)}, "tie"),
    15: ({"ties": (Tie("A", "supervisor", ON - dt.timedelta(days=1000)),)}, "tie"),
    16: ({"people": frozenset({"member", "x"})}, "people"),
    17: ({"person": "lead"}, "self"),
    18: ({"ties": (Tie("A", "collaboration", ON + dt.timedelta(days=100)),)}, "tie"),
    19: ({"ties": (Tie("R", "declared"),)}, "tie"),
    22: ({"reviews_this_year": 10}, "cap"),
}


def explicit_pool():
    pool = [clean(i) for i in range(1, 6)]
    pool.append(clean(6, ties=(Tie("A", "employment", ON.replace(year=2020)),)))  # ended 5 years ago
    pool.append(clean(7, ties=(Tie("R", "director", ON - dt.timedelta(days=2000)),)))
    pool += [dataclasses.replace(clean(i), **change) for i, (change, _) in WHY.items()]
    pool += [clean(20, available=False), clean(21, field="生物医药"), clean(23, people=frozenset({"y"}), person="z")]
    return pool


@pytest.mark.parametrize(
    "window, free",
    [(3, {1, 2, 3, 4, 5, 6, 7, 23}), (1, {1, 2, 3, 4, 5, 6, 7, 13, 14, 15, 23}), (6, {1, 2, 3, 4, 5, 23})],
)
def test_each_conflict_kind_and_the_window_on_an_explicit_pool(window, free):
    rules = PanelRules(reserves=3, window_years=window)
    pool = explicit_pool()
    excluded = set()
    for k in range(20):
        (panel,) = draw_panels([ITEM], pool, rules, seed=f"s{k}", on=ON).panels
        drawn = {e.id for e in panel.experts} | {e.id for e in panel.reserves}
        assert drawn <= free and len(drawn) == min(len(free), 8), (drawn, free)
        for x in panel.excluded:
            assert x.code == {6: "tie", 7: "tie", **{i: c for i, (_, c) in WHY.items()}}.get(x.id), x
            excluded.add(x.id)
    assert excluded == (set(WHY) | {6, 7}) - free  # every conflict of the field met, nothing else


@st.composite
def scarce_cases(draw):
    size = draw(st.sampled_from([5, 7]))
    rules = PanelRules(size=size, yearly_cap=None, shares=draw(st.sampled_from(SHARES[:2])))
    scarce = draw(st.lists(st.sampled_from(FIELDS[:2]), min_size=1, max_size=2))
    items = [dataclasses.replace(ITEM, ref=f"缺{k}", field=f) for k, f in enumerate(scarce)]
    items += [DrawItem(f"足{k}", "电子信息", "B") for k in range(draw(st.integers(0, 2)))]
    have = {f: draw(st.integers(0, size - 1)) for f in set(scarce)}
    pool, n = [], 100
    for f, k in have.items():
        for change, _ in draw(st.lists(st.sampled_from([c for c in WHY.values() if c[1] != "cap"]), max_size=6)):
            n += 1
            pool.append(dataclasses.replace(clean(n, f), **change))
        for j in range(k + draw(st.integers(0, 3))):  # the first k eligible, the rest unavailable
            n += 1
            pool.append(clean(n, f, available=j < k))
    pool += [clean(i, "电子信息", "financial" if i % 3 == 0 else "technical") for i in range(1, 3 * size)]
    return items, draw(st.permutations(pool)), rules, have


def test_a_pool_too_small_names_every_field_that_cannot_be_filled():
    @RUN
    @given(scarce_cases())
    def run(case):
        items, pool, rules, have = case
        with pytest.raises(DrawError) as error:
            draw_panels(items, pool, rules, seed="s", on=ON)
        problems = error.value.problems
        for item in [i for i in items if i.ref.startswith("缺")]:
            (mine,) = [p for p in problems if p["item"] == item.ref]
            assert mine["field"] == item.field and item.field in str(error.value)
            assert item.field in mine["message"] and str(rules.size) in mine["message"]
            assert str(have[item.field]) in mine["message"]
        assert all(p["item"] is None or p["item"].startswith("缺") for p in problems), problems

    run()


RICH = [clean(i, kind="technical" if i <= 10 else "financial" if i <= 15 else "management") for i in range(1, 19)]
TWO_FINANCIAL = (Share("technical", fraction=0.6), Share("financial", at_least=2))


@pytest.mark.parametrize(
    "rules, valid",
    [
        (PanelRules(size=6), False),
        (PanelRules(size=3), False),
        (PanelRules(size=5, shares=(Share("technical", fraction=0.8), Share("financial", at_least=2))), False),
        (PanelRules(size=5, shares=(Share("financial", at_least=6),)), False),
        (PanelRules(size=7, shares=(Share("technical", fraction=0.6), Share("financial", at_least=3))), False),
        (PanelRules(size=6, odd=False), True),
        (PanelRules(size=5, shares=TWO_FINANCIAL), True),
        (PanelRules(size=7, min_size=7), True),
    ],
)
def test_invalid_rules_are_refused_before_anything_is_drawn(rules, valid):
    items = [DrawItem("项目", "新材料", "A")]
    if valid:
        check_result(items, RICH, rules, ON, draw_panels(items, RICH, rules, seed="s", on=ON))
        return
    for some in (items, []):
        with pytest.raises(DrawError) as error:
            draw_panels(some, RICH, rules, seed="s", on=ON)
        assert str(error.value) and error.value.problems


def test_replacing_a_member_takes_the_first_reserve_that_keeps_the_rules():
    stats = Counter()

    @RUN
    @given(scenarios(), st.data())
    def run(scenario, data):
        items, pool, rules, on, seed = scenario
        try:
            result = draw_panels(items, pool, rules, seed=seed, on=on)
        except DrawError:
            return
        for panel in result.panels:
            gone = data.draw(st.sampled_from([e.id for e in panel.experts]))
            rest = [e for e in panel.experts if e.id != gone]
            fits = [r for r in panel.reserves if fine([*rest, r], rules)]
            stats["replaced" if fits else "refused"] += 1
            if not fits:
                with pytest.raises(DrawError):
                    replace_with_reserve(panel, gone, "声明回避", rules)
                continue
            new, chosen = replace_with_reserve(panel, gone, "声明回避", rules)
            assert chosen == fits[0] and sorted(e.id for e in new.experts) == sorted(e.id for e in [*rest, chosen])
            assert [r.id for r in new.reserves] == [r.id for r in panel.reserves if r.id != chosen.id]

    run()
    assert stats["replaced"] >= 30 and stats["refused"] >= 3, stats
