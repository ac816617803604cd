"""Size classes by 《统计上大中小微型企业划分办法（2017）》: every boundary of 工业, 软件和信息技术服务业 and
其他未列明行业, the "all lower bounds, else drop a class" rule and micro on a single indicator."""

from decimal import Decimal

import pytest

from innozone.enterprises.engine.size import industry_group, size_class

WAN = Decimal(10000)


def industry(employees, revenue_wan):
    return size_class("C3562", employees=employees, revenue=Decimal(revenue_wan) * WAN, assets=None).code


def software(employees, revenue_wan):
    return size_class("I65", employees=employees, revenue=Decimal(revenue_wan) * WAN, assets=None).code


@pytest.mark.parametrize(
    ("employees", "revenue_wan", "expected"),
    [
        (1000, 40000, "large"),
        (999, 40000, "medium"),
        (1000, Decimal("39999.99"), "medium"),
        (300, 2000, "medium"),
        (299, 2000, "small"),
        (300, Decimal("1999.99"), "small"),
        (20, 300, "small"),
        (19, 300, "micro"),
        (20, Decimal("299.99"), "micro"),
        (0, 0, "micro"),
    ],
)
def test_industry_boundaries(employees, revenue_wan, expected):
    assert industry(employees, revenue_wan) == expected


@pytest.mark.parametrize(
    ("employees", "revenue_wan", "expected"),
    [
        (300, 10000, "large"),
        (299, 10000, "medium"),
        (300, Decimal("9999.99"), "medium"),
        (100, 1000, "medium"),
        (99, 1000, "small"),
        (100, Decimal("999.99"), "small"),
        (10, 50, "small"),
        (9, 50, "micro"),
        (10, Decimal("49.99"), "micro"),
    ],
)
def test_software_boundaries(employees, revenue_wan, expected):
    assert software(employees, revenue_wan) == expected


@pytest.mark.parametrize(
    ("employees", "expected"),
    [(300, "large"), (299, "medium"), (100, "medium"), (99, "small"), (10, "small"), (9, "micro"), (0, "micro")],
)
def test_other_unlisted_boundaries_use_staff_only(employees, expected):
    result = size_class("M7320", employees=employees, revenue=None, assets=None)
    assert (result.code, result.group) == (expected, "其他未列明行业")


def test_large_staff_with_small_revenue_drops_to_the_class_all_bounds_meet():
    result = size_class("C35", employees=5000, revenue=Decimal(1000) * WAN, assets=None)
    assert result.code == "small"
    assert "下划一档" in result.reason


def test_high_revenue_does_not_lift_a_class_the_staff_does_not_reach():
    assert industry(299, 1_000_000) == "small"


def test_micro_needs_only_one_indicator_below_the_small_bound():
    assert industry(5000, 299) == "micro"
    assert industry(19, 1_000_000) == "micro"
    assert (
        "营业收入低于小型下限 300 万元"
        in size_class("C", employees=5000, revenue=Decimal(299) * WAN, assets=None).reason
    )


def test_construction_uses_revenue_and_assets():
    big = Decimal(80000) * WAN
    assert size_class("E47", employees=None, revenue=big, assets=big).code == "large"
    assert size_class("E47", employees=None, revenue=big, assets=big - 1).code == "medium"


def test_leasing_uses_staff_and_assets():
    result = size_class("L7212", employees=300, revenue=None, assets=Decimal(120000) * WAN)
    assert (result.code, result.group) == ("large", "租赁和商务服务业")


def test_missing_indicator_gives_no_class_and_says_which():
    result = size_class("I65", employees=50, revenue=None, assets=None)
    assert result.code is None
    assert "营业收入" in result.reason


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("A0111", "agriculture"),
        ("B06", "industry"),
        ("C3562", "industry"),
        ("D4411", "industry"),
        ("E", "construction"),
        ("F5171", "wholesale"),
        ("F52", "retail"),
        ("G54", "transport"),
        ("G5910", "transport"),
        ("G5920", "warehousing"),
        ("G60", "postal"),
        ("H61", "accommodation"),
        ("H62", "catering"),
        ("I63", "telecom"),
        ("I64", "telecom"),
        ("I65", "software"),
        ("6513", "software"),
        ("K7010", "real_estate"),
        ("k702", "property"),
        ("K703", "other"),
        ("L", "leasing"),
        ("M", "other"),
        ("Q85", "other"),
        ("R88", "other"),
    ],
)
def test_industry_codes_map_to_their_group(code, group):
    assert industry_group(code) == (group, "")


@pytest.mark.parametrize("code", ["J66", "P83", "Q84", "G53", "K704", "K70", "I", "G", "C99", "A65", "", "3.5"])
def test_codes_outside_the_table_or_ambiguous_give_no_group(code):
    key, why = industry_group(code)
    assert key is None and why
