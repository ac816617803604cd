"""COINr's ASEM example, recomputed step by step in the test with plain pandas from METHODS.md.

The example (COINr's `build_example_coin`): denominate → impute group means by EurAsia_group → screen units
at 0.9 data availability → treat (winsorise, winmax 5) → normalise min-max 0–100 → aggregate arithmetic
means with iMeta's weights. The independent recomputation below uses pandas' own skewness and kurtosis
(`Series.skew`/`Series.kurt` are the same adjusted G1 and G2) and never calls the engine's steps.
"""

import numpy as np
import pandas as pd
import pytest

from innozone.evaluation.engine import run_pipeline

EXAMPLE = {"denominate": True, "impute": "group-mean:EurAsia_group", "screen": 0.9, "treat": "winsorise"}
PILLARS = ["Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin"]


def fails(s: pd.Series) -> bool:
    return abs(s.skew()) >= 2 and s.kurt() >= 3.5


def independent_treat(s: pd.Series, winmax: int) -> pd.Series:
    if not fails(s):
        return s
    w, moved = s.copy(), 0
    while moved < winmax:
        high = w.skew() >= 0
        extreme = w.max() if high else w.min()
        at = w == extreme
        w[at] = w[~at].max() if high else w[~at].min()
        moved = int(at.sum())
        if not fails(w):
            return w
    return np.log(s - s.min() + 0.01 * (s.max() - s.min()))


def independent_prepare(data, meta, *, screen_first=False, winmax=5):
    indicators = meta.index[meta.Type == "Indicator"]
    x = data[indicators].astype(float)
    for code, den in meta.loc[indicators, "Denominator"].dropna().items():
        x[code] = x[code] / data[den]
    steps = {"denominated": x}
    if screen_first:
        x = x[x.notna().mean(axis=1) >= 0.9]
    groups = data.loc[x.index, "EurAsia_group"]
    x = x.fillna(x.groupby(groups).transform("mean"))
    steps["imputed"] = x
    if not screen_first:
        x = x[x.notna().mean(axis=1) >= 0.9]
    steps["screened"] = x
    steps["treated"] = x.apply(lambda s: independent_treat(s.copy(), winmax))
    return steps


def independent_index(treated, meta, *, normalise, lo_hi, aggregate):
    values = {}
    for code in treated.columns:
        x = treated[code] * meta.at[code, "Direction"]
        if normalise == "minmax":
            lo, hi = lo_hi
            values[code] = (x - x.min()) / (x.max() - x.min()) * (hi - lo) + lo
        else:
            mean, sd = lo_hi
            values[code] = (x - x.mean()) / x.std(ddof=1) * sd + mean
    for level in (2, 3, 4):
        for code in meta.index[(meta.Level == level) & (meta.Type == "Aggregate")]:
            kids = list(meta.index[meta.Parent == code])
            block = pd.concat([values[k] for k in kids], axis=1)
            w = meta.loc[kids, "Weight"].to_numpy(dtype=float)
            if aggregate == "amean":
                values[code] = (block * w).sum(axis=1) / w.sum()
            else:
                values[code] = np.exp((np.log(block) * w).sum(axis=1) / w.sum())
    return pd.DataFrame(values)


@pytest.fixture(scope="module")
def expected(asem_tables):
    return independent_prepare(*asem_tables)


def test_denominate_impute_and_screen_match_the_independent_recomputation(asem, expected):
    result = run_pipeline(asem, **EXAMPLE)
    for step, name in (("denominate", "denominated"), ("impute", "imputed"), ("screen", "screened")):
        got, want = result.frames[step], expected[name]
        assert list(got.index) == list(want.index) and list(got.columns) == list(want.columns), step
        assert np.allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=1e-15, equal_nan=True), step
    # Imputing first fills every gap (no unit lacks a group), so screening at 0.9 keeps all 51 units
    assert len(result.frames["screen"]) == 51 and result.records["screen"]["removed"] == []
    assert result.frames["impute"].notna().all().all()


def test_spot_values_by_hand(asem, asem_tables):
    data, _ = asem_tables
    result = run_pipeline(asem, **EXAMPLE)
    # Flights is denominated by Population: AUT 29.01725 thousand seats / 8735.453 thousand people
    assert result.frames["denominate"].at["AUT", "Flights"] == pytest.approx(29.01725 / 8735.453, rel=1e-15)
    # a gap is filled with the mean of its EurAsia group's non-missing values
    col, unit = next((c, u) for c in asem.framework.indicators for u in data.index if pd.isna(data.at[u, c]))
    group = data["EurAsia_group"] == data.at[unit, "EurAsia_group"]
    den = asem.framework.denominator.get(col)
    raw = data[col] / data[den] if den else data[col]
    assert result.frames["impute"].at[unit, col] == pytest.approx(raw[group].mean(), rel=1e-14)


def test_screening_before_imputation_drops_the_sparse_units(asem, asem_tables):
    result = run_pipeline(asem, **EXAMPLE, screen_first=True)
    want = independent_prepare(*asem_tables, screen_first=True)
    assert list(result.frames["screen"].index) == list(want["screened"].index)
    assert len(want["screened"]) == 46
    got = result.frames["treat"]
    assert np.allclose(got.to_numpy(), want["treated"].to_numpy(), rtol=0, atol=1e-12)


def test_outlier_treatment_matches_the_independent_recomputation_and_the_documented_counts(asem, expected):
    result = run_pipeline(asem, **EXAMPLE)
    got, want = result.frames["treat"], expected["treated"]
    assert np.allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=1e-12)
    columns = result.records["treat"]["columns"]
    winsorised = {c: r["winsorised"] for c, r in columns.items() if r["status"] == "winsorised"}
    # METHODS.md: "ASEM base: 15 indicators Winsorised (1–4 points) and none log-transformed"
    assert len(winsorised) == 15 and set(winsorised.values()) <= {1, 2, 3, 4}
    assert not any(r["log"] for r in columns.values())
    for code, r in columns.items():  # every recorded point is exactly where the data changed
        changed = set(got.index[got[code].to_numpy() != expected["screened"][code].to_numpy()])
        assert changed == {p["uCode"] for p in r["points"]}, code
    # "With winmax = 1, 11 are log-transformed."
    strict = run_pipeline(asem, **EXAMPLE, winmax=1).records["treat"]["columns"]
    assert sum(r["log"] for r in strict.values()) == 11


@pytest.mark.parametrize(
    "normalise,params,aggregate",
    [
        ("minmax", {"range_": (0, 100)}, "amean"),
        ("zscore", {"m_sd": (0, 1)}, "amean"),
        ("minmax", {"range_": (1, 100)}, "gmean"),
    ],
)
def test_every_unit_and_aggregate_matches_to_1e9(asem, asem_tables, expected, normalise, params, aggregate):
    result = run_pipeline(asem, **EXAMPLE, normalise=normalise, aggregate=aggregate, **params)
    lo_hi = params.get("range_", params.get("m_sd"))
    want = independent_index(expected["treated"], asem_tables[1], normalise=normalise, lo_hi=lo_hi, aggregate=aggregate)
    frame = result.to_frame().set_index("uCode")
    aggregates = [*PILLARS, "Conn", "Sust", "Index"]
    assert list(frame.columns) == [*aggregates, "Rank"] and len(frame) == 51
    assert np.abs(frame[aggregates].to_numpy() - want.loc[frame.index, aggregates].to_numpy()).max() < 1e-9
    expected_rank = want["Index"].rank(method="min", ascending=False).astype(int)
    assert frame["Rank"].tolist() == expected_rank.loc[frame.index].tolist()
    assert sorted(frame["Rank"]) == list(range(1, 52))  # no ties on ASEM: a permutation of 1…51


def test_the_example_index_has_the_expected_shape(asem):
    frame = run_pipeline(asem, **EXAMPLE).to_frame()
    assert frame[PILLARS].min().min() >= 0 and frame[PILLARS].max().max() <= 100
    top = frame.loc[frame["Rank"] == 1]
    assert top["Index"].iloc[0] == frame["Index"].max()
