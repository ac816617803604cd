"""Uncertainty and Sobol sensitivity: known analytic answers and invariants."""

from pathlib import Path

import numpy as np
import pytest

from innozone.evaluation.engine import read_coinr, run_pipeline
from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.engine.uncertainty import Alternatives, sensitivity, sobol_indices, uncertainty

DATA = Path(__file__).parent / "data"
SETTINGS = Settings(denominate=True, impute="group-mean:EurAsia_group", screen=0.9, treat="winsorise", range_=(1, 100))
ALTS = Alternatives(
    normalise=({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)}),
    aggregate=("amean", "gmean"),
    weight_noise=0.25,
)


@pytest.fixture(scope="module")
def asem():
    return read_coinr(DATA / "ASEM_iData.csv", DATA / "ASEM_iMeta.csv")


def test_ishigami_sobol_indices_match_the_analytic_values():
    def ishigami(x, a=7.0, b=0.1):
        return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])

    res = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, n=8192, rng=np.random.default_rng(3))
    assert res.S1[0] == pytest.approx([0.3139, 0.4424, 0.0], abs=0.02)
    assert res.ST[0] == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.02)


def test_uncertainty_without_variation_reproduces_the_nominal_ranks(asem):
    res = uncertainty(asem, SETTINGS, Alternatives(), n=20)
    nominal = run_pipeline(asem, SETTINGS).ranks.to_numpy()
    assert np.array_equal(res.nominal, nominal)
    assert np.all(res.ranks == nominal[:, None])


def test_replications_cover_the_alternatives_and_give_valid_rank_intervals(asem):
    res = uncertainty(asem, SETTINGS, ALTS, n=400, rng=np.random.default_rng(7))
    assert set(res.choices["aggregate"]) == {"amean", "gmean"} and res.choices["normalise"].nunique() == 2
    assert res.ranks.shape == (46, 400)
    for r in range(400):  # every replication ranks the 46 units 1…46 with min-ties
        column = np.sort(res.ranks[:, r])
        assert column[0] == 1 and column[-1] <= 46
    frame = res.to_frame()
    assert (frame["Q5"] <= frame["Median"]).all() and (frame["Median"] <= frame["Q95"]).all()
    assert (frame["Q95"] - frame["Q5"]).max() > 0  # the assumptions do move some units


def test_each_discrete_combination_matches_the_pipeline_exactly(asem):
    from dataclasses import replace

    res = uncertainty(asem, SETTINGS, replace(ALTS, weight_noise=0.0), n=60, rng=np.random.default_rng(2))
    for combo, rows in res.choices.groupby(["normalise", "aggregate"]).groups.items():
        norm = ALTS.normalise[0] if "minmax" in combo[0] else ALTS.normalise[1]
        expected = run_pipeline(asem, replace(SETTINGS, aggregate=combo[1], **norm)).ranks.to_numpy()
        for r in rows:
            assert np.array_equal(res.ranks[:, r], expected), combo


def test_one_replication_matches_the_pipeline_exactly(asem):
    from dataclasses import replace

    alts = Alternatives(aggregate=("gmean",))
    res = uncertainty(asem, SETTINGS, alts, n=3)
    expected = run_pipeline(asem, replace(SETTINGS, aggregate="gmean")).ranks.to_numpy()
    assert np.array_equal(res.ranks[:, 0], expected)


def test_sensitivity_names_the_varied_assumptions(asem):
    res = sensitivity(asem, SETTINGS, ALTS, n=64, by_unit=False, rng=np.random.default_rng(1))
    frame = res.to_frame()
    assert list(frame["factor"]) == ["normalise", "aggregate", "weights"]
    assert np.all(res.ST >= -0.1) and res.ST.max() > 0
    with pytest.raises(ValueError, match="nothing varies"):
        sensitivity(asem, SETTINGS, Alternatives(), n=8)
