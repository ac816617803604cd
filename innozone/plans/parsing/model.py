"""Result types of the plan parser: plain frozen dataclasses, serialisable with `as_dict()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ROLES = ("lead", "implementing", "cooperating")


@dataclass(frozen=True)
class Span:
    """A stretch of the source text the parser used: [start, end) in characters of the input."""

    start: int
    end: int
    kind: str  # number | section | unit | label | target | split | deadline | annotation
    label: str = ""  # e.g. the role of a unit, the indicator of a target

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "label": self.label}


@dataclass(frozen=True)
class Target:
    indicator: str
    value: Decimal
    unit: str
    comparator: str  # ">=", ">", "=", "<="
    split: dict[str, Decimal] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "value": _number(self.value),
            "unit": self.unit,
            "comparator": self.comparator,
            "split": {k: _number(v) for k, v in self.split.items()},
        }


@dataclass(frozen=True)
class ParsedTask:
    number: str
    section: str
    text: str
    lead: tuple[str, ...] = ()
    implementing: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    deadline: dt.date | None = None
    start: int = 0  # where the task's number begins in the source
    end: int = 0
    spans: tuple[Span, ...] = ()

    def units(self, role: str) -> tuple[str, ...]:
        return getattr(self, role)

    def as_dict(self, *, spans: bool = False) -> dict:
        out = {
            "number": self.number,
            "section": self.section,
            "text": self.text,
            "lead": list(self.lead),
            "implementing": list(self.implementing),
            "cooperating": list(self.cooperating),
            "targets": [t.as_dict() for t in self.targets],
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }
        if spans:
            out["spans"] = [s.as_dict() for s in self.spans]
        return out


@dataclass(frozen=True)
class Unplaced:
    line: int  # 1-based line number in the source
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedPlan:
    year: int | None
    title: str
    sections: tuple[tuple[str, str], ...]  # (number as written, title)
    tasks: tuple[ParsedTask, ...]
    unplaced: tuple[Unplaced, ...] = ()
    first_listed_leads: bool = False
    spans: tuple[Span, ...] = ()  # document-level spans (section headings, the first-listed rule)

    def as_dict(self, *, spans: bool = False) -> dict:
        out = {"year": self.year, "title": self.title, "tasks": [t.as_dict(spans=spans) for t in self.tasks]}
        if spans:
            out["sections"] = [{"number": n, "title": t} for n, t in self.sections]
            out["unplaced"] = [{"line": u.line, "text": u.text} for u in self.unplaced]
        return out

    def unit_names(self) -> list[str]:
        """Every distinct unit name, in order of first appearance."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for role in ROLES:
                for name in task.units(role):
                    seen.setdefault(name, None)
        return list(seen)


def _number(value: Decimal) -> int | float:
    """JSON numbers for the CLI output: integers stay integers."""
    return int(value) if value == value.to_integral_value() else float(value)
