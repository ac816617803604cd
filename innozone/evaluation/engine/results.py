"""What every step returns, and ranks.

Ranks follow COINr's `rank(-score, ties.method = "min", na.last = "keep")` (METHODS.md, Rank): 1 is best,
tied units share the best (minimum) rank, and a missing score has no rank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import rankdata


@dataclass(frozen=True)
class StepResult:
    """The data after one step (units × indicators) and a JSON-friendly record of what the step did."""

    step: str
    data: pd.DataFrame
    record: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.data


def rank_min(x) -> np.ndarray:
    """Ascending ranks, ties given the minimum rank, NaN kept (R: `rank(x, ties.method = "min")`)."""
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    valid = ~np.isnan(x)
    v = x[valid]
    out[valid] = np.searchsorted(np.sort(v), v, side="left") + 1  # 1 + number of strictly smaller values
    return out


def rank_scores(scores) -> np.ndarray:
    """Rank of each score: 1 = highest, ties share the best rank, NaN stays NaN."""
    return rank_min(-np.asarray(scores, dtype=float))


def rank_columns(scores: np.ndarray) -> np.ndarray:
    """`rank_scores` applied to every column of a units × replications array at once."""
    missing = np.isnan(scores)
    ranks = rankdata(-np.where(missing, -np.inf, scores), method="min", axis=0).astype(float)
    ranks[missing] = np.nan
    return ranks


def rank_frame(scores: pd.DataFrame) -> pd.DataFrame:
    """Ranks of every column of a scores frame (units × codes)."""
    return pd.DataFrame(rank_columns(scores.to_numpy(dtype=float)), index=scores.index, columns=scores.columns)


def score_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Change between two results' `to_frame()` tables (e.g. two years), matched on uCode.

    Score columns become after − before; `Rank` becomes before − after, so a positive change means the
    unit moved up. Units present in only one of the two have NaN changes.
    """
    b, a = before.set_index("uCode"), after.set_index("uCode")
    units = a.index.union(b.index, sort=False)
    b, a = b.reindex(units), a.reindex(units)
    scores = [c for c in a.columns if c != "Rank" and c in b.columns]
    change = a[scores].astype(float) - b[scores].astype(float)
    change["Rank"] = b["Rank"].astype(float) - a["Rank"].astype(float)
    return change.reset_index()
