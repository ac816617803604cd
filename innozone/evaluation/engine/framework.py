"""The index framework (index → sub-indices → pillars → indicators) and the data it is computed on.

Levels count up as in COINr: 1 = indicators, the highest level = the index. Each indicator has a direction
(+1: more is better, −1: less is better), a weight (relative among its siblings), a unit and optionally a
denominator; the data are units × indicators, optionally for several years (iData's `Time` column).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd


class FrameworkError(ValueError):
    """Invalid framework or data. `problems` lists every one found: {"table", "row", "column", "message"}.

    `row` is the spreadsheet row (the header is row 1), or None when the problem is not tied to one row.
    """

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("; ".join(describe_problem(p) for p in problems))


def describe_problem(problem: dict) -> str:
    where = problem["table"]
    if problem.get("row") is not None:
        where += f" row {problem['row']}"
    if problem.get("column"):
        where += f" column {problem['column']}"
    return f"{where}: {problem['message']}"


@dataclass(frozen=True)
class Framework:
    """The tree of indicators and aggregates. `codes` lists every node level by level, in iMeta order."""

    codes: tuple[str, ...]
    level: dict[str, int]
    parent: dict[str, str | None]
    direction: dict[str, int]
    weight: dict[str, float]
    name: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    denominator: dict[str, str | None] = field(default_factory=dict)
    target: dict[str, float | None] = field(default_factory=dict)

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = {c: [] for c in self.codes}
        for c in self.codes:
            if self.parent.get(c):
                kids[self.parent[c]].append(c)
        return kids

    @property
    def indicators(self) -> list[str]:
        return [c for c in self.codes if self.level[c] == 1]

    @property
    def top_level(self) -> int:
        return max(self.level.values())

    @property
    def index_code(self) -> str:
        return self.aggregates(self.top_level)[0]

    def aggregates(self, level: int | None = None) -> list[str]:
        """Aggregate codes (every level above 1, or one level), in framework order."""
        return [c for c in self.codes if self.level[c] > 1 and (level is None or self.level[c] == level)]

    def children(self, code: str) -> list[str]:
        return list(self._children[code])

    def with_weights(self, weights: dict[str, float]) -> Framework:
        """A copy whose weights are updated from `weights` (codes not named keep theirs)."""
        unknown = sorted(set(weights) - set(self.codes))
        if unknown:
            raise ValueError(f"no indicator or aggregate with code {', '.join(unknown)}")
        negative = sorted(c for c, w in weights.items() if not w >= 0)
        if negative:
            raise ValueError(f"weights must not be negative: {', '.join(negative)}")
        return replace(self, weight={**self.weight, **{c: float(w) for c, w in weights.items()}})

    def weight_vector(self, weights: dict[str, float] | None = None) -> np.ndarray:
        """Weights in `codes` order, with optional overrides."""
        w = {**self.weight, **(weights or {})}
        return np.array([w[c] for c in self.codes], dtype=float)


@dataclass(frozen=True)
class Dataset:
    """Units × indicators (floats, NaN = missing), with unit names, group columns, denominators and years."""

    framework: Framework
    data: pd.DataFrame  # index uCode, columns = indicator codes
    names: pd.Series
    groups: pd.DataFrame
    denominators: pd.DataFrame
    time: pd.Series | None = None

    @property
    def years(self) -> list:
        return [] if self.time is None else sorted(self.time.unique())

    def for_year(self, year) -> Dataset:
        """The rows of one year (the data must then have one row per unit)."""
        if self.time is None:
            return self
        mask = (self.time == year).to_numpy()
        return Dataset(
            self.framework,
            self.data[mask],
            self.names[mask],
            self.groups[mask],
            self.denominators[mask],
            None,
        )
