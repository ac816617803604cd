"""Properties of the pure scoring engine (funds/engine/scoring.py), written from the brief's specification only:
the weighted total of an expert's criterion scores and the summary (total, mean, trimmed mean, median, outliers)
of an application's totals. The expected values are computed here independently (fractions, statistics.median)."""

import statistics
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from innozone.funds.engine.scoring import CriterionSpec, ScoringError, Summary, summarise, weighted_total

CENT = Decimal("0.01")


def half_up(value) -> Decimal:
    """A Fraction/Decimal (≥ 0 or < 0) rounded to 0.01 ROUND_HALF_UP, computed exactly."""
    if isinstance(value, Fraction):
        sign = -1 if value < 0 else 1
        cents = abs(value) * 100
        whole = int(cents)  # floor for a non-negative number
        if cents - whole >= Fraction(1, 2):
            whole += 1
        return (Decimal(sign * whole) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def exact_total(criteria, scores) -> Fraction:
    weighted = sum(Fraction(scores[c.key]) / c.max_score * Fraction(c.weight) for c in criteria)
    return 100 * weighted / sum(Fraction(c.weight) for c in criteria)


def is_cents(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


# --- strategies -------------------------------------------------------------------------------------------------

weights = st.one_of(
    st.integers(1, 100).map(Decimal),
    st.integers(1, 1000).map(lambda n: Decimal(n).scaleb(-2)),  # 0.01 … 10.00
)


@st.composite
def criteria_and_scores(draw, min_size=1, max_size=6):
    n = draw(st.integers(min_size, max_size))
    criteria = [
        CriterionSpec(key=f"c{i}", weight=draw(weights), max_score=draw(st.sampled_from([1, 3, 5, 7, 10, 15, 20, 100])))
        for i in range(n)
    ]
    # a score with at most one decimal place: tenths from 0 to max × 10
    scores = {c.key: Decimal(draw(st.integers(0, c.max_score * 10))).scaleb(-1) for c in criteria}
    return criteria, scores


money_totals = st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2))  # 0.00 … 100.00


# --- weighted_total ---------------------------------------------------------------------------------------------


@given(criteria_and_scores())
def test_total_is_within_0_and_100_and_quantized_to_cents(case):
    criteria, scores = case
    total = weighted_total(criteria, scores)
    assert Decimal(0) <= total <= Decimal(100)
    assert is_cents(total), total


@given(criteria_and_scores())
@example(  # found by hypothesis: 36.625 exactly, from two non-terminating sevenths
    (
        [
            CriterionSpec(key="c0", weight=Decimal("38"), max_score=7),
            CriterionSpec(key="c1", weight=Decimal("57"), max_score=7),
            CriterionSpec(key="c2", weight=Decimal("25"), max_score=20),
        ],
        {"c0": Decimal("0.1"), "c1": Decimal("5.3"), "c2": Decimal("0.2")},
    )
)
def test_total_is_the_formula_rounded_half_up(case):
    criteria, scores = case
    assert weighted_total(criteria, scores) == half_up(exact_total(criteria, scores))


@given(criteria_and_scores())
def test_all_max_is_100_and_all_zero_is_0(case):
    criteria, _ = case
    top = weighted_total(criteria, {c.key: Decimal(c.max_score) for c in criteria})
    assert top == Decimal("100.00") and is_cents(top)
    bottom = weighted_total(criteria, {c.key: Decimal(0) for c in criteria})
    assert bottom == Decimal("0.00") and is_cents(bottom)


@given(
    criteria_and_scores(),
    st.one_of(st.integers(1, 1000).map(Decimal), st.sampled_from([Decimal("0.5"), Decimal("0.01"), Decimal("2.5")])),
)
def test_scaling_every_weight_by_a_constant_keeps_the_total(case, factor):
    criteria, scores = case
    scaled = [CriterionSpec(key=c.key, weight=c.weight * factor, max_score=c.max_score) for c in criteria]
    assert weighted_total(scaled, scores) == weighted_total(criteria, scores)


@given(criteria_and_scores(), st.data())
def test_a_missing_score_raises(case, data):
    criteria, scores = case
    missing = data.draw(st.sampled_from([c.key for c in criteria]))
    del scores[missing]
    with pytest.raises(ScoringError) as caught:
        weighted_total(criteria, scores)
    assert isinstance(caught.value, ValueError)
    assert caught.value.key == missing
    assert isinstance(caught.value.code, str) and caught.value.code


@given(criteria_and_scores(), st.data())
def test_a_score_out_of_range_raises(case, data):
    criteria, scores = case
    bad = data.draw(st.sampled_from(criteria))
    above = Decimal(bad.max_score) + Decimal(data.draw(st.integers(1, 50))).scaleb(-1)  # max + 0.1 … max + 5.0
    below = -Decimal(data.draw(st.integers(1, 50))).scaleb(-1)  # −0.1 … −5.0
    for value in (above, below):
        with pytest.raises(ScoringError) as caught:
            weighted_total(criteria, {**scores, bad.key: value})
        assert caught.value.key == bad.key
        assert isinstance(caught.value.code, str) and caught.value.code


@given(criteria_and_scores(), st.data())
def test_a_score_with_two_decimal_places_raises(case, data):
    criteria, scores = case
    bad = data.draw(st.sampled_from(criteria))
    tenths = data.draw(st.integers(0, bad.max_score * 10 - 1))
    hundredth = data.draw(st.integers(1, 9))
    value = Decimal(tenths * 10 + hundredth).scaleb(-2)  # e.g. 7.25: within range, a non-zero second decimal
    assert Decimal(0) < value < bad.max_score
    with pytest.raises(ScoringError) as caught:
        weighted_total(criteria, {**scores, bad.key: value})
    assert caught.value.key == bad.key


def test_weighted_total_hand_examples():
    criteria = [
        CriterionSpec(key="innovation", weight=Decimal("40"), max_score=10),
        CriterionSpec(key="feasibility", weight=Decimal("30"), max_score=10),
        CriterionSpec(key="team", weight=Decimal("30"), max_score=20),
    ]
    # 100 × (8.5/10×40 + 7/10×30 + 15/20×30) / 100 = 34 + 21 + 22.5 = 77.50
    scores = {"innovation": Decimal("8.5"), "feasibility": Decimal("7"), "team": Decimal("15.0")}
    assert weighted_total(criteria, scores) == Decimal("77.50")
    # the same weights as fractions of one (0.4/0.3/0.3) give the same total
    fractions = [CriterionSpec(key=c.key, weight=c.weight / 100, max_score=c.max_score) for c in criteria]
    assert weighted_total(fractions, scores) == Decimal("77.50")
    # 100 × 1/3 = 33.333… → 33.33; 100 × 2/3 = 66.666… → 66.67
    third = [CriterionSpec(key="a", weight=Decimal("1"), max_score=3)]
    assert weighted_total(third, {"a": Decimal("1")}) == Decimal("33.33")
    assert weighted_total(third, {"a": Decimal("2")}) == Decimal("66.67")
    # 100 × 0.1/16 = 0.625 → 0.63 half up (half even would give 0.62, round down 0.62)
    sixteenth = [CriterionSpec(key="a", weight=Decimal("5"), max_score=16)]
    assert weighted_total(sixteenth, {"a": Decimal("0.1")}) == Decimal("0.63")
    # two criteria, weights 1 and 3, max 10 and 5: 100 × (6/10×1 + 2.5/5×3) / 4 = 100 × 2.1 / 4 = 52.50
    two = [
        CriterionSpec(key="x", weight=Decimal(1), max_score=10),
        CriterionSpec(key="y", weight=Decimal(3), max_score=5),
    ]
    assert weighted_total(two, {"x": Decimal("6"), "y": Decimal("2.5")}) == Decimal("52.50")
    # 7.25 has two decimal places → ScoringError for that key
    with pytest.raises(ScoringError) as caught:
        weighted_total(two, {"x": Decimal("7.25"), "y": Decimal("2")})
    assert caught.value.key == "x"


def test_weighted_total_rounds_an_exact_half_cent_up_even_when_the_terms_do_not_terminate():
    # weights 25/5/25/25 (Σ 80), maxima 30/30/25/30, scores 27.7/3.2/7/16.9:
    # 27.7/30×25 = 23.0833…, 3.2/30×5 = 0.5333…, 7/25×25 = 7, 16.9/30×25 = 14.0833…
    # Σ = (692.5 + 16 + 422.5)/30 + 7 = 1131/30 + 7 = 37.7 + 7 = 44.7 exactly; 100 × 44.7/80 = 55.875 → 55.88 half up
    # (summing the three non-terminating thirds in 28-digit decimals gives 55.87499… → 55.87: wrong)
    criteria = [
        CriterionSpec(key="a", weight=Decimal("25"), max_score=30),
        CriterionSpec(key="b", weight=Decimal("5"), max_score=30),
        CriterionSpec(key="c", weight=Decimal("25"), max_score=25),
        CriterionSpec(key="d", weight=Decimal("25"), max_score=30),
    ]
    scores = {"a": Decimal("27.7"), "b": Decimal("3.2"), "c": Decimal("7"), "d": Decimal("16.9")}
    assert exact_total(criteria, scores) == Fraction(447, 8)  # 55.875
    assert weighted_total(criteria, scores) == Decimal("55.88")
    # weights 38/57/25 (Σ 120), maxima 7/7/20, scores 0.1/5.3/0.2: 0.1/7×38 + 5.3/7×57 = (3.8 + 302.1)/7 = 43.7,
    # 0.2/20×25 = 0.25; 100 × 43.95/120 = 36.625 → 36.63 half up
    criteria = [
        CriterionSpec(key="a", weight=Decimal("38"), max_score=7),
        CriterionSpec(key="b", weight=Decimal("57"), max_score=7),
        CriterionSpec(key="c", weight=Decimal("25"), max_score=20),
    ]
    scores = {"a": Decimal("0.1"), "b": Decimal("5.3"), "c": Decimal("0.2")}
    assert exact_total(criteria, scores) == Fraction(293, 8)  # 36.625
    assert weighted_total(criteria, scores) == Decimal("36.63")


# --- summarise --------------------------------------------------------------------------------------------------


def trimmed_expected(totals, trim):
    n = len(totals)
    if n > 2 * trim:
        kept = sorted(totals)[trim : n - trim]
        return half_up(Fraction(sum(kept)) / len(kept)), trim
    return half_up(Fraction(sum(totals)) / n), 0


@given(st.lists(money_totals, min_size=1, max_size=12), st.integers(0, 3))
def test_summary_total_mean_and_trimmed_mean(totals, trim):
    summary = summarise(totals, trim=trim)
    n = len(totals)
    assert isinstance(summary, Summary)
    assert summary.count == n
    assert summary.total == sum(totals) and is_cents(summary.total)
    assert summary.mean == half_up(Fraction(sum(totals)) / n) and is_cents(summary.mean)
    # mean × n is the total within the rounding of the mean (half a cent per total)
    assert abs(summary.mean * n - summary.total) <= Decimal("0.005") * n
    expected, trimmed = trimmed_expected(totals, trim)
    assert summary.trimmed_mean == expected and is_cents(summary.trimmed_mean)
    assert summary.trimmed == trimmed
    assert min(totals) <= summary.trimmed_mean <= max(totals)
    assert min(totals) <= summary.mean <= max(totals)


@given(st.lists(money_totals, min_size=1, max_size=12), st.integers(0, 3))
def test_with_few_totals_the_trimmed_mean_is_the_mean(totals, trim):
    assume(len(totals) <= 2 * trim)
    summary = summarise(totals, trim=trim)
    assert summary.trimmed_mean == summary.mean
    assert summary.trimmed == 0


@given(st.lists(money_totals, min_size=1, max_size=12), st.integers(0, 3), st.randoms(use_true_random=False))
def test_the_summary_does_not_depend_on_the_order_except_outlier_indexes(totals, trim, random):
    shuffled = list(totals)
    random.shuffle(shuffled)
    one, other = summarise(totals, trim=trim), summarise(shuffled, trim=trim)
    assert one.trimmed_mean == other.trimmed_mean
    assert (one.count, one.total, one.mean, one.trimmed, one.median) == (
        other.count,
        other.total,
        other.mean,
        other.trimmed,
        other.median,
    )
    # the outliers are the same values, at their new places
    assert sorted(totals[i] for i in one.outliers) == sorted(shuffled[i] for i in other.outliers)


@given(st.lists(money_totals, min_size=1, max_size=12))
def test_the_median_is_the_median(totals):
    summary = summarise(totals)
    exact = statistics.median(totals)
    assert summary.median is not None
    assert abs(summary.median - exact) <= Decimal("0.005")
    assert min(totals) <= summary.median <= max(totals)
    assert summary.spread is None or summary.spread >= 0


outlier_points = st.one_of(
    st.sampled_from([Decimal("20"), Decimal("10"), Decimal("5"), Decimal("15.5"), Decimal("0")]),
    st.integers(0, 5000).map(lambda n: Decimal(n).scaleb(-2)),
)
clustered_totals = st.lists(
    st.one_of(money_totals, st.integers(7000, 8000).map(lambda n: Decimal(n).scaleb(-2))), min_size=0, max_size=12
)


@given(clustered_totals, outlier_points)
def test_outliers_are_exactly_the_totals_far_from_the_median(totals, points):
    summary = summarise(totals, outlier_points=points)
    if len(totals) < 3:
        assert tuple(summary.outliers) == ()
        return
    median = statistics.median(totals)
    expected = tuple(i for i, total in enumerate(totals) if abs(total - median) > points)
    assert isinstance(summary.outliers, tuple)
    assert summary.outliers == expected


@given(st.integers(0, 3), outlier_points)
def test_an_empty_input_gives_count_0_and_nones(trim, points):
    for empty in ([], ()):
        summary = summarise(empty, trim=trim, outlier_points=points)
        assert summary.count == 0
        assert summary.total is None
        assert summary.mean is None
        assert summary.trimmed_mean is None
        assert summary.median is None
        assert summary.spread is None
        assert summary.trimmed == 0
        assert tuple(summary.outliers) == ()


def test_summarise_hand_examples():
    d = Decimal
    # five totals: Σ = 80 + 85 + 90 + 40 + 88 = 383.00, mean 383/5 = 76.60; sorted 40 80 85 88 90, trim 1 keeps
    # 80 85 88: 253/3 = 84.333… → 84.33; median 85; |40 − 85| = 45 > 20 → index 3 is the only outlier
    # (|80 − 85| = 5, |90 − 85| = 5, |88 − 85| = 3)
    s = summarise([d("80.00"), d("85.00"), d("90.00"), d("40.00"), d("88.00")])
    assert (s.count, s.total, s.mean, s.trimmed_mean, s.trimmed) == (5, d("383.00"), d("76.60"), d("84.33"), 1)
    assert s.median == d("85.00")
    assert s.outliers == (3,)
    # trim 2 keeps only 85: 85.00
    s = summarise([d("80.00"), d("85.00"), d("90.00"), d("40.00"), d("88.00")], trim=2)
    assert (s.trimmed_mean, s.trimmed) == (d("85.00"), 2)
    # the boundary is strict: median 80, |60 − 80| = |100 − 80| = 20, not > 20 → no outliers; trimmed keeps 80
    s = summarise([d("60.00"), d("80.00"), d("100.00")])
    assert s.outliers == ()
    assert (s.mean, s.trimmed_mean, s.trimmed) == (d("80.00"), d("80.00"), 1)
    # with outlier_points 19.99 both ends are outliers: 20 > 19.99
    assert summarise([d("60.00"), d("80.00"), d("100.00")], outlier_points=d("19.99")).outliers == (0, 2)
    # two totals: n = 2 ≤ 2×1 → trimmed mean = mean = (10 + 90)/2 = 50.00, trimmed 0, no outliers below three
    s = summarise([d("10.00"), d("90.00")])
    assert (s.mean, s.trimmed_mean, s.trimmed, s.outliers) == (d("50.00"), d("50.00"), 0, ())
    # half up: (70.02 + 70.03)/2 = 70.025 → 70.03 (half even would give 70.02)
    s = summarise([d("70.02"), d("70.03")])
    assert (s.total, s.mean, s.trimmed_mean) == (d("140.05"), d("70.03"), d("70.03"))
    # (70.01 + 70.02 + 70.02)/3 = 210.05/3 = 70.0166… → 70.02; trimmed keeps one 70.02
    s = summarise([d("70.01"), d("70.02"), d("70.02")])
    assert (s.mean, s.trimmed_mean) == (d("70.02"), d("70.02"))
    # four totals, median (70 + 75)/2 = 72.5: 40 is 32.5 away (outlier), 95 is 22.5 away (outlier), trim 1 keeps
    # 70 and 75 → 72.50; mean (40 + 70 + 75 + 95)/4 = 280/4 = 70.00
    s = summarise([d("95.00"), d("70.00"), d("40.00"), d("75.00")])
    assert (s.mean, s.trimmed_mean, s.median, s.outliers) == (d("70.00"), d("72.50"), d("72.50"), (0, 2))
    # the outlier test uses the median itself, not the median rounded to the cent: median (10.00 + 10.01)/2 =
    # 10.005; |30.01 − 10.005| = 20.005 > 20 → index 3 (with the rounded 10.01 it would be 20.00, not an outlier);
    # |30.00 − 10.005| = 19.995 ≤ 20 → none (with a rounded-down 10.00 it would be 20.00, not > 20 either)
    assert summarise([d("0.00"), d("10.00"), d("10.01"), d("30.01")]).outliers == (3,)
    assert summarise([d("0.00"), d("10.00"), d("10.01"), d("30.00")]).outliers == ()
    # |0.00 − 10.005| = 10.005: with outlier_points 10.00 index 0 is an outlier (10.005 > 10), index 3 too
    assert summarise([d("0.00"), d("10.00"), d("10.01"), d("30.01")], outlier_points=d("10")).outliers == (0, 3)
    # one total: mean = trimmed mean = the total, no outliers
    s = summarise([d("66.67")])
    assert (s.count, s.total, s.mean, s.trimmed_mean, s.trimmed, s.outliers) == (
        1,
        d("66.67"),
        d("66.67"),
        d("66.67"),
        0,
        (),
    )
