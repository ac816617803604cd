"""Denomination: indicators divided by a size measure (METHODS.md, Denominate; COINr `Denominate`)."""

from __future__ import annotations

import pandas as pd

from .results import StepResult


def denominate(
    data: pd.DataFrame,
    denominators: pd.DataFrame,
    *,
    by: dict[str, str | None],
    scale: dict[str, float] | None = None,
) -> StepResult:
    """x_ij / (d_ij / ScaleFactor_i) for every indicator i named in `by` with a denominator column.

    `by` maps indicator → denominator code (iMeta's `Denominator` column); `scale` the optional
    ScaleFactor per indicator (default 1). Denominators are matched to units by uCode (the index).
    """
    out = data.copy()
    done = {}
    for code, den in by.items():
        if den and code in out.columns:
            if den not in denominators.columns:
                raise ValueError(f"denominator {den} (for {code}) is not in the data")
            factor = float((scale or {}).get(code, 1.0))
            out[code] = out[code] / (denominators[den].reindex(out.index) / factor)
            done[code] = den
    return StepResult("denominate", out, {"denominated": done})
