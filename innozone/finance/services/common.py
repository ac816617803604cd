"""Readings shared by the finance services: dates, whole numbers, shares, the working-day calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from innozone.core import workdays
from innozone.core.money import parse_decimal, parse_money
from innozone.core.selectors import ROW_ID_MAX

from ..models import PoolMovement


def row_id(value) -> int | None:
    """A row id typed or posted (1 … 2⁶³−1), or None: never a number the database cannot hold."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= ROW_ID_MAX else None


def money(value, field: str, problems: list, *, required: bool = True, positive: bool = True):
    return parse_money(value, field=field, errors=problems, required=required, positive=positive)


def share(value, field: str, problems: list, *, required: bool = True, allow_zero: bool = False):
    """A share between 0 and 1 (0.3 = 30 %), at most 4 decimals."""
    number = parse_decimal(value, field=field, errors=problems, required=required, places=4, maximum=Decimal(2))
    if number is None:
        return None
    if number > 1 or (number == 0 and not allow_zero):
        problems.append({"field": field, "message": _("比例应在 0 到 1 之间（如 0.3 表示 30%）")})
        return None
    return number


def date(value, field: str, problems: list, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        if required:
            problems.append({"field": field, "message": _("请填写日期")})
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append({"field": field, "message": _("日期格式应为 YYYY-MM-DD")})
        return None


def whole(value, field: str, problems: list, *, minimum: int = 0, maximum: int = 32767) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append({"field": field, "message": _("请填写整数")})
        return None
    if not minimum <= number <= maximum:
        problems.append({"field": field, "message": _("应在 %(a)s 到 %(b)s 之间") % {"a": minimum, "b": maximum}})
        return None
    return number


def text(value, field: str, problems: list, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        problems.append({"field": field, "message": _("必填")})
    elif len(value) > limit:
        problems.append({"field": field, "message": _("不能超过 %(n)s 个字") % {"n": limit}})
    return value


def pool_balance(pool_id: int) -> Decimal:
    total = PoolMovement.objects.filter(pool_id=pool_id).aggregate(s=Sum("amount"))["s"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def calendar():
    """The official working-day calendar with the office's additions (core.workdays), read once."""
    return workdays.calendar()
