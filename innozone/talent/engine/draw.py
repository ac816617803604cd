"""Expert panel draw (评审专家抽取): pure and deterministic (stdlib only; no Django, no other innozone package).

`draw_panels(items, pool, rules, seed=…, on=…)` draws one panel (and its reserves) per item from the experts whose
fields contain the item's field. The order in which candidates are considered is a partial Fisher–Yates shuffle of
the field's candidates sorted by id, driven by ``random.Random(f"{seed}|{item.ref}")``, so the result depends only on
the seed, the items and the pool's contents, never on the pool's order.

Exclusion codes (stable; the app translates them): ``self``, ``same_org``, ``tie``, ``people``, ``cap``, and
``declared`` (a conflict the expert declared after the draw, recorded by `replace_with_reserve`). Reasons are plain
Chinese text naming the relation and the organization key.

Reserves are best effort: a panel is required, its reserves are the next eligible experts in draw order (those passed
over for the per-organization limit or the shares come first, as they came first in the order) up to
``rules.reserves``; an item with fewer eligible experts than that gets fewer reserves.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import NoReturn

from .makeup import Makeup
from .pool import (
    CODES,
    KIND_NAMES,
    RELATION_NAMES,
    DrawError,
    DrawItem,
    DrawResult,
    Exclusion,
    ItemPanel,
    PanelRules,
    PoolExpert,
    Share,
    Tie,
    pool_digest,
)

__all__ = [
    "CODES",
    "KIND_NAMES",
    "RELATION_NAMES",
    "DrawError",
    "DrawItem",
    "DrawResult",
    "Exclusion",
    "ItemPanel",
    "PanelRules",
    "PoolExpert",
    "Share",
    "Tie",
    "draw_panels",
    "pool_digest",
    "replace_with_reserve",
]


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _rule_problems(rules: PanelRules) -> list[str]:
    problems = []
    if rules.size < 1:
        problems.append(f"评审组人数须至少为 1，当前为 {rules.size}")
    if rules.odd and rules.size % 2 == 0:
        problems.append(f"评审组人数须为单数，当前为 {rules.size}")
    if rules.size < rules.min_size:
        problems.append(f"评审组人数须不少于 {rules.min_size} 人，当前为 {rules.size}")
    if rules.reserves < 0:
        problems.append(f"备选专家人数不能为负数，当前为 {rules.reserves}")
    if rules.per_organization < 1:
        problems.append(f"同一单位专家人数上限须至少为 1，当前为 {rules.per_organization}")
    if rules.window_years < 0:
        problems.append(f"回避年限不能为负数，当前为 {rules.window_years}")
    if rules.yearly_cap is not None and rules.yearly_cap < 1:
        problems.append(f"每年评审次数上限须至少为 1，当前为 {rules.yearly_cap}")
    if rules.field_match != "exact":
        problems.append(f"不支持的领域匹配方式“{rules.field_match}”")
    for share in rules.shares:
        if share.at_least < 0 or not 0 <= share.fraction <= 1:
            problems.append(f"专家构成要求无效：{KIND_NAMES.get(share.kind, share.kind)}专家")
    needed = sum(s.minimum(rules.size) for s in rules.shares)
    if needed > rules.size:
        wanted = "、".join(s.describe(rules.size) for s in rules.shares)
        problems.append(f"专家构成要求（{wanted}）合计 {needed} 名，超过评审组人数 {rules.size}")
    return problems


class _Index:
    """The available pool indexed once: by field (sorted by id), by employer, tie organization and person keys."""

    def __init__(self, pool: Sequence[PoolExpert]):
        self.by_field: dict[str, list[PoolExpert]] = {}
        self.employees: dict[str, list[PoolExpert]] = {}
        self.ties: dict[str, list[tuple[PoolExpert, Tie]]] = {}
        self.people: dict[str, list[PoolExpert]] = {}
        self.persons: dict[str, list[PoolExpert]] = {}
        for e in sorted((e for e in pool if e.available), key=lambda e: e.id):
            for name in e.fields:
                self.by_field.setdefault(name, []).append(e)
            if e.organization:
                self.employees.setdefault(e.organization, []).append(e)
            for tie in sorted(e.ties, key=_tie_order):
                self.ties.setdefault(tie.organization, []).append((e, tie))
            for key in e.people:
                self.people.setdefault(key, []).append(e)
            if e.person:
                self.persons.setdefault(e.person, []).append(e)

    def conflicts(self, item: DrawItem, on: date, window_years: int) -> dict[int, Exclusion]:
        """Every available expert of the item's field in conflict with it, with the first reason that applies
        (self, same_org, tie, people)."""
        found: dict[int, Exclusion] = {}
        name = item.field
        for key in sorted(item.people):
            for e in self.persons.get(key, ()):
                if name in e.fields:
                    found.setdefault(e.id, Exclusion(e.id, "self", "本人是该项目的申报人或团队成员"))
        orgs = sorted(k for k in {item.organization, *item.related} if k)
        for key in orgs:
            whose = "申报单位" if key == item.organization else "申报单位的关联方"
            for e in self.employees.get(key, ()):
                if e.id in found or name not in e.fields:
                    continue
                reason = f"现任职单位“{e.organization_name or key}”（{key}）是{whose}"
                found[e.id] = Exclusion(e.id, "same_org", reason)
        cutoff = _years_before(on, window_years)
        for key in orgs:
            whose = "申报单位" if key == item.organization else "申报单位的关联方"
            for e, tie in self.ties.get(key, ()):
                if (tie.until is not None and tie.until <= cutoff) or e.id in found or name not in e.fields:
                    continue
                relation = RELATION_NAMES.get(tie.relation, tie.relation)
                if tie.until is None or tie.until >= on:
                    when = "现仍存续"
                else:
                    when = f"{tie.until.isoformat()} 结束，未满 {window_years} 年"
                found[e.id] = Exclusion(e.id, "tie", f"与{whose}（{key}）存在{relation}关系（{when}）")
        shared: dict[int, set[str]] = {}
        for key in item.people:
            for e in self.people.get(key, ()):
                if name in e.fields:
                    shared.setdefault(e.id, set()).add(key)
        for eid in sorted(shared):
            reason = f"与项目人员存在申报的亲属、师生或合作关系（{len(shared[eid])} 人）"
            found.setdefault(eid, Exclusion(eid, "people", reason))
        return found


def _tie_order(tie: Tie) -> tuple:
    """Current ties first (the reason names the strongest one), then by relation and end date."""
    return tie.until is not None, tie.relation, tie.until or date.min


def _draw_order(n: int, rng: random.Random) -> Iterator[int]:
    """Indexes 0..n-1 in the order of a Fisher–Yates shuffle, produced lazily (a dict holds the displaced slots)."""
    moved: dict[int, int] = {}
    for k in range(n):
        j = rng.randrange(k, n)
        yield moved.get(j, j)
        moved[j] = moved.pop(k, k)


def _fits(e: PoolExpert, members: Sequence[PoolExpert], rules: PanelRules, mins: Sequence[int]) -> bool:
    """Whether e may join members: the per-organization limit, and the shares still reachable with the slots left."""
    if e.organization and sum(m.organization == e.organization for m in members) >= rules.per_organization:
        return False
    left = rules.size - len(members) - 1
    unmet = 0
    for share, minimum in zip(rules.shares, mins, strict=True):
        have = sum(m.kind == share.kind for m in members) + (e.kind == share.kind)
        unmet += max(0, minimum - have)
    return unmet <= left


def _fill(candidates: list[PoolExpert], blocked, rules: PanelRules, rng: random.Random, mins, makeup, n_blocked):
    """(panel, reserves), or None when no panel satisfies the rules. In draw order, an expert joins when the panel
    can still be completed with them (see makeup: the greedy then fails only when no panel exists)."""
    panel: list[PoolExpert] = []
    passed: list[PoolExpert] = []
    order = _draw_order(len(candidates), rng)
    for idx in order:
        e = candidates[idx]
        if blocked(e.id):
            continue
        if _fits(e, panel, rules, mins) and (makeup is None or makeup.completable([*panel, e], blocked, n_blocked)):
            panel.append(e)
            if len(panel) == rules.size:
                break
        else:
            passed.append(e)
    if len(panel) < rules.size:
        return None
    reserves = passed[: rules.reserves]
    if len(reserves) < rules.reserves:
        for idx in order:  # the same generator: continues after the last panel member
            e = candidates[idx]
            if not blocked(e.id):
                reserves.append(e)
                if len(reserves) == rules.reserves:
                    break
    return panel, reserves


def _failure(item: DrawItem, rules: PanelRules, eligible: int, conflicts: int, capped: int) -> str:
    if eligible < rules.size:
        extra = []
        if conflicts:
            extra.append(f"另有 {conflicts} 名因回避排除")
        if capped:
            extra.append(f"{capped} 名已达年度评审上限")
        tail = f"（{'，'.join(extra)}）" if extra else ""
        return f"领域“{item.field}”：可用专家 {eligible} 名，需要 {rules.size} 名{tail}"
    wanted = "、".join(s.describe(rules.size) for s in rules.shares)
    shares = f"及专家构成要求（{wanted}）" if wanted else ""
    return f"领域“{item.field}”：可用专家 {eligible} 名，但无法同时满足同一单位最多 {rules.per_organization} 名{shares}"


def _raise(problems: list[dict]) -> NoReturn:
    lines = [f"{p['item']}：{p['message']}" if p["item"] is not None else p["message"] for p in problems]
    raise DrawError("专家抽取失败：" + "；".join(lines), problems)


def draw_panels(
    items: Sequence[DrawItem], pool: Sequence[PoolExpert], rules: PanelRules, *, seed: str, on: date
) -> DrawResult:
    problems = [{"item": None, "field": None, "message": m} for m in _rule_problems(rules)]
    seen_ids: set[int] = set()
    for e in pool:
        if e.id in seen_ids:
            problems.append({"item": None, "field": None, "message": f"专家库中专家编号 {e.id} 重复"})
        seen_ids.add(e.id)
    seen_refs: set[str] = set()
    for item in items:
        if item.ref in seen_refs:
            problems.append({"item": item.ref, "field": item.field, "message": f"项目编号“{item.ref}”重复"})
        seen_refs.add(item.ref)
    if problems:
        _raise(problems)

    index = _Index(pool)
    cap = rules.yearly_cap
    mins = [s.minimum(rules.size) for s in rules.shares]
    given: dict[int, int] = {}
    capped: dict[int, Exclusion] = {}
    capped_by_field: dict[str, dict[int, Exclusion]] = {}
    makeups: dict[str, Makeup] = {}

    def mark_capped(e: PoolExpert) -> None:
        done = e.reviews_this_year + given.get(e.id, 0)
        extra = f"（含本次抽取 {given[e.id]} 次）" if given.get(e.id) else ""
        exc = Exclusion(e.id, "cap", f"本年度已评审 {done} 次{extra}，达到上限 {cap} 次")
        capped[e.id] = exc
        for name in e.fields:
            capped_by_field.setdefault(name, {})[e.id] = exc

    if cap is not None:
        for name in sorted(index.by_field):
            for e in index.by_field[name]:
                if e.id not in capped and e.reviews_this_year >= cap:
                    mark_capped(e)

    panels: list[ItemPanel] = []
    for item in items:
        candidates = index.by_field.get(item.field, [])
        conflicts = index.conflicts(item, on, rules.window_years)
        in_field = list(conflicts.values())
        excluded = in_field + [x for i, x in capped_by_field.get(item.field, {}).items() if i not in conflicts]
        excluded.sort(key=lambda x: x.id)

        def blocked(eid: int, conflicts=conflicts) -> bool:
            return eid in conflicts or eid in capped

        makeup = None
        if rules.shares:
            if item.field not in makeups:
                makeups[item.field] = Makeup(candidates, rules)
            makeup = makeups[item.field]
        rng = random.Random(f"{seed}|{item.ref}")
        drawn = _fill(candidates, blocked, rules, rng, mins, makeup, len(excluded))
        if drawn is None:
            eligible = len(candidates) - len(excluded)
            message = _failure(item, rules, eligible, len(in_field), len(excluded) - len(in_field))
            problems.append({"item": item.ref, "field": item.field, "message": message})
            continue
        panel, reserves = drawn
        for e in panel:
            given[e.id] = given.get(e.id, 0) + 1
            if cap is not None and e.reviews_this_year + given[e.id] >= cap:
                mark_capped(e)
        panels.append(ItemPanel(item.ref, panel, reserves, excluded, item.field))
    if problems:
        _raise(problems)
    return DrawResult(seed=seed, pool_digest=pool_digest(pool), panels=panels)


def replace_with_reserve(
    panel: ItemPanel, expert_id: int, reason: str, rules: PanelRules, *, reviews: Mapping[int, int] | None = None
) -> tuple[ItemPanel, PoolExpert]:
    """Remove expert_id (a conflict declared after the draw) and put the first reserve that keeps the
    per-organization limit and the shares in their place. ``reviews`` (expert id → reviews this year, now), when
    given, also skips reserves that have reached ``rules.yearly_cap`` since the draw."""
    where = next((i for i, e in enumerate(panel.experts) if e.id == expert_id), None)
    if where is None:
        message = f"专家 {expert_id} 不在该项目的评审组中"
        _raise([{"item": panel.item, "field": panel.field or None, "message": message}])
    members = panel.experts[:where] + panel.experts[where + 1 :]
    mins = [s.minimum(rules.size) for s in rules.shares]
    for reserve in panel.reserves:
        now = reviews.get(reserve.id, reserve.reviews_this_year) if reviews is not None else 0
        if (rules.yearly_cap is not None and now >= rules.yearly_cap) or not _fits(reserve, members, rules, mins):
            continue
        experts = [*panel.experts[:where], reserve, *panel.experts[where + 1 :]]
        reserves = [r for r in panel.reserves if r.id != reserve.id]
        excluded = [*panel.excluded, Exclusion(expert_id, "declared", reason)]
        return ItemPanel(panel.item, experts, reserves, excluded, panel.field), reserve
    message = f"备选专家中没有可替换专家 {expert_id} 且满足同一单位人数限制和专家构成要求的人选"
    _raise([{"item": panel.item, "field": panel.field or None, "message": message}])
