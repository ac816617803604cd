"""The pipeline steps. Each takes units × indicators and explicit parameters and returns (frame, record).

Semantics follow COINr 1.1.14's defaults as written in shared/data/coinr-asem/METHODS.md; the formula
source is named in each docstring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# ---------------------------------------------------------------- denominate


def denominate(
    data: pd.DataFrame,
    denominators: pd.DataFrame,
    by: dict[str, str | None],
    scale: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """x_ij / (d_ij / ScaleFactor_i) for every indicator with a denominator (COINr `Denominate`, f_denom "/")."""
    out = data.copy()
    done = {}
    for code, den in by.items():
        if den and code in out.columns:
            factor = (scale or {}).get(code, 1.0)
            out[code] = out[code] / (denominators[den] / factor)
            done[code] = den
    return out, {"denominated": done}


# ---------------------------------------------------------------- screen


def screen_units(data: pd.DataFrame, dat_thresh: float = 2 / 3) -> tuple[pd.DataFrame, dict]:
    """Drop units whose share of non-missing indicator values is below dat_thresh (strictly less; COINr byNA)."""
    availability = data.notna().mean(axis=1)
    keep = availability >= dat_thresh
    return data[keep], {"removed": list(data.index[~keep]), "availability": availability.to_dict()}


# ---------------------------------------------------------------- impute


def impute(
    data: pd.DataFrame, method: str = "group-mean", groups: pd.Series | None = None
) -> tuple[pd.DataFrame, dict]:
    """Fill missing values per indicator column.

    - "group-mean" / "group-median": the mean/median of the same group's non-missing values (COINr i_mean_grp /
      i_median_grp, by column); units without a group, or groups with no values, stay missing.
    - "mean" / "median": of the whole column.  - "none": unchanged.
    The platform's default is "group-mean" when a group column is given, else "median".
    """
    if method == "none":
        return data.copy(), {"imputed": {}}
    before = data.isna()
    if method in ("group-mean", "group-median"):
        if groups is None:
            raise ValueError("group imputation needs a group column")
        how = "mean" if method == "group-mean" else "median"
        grouped = data.groupby(groups.reindex(data.index), dropna=True).transform(how)
        out = data.fillna(grouped)
    elif method in ("mean", "median"):
        out = data.fillna(getattr(data, method)())
    else:
        raise ValueError(f"unknown imputation {method!r}")
    filled = before & out.notna()
    return out, {"imputed": {c: list(out.index[filled[c]]) for c in out.columns if filled[c].any()}}


# ---------------------------------------------------------------- treat outliers


def skewness(x: np.ndarray) -> float:
    """Adjusted Fisher–Pearson G1 (e1071 type 2); NaNs ignored; needs n ≥ 3."""
    x = x[~np.isnan(x)]
    n = x.size
    m = x - x.mean()
    m2 = (m**2).sum()
    if n < 3 or m2 == 0:
        return 0.0
    g1 = np.sqrt(n) * (m**3).sum() / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float:
    """Excess kurtosis G2 (e1071 type 2); NaNs ignored; needs n ≥ 4."""
    x = x[~np.isnan(x)]
    n = x.size
    m = x - x.mean()
    m2 = (m**2).sum()
    if n < 4 or m2 == 0:
        return 0.0
    r = n * (m**4).sum() / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def _passes(x: np.ndarray, skew_thresh: float, kurt_thresh: float) -> bool:
    return abs(skewness(x)) < skew_thresh or kurtosis(x) < kurt_thresh


def treat_column(x: np.ndarray, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5):
    """COINr's default outlier treatment of one column (METHODS.md, Treat):

    pass if |skew| < 2 or kurtosis < 3.5; otherwise winsorise the extreme on the side of the skew (ties move
    together) until it passes or the count of moved points reaches winmax; if it still fails, return
    log(x − min + 0.01·(max − min)) of the original column instead.
    Returns (treated, {"winsorised": n, "log": bool, "passed_before": bool}).
    """
    x = np.asarray(x, dtype=float)
    if _passes(x, skew_thresh, kurt_thresh):
        return x.copy(), {"winsorised": 0, "log": False, "passed_before": True}
    cur = x.copy()
    count = 0
    while count < winmax:
        valid = ~np.isnan(cur)
        upper = skewness(cur) >= 0
        extreme = np.nanmax(cur) if upper else np.nanmin(cur)
        at = valid & (cur == extreme)
        others = cur[valid & ~at]
        if others.size == 0:
            break
        cur[at] = others.max() if upper else others.min()
        # moved points tie with the new extreme, so this is the cumulative count on that side
        count = int(at.sum())
        if _passes(cur, skew_thresh, kurt_thresh):
            return cur, {"winsorised": count, "log": False, "passed_before": False}
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo)), {"winsorised": 0, "log": True, "passed_before": False}


def treat(data: pd.DataFrame, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5):
    """Apply `treat_column` to every indicator; the record says which were winsorised or log-transformed."""
    out = data.copy()
    record = {}
    for col in data.columns:
        values, rec = treat_column(data[col].to_numpy(), winmax, skew_thresh, kurt_thresh)
        out[col] = values
        record[col] = rec
    return out, {"columns": record}


# ---------------------------------------------------------------- normalise


def normalise_column(
    x: np.ndarray,
    method: str = "minmax",
    *,
    direction: int = 1,
    range_=(0.0, 100.0),
    m_sd=(0.0, 1.0),
    target: float | None = None,
    cap_max: bool = False,
) -> np.ndarray:
    """One column, direction applied first (x·direction), then (COINr n_* functions, METHODS.md):

    minmax: (x − min)/(max − min)·(u − l) + l    zscore: (x − mean)/sd·s + m (sample sd)
    rank: rank with ties = min (NaN kept)        dist2targ: (x − min)/(targ − min), or (max − x)/(max − targ)
    for direction −1, on the raw values, optionally capped at 1.
    """
    x = np.asarray(x, dtype=float)
    if method == "dist2targ":
        if target is None:
            raise ValueError("distance to target needs a target")
        if direction > 0:
            out = (x - np.nanmin(x)) / (target - np.nanmin(x))
        else:
            out = (np.nanmax(x) - x) / (np.nanmax(x) - target)
        return np.minimum(out, 1.0) if cap_max else out
    x = x * direction
    if method == "minmax":
        lo, hi = np.nanmin(x), np.nanmax(x)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (x - lo) / (hi - lo) * (range_[1] - range_[0]) + range_[0]
    if method == "zscore":
        return (x - np.nanmean(x)) / np.nanstd(x, ddof=1) * m_sd[1] + m_sd[0]
    if method == "rank":
        return rank_min(x)
    raise ValueError(f"unknown normalisation {method!r}")


def normalise(data: pd.DataFrame, directions: dict[str, int], method: str = "minmax", **params):
    """Normalise every indicator column; `targets` (dict) feeds distance-to-target."""
    targets = params.pop("targets", {}) or {}
    out = pd.DataFrame(index=data.index)
    for col in data.columns:
        out[col] = normalise_column(
            data[col].to_numpy(), method, direction=directions.get(col, 1), target=targets.get(col), **params
        )
    return out, {
        "method": method,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
    }


def rank_min(x: np.ndarray) -> np.ndarray:
    """Ascending ranks with ties given the minimum rank; NaN stays NaN (R: rank(ties = "min"))."""
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    valid = ~np.isnan(x)
    v = x[valid]
    # rank = 1 + number of values strictly smaller
    out[valid] = np.searchsorted(np.sort(v), v, side="left") + 1
    return out


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Rank of a score (1 = best, ties share the best rank, NaN kept): rank(−score, ties = "min")."""
    return rank_min(-np.asarray(scores, dtype=float))


# ---------------------------------------------------------------- aggregate


def weighted_mean(x: np.ndarray, w: np.ndarray, method: str = "amean") -> np.ndarray:
    """Row-wise weighted mean of x (units × children), NaN entries dropped with their weights (COINr a_*).

    amean: Σw·x/Σw.  gmean: exp(Σw·log x/Σw), defined for x > 0 only: a zero or negative value is an
    error, as in COINr (normalise onto 1–100 first).  hmean: Σw/Σ(w/x), zeros are an error.
    A row with every child missing is NaN.
    """
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), x.shape)
    present = ~np.isnan(x)
    wp = np.where(present, w, 0.0)
    total = wp.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "amean":
            out = (np.where(present, x, 0.0) * wp).sum(axis=-1) / total
        elif method == "gmean":
            if np.any(x[present] <= 0):
                raise ValueError(
                    "the geometric mean needs positive values: normalise onto a positive range (e.g. 1–100)"
                )
            out = np.exp((np.where(present, np.log(np.where(present, x, 1.0)), 0.0) * wp).sum(axis=-1) / total)
        elif method == "hmean":
            if np.any(x[present] == 0):
                raise ValueError("the harmonic mean is undefined for zeros")
            out = total / (np.where(present, wp / np.where(present, x, 1.0), 0.0)).sum(axis=-1)
        else:
            raise ValueError(f"unknown aggregation {method!r}")
    return np.where(total > 0, out, np.nan)


def aggregate(
    normalised: pd.DataFrame, framework, method: str = "amean", weights: dict[str, float] | None = None
) -> tuple[pd.DataFrame, dict]:
    """Aggregate level by level; each node is the weighted mean of its children (weights relative in a group).

    Returns all indicators and aggregates as columns (the level-1 columns are the normalised input).
    """
    w = dict(framework.weight)
    w.update(weights or {})
    out = normalised.copy()
    for level in range(2, framework.top_level + 1):
        for code in framework.aggregates(level):
            kids = framework.children(code)
            out[code] = weighted_mean(out[kids].to_numpy(), np.array([w[k] for k in kids]), method)
    return out, {"method": method}
