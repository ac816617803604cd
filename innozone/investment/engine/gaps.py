"""Chain gaps (产业链强弱环节与缺链), pure: the links of one chain as a tree and what the registry's enterprises
placed on each link add up to; the answer is a status per link (strong / weak / gap) with its reasons, and a
summary of the chain. Standard library only; the app turns reason codes and params into text.

Rules (docs/investment.md, "Chain gaps"):

* A link's **totals** are its own placements plus those of every link below it (children, grandchildren …).
  An enterprise placed on two links counts on each of them.
* **gap** (缺链): the totals have no enterprise — nobody in the zone works on this link or anything under it.
* **weak** (弱链): otherwise, when any of these holds:
  - ``few_enterprises``: fewer enterprises in the totals than the link's ``min_enterprises``;
  - ``low_output``: the link has a ``min_output`` and the totals' output is below it (equal is enough);
  - ``child_gap``: a link directly below it is a gap (so a thin spot shows on every level above it as weak,
    while only the empty link itself — and a parent whose whole subtree is empty — is a gap).
  A weak child alone does not make its parent weak.
* **strong** (强链): none of the above.

The summary counts links of every level: ``gaps`` (status gap), ``weak``, ``strong``, ``key_gaps`` (gaps among
key links), ``key_weak``; the chain's enterprises and output are the sum of its top-level links' totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

STRONG = "strong"
WEAK = "weak"
GAP = "gap"
STATUSES = (STRONG, WEAK, GAP)  # from best to worst
SEGMENTS = ("up", "mid", "down")

NO_ENTERPRISE = "no_enterprise"
FEW_ENTERPRISES = "few_enterprises"
LOW_OUTPUT = "low_output"
CHILD_GAP = "child_gap"
REASONS = (NO_ENTERPRISE, FEW_ENTERPRISES, LOW_OUTPUT, CHILD_GAP)

ZERO = Decimal("0")


@dataclass(frozen=True)
class LinkSpec:
    """One link of the chain as the engine needs it."""

    id: int
    parent_id: int | None
    segment: str
    name: str = ""
    is_key: bool = False
    min_enterprises: int = 1
    min_output: Decimal | None = None


@dataclass(frozen=True)
class LinkFacts:
    """What is placed on one link itself (not its sub-links): the number of enterprises and their output."""

    enterprises: int = 0
    output: Decimal = ZERO


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LinkResult:
    id: int
    parent_id: int | None
    segment: str
    name: str
    is_key: bool
    depth: int  # 0 for a top-level link
    children: tuple[int, ...]  # ids of the links directly below, in input order
    own_enterprises: int
    own_output: Decimal
    enterprises: int  # totals: own + every descendant
    output: Decimal
    min_enterprises: int
    min_output: Decimal | None
    status: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Summary:
    links: int
    strong: int
    weak: int
    gaps: int
    key_gaps: int
    key_weak: int
    enterprises: int
    output: Decimal
    gap_ids: tuple[int, ...]  # in tree order
    key_gap_ids: tuple[int, ...]
    by_segment: dict  # segment → {"strong": n, "weak": n, "gap": n}


@dataclass(frozen=True)
class ChainGaps:
    links: dict  # id → LinkResult, in tree order (depth first, siblings in input order)
    summary: Summary

    def roots(self) -> list[LinkResult]:
        return [result for result in self.links.values() if result.parent_id is None]


def problems(links: Iterable[LinkSpec]) -> list[tuple[str, int | None]]:
    """What makes these links not a tree: (code, link id) pairs; empty when compute() can run.

    Codes: ``duplicate_id``, ``unknown_parent``, ``own_parent``, ``cycle``, ``bad_segment``,
    ``bad_min_enterprises`` (negative), ``bad_min_output`` (negative)."""
    links = list(links)
    found: list[tuple[str, int | None]] = []
    ids: set[int] = set()
    for link in links:
        if link.id in ids:
            found.append(("duplicate_id", link.id))
        ids.add(link.id)
    parents = {link.id: link.parent_id for link in links}
    for link in links:
        if link.segment not in SEGMENTS:
            found.append(("bad_segment", link.id))
        if link.min_enterprises is None or link.min_enterprises < 0:
            found.append(("bad_min_enterprises", link.id))
        if link.min_output is not None and Decimal(link.min_output) < 0:
            found.append(("bad_min_output", link.id))
        if link.parent_id is None:
            continue
        if link.parent_id == link.id:
            found.append(("own_parent", link.id))
        elif link.parent_id not in ids:
            found.append(("unknown_parent", link.id))
    # cycles: a link whose walk upwards never reaches a top-level link is on (or hangs below) a cycle
    for link in links:
        if link.parent_id is None or link.parent_id == link.id or link.parent_id not in ids:
            continue
        seen = {link.id}
        current = link.parent_id
        while current is not None and current in parents:
            if current in seen:
                found.append(("cycle", link.id))
                break
            seen.add(current)
            current = parents[current]
    return found


def _evaluate(spec: LinkSpec, enterprises: int, output: Decimal, gap_children: list[LinkSpec]) -> tuple:
    if enterprises <= 0:
        return GAP, (Reason(NO_ENTERPRISE, {}),)
    reasons: list[Reason] = []
    if enterprises < spec.min_enterprises:
        reasons.append(Reason(FEW_ENTERPRISES, {"count": enterprises, "min": spec.min_enterprises}))
    if spec.min_output is not None and output < Decimal(spec.min_output):
        reasons.append(Reason(LOW_OUTPUT, {"output": output, "min": Decimal(spec.min_output)}))
    if gap_children:
        reasons.append(
            Reason(
                CHILD_GAP,
                {
                    "count": len(gap_children),
                    "ids": [c.id for c in gap_children],
                    "names": [c.name for c in gap_children],
                },
            )
        )
    return (WEAK if reasons else STRONG), tuple(reasons)


def compute(links: Iterable[LinkSpec], facts: Mapping[int, LinkFacts] | None = None) -> ChainGaps:
    """Statuses of every link of one chain and its summary.

    ``facts`` maps a link id to what is placed on that link itself; a link missing from it has nothing.
    Raises ValueError when the links are not a tree (see problems()) or facts name a link that is not given,
    or a fact is negative."""
    links = list(links)
    facts = dict(facts or {})
    found = problems(links)
    if found:
        raise ValueError(f"links are not a tree: {found}")
    by_id = {link.id: link for link in links}
    unknown = sorted(set(facts) - set(by_id))
    if unknown:
        raise ValueError(f"facts for links not given: {unknown}")
    for link_id, fact in facts.items():
        if fact.enterprises < 0 or Decimal(fact.output) < 0:
            raise ValueError(f"negative facts for link {link_id}")
    children: dict[int | None, list[LinkSpec]] = {}
    for link in links:
        children.setdefault(link.parent_id, []).append(link)

    results: dict[int, LinkResult] = {}

    def visit(spec: LinkSpec, depth: int) -> LinkResult:
        own = facts.get(spec.id, LinkFacts())
        below = [visit(child, depth + 1) for child in children.get(spec.id, [])]
        enterprises = own.enterprises + sum(r.enterprises for r in below)
        output = Decimal(own.output) + sum((r.output for r in below), ZERO)
        gap_children = [by_id[r.id] for r in below if r.status == GAP]
        status, reasons = _evaluate(spec, enterprises, output, gap_children)
        result = LinkResult(
            id=spec.id,
            parent_id=spec.parent_id,
            segment=spec.segment,
            name=spec.name,
            is_key=bool(spec.is_key),
            depth=depth,
            children=tuple(c.id for c in children.get(spec.id, [])),
            own_enterprises=own.enterprises,
            own_output=Decimal(own.output),
            enterprises=enterprises,
            output=output,
            min_enterprises=spec.min_enterprises,
            min_output=None if spec.min_output is None else Decimal(spec.min_output),
            status=status,
            reasons=reasons,
        )
        results[spec.id] = result
        return result

    roots = [visit(spec, 0) for spec in children.get(None, [])]
    # tree order: depth first, siblings in input order (visit stored children before parents)
    ordered: dict[int, LinkResult] = {}

    def walk(link_id: int) -> None:
        ordered[link_id] = results[link_id]
        for child_id in results[link_id].children:
            walk(child_id)

    for root in roots:
        walk(root.id)
    return ChainGaps(links=ordered, summary=summarize(ordered.values()))


def summarize(results: Iterable[LinkResult]) -> Summary:
    results = list(results)
    by_segment = {segment: {STRONG: 0, WEAK: 0, GAP: 0} for segment in SEGMENTS}
    for result in results:
        by_segment.setdefault(result.segment, {STRONG: 0, WEAK: 0, GAP: 0})[result.status] += 1
    roots = [r for r in results if r.parent_id is None]
    return Summary(
        links=len(results),
        strong=sum(1 for r in results if r.status == STRONG),
        weak=sum(1 for r in results if r.status == WEAK),
        gaps=sum(1 for r in results if r.status == GAP),
        key_gaps=sum(1 for r in results if r.status == GAP and r.is_key),
        key_weak=sum(1 for r in results if r.status == WEAK and r.is_key),
        enterprises=sum(r.enterprises for r in roots),
        output=sum((r.output for r in roots), ZERO),
        gap_ids=tuple(r.id for r in results if r.status == GAP),
        key_gap_ids=tuple(r.id for r in results if r.status == GAP and r.is_key),
        by_segment=by_segment,
    )


def worst(statuses: Iterable[str]) -> str:
    """The worst of some statuses (gap > weak > strong); strong for none."""
    rank = {status: index for index, status in enumerate(STATUSES)}
    return max(statuses, key=rank.__getitem__, default=STRONG)
