"""Indicator statistics, correlations, Cronbach's alpha, PCA and what-if, against hand computation."""

import numpy as np
import pandas as pd
import pytest

from innozone.evaluation.engine import run_pipeline
from innozone.evaluation.engine.analysis import (
    cronbach_alpha,
    indicator_stats,
    level_correlations,
    parent_correlations,
    pca,
    pca_by_pillar,
    what_if,
)
from innozone.evaluation.engine.weights import pca_weights

EXAMPLE = {"denominate": True, "impute": "group-mean:EurAsia_group", "screen": 0.9, "treat": "winsorise"}


def test_cronbach_alpha_by_hand():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 3, 3, 5], "c": [1.0, 1, 2, 2]})
    var_items = frame.var(ddof=1).sum()
    var_total = frame.sum(axis=1).var(ddof=1)
    assert cronbach_alpha(frame) == pytest.approx(3 / 2 * (1 - var_items / var_total))
    assert cronbach_alpha(pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3]})) == pytest.approx(1.0)


def test_pca_of_two_correlated_columns():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 3, 2, 4]})
    r = np.corrcoef(frame["a"], frame["b"])[0, 1]
    res = pca(frame)
    assert res["eigenvalues"] == pytest.approx([1 + r, 1 - r])
    assert res["loadings"]["PC1"].to_numpy() == pytest.approx([np.sqrt((1 + r) / 2)] * 2)


def test_indicator_stats_by_hand():
    stats = indicator_stats(pd.DataFrame({"x": [1.0, 2.0, np.nan, 5.0]}))
    row = stats.loc["x"]
    assert (row["n"], row["missing"], row["min"], row["max"], row["median"]) == (3, 1, 1.0, 5.0, 2.0)
    assert row["sd"] == pytest.approx(np.std([1.0, 2.0, 5.0], ddof=1))


def test_analysis_of_the_asem_example(asem):
    result = run_pipeline(asem, **EXAMPLE)
    assert indicator_stats(result.frames["treat"])["missing"].sum() == 0
    corr = level_correlations(result, 2)
    assert corr.shape == (8, 8) and np.allclose(np.diag(corr), 1)
    assert level_correlations(result, 1, 2).shape == (49, 8)
    parents = parent_correlations(result)
    assert parents.loc["Conn", "parent"] == "Index" and -1 <= parents["r"].min() <= parents["r"].max() <= 1
    table = pca_by_pillar(result.frames["normalise"], asem.framework)
    assert len(table) == 8 and table["pc1_explained"].between(0, 1).all()
    weights = pca_weights(result.frames["normalise"], asem.framework)
    assert sum(weights[k] for k in asem.framework.children("Physical")) == pytest.approx(1.0)
    pca_run = run_pipeline(asem, **EXAMPLE, weighting="pca")
    assert pca_run.weights == pytest.approx(weights)


def test_what_if_changing_one_weight(asem):
    result = run_pipeline(asem, **EXAMPLE)
    same = what_if(result, {})
    assert (same["shift"] == 0).all()
    shifts = what_if(result, {"Sust": 3.0})
    assert sorted(shifts["rank_after"].astype(int)) == list(range(1, 52))
    rerun = run_pipeline(asem, **EXAMPLE, weights={"Sust": 3.0})
    after = shifts.set_index("uCode")["rank_after"]
    assert after.loc[rerun.ranks.index].tolist() == rerun.ranks.tolist()
    best_sust = result.scores["Sust"].idxmax()
    assert after.loc[best_sust] <= result.ranks.loc[best_sust]  # the best in sustainability cannot lose ground
    with pytest.raises(ValueError, match="no indicator"):
        what_if(result, {"Nope": 1.0})
