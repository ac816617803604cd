"""How a task's status is decided. Pure Python: no Django imports. Documented in docs/status-rules.md.

Rules, in order (the first that applies wins):
1. DONE       — every lead unit has an accepted report saying "completed",
                or the task has indicators and every one has reached its target.
2. OVERDUE    — not done and the as-of date is after the task deadline.
3. AT_RISK    — not done and any of: a unit that must report (lead or implementing) has no report
                for a period whose due date has passed; the latest accepted report of some unit says
                "blocked"; an indicator's completion ratio trails the share of the year elapsed by more
                than PACE_MARGIN.
4. NOT_STARTED — no accepted report yet.
5. ON_TRACK   — otherwise.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

PACE_MARGIN = Decimal("0.25")


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class TaskFacts:
    deadline: dt.date
    year_start: dt.date
    lead_units: frozenset  # ids of lead units that must confirm completion
    completed_units: frozenset  # ids of units whose latest accepted report says completed
    blocked_units: frozenset  # ids of units whose latest accepted report says blocked
    has_accepted_report: bool
    late_units: frozenset  # ids of required units with a missing report for a due period
    indicator_ratios: tuple = field(default_factory=tuple)  # total / target per indicator (Decimal)


def elapsed_share(year_start: dt.date, deadline: dt.date, as_of: dt.date) -> Decimal:
    span = (deadline - year_start).days or 1
    done = min(max((as_of - year_start).days, 0), span)
    return Decimal(done) / Decimal(span)


def task_status(facts: TaskFacts, as_of: dt.date) -> TaskStatus:
    leads_done = bool(facts.lead_units) and facts.lead_units <= facts.completed_units
    targets_met = bool(facts.indicator_ratios) and all(r >= 1 for r in facts.indicator_ratios)
    if leads_done or targets_met:
        return TaskStatus.DONE
    if as_of > facts.deadline:
        return TaskStatus.OVERDUE
    pace = elapsed_share(facts.year_start, facts.deadline, as_of)
    lagging = any(r < pace - PACE_MARGIN for r in facts.indicator_ratios)
    if facts.late_units or facts.blocked_units or lagging:
        return TaskStatus.AT_RISK
    if not facts.has_accepted_report:
        return TaskStatus.NOT_STARTED
    return TaskStatus.ON_TRACK
