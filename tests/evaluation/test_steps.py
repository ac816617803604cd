"""Each step against small cases computed by hand."""

import numpy as np
import pandas as pd
import pytest

from innozone.evaluation.engine.aggregate import aggregate, weighted_mean
from innozone.evaluation.engine.denominate import denominate
from innozone.evaluation.engine.impute import impute
from innozone.evaluation.engine.io import read_coinr
from innozone.evaluation.engine.normalise import (
    DistToMax,
    DistToTarget,
    FracMax,
    Goalposts,
    MinMax,
    Rank,
    ZScore,
    normalise,
)
from innozone.evaluation.engine.results import rank_columns, rank_scores, score_change
from innozone.evaluation.engine.screen import screen
from innozone.evaluation.engine.treat import kurtosis, skewness, treat, treat_column
from innozone.evaluation.engine.weights import equal_weights, manual_weights, pca_weights

UNITS = ["u1", "u2", "u3"]


def tiny_framework():
    """Index ← {P (a, b), Q (c)}; P weighs 3, Q 1; a weighs 1, b 3."""
    meta = pd.DataFrame(
        {
            "iCode": ["a", "b", "c", "P", "Q", "Index"],
            "Level": [1, 1, 1, 2, 2, 3],
            "Parent": ["P", "P", "Q", "Index", "Index", None],
            "Direction": [1, -1, 1, 1, 1, 1],
            "Weight": [1, 3, 1, 3, 1, None],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
        }
    )
    data = pd.DataFrame({"uCode": UNITS, "a": [1.0, 2, 3], "b": [10.0, 20, 30], "c": [5.0, 5, 8]})
    return read_coinr(data, meta)


def test_denominate_divides_by_the_named_denominator_and_scale():
    data = pd.DataFrame({"a": [10.0, 20.0], "b": [1.0, 2.0]}, index=["u1", "u2"])
    dens = pd.DataFrame({"Pop": [2.0, 4.0]}, index=["u1", "u2"])
    res = denominate(data, dens, by={"a": "Pop", "b": None}, scale={"a": 1000})
    assert res.data["a"].tolist() == [5000.0, 5000.0] and res.data["b"].tolist() == [1.0, 2.0]
    assert res.record == {"denominated": {"a": "Pop"}} and res.to_frame() is res.data


def test_screen_drops_units_strictly_below_the_threshold():
    data = pd.DataFrame({"a": [1, np.nan, 1], "b": [1, 1, np.nan], "c": [1, 1, np.nan]}, index=["x", "y", "z"])
    res = screen(data, dat_thresh=2 / 3)  # y has 2/3 available: kept; z has 1/3: dropped
    assert list(res.data.index) == ["x", "y"] and res.record["removed"] == ["z"]
    assert res.record["availability"]["z"] == pytest.approx(1 / 3)


def test_group_mean_and_median_imputation_by_column():
    data = pd.DataFrame({"a": [1.0, 3.0, np.nan, 10.0, np.nan, np.nan, 4.0]}, index=list("pqrstuv"))
    groups = pd.Series(["E", "E", "E", "A", "A", None, "E"], index=list("pqrstuv"))
    res = impute(data, "group-mean", groups=groups)
    assert res.data["a"].tolist()[:5] == [1.0, 3.0, 8 / 3, 10.0, 10.0]
    assert np.isnan(res.data.at["u", "a"])  # no group: untouched
    assert res.record["imputed"] == {"a": ["r", "t"]}
    assert impute(data, "group-median", groups=groups).data.at["r", "a"] == 3.0
    assert impute(data, "median").data.at["u", "a"] == 3.5  # median of 1, 3, 4, 10
    assert impute(data, "none").data.equals(data)


def test_a_group_with_no_values_stays_missing():
    data = pd.DataFrame({"a": [np.nan, np.nan, 2.0]}, index=["x", "y", "z"])
    res = impute(data, "group-mean", groups=pd.Series(["A", "A", "B"], index=["x", "y", "z"]))
    assert res.data["a"].isna().tolist() == [True, True, False] and res.record["imputed"] == {}


def test_skewness_and_kurtosis_match_hand_computation():
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0, np.nan])
    v = x[:5]
    m, n = v - v.mean(), 5
    g1 = np.sqrt(n) * (m**3).sum() / (m**2).sum() ** 1.5
    assert skewness(x) == pytest.approx(g1 * np.sqrt(n * (n - 1)) / (n - 2))
    r = n * (m**4).sum() / (m**2).sum() ** 2
    assert kurtosis(x) == pytest.approx(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))
    assert np.isnan(skewness([1.0, 2.0])) and np.isnan(kurtosis([1.0, 2.0, 3.0]))


def test_treat_winsorises_the_outlier_to_the_next_value():
    x = np.array([1.0, 2, 2, 3, 3, 3, 4, 4, 5, 6, 200.0])
    out, rec = treat_column(x)
    assert rec["status"] == "winsorised" and rec["winsorised"] == 1 and rec["points"] == [10]
    assert out[-1] == 6.0 and np.array_equal(out[:-1], x[:-1])


def test_tied_extremes_move_together():
    x = np.array([*range(1, 30), 500.0, 500.0])
    out, rec = treat_column(x)
    assert rec["winsorised"] == 2 and rec["points"] == [29, 30] and np.all(out[29:] == 29)


def test_treat_leaves_a_passing_column_alone_and_logs_when_winsorising_is_not_enough():
    x = np.arange(10.0)
    out, rec = treat_column(x)
    assert rec["status"] == "passed" and np.array_equal(out, x)
    skewed = np.array([1.0] * 20 + [50.0, 60, 70, 80, 90, 100, 1000, 2000])
    out, rec = treat_column(skewed, winmax=1)
    lo, hi = skewed.min(), skewed.max()
    assert rec["status"] == "log" and np.allclose(out, np.log(skewed - lo + 0.01 * (hi - lo)))


def test_treat_records_which_units_were_winsorised():
    data = pd.DataFrame({"a": [1.0, 2, 2, 3, 3, 3, 4, 4, 5, 6, 200.0], "b": np.arange(11.0)})
    data.index = [f"u{i}" for i in range(11)]
    res = treat(data)
    assert res.record["columns"]["a"]["points"] == [{"uCode": "u10", "from": 200.0, "to": 6.0}]
    assert res.record["columns"]["b"]["status"] == "passed"


def test_normalise_methods_by_hand():
    data = pd.DataFrame({"x": [2.0, 4.0, 6.0, np.nan], "y": [2.0, 4.0, 6.0, np.nan]})
    dirs = {"x": 1, "y": -1}
    got = normalise(data, MinMax(), directions=dirs).data
    assert np.allclose(got["x"][:3], [0, 50, 100]) and np.allclose(got["y"][:3], [100, 50, 0])
    assert np.isnan(got["x"][3])
    assert np.allclose(normalise(data, MinMax(1, 100), directions=dirs).data["x"][:3], [1, 50.5, 100])
    assert np.allclose(normalise(data, ZScore(10, 2), directions=dirs).data["x"][:3], [8, 10, 12])
    ranks = normalise(pd.DataFrame({"x": [3.0, 1, 3, 2]}), Rank(), directions={}).data["x"]
    assert ranks.tolist() == [3, 1, 3, 2]
    prank = normalise(pd.DataFrame({"x": [3.0, 1, 2]}), Rank("percentile"), directions={}).data["x"]
    assert prank.tolist() == [1.0, 0.0, 0.5]
    assert np.allclose(normalise(data, FracMax(), directions={}).data["x"][:3], [1 / 3, 2 / 3, 1])
    assert np.allclose(normalise(data, DistToMax(), directions={}).data["x"][:3], [0, 0.5, 1])


def test_distance_to_target_and_goalposts_by_hand():
    x = pd.DataFrame({"x": [2.0, 4.0, 6.0]})
    up = normalise(x, DistToTarget({"x": 5.0}, cap_max=True), directions={"x": 1}).data["x"]
    assert np.allclose(up, [0, 2 / 3, 1])
    down = normalise(x, DistToTarget({"x": 3.0}), directions={"x": -1}).data["x"]
    assert np.allclose(down, [4 / 3, 2 / 3, 0])
    posts = Goalposts({"x": (3.0, 5.0)})
    assert np.allclose(normalise(x, posts, directions={"x": 1}).data["x"], [0, 50, 100])
    assert np.allclose(normalise(x, posts, directions={"x": -1}).data["x"], [100, 50, 0])


def test_weighted_means_by_hand_and_missing_children():
    x = np.array([[1.0, 3.0, np.nan], [np.nan, np.nan, np.nan]])
    w = np.array([1.0, 3.0, 5.0])
    out = weighted_mean(x, w, "amean")
    assert out[0] == pytest.approx((1 + 9) / 4) and np.isnan(out[1])
    assert weighted_mean([[4.0, 16.0]], [1.0, 1.0], "gmean")[0] == pytest.approx(8.0)
    assert weighted_mean([[2.0, 8.0]], [1.0, 3.0], "gmean")[0] == pytest.approx(2 ** (1 / 4) * 8 ** (3 / 4))
    assert weighted_mean([[2.0, 6.0]], [1.0, 1.0], "hmean")[0] == pytest.approx(3.0)
    assert weighted_mean([[1.0, 3.0]], [1.0, 1.0], "genmean", p=2)[0] == pytest.approx(np.sqrt(5))


def test_zeros_are_refused_by_the_geometric_and_harmonic_means():
    with pytest.raises(ValueError, match="positive"):
        weighted_mean([[0.0, 1.0]], [1.0, 1.0], "gmean")
    with pytest.raises(ValueError, match="zeros"):
        weighted_mean([[0.0, 1.0]], [1.0, 1.0], "hmean")


def test_aggregate_up_the_tree_by_hand():
    ds = tiny_framework()
    norm = normalise(ds.data, MinMax(), directions=ds.framework.direction).data
    # a → 0, 50, 100; b (reversed) → 100, 50, 0; c → 0, 0, 100
    scores = aggregate(norm, "amean", framework=ds.framework).data
    assert np.allclose(scores["P"], [(0 + 300) / 4, 50, 100 / 4])
    assert np.allclose(scores["Index"], [(3 * 75 + 0) / 4, (3 * 50 + 0) / 4, (3 * 25 + 100) / 4])
    by_level = aggregate(norm + 1, {2: "amean", 3: "gmean"}, framework=ds.framework)
    assert by_level.record["method"] == {2: "amean", 3: "gmean"}
    p, q = by_level.data["P"], by_level.data["Q"]
    assert np.allclose(by_level.data["Index"], np.exp((3 * np.log(p) + np.log(q)) / 4))


def test_a_node_below_its_data_threshold_is_missing():
    ds = tiny_framework()
    norm = ds.data.copy()
    norm.loc["u1", "a"] = np.nan
    scores = aggregate(norm, "amean", framework=ds.framework, dat_thresh=0.6).data
    assert np.isnan(scores.at["u1", "P"]) and not np.isnan(scores.at["u2", "P"])


def test_weights_manual_equal_and_pca():
    ds = tiny_framework()
    assert manual_weights(ds.framework, {"b": 1})["b"] == 1.0 and manual_weights(ds.framework)["P"] == 3.0
    assert set(equal_weights(ds.framework).values()) == {1.0}
    with pytest.raises(ValueError, match="no indicator"):
        manual_weights(ds.framework, {"zz": 1})
    # two perfectly correlated indicators: PC1 = (1, 1)/√2, squared loadings 1/2 each
    norm = pd.DataFrame({"a": [0.0, 50, 100], "b": [0.0, 50, 100], "c": [1.0, 2, 3]}, index=UNITS)
    w = pca_weights(norm, ds.framework)
    assert w["a"] == pytest.approx(0.5) and w["b"] == pytest.approx(0.5) and w["c"] == 1.0


def test_ranks_ties_take_the_minimum_rank():
    assert rank_scores([90.0, 95, 90, np.nan, 10]).tolist()[:3] == [2, 1, 2]
    assert np.isnan(rank_scores([1.0, np.nan])[1])
    both = rank_columns(np.array([[90.0, 1], [95, 1], [90, np.nan]]))
    assert both[:, 0].tolist() == [2, 1, 2] and both[:2, 1].tolist() == [1, 1] and np.isnan(both[2, 1])


def test_score_change_between_two_years():
    before = pd.DataFrame({"uCode": ["a", "b"], "Index": [50.0, 60.0], "Rank": [2, 1]})
    after = pd.DataFrame({"uCode": ["a", "b", "c"], "Index": [70.0, 55.0, 1.0], "Rank": [1, 2, 3]})
    change = score_change(before, after).set_index("uCode")
    assert change.loc["a"].tolist() == [20.0, 1.0] and change.loc["b"].tolist() == [-5.0, -1.0]
    assert change.loc["c"].isna().all()
