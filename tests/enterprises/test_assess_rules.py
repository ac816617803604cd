"""`enterprises assess`: the 高企 conditions of 国科发火〔2016〕32号 第十一条 and 工作指引 国科发火〔2016〕195号,
one test per rule on hand-computed rows (the baseline and its arithmetic are in tests/enterprises/assess_rows.py),
plus the shape of the output. Written from the regulation and the assess contract, not from the engine."""

import pytest
from stdnum.cn import uscc as uscc_check

from tests.enterprises.assess_rows import (
    BASELINE,
    OTHER_USCCS,
    USCC,
    assess,
    assess_one,
    failed,
    message,
    row,
)


def hnte(tmp_path, as_of="2026-06-30", **changes) -> dict:
    return assess_one(tmp_path, as_of=as_of, **changes)["hnte"]


def test_usccs_used_are_valid():
    assert all(uscc_check.is_valid(number) for number in [USCC, *OTHER_USCCS])


def test_baseline_is_eligible_for_both(tmp_path):
    result = assess_one(tmp_path)
    assert failed(result["hnte"]) == []
    assert failed(result["tsme"]) == []
    assert result["tsme"]["score"] == 100
    assert result["tsme"]["scores"] == {"sci_staff": 20, "rd": 50, "ip": 30}


# --- 1. 注册成立365个日历天数以上 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered_on", "as_of", "days"),
    [
        ("2025-06-30", "2026-06-30", 365),
        ("2025-07-01", "2026-06-30", 364),
        # 2024 is a leap year: 2023-07-01 → 2024-06-30 already spans 365 days (29 February inside), a day
        # before the first anniversary; 2023-07-02 is 364 days.
        ("2023-07-01", "2024-06-30", 365),
        ("2023-07-02", "2024-06-30", 364),
        ("2023-06-30", "2024-06-30", 366),
    ],
)
def test_registration_needs_365_calendar_days(tmp_path, registered_on, as_of, days):
    result = hnte(tmp_path, as_of=as_of, registered_on=registered_on)
    if days >= 365:
        assert failed(result) == []
    else:
        assert failed(result) == ["registered_lt_1y"]
        text = message(result, "registered_lt_1y")
        assert str(days) in text or registered_on in text


# --- 2. IP ---------------------------------------------------------------------------------------------------------


def test_no_ip_at_all_fails(tmp_path):
    result = assess_one(tmp_path, ip_class1=0, ip_class2=0)
    assert failed(result["hnte"]) == ["no_ip"]
    # 科技型: IP scores 0, 20 + 50 + 0 = 70 ≥ 60 still eligible
    assert failed(result["tsme"]) == []
    assert result["tsme"]["score"] == 70


def test_one_class_ii_ip_is_enough(tmp_path):
    assert failed(hnte(tmp_path, ip_class1=0, ip_class2=1)) == []


# --- 3. S&T staff ≥ 10 % -------------------------------------------------------------------------------------------


def test_sci_staff_exactly_10_percent_passes(tmp_path):
    assert failed(hnte(tmp_path, employees=100, sci_staff=10)) == []


def test_sci_staff_just_below_10_percent_fails(tmp_path):
    result = hnte(tmp_path, employees=101, sci_staff=10)  # 9.90 %
    assert failed(result) == ["sci_staff_ratio"]
    assert "9.9" in message(result, "sci_staff_ratio")


def test_no_employees_fails_sci_staff_ratio(tmp_path):
    assert "sci_staff_ratio" in failed(hnte(tmp_path, employees=0, sci_staff=0))


# --- 4. R&D / sales, banded by the latest year's sales --------------------------------------------------------------

BANDS = [
    # latest sales exactly 50 M → 5 % band; 3-year sales 150 M
    ("50000000", "50000000", "50000000", "2500000", "2500000", "2500000", []),  # 7.5 / 150 = 5 %
    ("50000000", "50000000", "50000000", "2500000", "2500000", "2499999.99", ["rd_ratio"]),  # 4.9999 %
    ("50000000", "50000000", "50000000", "2000000", "2000000", "2000000", ["rd_ratio"]),  # 4 % < 5 %
    # latest sales 50,000,000.01 → 4 % band; 50,000,000.01 + 49,999,999.99 + 50,000,000 = 150 M
    ("50000000.01", "49999999.99", "50000000", "2000000", "2000000", "2000000", []),  # 6 / 150 = 4 %
    ("50000000.01", "49999999.99", "50000000", "2000000", "2000000", "1999999.99", ["rd_ratio"]),
    # latest sales exactly 200 M → still 4 %; 3-year sales 600 M
    ("200000000", "200000000", "200000000", "8000000", "8000000", "8000000", []),  # 24 / 600 = 4 %
    ("200000000", "200000000", "200000000", "8000000", "8000000", "7999999.99", ["rd_ratio"]),
    ("200000000", "200000000", "200000000", "6000000", "6000000", "6000000", ["rd_ratio"]),  # 3 % < 4 %
    # latest sales 200,000,000.01 → 3 % band; 200,000,000.01 + 199,999,999.99 + 200,000,000 = 600 M
    ("200000000.01", "199999999.99", "200000000", "6000000", "6000000", "6000000", []),  # 18 / 600 = 3 %
    ("200000000.01", "199999999.99", "200000000", "6000000", "6000000", "5999999.99", ["rd_ratio"]),
]


@pytest.mark.parametrize(("revenue_1", "revenue_2", "revenue_3", "rd_1", "rd_2", "rd_3", "expected"), BANDS)
def test_rd_ratio_band_boundaries(tmp_path, revenue_1, revenue_2, revenue_3, rd_1, rd_2, rd_3, expected):
    result = hnte(
        tmp_path, revenue_1=revenue_1, revenue_2=revenue_2, revenue_3=revenue_3, rd_1=rd_1, rd_2=rd_2, rd_3=rd_3
    )
    assert failed(result) == expected


def test_rd_ratio_message_names_ratio_and_band(tmp_path):
    # (2.0 + 1.9 + 2.4) / 150 = 4.2 % below the 5 % band of latest sales of exactly 50 M
    result = hnte(tmp_path, revenue_1=50000000, revenue_2=50000000, revenue_3=50000000, rd_1=2000000, rd_2=1900000)
    assert failed(result) == ["rd_ratio"]
    text = message(result, "rd_ratio").replace(" ", "")
    assert "4.2" in text
    assert "5%" in text


def test_rd_band_from_latest_year_but_ratio_from_three_year_totals_fails(tmp_path):
    # latest sales 40 M → 5 % band (the 3-year total of 120 M would give 4 %);
    # latest year alone 2.4 / 40 = 6 % would pass, but the 3 years give (2.4 + 1.5 + 1.5) / 120 = 4.5 % < 5 %.
    result = hnte(tmp_path, rd_1=2400000, rd_2=1500000, rd_3=1500000)
    assert failed(result) == ["rd_ratio"]
    assert "4.5" in message(result, "rd_ratio")


def test_rd_band_from_latest_year_but_ratio_from_three_year_totals_passes(tmp_path):
    # latest sales 60 M → 4 % band (an average of 33.3 M would give 5 %);
    # latest year alone 1.8 / 60 = 3 % would fail, but the 3 years give (1.8 + 1.2 + 1.2) / 100 = 4.2 % ≥ 4 %.
    result = hnte(
        tmp_path, revenue_1=60000000, revenue_2=20000000, revenue_3=20000000, rd_1=1800000, rd_2=1200000, rd_3=1200000
    )
    assert failed(result) == []


def test_rd_ratio_one_year_of_figures(tmp_path):
    young = {"revenue_1": 40000000, "revenue_2": None, "revenue_3": None, "rd_2": None, "rd_3": None}
    assert failed(hnte(tmp_path, rd_1=2000000, **young)) == []  # 2 / 40 = 5 %
    result = hnte(tmp_path, rd_1=1980000, **young)  # 1.98 / 40 = 4.95 %
    assert failed(result) == ["rd_ratio"]
    assert "4.95" in message(result, "rd_ratio")


def test_rd_ratio_two_years_of_figures_uses_their_totals(tmp_path):
    # (2.4 + 0.1) / (40 + 10) = 5 % passes; an average of the yearly ratios (6 % and 1 %) would be 3.5 %
    two = {"revenue_1": 40000000, "revenue_2": 10000000, "revenue_3": None, "rd_1": 2400000, "rd_3": None}
    assert failed(hnte(tmp_path, rd_2=100000, **two)) == []
    result = hnte(tmp_path, rd_2=90000, **two)  # 2.49 / 50 = 4.98 %
    assert failed(result) == ["rd_ratio"]
    assert "4.98" in message(result, "rd_ratio")


def test_no_sales_fails_rd_ratio(tmp_path):
    assert failed(hnte(tmp_path, revenue_1=0, revenue_2=0, revenue_3=0)) == ["rd_ratio"]


# --- 4a. R&D in China ≥ 60 % of all R&D -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rd_domestic", "expected"),
    [("4320000", []), ("4319999.99", ["rd_domestic_share"])],  # 4.32 / 7.2 = 60 % exactly; a cent below
)
def test_rd_domestic_share_boundary(tmp_path, rd_domestic, expected):
    assert failed(hnte(tmp_path, rd_domestic=rd_domestic)) == expected


def test_rd_domestic_share_message(tmp_path):
    result = hnte(tmp_path, rd_domestic=4140000)  # 4.14 / 7.2 = 57.5 %
    assert failed(result) == ["rd_domestic_share"]
    assert "57.5" in message(result, "rd_domestic_share")


# --- 5. high-tech income ≥ 60 % of total income ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hitech_income", "expected"),
    [("24000000", []), ("23999999.99", ["hitech_income_ratio"])],  # 24 / 40 = 60 % exactly; a cent below
)
def test_hitech_income_boundary(tmp_path, hitech_income, expected):
    assert failed(hnte(tmp_path, hitech_income=hitech_income)) == expected


def test_hitech_income_message_and_zero_total(tmp_path):
    result = hnte(tmp_path, hitech_income=23900000)  # 23.9 / 40 = 59.75 %
    assert failed(result) == ["hitech_income_ratio"]
    assert "59.75" in message(result, "hitech_income_ratio")
    assert failed(hnte(tmp_path, hitech_income=0, total_income=0)) == ["hitech_income_ratio"]


# --- 6. innovation score > 70 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "expected"), [("71", []), ("70", ["innovation_score"]), ("", ["innovation_score"])])
def test_innovation_score_must_exceed_70(tmp_path, score, expected):
    result = hnte(tmp_path, innovation_score=score)
    assert failed(result) == expected
    if expected:
        assert message(result, "innovation_score")


def test_innovation_score_message_names_the_score(tmp_path):
    assert "65" in message(hnte(tmp_path, innovation_score=65), "innovation_score")


# --- 7. major incident ----------------------------------------------------------------------------------------------


def test_major_incident_fails_both_programmes(tmp_path):
    result = assess_one(tmp_path, major_incident=1)
    assert failed(result["hnte"]) == ["major_incident"]
    assert failed(result["tsme"]) == ["major_incident"]


def test_empty_major_incident_means_none(tmp_path):
    assert failed(hnte(tmp_path, major_incident=None)) == []


# --- all codes at once, in the contract's order ---------------------------------------------------------------------


def test_every_hnte_failure_is_listed_in_order(tmp_path):
    result = hnte(
        tmp_path,
        registered_on="2026-01-01",
        ip_class1=0,
        ip_class2=0,
        sci_staff=5,
        rd_1=100000,
        rd_domestic=2400000,  # 2.4 / (0.1 + 2.4 + 2.4) = 49 % < 60 %; 4.9 / 120 = 4.08 % < 5 %
        hitech_income=1000000,
        innovation_score=None,
        major_incident=1,
    )
    assert failed(result) == [
        "registered_lt_1y",
        "no_ip",
        "sci_staff_ratio",
        "rd_ratio",
        "rd_domestic_share",
        "hitech_income_ratio",
        "innovation_score",
        "major_incident",
    ]


# --- output shape ----------------------------------------------------------------------------------------------------


def test_one_object_per_row_in_file_order(tmp_path):
    rows = [
        row(uscc=OTHER_USCCS[0].lower(), name="甲公司"),
        row(uscc=OTHER_USCCS[1], name="乙公司", major_incident=1),
        row(uscc=OTHER_USCCS[2], name="丙公司", innovation_score=70),
        row(),
    ]
    results = assess(tmp_path, *rows)
    assert [r["uscc"] for r in results] == [*OTHER_USCCS, USCC]  # lower case upper-cased
    assert [r["name"] for r in results] == ["甲公司", "乙公司", "丙公司", BASELINE["name"]]
    assert [r["hnte"]["failed"] for r in results] == [[], ["major_incident"], ["innovation_score"], []]
    assert [r["tsme"]["eligible"] for r in results] == [True, False, True, True]
    assert set(results[0]["tsme"]) >= {"eligible", "failed", "detail", "score", "scores"}


def test_table_format_names_each_enterprise(tmp_path):
    text = assess(tmp_path, row(), row(uscc=OTHER_USCCS[0], name="甲公司"), fmt="table")
    assert USCC in text
    assert OTHER_USCCS[0] in text
