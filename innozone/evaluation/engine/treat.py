"""Outlier treatment: COINr's default `Treat` (METHODS.md, Treat), column by column.

1. Skewness G1 and excess kurtosis G2 are the bias-adjusted sample statistics of Joanes & Gill (1998),
   "type 2" in e1071 (the same as SAS/SPSS), computed on the non-missing values.
2. A column passes if |G1| < skew_thresh OR G2 < kurt_thresh (defaults 2 and 3.5).
3. A failing column is Winsorised: while it fails and fewer than `winmax` points have been moved, every
   point equal to the current maximum (if G1 ≥ 0; else the minimum) is set to the largest (smallest)
   remaining value. Tied points move together, so the count may overshoot `winmax`.
4. If it still fails, the *original* column is log-transformed instead: log(x − min + 0.01·(max − min)),
   and kept even if it still fails (COINr only records the fact).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .results import StepResult

METHODS = ("none", "winsorise")


def skewness(x) -> float:
    """G1 = g1·√(n(n−1))/(n−2), g1 = √n·Σm³/(Σm²)^{3/2}, m = x − mean (NaN ignored). NaN if n < 3 or constant."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    m = x - x.mean() if n else x
    m2 = (m**2).sum()
    if n < 3 or m2 == 0:
        return float("nan")
    g1 = np.sqrt(n) * (m**3).sum() / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x) -> float:
    """G2 = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)), r = n·Σm⁴/(Σm²)² (NaN ignored). NaN if n < 4 or constant."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    m = x - x.mean() if n else x
    m2 = (m**2).sum()
    if n < 4 or m2 == 0:
        return float("nan")
    r = n * (m**4).sum() / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def passes(x, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool:
    """|skew| < skew_thresh or kurt < kurt_thresh. A column too short or flat for the statistics passes."""
    skew, kurt = skewness(x), kurtosis(x)
    if np.isnan(skew) or np.isnan(kurt):
        return True
    return abs(skew) < skew_thresh or kurt < kurt_thresh


def treat_column(x, *, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5):
    """Treat one column (steps 2–4 above). Returns (values, record).

    The record: status "passed" | "winsorised" | "log", the positions moved (`points`, with their
    original values), the count, and skew/kurtosis before and after.
    """
    x = np.asarray(x, dtype=float)
    record = {"skew_before": skewness(x), "kurt_before": kurtosis(x)}
    if passes(x, skew_thresh, kurt_thresh):
        return x.copy(), {**record, "status": "passed", "winsorised": 0, "points": [], "log": False}
    current, moved, count = x.copy(), np.zeros(x.shape, dtype=bool), 0
    valid = ~np.isnan(x)
    while count < winmax:
        upper = skewness(current) >= 0
        extreme = np.nanmax(current) if upper else np.nanmin(current)
        at = valid & (current == extreme)
        rest = current[valid & ~at]
        if rest.size == 0:
            break
        current[at] = rest.max() if upper else rest.min()
        moved |= at
        count = int(at.sum())  # moved points now tie with the new extreme: the cumulative count on this side
        if passes(current, skew_thresh, kurt_thresh):
            points = np.flatnonzero(moved & (current != x)).tolist()
            return current, {
                **record,
                "status": "winsorised",
                "winsorised": len(points),
                "points": points,
                "log": False,
                "skew_after": skewness(current),
                "kurt_after": kurtosis(current),
            }
    lo, hi = np.nanmin(x), np.nanmax(x)
    logged = np.log(x - lo + 0.01 * (hi - lo))
    return logged, {
        **record,
        "status": "log",
        "winsorised": 0,
        "points": [],
        "log": True,
        "skew_after": skewness(logged),
        "kurt_after": kurtosis(logged),
    }


def treat(
    data: pd.DataFrame,
    method: str = "winsorise",
    *,
    winmax: int = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
) -> StepResult:
    """Apply `treat_column` to every indicator. The record, per column, names the units Winsorised (with
    their values before and after) or says the column was log-transformed."""
    if method not in METHODS:
        raise ValueError(f"unknown treatment {method!r}: use one of {', '.join(METHODS)}")
    if method == "none":
        return StepResult("treat", data.copy(), {"method": method, "columns": {}})
    out = data.copy()
    columns = {}
    for col in data.columns:
        before = data[col].to_numpy(dtype=float)
        values, rec = treat_column(before, winmax=winmax, skew_thresh=skew_thresh, kurt_thresh=kurt_thresh)
        out[col] = values
        rec["points"] = [
            {"uCode": str(data.index[i]), "from": float(before[i]), "to": float(values[i])} for i in rec["points"]
        ]
        columns[col] = rec
    record = {"method": method, "winmax": winmax, "skew_thresh": skew_thresh, "kurt_thresh": kurt_thresh}
    return StepResult("treat", out, {**record, "columns": columns})
