"""Amount rules: fixed, ratio with a cap, tiered; rounding half up to 0.01 (no database)."""

from decimal import Decimal

import pytest

from innozone.policies.engine import amounts

RATIO = {"type": "ratio", "figure": "rd_total", "rate": "0.10", "cap": "500000"}
TIERED = {
    "type": "tiered",
    "figure": "revenue",
    "tiers": [
        {"min": "0", "amount": "50000"},
        {"min": "20000000", "amount": "100000"},
        {"min": "100000000", "amount": "300000"},
    ],
}


def test_fixed_and_none():
    assert amounts.amount({"type": "fixed", "amount": "100000"}, {}) == Decimal("100000.00")
    assert amounts.amount({}, {}) is None
    assert amounts.amount({"type": "none"}, {"rd_total": 1}) is None


@pytest.mark.parametrize(
    ("rd", "expected"),
    [("1234567.85", "123456.79"), ("1234567.849", "123456.78"), ("5000000", "500000.00"), ("9e9", "500000.00"),
     ("0", "0.00"), ("-100", "0.00")],
)  # fmt: skip
def test_ratio_rounds_half_up_and_caps(rd, expected):
    assert amounts.amount(RATIO, {"rd_total": Decimal(rd)}) == Decimal(expected)


def test_ratio_of_unknown_figure_is_none():
    assert amounts.amount(RATIO, {"rd_total": None}) is None


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        ("0", "50000.00"),
        ("19999999.99", "50000.00"),
        ("20000000", "100000.00"),
        ("100000000", "300000.00"),
        ("-1", "0.00"),
    ],
)
def test_tiers_at_their_boundaries(revenue, expected):
    assert amounts.amount(TIERED, {"revenue": Decimal(revenue)}) == Decimal(expected)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ({"type": "x"}, "amount.type"),
        ({"type": "fixed", "amount": "-1"}, "amount.value"),
        ({"type": "fixed"}, "amount.value"),
        ({"type": "ratio", "figure": "size", "rate": "0.1"}, "amount.figure"),
        ({"type": "ratio", "figure": "rd_total", "rate": "10"}, "amount.rate"),
        ({"type": "tiered", "figure": "revenue", "tiers": []}, "amount.tiers"),
        (
            {
                "type": "tiered",
                "figure": "revenue",
                "tiers": [{"min": "5", "amount": "1"}, {"min": "5", "amount": "2"}],
            },
            "amount.tiers",
        ),
    ],
)
def test_validation(rule, code):
    assert code in amounts.validate(rule)


def test_words_and_maximum():
    assert amounts.text(RATIO) == "按研究开发费用的 10% 计，最高 500,000.00 元"
    assert amounts.text({"type": "fixed", "amount": 200000}) == "固定金额 200,000.00 元"
    assert amounts.text(TIERED).startswith("按销售收入分档：≥ 0 元 50,000.00 元；≥ 20,000,000 元 100,000.00 元")
    assert amounts.maximum(TIERED) == Decimal("300000.00")
    assert amounts.maximum(RATIO) == Decimal("500000.00")
