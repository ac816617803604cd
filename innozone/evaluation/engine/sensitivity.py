"""Variance-based (Sobol) sensitivity of the ranks to each assumption, through SALib.

Estimators (SALib `sobol.analyze`): first order S_i from Saltelli et al. (2010), "Variance based sensitivity
analysis of model output. Design and estimator for the total sensitivity index", Comput. Phys. Commun. 181,
and total ST_i from Jansen (1999), the pair COINr's `get_sensitivity` uses (METHODS.md). Sampling differs
from COINr: SALib's scrambled Sobol' sequence (Saltelli's A, B, AB_i design with N(d + 2) runs) instead of
a plain uniform matrix, which converges faster; confidence intervals are SALib's bootstrap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from .framework import Dataset
from .pipeline import Settings
from .uncertainty import Alternatives, Variants


@dataclass(frozen=True)
class SobolResult:
    names: list[str]  # the factors
    S1: np.ndarray  # outputs × factors
    ST: np.ndarray
    S1_conf: np.ndarray  # half-width of the 95 % bootstrap interval
    ST_conf: np.ndarray
    outputs: list = field(default_factory=list)  # one label per output (e.g. uCode)

    def to_frame(self) -> pd.DataFrame:
        """One row per output and factor: output, factor, S1, ST and their confidence half-widths."""
        outputs = self.outputs or list(range(self.S1.shape[0]))
        return pd.DataFrame(
            {
                "output": np.repeat(outputs, len(self.names)),
                "factor": np.tile(self.names, len(outputs)),
                "S1": self.S1.ravel(),
                "ST": self.ST.ravel(),
                "S1_conf": self.S1_conf.ravel(),
                "ST_conf": self.ST_conf.ravel(),
            }
        )


def sobol_indices(
    func: Callable[[np.ndarray], np.ndarray],
    names: list[str],
    bounds: list[tuple[float, float]],
    *,
    n: int = 1024,
    rng: np.random.Generator,
    outputs: list | None = None,
    resamples: int = 100,
) -> SobolResult:
    """First-order and total Sobol indices of `func` for independent uniform factors on `bounds`.

    `func` maps a runs × factors array to runs (one output) or runs × outputs. `n` (a power of two) is the
    base sample size; the model is run n·(factors + 2) times. An output that does not vary gets zeros.
    """
    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=rng)
    y = np.asarray(func(x), dtype=float)
    y = y[:, None] if y.ndim == 1 else y
    seed = int(rng.integers(2**31))
    out = np.zeros((4, y.shape[1], len(names)))
    for j in range(y.shape[1]):
        column = y[:, j]
        if np.isnan(column).any() or np.var(column) == 0:
            continue
        res = sobol_analyze.analyze(problem, column, calc_second_order=False, num_resamples=resamples, seed=seed)
        out[:, j] = res["S1"], res["ST"], res["S1_conf"], res["ST_conf"]
    return SobolResult(list(names), *out, outputs=list(outputs or []))


def sensitivity(
    dataset: Dataset,
    settings: Settings,
    alternatives: Alternatives,
    *,
    n: int = 256,
    rng: np.random.Generator,
    by_unit: bool = True,
) -> SobolResult:
    """Sobol indices of each varied assumption (imputation, normalisation, aggregation, weights) on the ranks.

    A discrete assumption with k alternatives maps u ∈ [0, 1) to alternative ⌊u·k⌋; the weight factor picks
    one of `weight_sets` perturbed weight sets drawn up front. Outputs: each unit's rank (`by_unit`), or,
    as COINr, the mean absolute rank shift from the nominal ranking.
    """
    variants = Variants(dataset, settings, alternatives)
    base, noise = variants.base_weights, alternatives.weight_noise
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
    nominal = variants.nominal.ranks.to_numpy()

    def evaluate(x: np.ndarray) -> np.ndarray:
        picks = {name: np.minimum((x[:, j] * k).astype(int), k - 1) for j, (name, k) in enumerate(active)}
        zeros = np.zeros(len(x), dtype=int)
        choices = np.column_stack([picks.get(name, zeros) for name in ("impute", "normalise", "aggregate")])
        ranks = variants.ranks(choices, sets[picks.get("weights", zeros)])
        return ranks.T if by_unit else np.nanmean(np.abs(ranks - nominal[:, None]), axis=0)

    labels = [str(u) for u in variants.units] if by_unit else ["mean_abs_rank_shift"]
    names = [name for name, _ in active]
    return sobol_indices(evaluate, names, [(0.0, 1.0)] * len(active), n=n, rng=rng, outputs=labels)
