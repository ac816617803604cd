"""The panel draw's data: experts and their ties, items, rules, results and errors, and the pool's digest
(pure: stdlib only; re-exported by `innozone.talent.engine.draw`)."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

# fmt: off
CODES = {"self": "本人参与项目", "same_org": "同单位", "tie": "任职或关联关系", "people": "人员关联",
         "cap": "年度评审上限", "declared": "本人申报回避"}
RELATION_NAMES = {"employment": "任职", "director": "董事", "supervisor": "监事", "shareholder": "控股股东",
                  "collaboration": "合作", "declared": "申报的关联"}
# fmt: on
KIND_NAMES = {"technical": "技术", "financial": "财务", "management": "管理", "legal": "法律"}


@dataclass(frozen=True)
class Tie:
    organization: str
    relation: str
    until: date | None = None


@dataclass(frozen=True)
class PoolExpert:
    id: int
    name: str
    organization: str
    organization_name: str
    fields: frozenset[str]
    kind: str = "technical"
    ties: tuple[Tie, ...] = ()
    people: frozenset[str] = frozenset()
    person: str = ""
    reviews_this_year: int = 0
    available: bool = True


@dataclass(frozen=True)
class DrawItem:
    ref: str
    field: str
    organization: str
    related: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Share:
    kind: str
    at_least: int = 0
    fraction: float = 0.0

    def minimum(self, size: int) -> int:
        # round() first: 0.7 * 10 is 7.000000000000001 in binary floating point
        return max(self.at_least, math.ceil(round(self.fraction * size, 9)))

    def describe(self, size: int) -> str:
        return f"{KIND_NAMES.get(self.kind, self.kind)}专家至少 {self.minimum(size)} 名"


@dataclass(frozen=True)
class PanelRules:
    size: int = 5
    reserves: int = 2
    min_size: int = 5
    odd: bool = True
    shares: tuple[Share, ...] = ()
    yearly_cap: int | None = 10
    per_organization: int = 1
    window_years: int = 3
    field_match: str = "exact"


@dataclass(frozen=True)
class Exclusion:
    id: int
    code: str
    reason: str


@dataclass
class ItemPanel:
    item: str
    experts: list[PoolExpert]
    reserves: list[PoolExpert]
    excluded: list[Exclusion]
    field: str = ""

    def as_dict(self) -> dict:
        return {
            "item": self.item,
            "experts": [_expert_dict(e) for e in self.experts],
            "reserves": [_expert_dict(e) for e in self.reserves],
            "excluded": [{"id": x.id, "reason": x.reason, "code": x.code} for x in self.excluded],
        }


@dataclass
class DrawResult:
    seed: str
    pool_digest: str
    panels: list[ItemPanel] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"seed": self.seed, "pool_digest": self.pool_digest, "panels": [p.as_dict() for p in self.panels]}


class DrawError(Exception):
    """The draw (or a replacement) is impossible; ``problems``: [{"item": ref|None, "field": name|None, "message"}]."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def _expert_dict(e: PoolExpert) -> dict:
    return {"id": e.id, "name": e.name, "organization": e.organization_name, "fields": sorted(e.fields)}


def _tie_row(t: Tie) -> dict:
    return {"organization": t.organization, "relation": t.relation, "until": t.until.isoformat() if t.until else None}


def _expert_row(e: PoolExpert) -> dict:
    """Every field of PoolExpert (tests check the keys against dataclasses.fields): sets as sorted lists, ties (whose
    order carries no meaning) sorted, dates in ISO form."""
    ties = sorted(map(_tie_row, e.ties), key=_tie_key)
    return {
        "id": e.id,
        "name": e.name,
        "organization": e.organization,
        "organization_name": e.organization_name,
        "fields": sorted(e.fields),
        "kind": e.kind,
        "ties": ties,
        "people": sorted(e.people),
        "person": e.person,
        "reviews_this_year": e.reviews_this_year,
        "available": e.available,
    }


def _tie_key(row: dict) -> tuple[str, str, str]:
    return row["organization"], row["relation"], row["until"] or ""


def pool_digest(pool: Sequence[PoolExpert]) -> str:
    """sha256 hex of the canonical JSON of the pool sorted by id (every field of every expert)."""
    rows = [_expert_row(e) for e in sorted(pool, key=lambda e: e.id)]
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
