"""Uncertainty and sensitivity analysis of the ranks, vectorised across replications.

The data are prepared once per imputation alternative and normalised once per normalisation alternative;
each replication then only re-aggregates with its own weights and aggregation method. Replications that
share the discrete choices are aggregated together as matrix products (units × replications), so 1,000
replications cost a handful of matrix multiplications rather than 1,000 pipeline runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample
from scipy.stats import rankdata

from .framework import Dataset
from .pipeline import Settings, normalise_with, prepare


@dataclass(frozen=True)
class Alternatives:
    """What may vary. Empty tuples keep the nominal setting. `weight_noise` = ±share applied uniformly to
    every weight; `weight_sets` noisy weight sets are drawn for the sensitivity analysis."""

    impute: tuple[str, ...] = ()
    normalise: tuple[
        dict, ...
    ] = ()  # e.g. ({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)})
    aggregate: tuple[str, ...] = ()
    weight_noise: float = 0.0
    weight_sets: int = 100


@dataclass(frozen=True)
class UncertaintyResult:
    units: pd.Index
    nominal: np.ndarray  # nominal rank per unit
    ranks: np.ndarray  # units × replications
    choices: pd.DataFrame  # one row per replication: the assumptions used

    def to_frame(self) -> pd.DataFrame:
        """Per unit: nominal, mean and median rank, and the 5–95% interval (R's type-7 quantiles)."""
        r = self.ranks
        return pd.DataFrame(
            {
                "uCode": self.units,
                "Nominal": self.nominal,
                "Mean": np.nanmean(r, axis=1),
                "Median": np.nanmedian(r, axis=1),
                "Q5": np.nanquantile(r, 0.05, axis=1),
                "Q95": np.nanquantile(r, 0.95, axis=1),
            }
        )


def _rank_columns(scores: np.ndarray) -> np.ndarray:
    """Rank every column (1 = best, ties = min, NaN kept)."""
    filled = np.where(np.isnan(scores), -np.inf, scores)
    ranks = rankdata(-filled, method="min", axis=0).astype(float)
    ranks[np.isnan(scores)] = np.nan
    return ranks


def _aggregate_many(x: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """x: units × R × children (or units × children, shared), w: R × children → units × R."""
    if x.ndim == 2:
        present = ~np.isnan(x)
        denom = present.astype(float) @ w.T
        if method == "amean":
            num = np.where(present, x, 0.0) @ w.T
            return np.where(denom > 0, num / np.where(denom > 0, denom, 1), np.nan)
        if np.any(x[present] <= 0):
            return np.full((x.shape[0], w.shape[0]), np.nan)
        if method == "gmean":
            num = np.where(present, np.log(np.where(present, x, 1.0)), 0.0) @ w.T
            return np.where(denom > 0, np.exp(num / np.where(denom > 0, denom, 1)), np.nan)
        num = np.where(present, 1.0 / np.where(present, x, 1.0), 0.0) @ w.T
        return np.where(denom > 0, denom / num, np.nan)
    present = ~np.isnan(x)
    wp = np.where(present, w[None, :, :], 0.0)
    denom = wp.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "amean":
            out = (np.where(present, x, 0.0) * wp).sum(axis=2) / denom
        elif method == "gmean":
            bad = np.any(np.where(present, x, 1.0) <= 0, axis=(0, 2))
            out = np.exp((np.where(present, np.log(np.where(present & (x > 0), x, 1.0)), 0.0) * wp).sum(axis=2) / denom)
            out[:, bad] = np.nan
        else:
            out = denom / (np.where(present, 1.0 / np.where(present, x, 1.0), 0.0) * wp).sum(axis=2)
    return np.where(denom > 0, out, np.nan)


def _index_scores(
    normalised: np.ndarray, framework, columns: list[str], weights: np.ndarray, method: str
) -> np.ndarray:
    """Aggregate level by level for R weight vectors at once. weights: R × codes (framework.codes order)."""
    col = {c: i for i, c in enumerate(columns)}
    code_pos = {c: i for i, c in enumerate(framework.codes)}
    values: dict[str, np.ndarray] = {}
    for level in range(2, framework.top_level + 1):
        for code in framework.aggregates(level):
            kids = framework.children(code)
            w = weights[:, [code_pos[k] for k in kids]]
            if level == 2:
                values[code] = _aggregate_many(normalised[:, [col[k] for k in kids]], w, method)
            else:
                values[code] = _aggregate_many(np.stack([values[k] for k in kids], axis=2), w, method)
    return values[framework.index_code]


class _Variants:
    """Normalised data for every (imputation, normalisation) alternative, computed once."""

    def __init__(self, dataset: Dataset, settings: Settings, alts: Alternatives):
        self.dataset, self.settings = dataset, settings
        self.impute = list(alts.impute) or [settings.impute]
        self.normalise = list(alts.normalise) or [{}]
        self.aggregate = list(alts.aggregate) or [settings.aggregate]
        self.cache: dict[tuple[int, int], np.ndarray] = {}
        frames, _ = prepare(dataset, replace(settings, impute="none", treat="none"))
        self.units = frames[list(frames)[-1]].index
        self.columns = dataset.framework.indicators

    def data(self, i: int, n: int) -> np.ndarray:
        if (i, n) not in self.cache:
            settings = replace(self.settings, impute=self.impute[i], **self.normalise[n])
            frames, _ = prepare(self.dataset, settings)
            normalised, _ = normalise_with(frames[list(frames)[-1]], self.dataset, settings)
            self.cache[(i, n)] = normalised.reindex(self.units)[self.columns].to_numpy(dtype=float)
        return self.cache[(i, n)]


def _nominal_weights(framework, settings: Settings) -> np.ndarray:
    w = dict(framework.weight)
    w.update(settings.weights)
    return np.array([w[c] for c in framework.codes], dtype=float)


def _ranks_for(variants: _Variants, choices: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """choices: R × 3 (impute, normalise, aggregate indices); weights: R × codes → units × R ranks."""
    fw = variants.dataset.framework
    scores = np.full((len(variants.units), len(choices)), np.nan)
    combos, inverse = np.unique(choices, axis=0, return_inverse=True)
    for k, (i, n, a) in enumerate(combos):
        reps = np.flatnonzero(inverse.ravel() == k)
        scores[:, reps] = _index_scores(variants.data(i, n), fw, variants.columns, weights[reps], variants.aggregate[a])
    return _rank_columns(scores)


def uncertainty(
    dataset: Dataset,
    settings: Settings,
    alternatives: Alternatives,
    n: int = 1000,
    rng: np.random.Generator | None = None,
) -> UncertaintyResult:
    """Monte Carlo over the alternatives: each replication draws one of each discrete alternative uniformly
    and multiplies every weight by U(1 − noise, 1 + noise)."""
    rng = rng or np.random.default_rng(0)
    variants = _Variants(dataset, settings, alternatives)
    fw = dataset.framework
    choices = np.column_stack(
        [
            rng.integers(len(variants.impute), size=n),
            rng.integers(len(variants.normalise), size=n),
            rng.integers(len(variants.aggregate), size=n),
        ]
    )
    base = _nominal_weights(fw, settings)
    noise = alternatives.weight_noise
    weights = base * rng.uniform(1 - noise, 1 + noise, size=(n, base.size)) if noise else np.tile(base, (n, 1))
    ranks = _ranks_for(variants, choices, weights)
    nominal = _ranks_for(variants, np.zeros((1, 3), dtype=int), base[None, :])[:, 0]
    table = pd.DataFrame(
        {
            "impute": [variants.impute[i] for i in choices[:, 0]],
            "normalise": [str(variants.normalise[j] or "nominal") for j in choices[:, 1]],
            "aggregate": [variants.aggregate[a] for a in choices[:, 2]],
        }
    )
    return UncertaintyResult(variants.units, nominal, ranks, table)


# ---------------------------------------------------------------- Sobol indices


@dataclass(frozen=True)
class SobolResult:
    names: list[str]
    S1: np.ndarray  # (outputs × factors)
    ST: np.ndarray
    S1_conf: np.ndarray
    ST_conf: np.ndarray
    outputs: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for o, out in enumerate(self.outputs or [0]):
            for f, name in enumerate(self.names):
                rows.append(
                    {
                        "output": out,
                        "factor": name,
                        "S1": self.S1[o, f],
                        "ST": self.ST[o, f],
                        "S1_conf": self.S1_conf[o, f],
                        "ST_conf": self.ST_conf[o, f],
                    }
                )
        return pd.DataFrame(rows)


def sobol_indices(
    func,
    names: list[str],
    bounds: list[tuple[float, float]],
    n: int = 1024,
    rng: np.random.Generator | None = None,
    outputs: list | None = None,
) -> SobolResult:
    """First-order and total Sobol indices with SALib (Saltelli sampling; Saltelli 2010 / Jansen estimators).

    `func` maps a (runs × factors) array to outputs of shape (runs,) or (runs × outputs); `n` should be a
    power of two.
    """
    rng = rng or np.random.default_rng(0)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(b) for b in bounds]}
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=int(rng.integers(2**31)))
    y = np.asarray(func(x), dtype=float)
    y = y[:, None] if y.ndim == 1 else y
    s1, st, s1c, stc = [], [], [], []
    seed = int(rng.integers(2**31))
    for j in range(y.shape[1]):
        col = y[:, j]
        if np.nanvar(col) == 0 or np.isnan(col).any():
            zeros = np.zeros(len(names))
            s1.append(zeros), st.append(zeros), s1c.append(zeros), stc.append(zeros)
            continue
        res = sobol_analyze.analyze(problem, col, calc_second_order=False, num_resamples=100, seed=seed)
        s1.append(res["S1"]), st.append(res["ST"]), s1c.append(res["S1_conf"]), stc.append(res["ST_conf"])
    return SobolResult(names, np.array(s1), np.array(st), np.array(s1c), np.array(stc), outputs or [])


def sensitivity(
    dataset: Dataset,
    settings: Settings,
    alternatives: Alternatives,
    n: int = 256,
    rng: np.random.Generator | None = None,
    by_unit: bool = True,
) -> SobolResult:
    """Sobol indices of each assumption (imputation, normalisation, aggregation, weights) on the ranks.

    Discrete assumptions map u ∈ [0, 1) to alternative ⌊u·k⌋; the weight factor picks one of
    `weight_sets` noisy weight sets drawn up front (set 0 is nominal). Outputs: each unit's rank
    (`by_unit`) or, as COINr, the mean absolute rank shift from the nominal ranking.
    """
    rng = rng or np.random.default_rng(0)
    variants = _Variants(dataset, settings, alternatives)
    fw = dataset.framework
    base = _nominal_weights(fw, settings)
    noise = alternatives.weight_noise
    sets = np.vstack([base, base * rng.uniform(1 - noise, 1 + noise, size=(alternatives.weight_sets, base.size))])
    factors = [
        ("impute", len(variants.impute)),
        ("normalise", len(variants.normalise)),
        ("aggregate", len(variants.aggregate)),
        ("weights", len(sets) if noise else 1),
    ]
    active = [(name, k) for name, k in factors if k > 1]
    if not active:
        raise ValueError("nothing varies: give at least one alternative or weight noise")
    nominal = _ranks_for(variants, np.zeros((1, 3), dtype=int), base[None, :])[:, 0]

    def evaluate(x: np.ndarray) -> np.ndarray:
        picks = {name: np.minimum((x[:, j] * k).astype(int), k - 1) for j, (name, k) in enumerate(active)}
        zeros = np.zeros(len(x), dtype=int)
        choices = np.column_stack(
            [picks.get("impute", zeros), picks.get("normalise", zeros), picks.get("aggregate", zeros)]
        )
        ranks = _ranks_for(variants, choices, sets[picks.get("weights", zeros)])
        if by_unit:
            return ranks.T
        return np.nanmean(np.abs(ranks - nominal[:, None]), axis=0)

    outputs = list(variants.units) if by_unit else ["mean_abs_rank_shift"]
    return sobol_indices(evaluate, [a for a, _ in active], [(0.0, 1.0)] * len(active), n=n, rng=rng, outputs=outputs)
