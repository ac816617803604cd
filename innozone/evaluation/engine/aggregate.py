"""Aggregation, level by level (METHODS.md, Aggregate; COINr `Aggregate` with `a_amean`, `a_gmean`,
`a_hmean`, `a_genmean`). Weights are relative among siblings: only their ratios matter.

Missing children are dropped together with their weights (the rest re-normalised); a node whose children
are all missing is missing. Zeros: the geometric mean is defined only for positive values and the harmonic
mean not for zeros, so both raise an error, as COINr does; normalise onto a positive range first (min-max
onto 1–100 is the usual choice), rather than silently replacing zeros.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .framework import Framework
from .results import StepResult

METHODS = ("amean", "gmean", "hmean", "genmean")


def weighted_mean(x, w, method: str = "amean", *, p: float | None = None) -> np.ndarray:
    """Row-wise weighted mean of x (units × children) with child weights w.

    amean: Σw·x/Σw.  gmean: exp(Σw·log x/Σw).  hmean: Σw/Σ(w/x).  genmean: (Σw·x^p/Σw)^{1/p}, p ≠ 0.
    Sums run over the non-missing entries of each row.
    """
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), x.shape)
    present = ~np.isnan(x)
    wp = np.where(present, w, 0.0)
    total = wp.sum(axis=-1)
    safe = np.where(present, x, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "amean":
            out = (np.where(present, x, 0.0) * wp).sum(axis=-1) / total
        elif method == "gmean":
            if np.any(safe <= 0):
                raise ValueError("the geometric mean needs positive values: normalise onto a positive range (1–100)")
            out = np.exp((np.log(safe) * wp).sum(axis=-1) / total)
        elif method == "hmean":
            if np.any(safe == 0):
                raise ValueError("the harmonic mean is undefined for zeros")
            out = total / (wp / safe).sum(axis=-1)
        elif method == "genmean":
            if not p:
                raise ValueError("the generalised mean needs a non-zero power p")
            if np.any(safe <= 0):
                raise ValueError("the generalised mean needs positive values")
            out = ((safe**p * wp).sum(axis=-1) / total) ** (1 / p)
        else:
            raise ValueError(f"unknown aggregation {method!r}: use one of {', '.join(METHODS)}")
    return np.where(total > 0, out, np.nan)


def aggregate(
    data: pd.DataFrame,
    method: str | Mapping[int, str] = "amean",
    *,
    framework: Framework,
    weights: Mapping[str, float] | None = None,
    p: float | None = None,
    dat_thresh: float | None = None,
) -> StepResult:
    """Aggregate normalised indicators up the tree: each node is the weighted mean of its children.

    `method` is one aggregation for every level, or a dict level → method (levels 2 … top). `weights`
    override the framework's. With `dat_thresh`, a node is missing when the share of its children
    present is below the threshold. Returns every indicator and aggregate as columns.
    """
    w = {**framework.weight, **(weights or {})}
    columns = {c: data[c].to_numpy(dtype=float) for c in framework.indicators}
    used = {}
    for level in range(2, framework.top_level + 1):
        how = method.get(level, "amean") if isinstance(method, Mapping) else method
        used[level] = how
        for code in framework.aggregates(level):
            kids = framework.children(code)
            x = np.column_stack([columns[k] for k in kids])
            values = weighted_mean(x, np.array([w[k] for k in kids]), how, p=p)
            if dat_thresh is not None:
                values = np.where(np.mean(~np.isnan(x), axis=1) < dat_thresh, np.nan, values)
            columns[code] = values
    out = pd.DataFrame(columns, index=data.index)
    return StepResult("aggregate", out, {"method": used, "p": p, "dat_thresh": dat_thresh})
