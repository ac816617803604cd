"""engine.gaps on hand-built chains: statuses and reasons, thresholds at the boundary, totals up the tree, a
parent weak for a gap child (not for a weak one), tree order, the summary and the structure problems."""

from decimal import Decimal as D

import pytest

from innozone.investment.engine.gaps import (
    GAP,
    STRONG,
    WEAK,
    LinkFacts,
    LinkSpec,
    compute,
    problems,
    worst,
)


def chain():
    return [
        LinkSpec(1, None, "up", "上游", min_enterprises=3),
        LinkSpec(2, 1, "up", "冶炼", is_key=True, min_enterprises=2, min_output=D("100")),
        LinkSpec(3, 1, "up", "采选"),
        LinkSpec(4, None, "mid", "中游"),
        LinkSpec(5, 4, "mid", "合金"),
        LinkSpec(6, None, "down", "下游", is_key=True),
    ]


def test_a_link_without_enterprises_is_a_gap_with_one_reason():
    result = compute(chain(), {2: LinkFacts(2, D("100")), 5: LinkFacts(1, D("5"))})
    three = result.links[3]
    assert three.status == GAP and [r.code for r in three.reasons] == ["no_enterprise"]
    assert result.links[6].status == GAP and result.summary.key_gaps == 1


def test_thresholds_at_the_boundary():
    at = compute(chain(), {2: LinkFacts(2, D("100")), 3: LinkFacts(1)})
    assert at.links[2].status == STRONG and at.links[2].reasons == ()
    below = compute(chain(), {2: LinkFacts(1, D("99.99")), 3: LinkFacts(1)})
    assert below.links[2].status == WEAK
    assert [r.code for r in below.links[2].reasons] == ["few_enterprises", "low_output"]
    assert below.links[2].reasons[0].params == {"count": 1, "min": 2}


def test_parents_total_their_descendants_and_a_gap_child_weakens_them():
    result = compute(chain(), {1: LinkFacts(1, D("7")), 2: LinkFacts(2, D("100"))})
    up = result.links[1]
    assert (up.own_enterprises, up.enterprises, up.output) == (1, 3, D("107"))
    assert up.status == WEAK and [r.code for r in up.reasons] == ["child_gap"]
    assert up.reasons[0].params["names"] == ["采选"]
    filled = compute(chain(), {1: LinkFacts(1), 2: LinkFacts(2, D("100")), 3: LinkFacts(1)})
    assert filled.links[1].status == STRONG


def test_a_weak_child_alone_does_not_weaken_the_parent():
    result = compute(chain(), {2: LinkFacts(1, D("1")), 3: LinkFacts(2)})
    assert result.links[2].status == WEAK and result.links[1].status == STRONG


def test_a_parent_whose_subtree_is_empty_is_a_gap():
    result = compute(chain(), {2: LinkFacts(2, D("100"))})
    assert result.links[4].status == GAP and result.links[5].status == GAP


def test_summary_and_tree_order():
    result = compute(chain(), {2: LinkFacts(2, D("100")), 3: LinkFacts(1), 5: LinkFacts(1, D("5"))})
    assert list(result.links) == [1, 2, 3, 4, 5, 6]
    assert [r.depth for r in result.links.values()] == [0, 1, 1, 0, 1, 0]
    s = result.summary
    assert (s.links, s.strong, s.weak, s.gaps, s.key_gaps) == (6, 5, 0, 1, 1)
    assert s.enterprises == 4 and s.output == D("105") and s.gap_ids == (6,)
    assert s.by_segment["down"] == {"strong": 0, "weak": 0, "gap": 1}


def test_min_enterprises_zero_still_needs_an_enterprise():
    result = compute([LinkSpec(1, None, "up", min_enterprises=0)], {})
    assert result.links[1].status == GAP


def test_structure_problems_are_refused():
    bad = [LinkSpec(1, 2, "up"), LinkSpec(2, 1, "up"), LinkSpec(3, 3, "up"), LinkSpec(4, 9, "side")]
    codes = problems(bad)
    assert ("cycle", 1) in codes and ("cycle", 2) in codes and ("own_parent", 3) in codes
    assert ("unknown_parent", 4) in codes and ("bad_segment", 4) in codes
    assert problems([LinkSpec(1, None, "up"), LinkSpec(1, None, "up")]) == [("duplicate_id", 1)]
    with pytest.raises(ValueError):
        compute(bad)
    with pytest.raises(ValueError):
        compute(chain(), {99: LinkFacts(1)})
    with pytest.raises(ValueError):
        compute(chain(), {2: LinkFacts(-1)})


def test_worst():
    assert worst([STRONG, GAP, WEAK]) == GAP and worst([STRONG, WEAK]) == WEAK and worst([]) == STRONG
