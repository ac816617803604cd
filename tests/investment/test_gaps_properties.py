"""Properties of the chain-gap computation (investment/engine/gaps.py), written from the specification only
(issue 16, brief R1, and the rules R1 announced in /tmp/h16/status.md — not from the engine's code).

The rules: what is placed on a link counts for it and for every ancestor (a parent's totals are its own plus all
its descendants'); a link whose totals have no enterprise is a gap (reason no_enterprise, alone); otherwise it is
weak when its totals have fewer enterprises than its minimum (few_enterprises), an output below its minimum output
(low_output; equal passes), or a direct child that is a gap (child_gap) — a weak child alone does not weaken the
parent; otherwise strong. The summary counts links of every level."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innozone.investment.engine.gaps import LinkFacts, LinkSpec, compute, problems, worst

D = Decimal
SEGMENTS = ("up", "mid", "down")


def codes(result) -> set[str]:
    return {reason.code for reason in result.reasons}


def params(reason) -> dict:
    return dict(reason.params)


def reason(result, code):
    return next(r for r in result.reasons if r.code == code)


# --- hand-built chains ------------------------------------------------------------------------------------------


def test_a_link_with_no_enterprise_is_a_gap_and_says_so():
    result = compute([LinkSpec(id=1, parent_id=None, segment="up", name="矿产")], {})
    link = result.links[1]
    assert link.status == "gap"
    assert codes(link) == {"no_enterprise"}
    assert result.summary.gaps == 1
    assert list(result.summary.gap_ids) == [1]


def test_no_facts_at_all_means_every_link_is_a_gap():
    links = [
        LinkSpec(id=1, parent_id=None, segment="up"),
        LinkSpec(id=2, parent_id=1, segment="up"),
        LinkSpec(id=3, parent_id=None, segment="down"),
    ]
    result = compute(links, None)
    assert {r.status for r in result.links.values()} == {"gap"}
    assert result.summary.gaps == 3 and result.summary.strong == 0 and result.summary.weak == 0


def test_output_without_an_enterprise_is_still_a_gap():
    result = compute(
        [LinkSpec(id=1, parent_id=None, segment="mid", min_output=D("10"))],
        {1: LinkFacts(enterprises=0, output=D("500"))},
    )
    assert result.links[1].status == "gap" and codes(result.links[1]) == {"no_enterprise"}


@pytest.mark.parametrize(
    "count,minimum,status",
    [(1, 1, "strong"), (2, 3, "weak"), (3, 3, "strong"), (4, 3, "strong"), (1, 2, "weak")],
)
def test_enterprise_threshold_at_the_boundary(count, minimum, status):
    result = compute(
        [LinkSpec(id=7, parent_id=None, segment="mid", min_enterprises=minimum)],
        {7: LinkFacts(enterprises=count, output=D("0"))},
    )
    link = result.links[7]
    assert link.status == status
    if status == "weak":
        assert codes(link) == {"few_enterprises"}
        assert params(reason(link, "few_enterprises")) == {"count": count, "min": minimum}
    else:
        assert link.reasons == () or list(link.reasons) == []


@pytest.mark.parametrize(
    "output,minimum,status",
    [
        ("100.00", "100.00", "strong"),  # equal passes
        ("99.99", "100.00", "weak"),
        ("100.01", "100.00", "strong"),
        ("0", None, "strong"),  # no minimum output: output does not matter
        ("0", "0", "strong"),
    ],
)
def test_output_threshold_at_the_boundary(output, minimum, status):
    result = compute(
        [LinkSpec(id=1, parent_id=None, segment="down", min_output=None if minimum is None else D(minimum))],
        {1: LinkFacts(enterprises=1, output=D(output))},
    )
    link = result.links[1]
    assert link.status == status
    if status == "weak":
        assert codes(link) == {"low_output"}
        assert {k: D(v) for k, v in params(reason(link, "low_output")).items()} == {
            "output": D(output),
            "min": D(minimum),
        }


def test_both_thresholds_missed_gives_both_reasons():
    result = compute(
        [LinkSpec(id=1, parent_id=None, segment="up", min_enterprises=3, min_output=D("1000"))],
        {1: LinkFacts(enterprises=2, output=D("999.99"))},
    )
    assert result.links[1].status == "weak"
    assert codes(result.links[1]) == {"few_enterprises", "low_output"}


def chain_of_three_levels():
    """上游 (1) → 原料 (2) → 矿石 (4), 冶炼 (5); 上游 → 辅料 (3); 中游 (6) alone."""
    return [
        LinkSpec(id=1, parent_id=None, segment="up", name="上游", min_enterprises=2),
        LinkSpec(id=2, parent_id=1, segment="up", name="原料", is_key=True),
        LinkSpec(id=3, parent_id=1, segment="up", name="辅料", is_key=True),
        LinkSpec(id=4, parent_id=2, segment="up", name="矿石", min_output=D("50")),
        LinkSpec(id=5, parent_id=2, segment="up", name="冶炼", min_enterprises=2),
        LinkSpec(id=6, parent_id=None, segment="mid", name="中游"),
    ]


def test_parents_total_their_descendants():
    facts = {4: LinkFacts(enterprises=1, output=D("40")), 5: LinkFacts(enterprises=3, output=D("10.50"))}
    facts[1] = LinkFacts(enterprises=1, output=D("1"))
    result = compute(chain_of_three_levels(), facts)
    links = result.links
    assert (links[4].enterprises, links[4].output) == (1, D("40"))
    assert (links[2].own_enterprises, links[2].own_output) == (0, D("0"))
    assert (links[2].enterprises, links[2].output) == (4, D("50.50"))
    assert (links[1].own_enterprises, links[1].enterprises, links[1].output) == (1, 5, D("51.50"))
    assert links[4].status == "weak" and codes(links[4]) == {"low_output"}  # 40 < 50
    assert links[5].status == "strong"
    # 原料 has no enterprise of its own but its sub-links have: not a gap; its weak child does not weaken it
    assert links[2].status == "strong"
    assert links[3].status == "gap"
    # 上游: 5 enterprises ≥ 2, but a direct child (辅料) is a gap
    assert links[1].status == "weak" and codes(links[1]) == {"child_gap"}
    child_gap = params(reason(links[1], "child_gap"))
    assert child_gap["count"] == 1 and list(child_gap["ids"]) == [3] and list(child_gap["names"]) == ["辅料"]
    assert links[6].status == "gap"
    summary = result.summary
    assert (summary.links, summary.strong, summary.weak, summary.gaps) == (6, 2, 2, 2)
    assert summary.key_gaps == 1 and list(summary.key_gap_ids) == [3]
    assert list(summary.gap_ids) == [3, 6]
    assert summary.enterprises == 5 and summary.output == D("51.50")


def test_a_grandchild_gap_weakens_only_its_parent():
    links = [
        LinkSpec(id=1, parent_id=None, segment="up"),
        LinkSpec(id=2, parent_id=1, segment="up"),
        LinkSpec(id=3, parent_id=2, segment="up"),  # gap
        LinkSpec(id=4, parent_id=2, segment="up"),
    ]
    result = compute(links, {4: LinkFacts(enterprises=1)})
    assert result.links[3].status == "gap"
    assert result.links[2].status == "weak" and codes(result.links[2]) == {"child_gap"}
    assert result.links[1].status == "strong"  # its only direct child is weak, not a gap


def test_a_parent_is_a_gap_only_when_its_whole_subtree_is_empty():
    links = [LinkSpec(id=10, parent_id=None, segment="down"), LinkSpec(id=11, parent_id=10, segment="down")]
    assert compute(links, {}).links[10].status == "gap"
    assert codes(compute(links, {}).links[10]) == {"no_enterprise"}  # not also child_gap
    filled = compute(links, {11: LinkFacts(enterprises=1)})
    assert filled.links[10].status == "strong" and filled.links[11].status == "strong"


def test_tree_order_depth_and_children():
    # input out of order: children before parents, siblings in the order given
    links = [
        LinkSpec(id=5, parent_id=2, segment="up"),
        LinkSpec(id=6, parent_id=None, segment="mid"),
        LinkSpec(id=4, parent_id=2, segment="up"),
        LinkSpec(id=2, parent_id=1, segment="up"),
        LinkSpec(id=1, parent_id=None, segment="up"),
        LinkSpec(id=3, parent_id=1, segment="up"),
    ]
    result = compute(links, {})
    assert list(result.links) == [6, 1, 2, 5, 4, 3]
    assert [result.links[i].depth for i in (6, 1, 2, 5, 4, 3)] == [0, 0, 1, 2, 2, 1]
    assert tuple(result.links[2].children) == (5, 4) and tuple(result.links[1].children) == (2, 3)
    assert tuple(result.links[5].children) == ()


def test_the_by_segment_counts():
    result = compute(chain_of_three_levels(), {5: LinkFacts(enterprises=3)})
    up = result.summary.by_segment["up"]
    # 1 weak (child 辅料 is a gap), 2 weak (child 矿石 is a gap), 3 gap, 4 gap, 5 strong
    assert (up["strong"], up["weak"], up["gap"]) == (1, 2, 2)
    assert result.summary.by_segment["mid"]["gap"] == 1
    assert result.summary.by_segment.get("down", {"strong": 0, "weak": 0, "gap": 0}) == {
        "strong": 0,
        "weak": 0,
        "gap": 0,
    }


def test_worst():
    assert worst([]) == "strong"
    assert worst(["strong", "weak"]) == "weak"
    assert worst(["weak", "gap", "strong"]) == "gap"
    assert worst(["strong"]) == "strong"


# --- refused input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "links,code",
    [
        ([LinkSpec(id=1, parent_id=None, segment="up"), LinkSpec(id=1, parent_id=None, segment="mid")], "duplicate_id"),
        ([LinkSpec(id=1, parent_id=9, segment="up")], "unknown_parent"),
        ([LinkSpec(id=1, parent_id=1, segment="up")], "own_parent"),
        ([LinkSpec(id=1, parent_id=2, segment="up"), LinkSpec(id=2, parent_id=1, segment="up")], "cycle"),
        ([LinkSpec(id=1, parent_id=None, segment="sideways")], "bad_segment"),
        ([LinkSpec(id=1, parent_id=None, segment="up", min_enterprises=-1)], "bad_min_enterprises"),
        ([LinkSpec(id=1, parent_id=None, segment="up", min_output=D("-0.01"))], "bad_min_output"),
    ],
)
def test_bad_chains_are_refused_with_their_problem(links, code):
    assert code in {c for c, _ in problems(links)}
    with pytest.raises(ValueError):
        compute(links, {})


def test_a_link_hanging_below_a_cycle_is_reported():
    links = [
        LinkSpec(id=1, parent_id=2, segment="up"),
        LinkSpec(id=2, parent_id=1, segment="up"),
        LinkSpec(id=3, parent_id=2, segment="up"),
        LinkSpec(id=4, parent_id=None, segment="up"),
    ]
    found = problems(links)
    assert {link_id for c, link_id in found if c == "cycle"} == {1, 2, 3}


def test_a_good_chain_has_no_problems():
    assert problems(chain_of_three_levels()) == []


def test_facts_for_an_unknown_link_or_negative_facts_are_refused():
    links = [LinkSpec(id=1, parent_id=None, segment="up")]
    with pytest.raises(ValueError):
        compute(links, {2: LinkFacts(enterprises=1)})
    with pytest.raises(ValueError):
        compute(links, {1: LinkFacts(enterprises=-1)})
    with pytest.raises(ValueError):
        compute(links, {1: LinkFacts(enterprises=1, output=D("-1"))})


# --- random forests against an oracle written from the rules ------------------------------------------------------


@st.composite
def forests(draw):
    n = draw(st.integers(1, 14))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    links = []
    for i, link_id in enumerate(ids):
        parent = draw(st.one_of(st.none(), st.sampled_from(ids[:i]))) if i else None
        segment = next(s.segment for s in links if s.id == parent) if parent else draw(st.sampled_from(SEGMENTS))
        links.append(
            LinkSpec(
                id=link_id,
                parent_id=parent,
                segment=segment,
                name=f"环节{link_id}",
                is_key=draw(st.booleans()),
                min_enterprises=draw(st.integers(1, 4)),
                min_output=draw(st.one_of(st.none(), st.integers(0, 12).map(D))),
            )
        )
    order = draw(st.permutations(links))
    facts = {}
    for link in links:
        if draw(st.booleans()):
            facts[link.id] = LinkFacts(
                enterprises=draw(st.integers(0, 3)), output=draw(st.integers(0, 600).map(lambda c: D(c).scaleb(-2)))
            )
    return list(order), facts


def oracle(links, facts):
    children = {link.id: [c.id for c in links if c.parent_id == link.id] for link in links}
    spec = {link.id: link for link in links}
    totals, status, reasons = {}, {}, {}

    def visit(link_id):
        own = facts.get(link_id, LinkFacts())
        enterprises, output = own.enterprises, D(own.output)
        for child in children[link_id]:
            visit(child)
            enterprises += totals[child][0]
            output += totals[child][1]
        totals[link_id] = (enterprises, output)
        link = spec[link_id]
        if enterprises == 0:
            status[link_id], reasons[link_id] = "gap", {"no_enterprise"}
            return
        found = set()
        if enterprises < link.min_enterprises:
            found.add("few_enterprises")
        if link.min_output is not None and output < link.min_output:
            found.add("low_output")
        if any(status[c] == "gap" for c in children[link_id]):
            found.add("child_gap")
        status[link_id], reasons[link_id] = ("weak" if found else "strong"), found

    order = []

    def walk(link_id, depth):
        order.append((link_id, depth))
        for child in children[link_id]:
            walk(child, depth + 1)

    for link in links:
        if link.parent_id is None:
            visit(link.id)
            walk(link.id, 0)
    return totals, status, reasons, order, children


@given(forests())
def test_random_forests_follow_the_rules(forest):
    links, facts = forest
    assert problems(links) == []
    result = compute(links, facts)
    totals, status, reasons, order, children = oracle(links, facts)
    assert list(result.links) == [link_id for link_id, _ in order]
    for link_id, depth in order:
        got = result.links[link_id]
        own = facts.get(link_id, LinkFacts())
        assert got.depth == depth
        assert tuple(got.children) == tuple(children[link_id])
        assert (got.own_enterprises, got.own_output) == (own.enterprises, own.output)
        assert (got.enterprises, got.output) == totals[link_id]
        assert got.status == status[link_id], (link_id, got.reasons)
        assert codes(got) == reasons[link_id]
    summary = result.summary
    assert summary.links == len(links)
    assert summary.strong + summary.weak + summary.gaps == len(links)
    assert summary.gaps == sum(s == "gap" for s in status.values())
    assert summary.weak == sum(s == "weak" for s in status.values())
    keys = {link.id for link in links if link.is_key}
    assert summary.key_gaps == sum(status[i] == "gap" for i in keys)
    assert summary.key_weak == sum(status[i] == "weak" for i in keys)
    assert list(summary.gap_ids) == [i for i, _ in order if status[i] == "gap"]
    assert list(summary.key_gap_ids) == [i for i, _ in order if status[i] == "gap" and i in keys]
    assert summary.enterprises == sum(f.enterprises for f in facts.values())
    assert summary.output == sum((D(f.output) for f in facts.values()), D(0))
    for segment in SEGMENTS:
        expected = {
            s: sum(status[link.id] == s for link in links if link.segment == segment) for s in ("strong", "weak", "gap")
        }
        assert summary.by_segment.get(segment, {"strong": 0, "weak": 0, "gap": 0}) == expected


@given(forests(), st.data())
def test_adding_an_enterprise_never_makes_a_link_worse(forest, data):
    """Monotone: placing one more enterprise (with its output) on any link never turns any link's status worse."""
    links, facts = forest
    before = compute(links, facts)
    target = data.draw(st.sampled_from([link.id for link in links]))
    extra = data.draw(st.integers(0, 500).map(lambda c: D(c).scaleb(-2)))
    own = facts.get(target, LinkFacts())
    after = compute(links, {**facts, target: LinkFacts(enterprises=own.enterprises + 1, output=own.output + extra)})
    rank = {"strong": 0, "weak": 1, "gap": 2}
    for link_id, result in after.links.items():
        assert rank[result.status] <= rank[before.links[link_id].status]
    assert after.links[target].status != "gap"
    assert after.summary.gaps <= before.summary.gaps


@given(forests(), st.randoms(use_true_random=False))
def test_statuses_and_totals_do_not_depend_on_the_input_order(forest, rnd):
    links, facts = forest
    shuffled = list(links)
    rnd.shuffle(shuffled)
    a, b = compute(links, facts), compute(shuffled, facts)
    assert set(a.links) == set(b.links)
    for link_id, result in a.links.items():
        other = b.links[link_id]
        assert (result.status, result.enterprises, result.output, result.depth) == (
            other.status,
            other.enterprises,
            other.output,
            other.depth,
        )
        assert codes(result) == codes(other)
    assert (a.summary.gaps, a.summary.weak, a.summary.strong) == (b.summary.gaps, b.summary.weak, b.summary.strong)
    assert set(a.summary.gap_ids) == set(b.summary.gap_ids)
