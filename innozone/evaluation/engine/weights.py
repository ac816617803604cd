"""Weight sets: manual (iMeta's `Weight`, optionally overridden), equal, and PCA-derived.

Every function returns a dict code → weight for the whole framework; weights are relative among
siblings, so only their ratios within one parent matter.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .framework import Framework


def manual_weights(framework: Framework, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """iMeta's weights with `overrides` applied; unknown codes and negative weights are refused."""
    return dict(framework.with_weights(dict(overrides or {})).weight)


def equal_weights(framework: Framework) -> dict[str, float]:
    """Every child of a node weighs the same."""
    return dict.fromkeys(framework.codes, 1.0)


def first_component(frame: pd.DataFrame) -> tuple[np.ndarray, float]:
    """First principal component of the correlation matrix of `frame` (complete rows): the unit-length
    eigenvector, its sign chosen so most loadings are positive, and the share of variance it explains."""
    corr = np.corrcoef(frame.dropna().to_numpy(dtype=float), rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    vector = vectors[:, -1]
    if vector.sum() < 0:
        vector = -vector
    return vector, float(values[-1] / values.sum())


def pca_weights(normalised: pd.DataFrame, framework: Framework) -> dict[str, float]:
    """Indicator weights from the first principal component of each pillar (level 2) (JRC/OECD Handbook on
    Constructing Composite Indicators, 2008, §6.1: weights = squared, unit-sum-scaled loadings).

    With a unit-length eigenvector v, the squared components v_i² already sum to 1 within the pillar.
    Pillars of one indicator give it weight 1; weights above level 1 keep the framework's values.
    """
    weights = dict(framework.weight)
    for pillar in framework.aggregates(2):
        kids = framework.children(pillar)
        if len(kids) < 2:
            weights.update(dict.fromkeys(kids, 1.0))
            continue
        vector, _ = first_component(normalised[kids])
        weights.update(zip(kids, (vector**2).tolist(), strict=True))
    return weights


def weights_for(
    name: str,
    framework: Framework,
    *,
    overrides: Mapping[str, float] | None = None,
    normalised: pd.DataFrame | None = None,
) -> dict[str, float]:
    """The weight set called `name`: "manual", "equal" or "pca" (the last needs the normalised data)."""
    if name == "manual":
        return manual_weights(framework, overrides)
    if name == "equal":
        return equal_weights(framework)
    if name == "pca":
        if normalised is None:
            raise ValueError("PCA weights need the normalised data")
        return pca_weights(normalised, framework)
    raise ValueError(f"unknown weighting {name!r}: use manual, equal or pca")
