"""An independent model of the expert draw rules (回避, shares, per-employer limit, yearly cap), written from the
published rules and the engine's interface, not from its code, and the generated pools the properties run on."""

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from fractions import Fraction

from hypothesis import strategies as st

from innozone.talent.engine.draw import DrawItem, PanelRules, PoolExpert, Share, Tie

FIELDS = ["新材料", "生物医药", "电子信息"]
ITEM_ORGS = ["o1", "o2", "o3"]
ORGS = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"]  # employers: the applicants' and others
PEOPLE = ["p1", "p2", "p3", "p4", "p5"]
RELATIONS = ["employment", "director", "supervisor", "shareholder", "collaboration", "declared"]
# days before `on` a tie ended (negative: ends in the future); each ≥ 30 days from every window boundary (1–4 years)
ENDED = [None, -100, 30, 400, 800, 1200, 1500, 2000]
SHARES = [(), (Share("technical", fraction=0.6),), (Share("financial", at_least=1),)]
SHARES += [(Share("technical", fraction=0.6), Share("financial", at_least=1)), (Share("management", at_least=1),)]
CODES = {"same_org", "tie", "people", "self", "cap"}
ON = dt.date(2025, 6, 15)


def conflicts(expert, item, rules, on):
    """Every 回避 reason the rules give for this expert on this item (empty: may review it)."""
    keys = {item.organization, *item.related}
    horizon = on.replace(year=on.year - rules.window_years)
    found = set()
    if expert.organization and expert.organization in keys:
        found.add("same_org")
    if any(t.organization in keys and (t.until is None or t.until > horizon) for t in expert.ties):
        found.add("tie")
    if expert.people & item.people:
        found.add("people")
    if expert.person and expert.person in item.people:
        found.add("self")
    return found


def clean(i, field="新材料", kind="technical", **kw):
    return PoolExpert(i, f"专家{i}", f"c{i}", f"单位{i}", frozenset({field}), kind, **kw)


def minimum(share, size):
    return max(share.at_least, math.ceil(Fraction(str(share.fraction)) * size))


def candidates(item, pool):
    return [e for e in pool if e.available and item.field in e.fields]


def eligible(item, pool, rules, on):
    return [e for e in candidates(item, pool) if not conflicts(e, item, rules, on)]


def fine(members, rules):
    orgs = Counter(e.organization for e in members if e.organization)
    kinds = Counter(e.kind for e in members)
    return max(orgs.values(), default=0) <= rules.per_organization and all(
        kinds[s.kind] >= minimum(s, len(members)) for s in rules.shares
    )


def panels_only(result):
    return [(p.item, [e.id for e in p.experts], [e.id for e in p.reserves]) for p in result.panels]


def experts(seed, n, on):
    """A pool built from one drawn seed (fast: hypothesis draws the knobs, not each of the ~500 attributes)."""
    rnd = random.Random(seed)
    pool = []
    for i in rnd.sample(range(1, 99_999), n):
        ties = [(rnd.choice(ORGS), rnd.choice(RELATIONS), rnd.choice(ENDED)) for _ in range(rnd.choice([0, 0, 1, 2]))]
        pool.append(
            PoolExpert(
                id=i,
                name=f"专家{i}",
                organization=rnd.choice([*ORGS, "", ""]),
                organization_name="单位",
                fields=frozenset(rnd.sample(FIELDS, rnd.choice([1, 2, 2, 3]))),
                kind=rnd.choice(["technical"] * 3 + ["financial", "management"]),
                ties=tuple(Tie(o, r, None if d is None else on - dt.timedelta(days=d)) for o, r, d in ties),
                people=frozenset(rnd.sample(PEOPLE, rnd.choice([0, 0, 0, 1]))),
                person=rnd.choice(["", "", "", *PEOPLE]),
                reviews_this_year=rnd.choice([0, 0, 0, 1, 2, 9, 10, 11]),
                available=rnd.random() < 0.9,
            )
        )
    return pool


@st.composite
def scenarios(draw):
    on = draw(st.sampled_from([dt.date(2025, 6, 15), dt.date(2024, 3, 1), dt.date(2026, 12, 31)]))
    rules = PanelRules(
        size=draw(st.sampled_from([5, 5, 7])),
        reserves=draw(st.integers(0, 3)),
        shares=draw(st.sampled_from(SHARES)),
        yearly_cap=draw(st.sampled_from([None, 3, 10])),
        per_organization=draw(st.integers(1, 3)),
        window_years=draw(st.integers(1, 4)),
    )
    pool = experts(draw(st.integers(0, 2**32)), draw(st.integers(30, 70)), on)
    items = [
        DrawItem(
            ref=f"项目{k}",
            field=draw(st.sampled_from(FIELDS)),
            organization=draw(st.sampled_from(ITEM_ORGS)),
            related=frozenset(draw(st.lists(st.sampled_from(ORGS[:5]), max_size=1))),
            people=frozenset(draw(st.lists(st.sampled_from(PEOPLE), max_size=2))),
        )
        for k in range(draw(st.integers(1, 5)))
    ]
    return items, pool, rules, on, draw(st.text("abc01", min_size=1, max_size=6))


def check_result(items, pool, rules, on, result):
    """Properties 1–4 and 7 of one successful draw, plus the exclusions' own soundness."""
    assert [p.item for p in result.panels] == [i.ref for i in items]
    by_id = {e.id: e for e in pool}
    sat = Counter()  # panels sat on so far, in item order (reserves do not count)
    for item, panel in zip(items, result.panels, strict=True):
        ids = [e.id for e in panel.experts]
        reserves = [e.id for e in panel.reserves]
        assert len(ids) == rules.size and len(set(ids)) == rules.size, panel
        assert len(reserves) <= rules.reserves and len(set(reserves)) == len(reserves)
        assert not set(reserves) & set(ids)
        for e in [*panel.experts, *panel.reserves]:
            assert e == by_id[e.id] and e.available and item.field in e.fields
            assert not conflicts(e, item, rules, on), (item, e, conflicts(e, item, rules, on))
            if rules.yearly_cap is not None:
                assert e.reviews_this_year + sat[e.id] < rules.yearly_cap, (item, e, sat[e.id])
        assert fine(panel.experts, rules), (item, panel.experts)  # per-employer limit and shares
        for x in panel.excluded:
            e = by_id[x.id]
            assert x.code in CODES and x.reason and x.id not in ids and x.id not in reserves
            assert item.field in e.fields
            if x.code == "cap":
                assert rules.yearly_cap is not None and e.reviews_this_year + sat[e.id] >= rules.yearly_cap
            else:
                assert x.code in conflicts(e, item, rules, on), (item, e, x)
        sat.update(ids)
    if rules.yearly_cap is not None:
        for i, n in sat.items():
            assert by_id[i].reviews_this_year + n <= rules.yearly_cap, (by_id[i], n)


def fillable(experts_, rules):
    """Whether `size` of these experts meet the shares with at most `per_organization` per employer: a max flow
    kinds → experts → employers must carry the shares' minimums; such a set extends to `size` whenever the
    employers' room allows (the per-employer limit is a partition matroid)."""
    need = Counter()
    for share in rules.shares:
        need[share.kind] = max(need[share.kind], minimum(share, rules.size))
    org = {e.id: e.organization or f"own{e.id}" for e in experts_}
    room = sum(min(n, rules.per_organization) for n in Counter(org.values()).values())
    cap = defaultdict(Counter)
    for kind, n in need.items():
        cap["S"][("k", kind)] = n
    for e in experts_:
        cap[("k", e.kind)][e.id] = 1
        cap[e.id][("o", org[e.id])] = 1
        cap[("o", org[e.id])]["T"] = rules.per_organization
        cap[e.id][("k", e.kind)] += 0  # residual edges
        cap[("o", org[e.id])][e.id] += 0
    return max_flow(cap) == sum(need.values()) and room >= rules.size


def max_flow(cap):
    flow = 0
    while True:
        parent, queue = {"S": None}, ["S"]
        for u in queue:
            for v, c in list(cap[u].items()):
                if c > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if "T" not in parent:
            return flow
        v = "T"
        while parent[v] is not None:
            cap[parent[v]][v] -= 1
            cap[v][parent[v]] += 1
            v = parent[v]
        flow += 1
