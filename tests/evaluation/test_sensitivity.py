"""Sobol indices through the SALib wrapper: the Ishigami function's analytic values, and the index."""

import numpy as np
import pytest

from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.engine.sensitivity import sensitivity, sobol_indices
from innozone.evaluation.engine.uncertainty import Alternatives

SETTINGS = Settings(denominate=True, impute="group-mean:EurAsia_group", screen=0.9, treat="winsorise", range_=(1, 100))
ALTS = Alternatives(
    normalise=({"normalise": "minmax", "range_": (1, 100)}, {"normalise": "zscore", "m_sd": (10, 2)}),
    aggregate=("amean", "gmean"),
    weight_noise=0.25,
)


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_indices_match_the_analytic_values():
    """Ishigami & Homma (1990), a = 7, b = 0.1: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)."""
    res = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, n=8192, rng=np.random.default_rng(3))
    assert res.S1[0] == pytest.approx([0.3139, 0.4424, 0.0], abs=0.02)
    assert res.ST[0] == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.02)
    frame = res.to_frame()
    assert list(frame["factor"]) == ["x1", "x2", "x3"] and (frame["ST_conf"] > 0).all()


def test_ishigami_is_reproducible_with_the_same_seed():
    a = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, n=256, rng=np.random.default_rng(9))
    b = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, n=256, rng=np.random.default_rng(9))
    assert np.array_equal(a.S1, b.S1) and np.array_equal(a.ST_conf, b.ST_conf)


def test_sensitivity_of_the_mean_rank_shift_names_the_varied_assumptions(asem):
    res = sensitivity(asem, SETTINGS, ALTS, n=64, by_unit=False, rng=np.random.default_rng(1))
    frame = res.to_frame()
    assert list(frame["factor"]) == ["normalise", "aggregate", "weights"]
    assert set(frame["output"]) == {"mean_abs_rank_shift"}
    assert np.all(res.ST >= -0.1) and res.ST.max() > 0


def test_sensitivity_per_unit_rank(asem):
    res = sensitivity(asem, SETTINGS, ALTS, n=32, rng=np.random.default_rng(4))
    assert res.S1.shape == (51, 3) and len(res.to_frame()) == 51 * 3
    moved = res.ST.sum(axis=1) > 0
    assert moved.any()  # units whose rank never changes get zeros
    with pytest.raises(ValueError, match="nothing varies"):
        sensitivity(asem, SETTINGS, Alternatives(), n=8, rng=np.random.default_rng(0))
