"""The scoring engine: weighted totals with every refusal, the summary with trim, median and outliers."""

from decimal import Decimal as D

import pytest

from innozone.funds.engine.scoring import CriterionSpec, ScoringError, summarise, weighted_total

CRITERIA = [CriterionSpec("a", D("40"), 10), CriterionSpec("b", D("30"), 10), CriterionSpec("c", D("30"), 5)]


def test_weighted_total_is_a_100_point_score():
    assert weighted_total(CRITERIA, {"a": D("10"), "b": D("10"), "c": D("5")}) == D("100.00")
    assert weighted_total(CRITERIA, {"a": D("8"), "b": D("7"), "c": D("4")}) == D("77.00")  # 32 + 21 + 24
    assert weighted_total(CRITERIA, {"a": D("0"), "b": D("0"), "c": D("0")}) == D("0.00")
    # 100 × (7.5/10×1) / 3 = 25 ; unequal weights round half up
    three = [CriterionSpec(k, D("1"), 10) for k in "xyz"]
    assert weighted_total(three, {"x": D("7.5"), "y": D("0"), "z": D("0")}) == D("25.00")
    assert weighted_total(three, {"x": D("1"), "y": D("0"), "z": D("0")}) == D("3.33")
    assert weighted_total(three, {"x": D("0.5"), "y": D("0"), "z": D("0")}) == D("1.67")  # 1.666… up


@pytest.mark.parametrize(
    ("scores", "code", "key"),
    [
        ({"a": D("8"), "b": D("7")}, "missing", "c"),
        ({"a": D("11"), "b": D("7"), "c": D("4")}, "range", "a"),
        ({"a": D("-1"), "b": D("7"), "c": D("4")}, "range", "a"),
        ({"a": D("8.25"), "b": D("7"), "c": D("4")}, "places", "a"),
        ({"a": "x", "b": D("7"), "c": D("4")}, "number", "a"),
        ({"a": D("NaN"), "b": D("7"), "c": D("4")}, "number", "a"),
    ],
)
def test_weighted_total_refuses(scores, code, key):
    with pytest.raises(ScoringError) as e:
        weighted_total(CRITERIA, scores)
    assert (e.value.code, e.value.key) == (code, key)


def test_summary_trimmed_mean_median_spread_and_outliers():
    s = summarise([D("80"), D("82"), D("78"), D("85"), D("40")], trim=1, outlier_points=D("20"))
    assert s.count == 5 and s.total == D("365.00") and s.mean == D("73.00")
    assert s.trimmed == 1 and s.trimmed_mean == D("80.00")  # 40 and 85 dropped
    assert s.median == D("80.00") and s.spread == D("45.00")
    assert s.outliers == (4,)


def test_summary_small_panels_and_empty():
    assert summarise([]).count == 0 and summarise([]).mean is None and summarise([]).outliers == ()
    two = summarise([D("90"), D("40")], trim=1)
    assert two.trimmed == 0 and two.trimmed_mean == two.mean == D("65.00")
    assert two.outliers == ()  # only from three totals on
    assert two.median == D("65.00")
    s = summarise([D("70.005"), D("70"), D("70")], trim=0)
    assert s.trimmed == 0 and s.mean == D("70.00")
    exact = summarise([D("60"), D("80"), D("100")], outlier_points=D("20"))
    assert exact.outliers == ()  # |100 − 80| = 20 is not more than 20
    assert summarise([D("60"), D("80"), D("100")], trim=2).trimmed == 0
