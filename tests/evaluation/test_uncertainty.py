"""Uncertainty analysis: invariants, and each replication equal to a full pipeline run."""

from dataclasses import replace

import numpy as np
import pytest

from innozone.evaluation.engine import run_pipeline
from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.engine.uncertainty import Alternatives, aggregate_many, uncertainty

SETTINGS = Settings(denominate=True, impute="group-mean:EurAsia_group", screen=0.9, treat="winsorise", range_=(1, 100))
ALTS = Alternatives(
    impute=("group-mean:EurAsia_group", "none"),
    normalise=({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)}),
    aggregate=("amean", "gmean"),
    weight_noise=0.25,
)


def test_without_variation_every_replication_is_the_nominal_ranking(asem):
    res = uncertainty(asem, SETTINGS, Alternatives(), n=20, rng=np.random.default_rng(0))
    nominal = run_pipeline(asem, settings=SETTINGS).ranks.to_numpy()
    assert np.array_equal(res.nominal, nominal) and np.all(res.ranks == nominal[:, None])


def test_rank_intervals_are_valid_and_the_assumptions_matter(asem):
    res = uncertainty(asem, SETTINGS, ALTS, n=400, rng=np.random.default_rng(7))
    assert set(res.choices["aggregate"]) == {"amean", "gmean"} and set(res.choices["impute"]) == set(ALTS.impute)
    assert res.ranks.shape == (51, 400) and res.choices["valid"].all()
    for r in range(400):  # every replication ranks the 51 units 1…51 with minimum-rank ties
        column = np.sort(res.ranks[:, r])
        assert column[0] == 1 and np.all(column == [1 + np.sum(column < c) for c in column])
    frame = res.to_frame()
    assert (frame["Q5"] <= frame["Median"]).all() and (frame["Median"] <= frame["Q95"]).all()
    assert (frame["Q95"] - frame["Q5"]).max() > 0


def test_the_same_seed_gives_the_same_answer(asem):
    a = uncertainty(asem, SETTINGS, ALTS, n=50, rng=np.random.default_rng(11))
    b = uncertainty(asem, SETTINGS, ALTS, n=50, rng=np.random.default_rng(11))
    assert np.array_equal(a.ranks, b.ranks) and a.choices.equals(b.choices)


def test_each_discrete_combination_equals_a_full_pipeline_run(asem):
    res = uncertainty(asem, SETTINGS, replace(ALTS, weight_noise=0.0), n=80, rng=np.random.default_rng(2))
    groups = res.choices.groupby(["impute", "normalise", "aggregate"]).groups
    assert len(groups) == 8
    for (imp, norm, agg), rows in groups.items():
        spec = next(n for n in ALTS.normalise if str(n) == norm)
        # the units ranked are the nominal run's (all 51 here), whatever the imputation: no screening needed
        settings = replace(SETTINGS, impute=imp, aggregate=agg, screen=None, **spec)
        expected = run_pipeline(asem, settings=settings).ranks
        assert list(expected.index) == list(res.units)
        for r in rows:
            assert np.array_equal(res.ranks[:, r], expected.to_numpy()), (imp, norm, agg)


def test_perturbed_weights_equal_a_pipeline_run_with_those_weights(asem):
    rng = np.random.default_rng(5)
    res = uncertainty(asem, SETTINGS, Alternatives(weight_noise=0.5), n=3, rng=rng)
    again = np.random.default_rng(5)
    again.integers(1, size=3), again.integers(1, size=3), again.integers(1, size=3)
    fw = asem.framework
    factors = again.uniform(0.5, 1.5, size=(3, len(fw.codes)))
    for r in range(3):
        weights = dict(zip(fw.codes, fw.weight_vector() * factors[r], strict=True))
        expected = run_pipeline(asem, settings=replace(SETTINGS, weights=weights)).ranks.to_numpy()
        assert np.array_equal(res.ranks[:, r], expected)


def test_undefined_geometric_means_are_missing_not_wrong():
    x = np.array([[1.0, 2.0], [0.0, 3.0]])
    w = np.ones((4, 2))
    assert np.isnan(aggregate_many(x, w, "gmean")).all()
    assert np.allclose(aggregate_many(x, w, "amean")[:, 0], [1.5, 1.5])
    three = np.stack([np.array([[1.0, 2.0], [2.0, 3.0]]), np.array([[1.0, 2.0], [0.0, 3.0]])], axis=1)
    out = aggregate_many(three, np.ones((2, 2)), "gmean")
    assert np.allclose(out[:, 0], [np.sqrt(2), np.sqrt(6)]) and np.isnan(out[:, 1]).all()


def test_rng_is_required(asem):
    with pytest.raises(TypeError):
        uncertainty(asem, SETTINGS, ALTS, n=5)


def test_one_aggregation_per_level_matches_the_pipeline(asem):
    settings = replace(SETTINGS, aggregate={2: "amean", 3: "gmean", 4: "hmean"})
    res = uncertainty(asem, settings, Alternatives(weight_noise=0.1), n=4, rng=np.random.default_rng(8))
    scores = run_pipeline(asem, settings=settings).scores
    pillars = scores[["Conn", "Sust"]]
    assert np.allclose(scores["Index"], 2 / (1 / pillars).sum(axis=1))
    assert np.array_equal(res.nominal, run_pipeline(asem, settings=settings).ranks.to_numpy())
    assert res.ranks.shape == (51, 4) and not np.isnan(res.ranks).any()
