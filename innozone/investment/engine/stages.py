"""The stage rules of an investment project (招商项目推进阶段), pure: standard library only.

Stages, in order: 线索 lead → 洽谈 negotiating → 签约 signed → 注册落地 registered → 开工 started → 投产 producing →
达产 full.  Reaching a stage means the project carries the evidence of that stage and of every earlier one:

- signed      needs ``signed_on`` (contract date)
- registered  needs ``registered_on`` and the registry enterprise (``has_enterprise``)
- started     needs ``started_on``
- producing   needs ``producing_on``
- full        needs ``full_on``

so there is no skipping: 开工 without 签约 or without 注册落地 is refused (a move may pass several stages at once
only when it brings the dates of all of them).  Dates are ordered as the database constraints order them
(``registered_on >= signed_on``, ``started_on >= signed_on``, ``producing_on >= started_on``,
``full_on >= producing_on``), and none lies after ``today``.  A move goes forward only; a dropped project
does not move.

The checks that are also CHECK constraints on ``investment.Project`` (codes in ``DB_CODES``): the ``*_missing``
codes and the ``*_before_*`` codes.  The others (``*_future``, transition codes) need the calendar or the
previous state, which a constraint cannot see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

STAGES: tuple[str, ...] = ("lead", "negotiating", "signed", "registered", "started", "producing", "full")

#: the date that documents each dated stage
DATE_FIELDS: dict[str, str] = {
    "signed": "signed_on",
    "registered": "registered_on",
    "started": "started_on",
    "producing": "producing_on",
    "full": "full_on",
}

#: (later, earlier): the later date may not precede the earlier one (same as the DB constraints)
ORDER: tuple[tuple[str, str], ...] = (
    ("registered_on", "signed_on"),
    ("started_on", "signed_on"),
    ("started_on", "registered_on"),
    ("producing_on", "started_on"),
    ("full_on", "producing_on"),
)

# problem codes
UNKNOWN_STAGE = "unknown_stage"
DROPPED = "dropped"
SAME_STAGE = "same_stage"
BACKWARD = "backward"
ENTERPRISE_MISSING = "enterprise_missing"


def missing(field: str) -> str:
    """The code of a missing stage date, e.g. ``signed_on_missing``."""
    return f"{field}_missing"


def future(field: str) -> str:
    """The code of a date after today, e.g. ``started_on_future``."""
    return f"{field}_future"


def before(later: str, earlier: str) -> str:
    """The code of dates out of order, e.g. ``started_on_before_signed_on``."""
    return f"{later}_before_{earlier}"


#: every code problems() can return, in the order it returns them
CODES: tuple[str, ...] = (
    UNKNOWN_STAGE,
    DROPPED,
    SAME_STAGE,
    BACKWARD,
    *(missing(f) for f in DATE_FIELDS.values()),
    ENTERPRISE_MISSING,
    *(future(f) for f in DATE_FIELDS.values()),
    *(before(a, b) for a, b in ORDER),
)
#: the codes the database constraints refuse too
DB_CODES: frozenset[str] = frozenset(
    [*(missing(f) for f in DATE_FIELDS.values()), ENTERPRISE_MISSING, *(before(a, b) for a, b in ORDER)]
)


@dataclass(frozen=True)
class Facts:
    """What the rules need to know of a project (its current state)."""

    stage: str = "lead"
    dropped: bool = False
    has_enterprise: bool = False
    signed_on: date | None = None
    registered_on: date | None = None
    started_on: date | None = None
    producing_on: date | None = None
    full_on: date | None = None

    def with_dates(self, dates: Mapping[str, date | None] | None) -> Facts:
        """These facts with the given dates (and ``has_enterprise``) replacing the current ones."""
        if not dates:
            return self
        allowed = {*DATE_FIELDS.values(), "has_enterprise"}
        unknown = set(dates) - allowed
        if unknown:
            raise ValueError(f"unknown fields: {sorted(unknown)}")
        return replace(self, **dict(dates))


def index(stage: str) -> int:
    """The position of a stage in STAGES (ValueError for an unknown stage)."""
    return STAGES.index(stage)


def requirements(stage: str) -> tuple[str, ...]:
    """What a project at ``stage`` must carry: date fields, plus ``has_enterprise`` from registered on."""
    needed: list[str] = []
    for name in STAGES[: index(stage) + 1]:
        if name in DATE_FIELDS:
            needed.append(DATE_FIELDS[name])
        if name == "registered":
            needed.append("has_enterprise")
    return tuple(needed)


def state_problems(facts: Facts, *, today: date | None = None) -> list[str]:
    """The problems of a project standing at ``facts.stage`` (no transition rules): missing evidence of its
    stage or an earlier one, dates out of order, and (when ``today`` is given) dates in the future."""
    if facts.stage not in STAGES:
        return [UNKNOWN_STAGE]
    found: list[str] = []
    needed = requirements(facts.stage)
    for field in DATE_FIELDS.values():
        if field in needed and getattr(facts, field) is None:
            found.append(missing(field))
    if "has_enterprise" in needed and not facts.has_enterprise:
        found.append(ENTERPRISE_MISSING)
    if today is not None:
        for field in DATE_FIELDS.values():
            value = getattr(facts, field)
            if value is not None and value > today:
                found.append(future(field))
    for later, earlier in ORDER:
        a, b = getattr(facts, later), getattr(facts, earlier)
        if a is not None and b is not None and a < b:
            found.append(before(later, earlier))
    return found


def problems(facts: Facts, target: str, dates: Mapping[str, date | None] | None = None, *, today: date) -> list[str]:
    """Why the project described by ``facts`` cannot move to ``target`` with ``dates`` (the dates the move
    records, merged over the current ones; may include ``has_enterprise``).  Empty list: the move is allowed.
    Every problem is reported, in the order of CODES."""
    if target not in STAGES or facts.stage not in STAGES:
        return [UNKNOWN_STAGE]
    found: list[str] = []
    if facts.dropped:
        found.append(DROPPED)
    if target == facts.stage:
        found.append(SAME_STAGE)
    elif index(target) < index(facts.stage):
        found.append(BACKWARD)
    after = replace(facts.with_dates(dates), stage=target)
    found.extend(state_problems(after, today=today))
    return found


def allowed(facts: Facts, target: str, dates: Mapping[str, date | None] | None = None, *, today: date) -> bool:
    return not problems(facts, target, dates, today=today)


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` (None after 达产)."""
    i = index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def days_since(last_progress_on: date, today: date) -> int:
    return (today - last_progress_on).days


def stalled(last_progress_on: date, today: date, days: int) -> bool:
    """No progress in ``days`` days: at least ``days`` whole days between the last progress and today
    (last progress 60 days ago with days=60 → stalled; 59 days ago → not)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return days_since(last_progress_on, today) >= days


def can_stall(stage: str, *, dropped: bool) -> bool:
    """Only active projects not yet at 达产 are watched for stalling."""
    return not dropped and stage in STAGES and stage != "full"


def reached(stage: str, milestone: str) -> bool:
    """Whether a project at ``stage`` has reached ``milestone`` (e.g. reached('producing', 'started'))."""
    return index(stage) >= index(milestone)


def rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole as a percentage with one decimal (None when whole is 0) — the fairs' follow-up rates
    (到位率 = funds in place / signed investment, 开工率 = started / signed, 投产率 = producing / signed)."""
    whole = Decimal(whole)
    if whole == 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
