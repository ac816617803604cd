"""COINr's ASEM example, recomputed step by step from METHODS.md with plain pandas in the test."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innozone.evaluation.engine import read_coinr, run_pipeline
from innozone.evaluation.engine.analysis import cronbach_alpha, indicator_stats, pca_weights, what_if

DATA = Path(__file__).parent / "data"
EXAMPLE = {"denominate": True, "impute": "group-mean:EurAsia_group", "screen": 0.9, "treat": "winsorise"}


@pytest.fixture(scope="module")
def asem():
    return read_coinr(DATA / "ASEM_iData.csv", DATA / "ASEM_iMeta.csv")


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(DATA / "ASEM_iData.csv").set_index("uCode"), pd.read_csv(DATA / "ASEM_iMeta.csv")


def test_framework_shape(asem):
    fw = asem.framework
    assert asem.data.shape == (51, 49) and len(fw.indicators) == 49
    assert fw.index_code == "Index" and fw.top_level == 4
    assert fw.children("Index") == ["Conn", "Sust"] and len(fw.aggregates(2)) == 8


def _independent_prepare(raw_data, meta):
    """Denominate → screen 0.9 → group-mean impute, written out directly for the check."""
    ind = meta[meta.Type == "Indicator"]
    x = raw_data[ind.iCode.tolist()].astype(float).copy()
    for _, r in ind.iterrows():
        if isinstance(r.Denominator, str):
            x[r.iCode] = x[r.iCode] / raw_data[r.Denominator]
    x = x[x.notna().mean(axis=1) >= 0.9]
    groups = raw_data.loc[x.index, "EurAsia_group"]
    for col in x.columns:
        for g in groups.unique():
            members = groups == g
            mean = x.loc[members, col].mean()
            x.loc[members & x[col].isna(), col] = mean
    return x


def test_screening_and_imputation_match_an_independent_recomputation(asem, raw):
    result = run_pipeline(asem, **EXAMPLE)
    expected = _independent_prepare(*raw)
    got = result.frames["imputed"]
    assert list(got.index) == list(expected.index) and len(got) == 46
    assert np.allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12, equal_nan=True)


def test_outlier_treatment_matches_the_documented_counts(asem):
    treated = run_pipeline(asem, **EXAMPLE).records["treat"]["columns"]
    winsorised = {c: r["winsorised"] for c, r in treated.items() if r["winsorised"]}
    assert len(winsorised) == 15 and set(winsorised.values()) <= {1, 2, 3, 4}
    assert not any(r["log"] for r in treated.values())
    strict = run_pipeline(asem, **{**EXAMPLE, "winmax": 1}).records["treat"]["columns"]
    assert sum(r["log"] for r in strict.values()) == 11


@pytest.mark.parametrize(
    "normalise,params,aggregate",
    [
        ("minmax", {"range_": (0, 100)}, "amean"),
        ("zscore", {"m_sd": (0, 1)}, "amean"),
        ("minmax", {"range_": (1, 100)}, "gmean"),
    ],
)
def test_index_equals_an_independent_normalise_and_aggregate(asem, raw, normalise, params, aggregate):
    result = run_pipeline(asem, **EXAMPLE, normalise=normalise, aggregate=aggregate, **params)
    treated = result.frames["treated"]
    meta = raw[1].set_index("iCode")
    norm = pd.DataFrame(index=treated.index)
    for col in treated.columns:
        x = treated[col] * meta.at[col, "Direction"]
        if normalise == "minmax":
            lo, hi = params["range_"]
            norm[col] = (x - x.min()) / (x.max() - x.min()) * (hi - lo) + lo
        else:
            norm[col] = (x - x.mean()) / x.std(ddof=1)
    values = dict(norm.items())
    for level in (2, 3, 4):
        for code in meta.index[(meta.Level == level) & (meta.Type == "Aggregate")]:
            kids = list(meta.index[meta.Parent == code])
            block = pd.concat([values[k] for k in kids], axis=1)
            w = meta.loc[kids, "Weight"].to_numpy(dtype=float)
            if aggregate == "amean":
                values[code] = (block * w).sum(axis=1) / (block.notna() * w).sum(axis=1)
            else:
                values[code] = np.exp((np.log(block) * w).sum(axis=1) / (block.notna() * w).sum(axis=1))
    assert np.allclose(result.scores["Index"].to_numpy(), values["Index"].to_numpy(), rtol=0, atol=1e-9)
    expected_rank = (-values["Index"]).rank(method="min").to_numpy()
    assert np.array_equal(result.ranks.to_numpy(), expected_rank)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "uCode",
        "Physical",
        "ConEcFin",
        "Political",
        "Instit",
        "P2P",
        "Environ",
        "Social",
        "SusEcFin",
        "Conn",
        "Sust",
        "Index",
        "Rank",
    ]
    assert sorted(frame["Rank"]) == sorted(expected_rank.astype(int))


def test_analysis_helpers(asem):
    result = run_pipeline(asem, **EXAMPLE)
    stats = indicator_stats(result.frames["treated"])
    assert stats.loc["LPI", "n"] == 46 and stats["missing"].sum() == 0
    alpha = cronbach_alpha(result.scores[["Physical", "ConEcFin", "Political", "Instit", "P2P"]])
    assert -1 < alpha <= 1
    w = pca_weights(result.frames["normalised"], asem.framework)
    kids = asem.framework.children("Physical")
    assert sum(w[k] for k in kids) == pytest.approx(1.0)


def test_what_if_doubling_a_pillar_weight_moves_ranks_consistently(asem):
    result = run_pipeline(asem, **EXAMPLE)
    shifts = what_if(result, {"Sust": 3.0})
    assert sorted(shifts["rank_after"].astype(int)) == sorted(result.ranks.astype(int))
    top_sust = result.scores["Sust"].idxmax()
    row = shifts.set_index("uCode").loc[top_sust]
    assert row["rank_after"] <= row["rank_before"]  # the best in sustainability cannot lose ground
