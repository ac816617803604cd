"""core.regions (the one region tree), core.money (the one number parser), innozone.env (settings parsers)
and core.demo (every app's demo hook, in order)."""

from decimal import Decimal

import pytest

from innozone.core import regions
from innozone.core.errors import ValidationFailed
from innozone.core.models import Region
from innozone.core.money import parse_decimal, parse_money
from innozone.env import env_bool, env_int, env_list


def _id(code):
    return Region.objects.get(code=code).pk


def test_resolve_by_full_name_short_name_city_suffix_and_city_prefix(demo):
    assert regions.resolve("兰州市").code == "lz"
    assert regions.resolve("兰州").code == "lz"
    assert regions.resolve("兰州高新区").code == "lzgx"
    assert regions.resolve("兰州市城关区").code == "lz-cg"
    assert regions.resolve(" 城关区 ").code == "lz-cg"
    assert regions.resolve("白银市白银区").code == "by-by"
    assert regions.resolve("上海市") is None and regions.resolve("") is None


def test_tree_walks(demo):
    tree = regions.tree()
    cg, lz, gs = _id("lz-cg"), _id("lz"), _id("gs")
    assert tree.ancestors(cg) == [cg, lz, gs]
    assert set(tree.descendants(lz)) >= {lz, cg, _id("lzgx"), _id("lz-yz")}
    assert _id("by-by") not in tree.descendants(lz)
    assert tree.city_of(_id("lzgx")) == lz and tree.city_of(gs) is None
    assert tree.within(cg, gs) and not tree.within(gs, cg)
    names = tree.city_names()
    assert names[_id("bygx")] == "白银市" and names[_id("lbzc")] == "兰州白银国家自主创新示范区"
    place = next(p for p in tree.places() if p["name"] == "城关区")
    assert place == {"name": "城关区", "short_name": "", "kind": "district", "city": "兰州市", "province": "甘肃省"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", Decimal("12")), ("1,200.50", Decimal("1200.50")), (3, Decimal("3")), (Decimal("0.5"), Decimal("0.5"))],
)
def test_numbers_people_type_are_read_exactly(value, expected):
    assert parse_decimal(value, field="x") == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("abc", {}, "不是数字"),
        ("NaN", {}, "不是数字"),
        ("Infinity", {}, "不是数字"),
        ("1e30", {}, "数值过大"),
        ("-5", {}, "不能为负数"),
        ("0", {"positive": True}, "必须大于0"),
        ("1.234", {"places": 2}, "最多保留2位小数"),
        ("", {}, "必填"),
    ],
)
def test_bad_numbers_are_refused_with_a_message(value, kwargs, message):
    errors = []
    assert parse_decimal(value, field="amount", errors=errors, row=3, **kwargs) is None
    assert errors == [{"field": "amount", "message": errors[0]["message"], "row": 3}]
    assert message in errors[0]["message"]


def test_without_an_error_list_a_bad_amount_raises():
    with pytest.raises(ValidationFailed) as caught:
        parse_money("0.001", field="price")
    assert caught.value.detail[0]["field"] == "price"
    assert parse_money("", required=False) is None


def test_env_parsers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_LIST", " a, ,b ")
    monkeypatch.setenv("X_INT", "12")
    assert env_bool("X_BOOL") is True and env_bool("X_MISSING", True) is True
    assert env_list("X_LIST") == ["a", "b"] and env_int("X_INT", 0) == 12
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ValueError, match="X_BOOL"):
        env_bool("X_BOOL")


def test_every_app_with_demo_data_has_one_hook_in_order():
    from innozone.core.demo import hooks

    found = [(h.app, h.order) for h in hooks()]
    assert [app for app, _order in found] == [
        "core",
        "plans",
        "evaluation",
        "vouchers",
        "market",
        "enterprises",
        "talent",
        "carriers",
        "platforms",
        "funds",
        "finance",
        "onestop",
        "policies",
        "investment",
        "ip",
        "cooperation",
    ]
    assert [order for _app, order in found] == sorted(order for _app, order in found)
