"""政策计算器: which clauses in force an organization qualifies for (with the estimated amount), nearly
qualifies for (each failed condition with its own number and the gap) or does not; and, for the office, every
enterprise a clause matches (bulk, numpy) with the near misses.

"Nearly qualifies" (engine.rules.near): not eligible, at most INNOZONE_POLICIES_NEAR_MAX_FAILED (default 1)
blocking conditions, each a numeric comparison with the organization's figure known and a relative gap within
INNOZONE_POLICIES_NEAR_TOLERANCE (default 0.2, i.e. 20 % of the required figure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.utils import timezone

from innozone.core.models import Organization

from ..engine import amounts, rules
from ..models import Clause
from . import facts as facts_selectors
from .library import clauses_in_force
from .matching_words import condition_row


def near_settings() -> tuple[int, float]:
    return (
        int(getattr(settings, "INNOZONE_POLICIES_NEAR_MAX_FAILED", 1)),
        float(getattr(settings, "INNOZONE_POLICIES_NEAR_TOLERANCE", 0.2)),
    )


@dataclass
class Match:
    """One clause against one organization."""

    clause: Clause
    eligible: bool
    near: bool
    amount: Decimal | None
    explanation: rules.Explanation
    determination_id: str
    facts: dict = field(repr=False, default_factory=dict)
    labels: dict = field(repr=False, default_factory=dict)

    @property
    def conditions(self):
        return self.explanation.conditions

    @property
    def failed(self):
        return self.explanation.failed

    @property
    def rows(self) -> list[dict]:
        """Every condition in words with the organization's value and the shortfall."""
        return [condition_row(c, self.labels) for c in self.explanation.conditions]

    @property
    def failed_rows(self) -> list[dict]:
        return [condition_row(c, self.labels) for c in self.explanation.failed]

    @property
    def outcome(self) -> str:
        return "eligible" if self.eligible else ("near" if self.near else "no")

    def trace(self) -> dict:
        """The evidence stored with a 免申即享 entry: facts read, each condition's outcome, the verdict."""
        used = rules.variables_of(self.clause.condition) if not rules.is_empty(self.clause.condition) else set()
        data = rules.normalize(self.facts)
        return {
            "clause": self.clause.pk,
            "version": self.clause.version,
            "facts": {k: data[k] for k in sorted(used)},
            "conditions": [c.as_dict() for c in self.explanation.conditions],
            "eligible": self.eligible,
            "amount": None if self.amount is None else f"{self.amount:.2f}",
        }


def _labels_of(clauses) -> dict[str, str]:
    codes = set()
    for c in clauses:
        if rules.is_empty(c.condition):
            continue
        p = rules.prepare(c.condition)
        if p.problems or not ({"region", "park"} & p.variables):
            continue
        for a in p.atoms:
            if a.var in ("region", "park"):
                codes |= set(a.required if isinstance(a.required, list) else [a.required])
    return facts_selectors.region_labels(codes) if codes else {}


def _match(clause: Clause, data: dict, labels: dict, near_max: int, tolerance: float, normal=None) -> Match:
    condition = rules.prepare(clause.condition if not rules.is_empty(clause.condition) else {})
    normal = normal if normal is not None else rules.normalize(data)
    explanation = rules.explain(condition, normal, normalized=True)
    is_near = rules.near(explanation, near_max, tolerance)
    amount = amounts.amount(clause.amount_rule or {}, data) if explanation.eligible or is_near else None
    return Match(
        clause=clause,
        eligible=explanation.eligible,
        near=is_near,
        amount=amount,
        explanation=explanation,
        determination_id=rules.determination_id(condition, clause.version, normal, normalized=True),
        facts=data,
        labels=labels,
    )


def explain_for(clause: Clause, organization: Organization, on: dt.date | None = None, facts=None) -> Match:
    """The clause against one organization (any clause, published or not: the editor tests drafts)."""
    data = facts if facts is not None else facts_selectors.facts_for(organization, on)
    near_max, tolerance = near_settings()
    return _match(clause, data, _labels_of([clause]), near_max, tolerance)


SHOW = ("eligible", "near", "all")

#: the clauses in force as last read, with the region names their conditions use: reused while nothing that
#: decides what is in force changed (a clause's id, version, status, update time and its policy's status,
#: dates and update time — a published clause's condition changes only with a new version)
_CACHE: dict = {}


def _clauses_cached(on: dt.date) -> tuple[list[Clause], dict]:
    qs = clauses_in_force(on)
    key = (
        on,
        tuple(
            qs.values_list(
                "pk",
                "version",
                "status",
                "updated_at",
                "policy_id",
                "policy__status",
                "policy__effective_from",
                "policy__effective_until",
                "policy__updated_at",
            )
        ),
    )
    if _CACHE.get("key") != key:
        # the page shows titles: the long texts stay in the database
        clauses = list(qs.defer("text", "policy__full_text", "policy__search_tokens", "policy__summary"))
        _CACHE.update(key=key, value=(clauses, _labels_of(clauses)))
    return _CACHE["value"]


def matches_for(organization: Organization, on: dt.date | None = None, show: str = "near") -> list[Match]:
    """The clauses in force on `on` against the organization: eligible ones (show="eligible"), plus the near
    misses ("near"), plus every other clause ("all"); eligible first (largest amount first), then near."""
    on = on or timezone.localdate()
    data = facts_selectors.facts_for(organization, on)
    normal = rules.normalize(data)
    clauses, labels = _clauses_cached(on)
    near_max, tolerance = near_settings()
    out = []
    for clause in clauses:
        m = _match(clause, data, labels, near_max, tolerance, normal)
        if m.eligible or (m.near and show in ("near", "all")) or show == "all":
            out.append(m)
    rank = {"eligible": 0, "near": 1, "no": 2}
    out.sort(key=lambda m: (rank[m.outcome], -(m.amount or 0), m.clause.policy_id, m.clause.order, m.clause.pk))
    return out


def match_summary(organization: Organization, on: dt.date | None = None) -> dict:
    """Counts for a card: eligible clauses, near misses, the estimated total."""
    found = matches_for(organization, on, show="near")
    eligible = [m for m in found if m.eligible]
    return {
        "eligible": len(eligible),
        "near": sum(1 for m in found if m.near),
        "total": sum((m.amount or Decimal(0) for m in eligible), Decimal(0)),
    }


# ---------------------------------------------------------------- bulk: who is eligible


@dataclass
class ClauseRow:
    organization_id: int
    uscc: str
    name: str
    eligible: bool
    amount: Decimal | None
    failed: list[dict] = field(default_factory=list)  # near misses: the failed conditions in words
    determination_id: str = ""


def eligible_mask(clause: Clause, data: facts_selectors.Bulk) -> np.ndarray:
    condition = clause.condition if not rules.is_empty(clause.condition) else {}
    return rules.compile(condition)(data.columns)


def _bulk_amount(clause: Clause, data: facts_selectors.Bulk, row: int) -> Decimal | None:
    rule = clause.amount_rule or {}
    kind = amounts.kind_of(rule)
    if kind in ("none", "fixed"):
        return amounts.amount(rule, {})
    return amounts.amount(rule, {rule["figure"]: data.figure(rule["figure"], row)})


def eligible_for_clause(
    clause: Clause, *, on: dt.date | None = None, near: bool = False, data: facts_selectors.Bulk | None = None
) -> list[ClauseRow]:
    """Every active registry entry the clause matches on `on` (with its amount), then with `near` the near
    misses (each with its failed conditions in words), in registry order (organization id)."""
    data = data or facts_selectors.bulk(on)
    condition = clause.condition if not rules.is_empty(clause.condition) else {}
    mask = rules.compile(condition)(data.columns)
    rows = [
        ClauseRow(int(data.organization_ids[i]), data.usccs[i], data.names[i], True, _bulk_amount(clause, data, int(i)))
        for i in np.flatnonzero(mask)
    ]
    if near:
        near_max, tolerance = near_settings()
        candidates = np.flatnonzero(~mask & rules.compile_relaxed(condition, tolerance)(data.columns))
        labels = _labels_of([clause])
        for i in candidates:
            facts = data.columns.facts(int(i))
            explanation = rules.explain(condition, facts, normalized=True)
            if rules.near(explanation, near_max, tolerance):
                rows.append(
                    ClauseRow(
                        int(data.organization_ids[i]),
                        data.usccs[i],
                        data.names[i],
                        False,
                        _bulk_amount(clause, data, int(i)),
                        [condition_row(c, labels) for c in explanation.failed],
                    )
                )
    return rows


def eligible_counts(clauses, data: facts_selectors.Bulk) -> dict[int, int]:
    """{clause id: how many entries it matches} over the bulk columns (the office's overview; benchmark)."""
    return {c.pk: int(eligible_mask(c, data).sum()) for c in clauses}
