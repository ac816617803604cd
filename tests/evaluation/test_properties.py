"""Properties the issue names, checked with hypothesis on generated data."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from innozone.evaluation.engine.aggregate import aggregate
from innozone.evaluation.engine.io import read_coinr
from innozone.evaluation.engine.normalise import MinMax, ZScore, normalise
from innozone.evaluation.engine.results import rank_scores

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def column(x):
    return pd.DataFrame({"x": x})


@given(arrays(float, st.integers(2, 40), elements=finite), st.floats(-100, 100), st.floats(1, 200))
def test_minmax_output_stays_in_range(x, lo, width):
    out = normalise(column(x), MinMax(lo, lo + width), directions={}).data["x"].to_numpy()
    if np.ptp(x) > 0:
        assert np.all(out >= lo - 1e-9 * width) and np.all(out <= lo + width + 1e-9 * width)
        assert np.isclose(out.min(), lo) and np.isclose(out.max(), lo + width)
    else:
        assert np.isnan(out).all()  # a flat column has no scale


@given(
    arrays(float, st.integers(2, 40), elements=st.integers(-(10**6), 10**6).map(float), unique=True),
    st.sampled_from([MinMax(), MinMax(1, 100), ZScore(), ZScore(10, 2)]),
)
def test_direction_minus_one_reverses_the_order(x, method):
    up = normalise(column(x), method, directions={"x": 1}).data["x"].to_numpy()
    down = normalise(column(x), method, directions={"x": -1}).data["x"].to_numpy()
    assert np.array_equal(np.argsort(up), np.argsort(x)) and np.array_equal(np.argsort(down), np.argsort(-x))


@given(arrays(float, st.integers(1, 60), elements=st.integers(0, 10).map(float)))
def test_ranks_are_a_permutation_with_ties_at_the_minimum_rank(scores):
    ranks = rank_scores(scores).astype(int)
    for i, s in enumerate(scores):
        assert ranks[i] == 1 + np.sum(scores > s)  # one plus the number strictly better
    # without ties it is a permutation of 1…n; with ties, each tied block starts where it would begin
    order = np.sort(ranks)
    expected = np.array([1 + np.sum(order < r) for r in order])
    assert np.array_equal(order, expected) and order[0] == 1
    if len(set(scores)) == len(scores):
        assert sorted(ranks) == list(range(1, len(scores) + 1))


@settings(max_examples=50, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 20), st.integers(2, 8)), elements=st.floats(0, 100)))
def test_equal_weights_and_arithmetic_mean_of_normalised_data_is_the_row_mean(x):
    k = x.shape[1]
    codes = [f"i{j}" for j in range(k)]
    meta = pd.DataFrame(
        {
            "iCode": [*codes, "Index"],
            "Level": [1] * k + [2],
            "Parent": ["Index"] * k + [None],
            "Direction": [1] * (k + 1),
            "Weight": [1] * (k + 1),
            "Type": ["Indicator"] * k + ["Aggregate"],
        }
    )
    data = pd.DataFrame(x, columns=codes)
    data.insert(0, "uCode", [f"u{i}" for i in range(len(x))])
    ds = read_coinr(data, meta)
    scores = aggregate(ds.data, "amean", framework=ds.framework).data
    assert np.allclose(scores["Index"], x.mean(axis=1), rtol=1e-12, atol=1e-12)
