"""Uncertainty analysis of the ranks (Monte Carlo over the assumptions), vectorised across replications.

Each replication draws one alternative of each discrete assumption (imputation, normalisation,
aggregation) uniformly, and multiplies every weight by U(1 − noise, 1 + noise) (Saisana, Saltelli &
Tarantola 2005, "Uncertainty and sensitivity analysis techniques as tools for the quality assessment of
composite indicators", J. R. Stat. Soc. A 168(2)). COINr draws discrete choices with `cut(u, k)` on a
uniform sample; a uniform integer draw has the same distribution.

Speed: the data are prepared and normalised once per (imputation, normalisation) alternative; replications
sharing their discrete choices are then aggregated together, level by level, as matrix products of the
units × children data with the children × replications weights. 1,000 replications cost a few matrix
products instead of 1,000 pipeline runs. The units are those of the nominal run: alternatives change how
units are scored, not which are ranked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .framework import Dataset, Framework
from .pipeline import Settings, normalise_with, prepare, run_pipeline
from .results import rank_columns


@dataclass(frozen=True)
class Alternatives:
    """What may vary. An empty tuple keeps the nominal setting.

    impute: e.g. ("group-mean:EurAsia_group", "none") for imputation on/off. normalise: dicts of `Settings`
    fields, e.g. ({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)}).
    aggregate: e.g. ("amean", "gmean"). weight_noise: each weight is multiplied by U(1 − noise, 1 + noise).
    weight_sets: how many perturbed weight sets the sensitivity analysis chooses among.
    """

    impute: tuple[str, ...] = ()
    normalise: tuple[dict, ...] = ()
    aggregate: tuple[str, ...] = ()
    weight_noise: float = 0.0
    weight_sets: int = 100


@dataclass(frozen=True)
class UncertaintyResult:
    units: pd.Index
    nominal: np.ndarray  # nominal rank per unit
    ranks: np.ndarray  # units × replications (NaN where a replication was undefined, e.g. gmean of a zero)
    choices: pd.DataFrame  # one row per replication: the assumptions drawn

    def to_frame(self) -> pd.DataFrame:
        """Per unit: nominal, mean and median rank, and the 5–95 % interval (type-7 quantiles, as R)."""
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


def aggregate_many(x: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """Weighted means of x for R weight vectors at once → units × R.

    x is units × children (shared by all replications) or units × R × children; w is R × children.
    Missing entries are dropped with their weights. Replications where a geometric or harmonic mean meets a
    value ≤ 0 (respectively 0) are undefined: NaN, as the pipeline would refuse them.
    """
    present = ~np.isnan(x)
    safe = np.where(present, x, 1.0)
    if method == "amean":
        values = np.where(present, x, 0.0)
    elif method == "gmean":
        values = np.where(present, np.log(np.where(safe > 0, safe, 1.0)), 0.0)
    elif method == "hmean":
        values = np.where(present, 1.0 / np.where(safe != 0, safe, 1.0), 0.0)
    else:
        raise ValueError(f"unknown aggregation {method!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        if x.ndim == 2:
            total, acc = present.astype(float) @ w.T, values @ w.T
            bad = np.any(safe <= 0) if method == "gmean" else np.any(safe == 0) if method == "hmean" else False
        else:
            wp = np.where(present, w[None, :, :], 0.0)
            total, acc = wp.sum(axis=2), (values * wp).sum(axis=2)
            bad = np.any(safe <= 0 if method == "gmean" else safe == 0, axis=(0, 2)) if method != "amean" else False
        out = {"amean": acc / total, "gmean": np.exp(acc / total), "hmean": total / acc}[method]
    out = np.where(total > 0, out, np.nan)
    if np.ndim(bad) == 0:
        return np.full_like(out, np.nan) if bad else out
    out[:, bad] = np.nan
    return out


def index_scores(
    normalised: np.ndarray, framework: Framework, weights: np.ndarray, method: str | Mapping[int, str]
) -> np.ndarray:
    """The index for R weight vectors (R × codes, `framework.codes` order) at once → units × R.
    `method` is one aggregation for every level or a dict level → method, as in `aggregate`."""
    position = {c: i for i, c in enumerate(framework.codes)}
    column = {c: i for i, c in enumerate(framework.indicators)}
    values: dict[str, np.ndarray] = {}
    for level in range(2, framework.top_level + 1):
        for code in framework.aggregates(level):
            kids = framework.children(code)
            w = weights[:, [position[k] for k in kids]]
            x = normalised[:, [column[k] for k in kids]] if level == 2 else np.stack([values[k] for k in kids], 2)
            how = method.get(level, "amean") if isinstance(method, Mapping) else method
            values[code] = aggregate_many(x, w, how)
    return values[framework.index_code]


class Variants:
    """The nominal run and the normalised data of every (imputation, normalisation) alternative, computed
    once each and on the nominal run's units."""

    def __init__(self, dataset: Dataset, settings: Settings, alternatives: Alternatives):
        self.dataset, self.settings = dataset, settings
        self.nominal = run_pipeline(dataset, settings=settings)
        self.units = self.nominal.scores.index
        self.impute = list(alternatives.impute) or [settings.impute]
        self.normalise = list(alternatives.normalise) or [{}]
        self.aggregate = list(alternatives.aggregate) or [settings.aggregate]
        self.base_weights = dataset.framework.weight_vector(self.nominal.weights)
        self._cache: dict[tuple[int, int], np.ndarray] = {}

    def data(self, i: int, n: int) -> np.ndarray:
        if (i, n) not in self._cache:
            settings = replace(self.settings, impute=self.impute[i], **self.normalise[n])
            steps = prepare(self.dataset, settings, units=self.units)
            prepared = steps[list(steps)[-1]].data if steps else self.dataset.data.loc[self.units]
            normalised = normalise_with(prepared, self.dataset, settings).data
            self._cache[(i, n)] = normalised[self.dataset.framework.indicators].to_numpy(dtype=float)
        return self._cache[(i, n)]

    def ranks(self, choices: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """choices: R × 3 (imputation, normalisation, aggregation indices); weights: R × codes → units × R."""
        scores = np.full((len(self.units), len(choices)), np.nan)
        combos, inverse = np.unique(choices, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        for k, (i, n, a) in enumerate(combos):
            reps = np.flatnonzero(inverse == k)
            scores[:, reps] = index_scores(self.data(i, n), self.dataset.framework, weights[reps], self.aggregate[a])
        return rank_columns(scores)


def uncertainty(
    dataset: Dataset,
    settings: Settings,
    alternatives: Alternatives,
    *,
    n: int = 1000,
    rng: np.random.Generator,
) -> UncertaintyResult:
    """Rank distribution of every unit over `n` Monte Carlo replications of the assumptions.

    Returns each unit's nominal rank and, via `to_frame()`, its mean and median rank and 5–95 % interval.
    """
    variants = Variants(dataset, settings, alternatives)
    choices = np.column_stack(
        [
            rng.integers(len(variants.impute), size=n),
            rng.integers(len(variants.normalise), size=n),
            rng.integers(len(variants.aggregate), size=n),
        ]
    )
    base, noise = variants.base_weights, alternatives.weight_noise
    weights = base * rng.uniform(1 - noise, 1 + noise, size=(n, base.size)) if noise else np.tile(base, (n, 1))
    ranks = variants.ranks(choices, weights)
    table = pd.DataFrame(
        {
            "impute": [variants.impute[i] for i in choices[:, 0]],
            "normalise": [str(variants.normalise[j] or "nominal") for j in choices[:, 1]],
            "aggregate": [variants.aggregate[a] for a in choices[:, 2]],
            "valid": ~np.isnan(ranks).all(axis=0),
        }
    )
    return UncertaintyResult(variants.units, variants.nominal.ranks.to_numpy(), ranks, table)
