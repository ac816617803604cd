"""`enterprises assess`: the 科技型中小企业 conditions and score of 国科发政〔2017〕115号 with 国科火字〔2022〕67号, on
hand-computed rows (the baseline scores 20 + 50 + 30 = 100, see tests/enterprises/assess_rows.py). Lower band bounds
are inclusive ("(含)"). Written from the regulation and the assess contract, not from the engine."""

import pytest

from tests.enterprises.assess_rows import assess_one, failed, message


def tsme(tmp_path, **changes) -> dict:
    return assess_one(tmp_path, **changes)["tsme"]


# --- 科技人员 / 职工总数: ≥30 % 20, ≥25 % 16, ≥20 % 12, ≥15 % 8, ≥10 % 4, else 0 (400 employees) ---------------------


@pytest.mark.parametrize(
    ("sci_staff", "points"),
    [(120, 20), (119, 16), (100, 16), (99, 12), (80, 12), (79, 8), (60, 8), (59, 4), (40, 4), (39, 0)],
)
def test_sci_staff_score_bands(tmp_path, sci_staff, points):
    result = tsme(tmp_path, employees=400, sci_staff=sci_staff)
    assert result["scores"]["sci_staff"] == points
    assert result["score"] == points + 50 + 30
    assert failed(result) == ([] if points else ["sci_staff_zero"])


# --- R&D / sales of the latest year: ≥6 % 50, ≥5 % 40, ≥4 % 30, ≥3 % 20, ≥2 % 10, else 0 (latest sales 40 M) ----------


@pytest.mark.parametrize(
    ("rd_1", "points"),
    [
        ("2400000", 50),
        ("2399999.99", 40),
        ("2000000", 40),
        ("1999999.99", 30),
        ("1600000", 30),
        ("1599999.99", 20),
        ("1200000", 20),
        ("1199999.99", 10),
        ("800000", 10),
        ("799999.99", 0),
        ("0", 0),
    ],
)
def test_rd_score_bands(tmp_path, rd_1, points):
    result = tsme(tmp_path, rd_1=rd_1)
    assert result["scores"]["rd"] == points
    assert result["score"] == 20 + points + 30


def test_rd_score_uses_the_latest_year_only(tmp_path):
    # 2.4 / 40 = 6 % → 50; the three years (2.4 + 0.4 + 0.4) / 120 = 2.67 % would give 10
    assert tsme(tmp_path, rd_1=2400000, rd_2=400000, rd_3=400000)["scores"]["rd"] == 50


def test_rd_score_is_zero_without_latest_sales(tmp_path):
    result = tsme(tmp_path, revenue_1=0)
    assert result["scores"]["rd"] == 0
    assert failed(result) == ["score_lt_60"]  # 20 + 0 + 30 = 50


# --- IP: ≥1 class I 30; else class II ≥4 24, 3 18, 2 12, 1 6, 0 0 -------------------------------------------------


@pytest.mark.parametrize(
    ("ip_class1", "ip_class2", "points"),
    [(1, 0, 30), (3, 7, 30), (0, 5, 24), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)],
)
def test_ip_score_bands(tmp_path, ip_class1, ip_class2, points):
    result = tsme(tmp_path, ip_class1=ip_class1, ip_class2=ip_class2)
    assert result["scores"]["ip"] == points
    assert result["score"] == 20 + 50 + points


# --- total ≥ 60 (every indicator's points are even, so 58 is the nearest total below 60) ------------------------------


@pytest.mark.parametrize(
    ("sci_staff", "rd_1", "ip_class1", "ip_class2", "total"),
    [
        (10, 2400000, 0, 1, 60),  # 10 % → 4, 6 % → 50, one class II → 6
        (30, 800000, 1, 0, 60),  # 30 % → 20, 2 % → 10, class I → 30
        (10, 1600000, 0, 4, 58),  # 4 + 30 + 24
        (15, 2400000, 0, 0, 58),  # 8 + 50 + 0
    ],
)
def test_total_score_of_60_passes_and_58_fails(tmp_path, sci_staff, rd_1, ip_class1, ip_class2, total):
    result = tsme(tmp_path, sci_staff=sci_staff, rd_1=rd_1, ip_class1=ip_class1, ip_class2=ip_class2)
    assert result["score"] == total
    if total >= 60:
        assert failed(result) == []
    else:
        assert failed(result) == ["score_lt_60"]
        assert "58" in message(result, "score_lt_60")


def test_zero_sci_staff_score_fails_even_with_enough_points(tmp_path):
    result = tsme(tmp_path, employees=101, sci_staff=10)  # 9.90 % → 0; 0 + 50 + 30 = 80
    assert result["score"] == 80
    assert failed(result) == ["sci_staff_zero"]
    assert "9.9" in message(result, "sci_staff_zero")


def test_zero_sci_staff_score_and_low_total_both_listed(tmp_path):
    result = tsme(tmp_path, sci_staff=9, rd_1=800000)  # 0 + 10 + 30 = 40
    assert result["score"] == 40
    assert failed(result) == ["sci_staff_zero", "score_lt_60"]


def test_no_employees_scores_zero_for_sci_staff(tmp_path):
    result = tsme(tmp_path, employees=0, sci_staff=0)
    assert result["scores"]["sci_staff"] == 0
    assert "sci_staff_zero" in failed(result)


# --- size caps: ≤ 500 staff, ≤ 200 M sales, ≤ 200 M assets ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"employees": 500, "sci_staff": 150}, []),  # 30 % → 20
        ({"employees": 501, "sci_staff": 150}, ["staff_gt_500"]),  # 29.94 % → 16, total 96
        ({"revenue_1": "200000000", "rd_1": "12000000"}, []),  # 6 % → 50
        ({"revenue_1": "200000000.01", "rd_1": "12000000"}, ["revenue_gt_200m"]),  # 5.99 % → 40, total 90
        ({"total_assets": "200000000"}, []),
        ({"total_assets": "200000000.00"}, []),
        ({"total_assets": "200000000.01"}, ["assets_gt_200m"]),
    ],
)
def test_size_caps(tmp_path, changes, expected):
    assert failed(tsme(tmp_path, **changes)) == expected


def test_staff_cap_message_names_the_headcount(tmp_path):
    assert "501" in message(tsme(tmp_path, employees=501, sci_staff=150), "staff_gt_500")


def test_every_tsme_failure_is_listed_in_order(tmp_path):
    result = tsme(
        tmp_path,
        employees=501,
        sci_staff=50,  # 9.98 % → 0
        revenue_1="200000000.01",
        rd_1=0,
        total_assets="200000000.01",
        ip_class1=0,
        ip_class2=0,
        major_incident=1,
    )
    assert result["score"] == 0
    assert result["scores"] == {"sci_staff": 0, "rd": 0, "ip": 0}
    assert failed(result) == [
        "staff_gt_500",
        "revenue_gt_200m",
        "assets_gt_200m",
        "major_incident",
        "sci_staff_zero",
        "score_lt_60",
    ]
