"""Whether a partial panel can still be completed under the make-up rules (at most K members per organization, at
least so many of each kind): the oracle behind the draw's greedy.

The draw accepts, in draw order, every expert with whom the panel can still be completed. Completability is monotone
(a completion of a larger panel completes a smaller one), so an expert refused once never becomes acceptable and the
greedy fills a panel whenever any panel satisfying the rules exists.

A completion of ``members`` needs ``r`` more experts among the remaining eligible ones such that (1) the organizations'
free places, Σ min(free places of o, experts of o), reach r and (2) the missing experts of each kind can be found
under the same places (a small flow: organizations → kinds). Each remaining expert picked for (2) uses exactly one
unit of (1), so (1) and (2) together are enough. Both are first bounded cheaply from counts made once per field
(distinct organizations per kind, minus the blocked experts and the members, each of which removes at most one);
the exact computation runs only for what the bounds cannot settle (rare kinds, nearly exhausted fields).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from .pool import PanelRules, PoolExpert


def _unit(e: PoolExpert) -> tuple[str, int]:
    """An organization is one unit of places; an expert without one is a unit of their own."""
    return (e.organization, 0) if e.organization else ("", e.id)


class Makeup:
    """The make-up oracle for one field's candidates (available experts of the field)."""

    def __init__(self, candidates: Sequence[PoolExpert], rules: PanelRules):
        self.candidates = candidates
        self.rules = rules
        self.need: dict[str, int] = {}
        for share in rules.shares:
            self.need[share.kind] = max(self.need.get(share.kind, 0), share.minimum(rules.size))
        self.units = len({_unit(e) for e in candidates})
        self.units_of: dict[str, int] = {}
        self.by_kind: dict[str, list[PoolExpert]] = {}
        for kind in self.need:
            self.by_kind[kind] = [e for e in candidates if e.kind == kind]
            self.units_of[kind] = len({_unit(e) for e in self.by_kind[kind]})

    def completable(self, members: Sequence[PoolExpert], blocked: Callable[[int], bool], n_blocked: int) -> bool:
        r = self.rules.size - len(members)
        missing = {}
        for kind, need in self.need.items():
            have = sum(m.kind == kind for m in members)
            if have < need:
                missing[kind] = need - have
        total = sum(missing.values())
        if total > r:
            return False
        if r == 0:
            return True
        lost = n_blocked + len(members)  # units that blocked experts and members may have taken away
        taken = {m.id for m in members}
        places: dict[tuple[str, int], int] = {}
        for m in members:
            if m.organization:
                places[_unit(m)] = places.get(_unit(m), 0) + 1
        limit = self.rules.per_organization

        def free(unit: tuple[str, int]) -> int:
            return limit - places.get(unit, 0) if unit[0] else 1

        def remaining(experts: Sequence[PoolExpert]) -> list[PoolExpert]:
            return [e for e in experts if e.id not in taken and not blocked(e.id)]

        if self.units - lost < r:
            counts: dict[tuple[str, int], int] = {}
            for e in remaining(self.candidates):
                counts[_unit(e)] = counts.get(_unit(e), 0) + 1
            if sum(min(free(u), n) for u, n in counts.items()) < r:
                return False
        hard = {k: n for k, n in missing.items() if self.units_of[k] - lost < total}
        if not hard:
            return True  # every kind has enough units for all the missing experts, whatever the others take
        edges: dict[tuple[str, int], dict[str, int]] = {}
        for kind in hard:
            for e in remaining(self.by_kind[kind]):
                if free(_unit(e)) > 0:
                    row = edges.setdefault(_unit(e), {})
                    row[kind] = row.get(kind, 0) + 1
        return _max_flow({u: free(u) for u in edges}, edges, hard) == sum(hard.values())


def _max_flow(supply: dict, edges: dict[object, dict[str, int]], demand: dict[str, int]) -> int:
    """Max flow source → unit (supply) → kind (edges) → sink (demand), by shortest augmenting paths."""
    residual: dict[object, dict[object, int]] = {"s": {}, "t": {}}
    for unit, cap in supply.items():
        residual["s"][("u", unit)] = cap
        residual.setdefault(("u", unit), {})["s"] = 0
    for unit, row in edges.items():
        for kind, cap in row.items():
            residual[("u", unit)][("k", kind)] = cap
            residual.setdefault(("k", kind), {})[("u", unit)] = 0
    for kind, cap in demand.items():
        residual.setdefault(("k", kind), {})["t"] = cap
        residual["t"][("k", kind)] = 0
    flow = 0
    while True:
        parent = {"s": None}
        queue = deque(["s"])
        while queue and "t" not in parent:
            node = queue.popleft()
            for nxt, cap in residual[node].items():
                if cap > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if "t" not in parent:
            return flow
        path, node = [], "t"
        while parent[node] is not None:
            path.append((parent[node], node))
            node = parent[node]
        push = min(residual[a][b] for a, b in path)
        for a, b in path:
            residual[a][b] -= push
            residual[b][a] += push
        flow += push
