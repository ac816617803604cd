"""Each step against small cases computed by hand, and the properties the issue names."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from innozone.evaluation.engine import steps
from innozone.evaluation.engine.framework import FrameworkError, read_coinr

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def test_denominate_divides_by_the_named_denominator():
    data = pd.DataFrame({"a": [10.0, 20.0], "b": [1.0, 2.0]}, index=["u1", "u2"])
    dens = pd.DataFrame({"Pop": [2.0, 4.0]}, index=["u1", "u2"])
    out, rec = steps.denominate(data, dens, {"a": "Pop", "b": None})
    assert out["a"].tolist() == [5.0, 5.0] and out["b"].tolist() == [1.0, 2.0]
    assert rec == {"denominated": {"a": "Pop"}}


def test_screen_drops_units_strictly_below_the_threshold():
    data = pd.DataFrame({"a": [1, np.nan, 1], "b": [1, 1, np.nan], "c": [1, 1, np.nan]}, index=["x", "y", "z"])
    out, rec = steps.screen_units(data, 2 / 3)  # y has 2/3 available: kept; z has 1/3: dropped
    assert list(out.index) == ["x", "y"] and rec["removed"] == ["z"]


def test_group_mean_imputation_by_column():
    data = pd.DataFrame({"a": [1.0, 3.0, np.nan, 10.0, np.nan, np.nan]})
    groups = pd.Series(["E", "E", "E", "A", "A", None])
    out, rec = steps.impute(data, "group-mean", groups)
    assert out["a"].tolist()[:5] == [1.0, 3.0, 2.0, 10.0, 10.0]
    assert np.isnan(out["a"].iloc[5])  # no group: untouched
    assert rec["imputed"] == {"a": [2, 4]}


def test_skewness_and_kurtosis_match_hand_computation():
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    m = x - x.mean()
    n = 5
    g1 = np.sqrt(n) * (m**3).sum() / (m**2).sum() ** 1.5
    assert steps.skewness(x) == pytest.approx(g1 * np.sqrt(n * (n - 1)) / (n - 2))
    r = n * (m**4).sum() / (m**2).sum() ** 2
    assert steps.kurtosis(x) == pytest.approx(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def test_treat_winsorises_the_outlier_to_the_next_value():
    x = np.array([1.0, 2, 2, 3, 3, 3, 4, 4, 5, 6, 200.0])
    out, rec = steps.treat_column(x)
    assert rec == {"winsorised": 1, "log": False, "passed_before": False}
    assert out[-1] == 6.0 and np.array_equal(out[:-1], x[:-1])


def test_treat_leaves_a_passing_column_alone_and_logs_when_winsorising_is_not_enough():
    x = np.arange(10.0)
    out, rec = steps.treat_column(x)
    assert rec["passed_before"] and np.array_equal(out, x)
    skewed = np.array([1.0] * 20 + [50.0, 60, 70, 80, 90, 100, 1000, 2000])
    out, rec = steps.treat_column(skewed, winmax=1)
    assert rec["log"]
    lo, hi = skewed.min(), skewed.max()
    assert np.allclose(out, np.log(skewed - lo + 0.01 * (hi - lo)))


def test_normalise_minmax_zscore_rank_and_target():
    x = np.array([2.0, 4.0, 6.0, np.nan])
    assert np.allclose(steps.normalise_column(x, "minmax")[:3], [0, 50, 100])
    assert np.allclose(steps.normalise_column(x, "minmax", direction=-1)[:3], [100, 50, 0])
    assert np.allclose(steps.normalise_column(x, "minmax", range_=(1, 100))[:3], [1, 50.5, 100])
    assert np.allclose(steps.normalise_column(x, "zscore", m_sd=(10, 2))[:3], [8, 10, 12])
    assert steps.normalise_column(np.array([3.0, 1, 3, 2]), "rank").tolist() == [3, 1, 3, 2]
    assert np.allclose(steps.normalise_column(x, "dist2targ", target=5.0, cap_max=True)[:3], [0, 2 / 3, 1])
    assert np.allclose(steps.normalise_column(x, "dist2targ", direction=-1, target=3.0)[:3], [4 / 3, 2 / 3, 0])


def test_weighted_means_drop_missing_children_and_reject_zeros_for_gmean():
    x = np.array([[1.0, 3.0, np.nan], [np.nan, np.nan, np.nan]])
    w = np.array([1.0, 3.0, 5.0])
    out = steps.weighted_mean(x, w, "amean")
    assert out[0] == pytest.approx((1 + 9) / 4) and np.isnan(out[1])
    assert steps.weighted_mean(np.array([[4.0, 16.0]]), np.array([1.0, 1.0]), "gmean")[0] == pytest.approx(8.0)
    assert steps.weighted_mean(np.array([[2.0, 6.0]]), np.array([1.0, 1.0]), "hmean")[0] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="positive"):
        steps.weighted_mean(np.array([[0.0, 1.0]]), np.array([1.0, 1.0]), "gmean")


def test_ranks_ties_take_the_minimum_rank():
    assert steps.rank_scores(np.array([90.0, 95, 90, np.nan, 10])).tolist()[:3] == [2, 1, 2]
    assert np.isnan(steps.rank_scores(np.array([1.0, np.nan]))[1])


@given(arrays(float, st.integers(2, 40), elements=finite), st.floats(-100, 100), st.floats(1, 200))
def test_minmax_output_stays_in_range(x, lo, width):
    out = steps.normalise_column(x, "minmax", range_=(lo, lo + width))
    if np.ptp(x) > 0:
        assert np.all(out >= lo - 1e-9) and np.all(out <= lo + width + 1e-9)


@given(arrays(float, st.integers(2, 40), elements=st.integers(-(10**6), 10**6).map(float), unique=True))
def test_direction_minus_one_reverses_the_order(x):
    up = steps.normalise_column(x, "minmax")
    down = steps.normalise_column(x, "minmax", direction=-1)
    assert np.array_equal(np.argsort(up), np.argsort(-down))


@given(arrays(float, st.integers(1, 60), elements=st.integers(0, 10).map(float)))
def test_ranks_are_a_min_tie_permutation(scores):
    ranks = steps.rank_scores(scores)
    for i, s in enumerate(scores):
        assert ranks[i] == 1 + np.sum(scores > s)  # number strictly better, plus one
    assert ranks.min() == 1


@settings(max_examples=50)
@given(arrays(float, st.tuples(st.integers(1, 20), st.integers(1, 8)), elements=st.floats(0, 100)))
def test_equal_weights_arithmetic_mean_is_the_row_mean(x):
    out = steps.weighted_mean(x, np.ones(x.shape[1]), "amean")
    assert np.allclose(out, x.mean(axis=1))


def test_reading_bad_tables_lists_every_problem():
    meta = pd.DataFrame(
        {
            "iCode": ["a", "a", "P", "Index"],
            "Level": [1, 1, 2, 3],
            "Parent": ["P", "X", "Index", None],
            "Direction": [1, 2, 1, 1],
            "Weight": [1, 1, 1, 1],
            "Type": ["Indicator", "Indicator", "Aggregate", "Aggregate"],
        }
    )
    data = pd.DataFrame({"uCode": ["u1", "u2"], "uName": ["A", "B"], "a": [1, "n/a"]})
    with pytest.raises(FrameworkError) as err:
        read_coinr(data, meta)
    text = str(err.value)
    assert "duplicate code a" in text and "must be 1 or -1" in text and "not a number: 'n/a'" in text
    assert {p["table"] for p in err.value.problems} == {"iMeta", "iData"}
