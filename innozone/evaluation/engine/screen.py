"""Screening units by data availability (METHODS.md, Screen; COINr `Screen`, unit_screen = "byNA")."""

from __future__ import annotations

import pandas as pd

from .results import StepResult


def screen(data: pd.DataFrame, *, dat_thresh: float = 2 / 3) -> StepResult:
    """Keep the units whose share of non-missing indicator values is at least `dat_thresh`.

    A unit is removed if its availability is strictly below the threshold (COINr's default 2/3; the
    ASEM example uses 0.9). The record lists the removed units and every unit's availability.
    """
    if not 0 <= dat_thresh <= 1:
        raise ValueError("the data availability threshold must be between 0 and 1")
    availability = data.notna().mean(axis=1)
    keep = (availability >= dat_thresh).to_numpy()
    record = {
        "dat_thresh": dat_thresh,
        "removed": [str(u) for u in data.index[~keep]],
        "availability": {str(u): float(a) for u, a in availability.items()},
    }
    return StepResult("screen", data[keep], record)
