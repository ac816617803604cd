"""Normalisation of indicator columns onto a common scale (METHODS.md, Normalise; COINr `n_*` functions).

Every method is a frozen dataclass; `normalise(data, method, directions=...)` applies it column-wise.
Except for the target/goalpost methods, which take the direction as a parameter, the direction is applied
first (x ← x·direction), so a "less is better" indicator is reversed before scaling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .results import StepResult, rank_min


@dataclass(frozen=True)
class MinMax:
    """(x − min)/(max − min)·(high − low) + low (COINr `n_minmax`, default 0–100). A flat column gives NaN."""

    low: float = 0.0
    high: float = 100.0

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        x = x * direction
        lo, hi = np.nanmin(x), np.nanmax(x)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (x - lo) / (hi - lo) * (self.high - self.low) + self.low


@dataclass(frozen=True)
class ZScore:
    """(x − mean)/sd·sd' + mean', sd the sample standard deviation (n − 1) (COINr `n_zscore`, m_sd)."""

    mean: float = 0.0
    sd: float = 1.0

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        x = x * direction
        with np.errstate(invalid="ignore", divide="ignore"):
            return (x - np.nanmean(x)) / np.nanstd(x, ddof=1) * self.sd + self.mean


@dataclass(frozen=True)
class Rank:
    """Rank with ties = minimum, NaN kept (COINr `n_rank`); `borda` subtracts 1 (`n_borda`); `percentile`
    gives (rank − 1)/(n − 1) (`n_prank`)."""

    variant: str = "rank"  # "rank" | "borda" | "percentile"

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        r = rank_min(x * direction)
        if self.variant == "borda":
            return r - 1
        if self.variant == "percentile":
            return (r - 1) / (np.sum(~np.isnan(x)) - 1)
        return r


@dataclass(frozen=True)
class FracMax:
    """x / max (COINr `n_fracmax`)."""

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        x = x * direction
        return x / np.nanmax(x)


@dataclass(frozen=True)
class DistToMax:
    """1 − (max − x)/(max − min) (COINr `n_dist2max`)."""

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        x = x * direction
        lo, hi = np.nanmin(x), np.nanmax(x)
        with np.errstate(invalid="ignore", divide="ignore"):
            return 1 - (hi - x) / (hi - lo)


@dataclass(frozen=True)
class DistToTarget:
    """Distance to target (COINr `n_dist2targ`): (x − min)/(target − min) for direction +1 and
    (max − x)/(max − target) for −1, on the raw values; `cap_max` caps at 1. Targets default to iMeta's
    `Target` column (passed as `targets`)."""

    targets: Mapping[str, float | None] = field(default_factory=dict)
    cap_max: bool = False

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        target = self.targets.get(code)
        if target is None:
            raise ValueError(f"distance to target needs a target for {code}")
        with np.errstate(invalid="ignore", divide="ignore"):
            if direction > 0:
                out = (x - np.nanmin(x)) / (target - np.nanmin(x))
            else:
                out = (np.nanmax(x) - x) / (np.nanmax(x) - target)
        return np.minimum(out, 1.0) if self.cap_max else out


@dataclass(frozen=True)
class Goalposts:
    """Distance to goalposts (JRC/OECD Handbook on Constructing Composite Indicators, 2008, §5.3):
    clip((x − L)/(U − L), 0, 1)·scale for direction +1 and clip((U − x)/(U − L), 0, 1)·scale for −1, with
    fixed goalposts (L, U) per indicator, so scores stay comparable across years."""

    goalposts: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    scale: float = 100.0

    def column(self, x: np.ndarray, direction: int, code: str) -> np.ndarray:
        if code not in self.goalposts:
            raise ValueError(f"goalposts needed for {code}")
        lo, hi = self.goalposts[code]
        if not hi > lo:
            raise ValueError(f"the upper goalpost of {code} must exceed the lower one")
        share = (x - lo) / (hi - lo) if direction > 0 else (hi - x) / (hi - lo)
        return np.clip(share, 0.0, 1.0) * self.scale


Method = MinMax | ZScore | Rank | FracMax | DistToMax | DistToTarget | Goalposts


def normalise(data: pd.DataFrame, method: Method, *, directions: Mapping[str, int]) -> StepResult:
    """Normalise every indicator column of `data` with `method`, each in its own direction (default +1)."""
    columns = {c: method.column(data[c].to_numpy(dtype=float), int(directions.get(c, 1)), c) for c in data.columns}
    out = pd.DataFrame(columns, index=data.index, columns=data.columns)
    flat = [c for c in out.columns if data[c].notna().any() and out[c].isna().all()]
    return StepResult("normalise", out, {"method": describe(method), "undefined": flat})


def describe(method: Method) -> dict:
    """The method as a JSON-friendly dict (name and parameters)."""
    params = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in vars(method).items()}
    return {"name": type(method).__name__, **params}


def method_from_name(
    name: str, *, range_=(0.0, 100.0), m_sd=(0.0, 1.0), targets: Mapping | None = None, cap_max: bool = False
) -> Method:
    """The method for a setting string: minmax, zscore, rank, borda, prank, fracmax, dist2max, dist2targ."""
    simple = {
        "rank": Rank(),
        "borda": Rank("borda"),
        "prank": Rank("percentile"),
        "fracmax": FracMax(),
        "dist2max": DistToMax(),
    }
    if name == "minmax":
        return MinMax(float(range_[0]), float(range_[1]))
    if name == "zscore":
        return ZScore(float(m_sd[0]), float(m_sd[1]))
    if name == "dist2targ":
        return DistToTarget(dict(targets or {}), cap_max)
    if name in simple:
        return simple[name]
    raise ValueError(f"unknown normalisation {name!r}")
