"""The carriers' input checks: each adds {"field", "message"} to the caller's list and returns the parsed
value (or None), so a service reports every problem at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.models import Organization, Region
from innozone.core.money import parse_decimal
from innozone.core.selectors import ROW_ID_MAX, organization_by_name
from innozone.enterprises.selectors import enterprise_of

MAX_AREA = Decimal("1e10")  # DecimalField(max_digits=12, decimal_places=2)


def problem(errors: list, field: str, message) -> None:
    errors.append({"field": field, "message": str(message)})


def text(data: dict, field: str, errors: list, *, max_length: int, required: bool = False) -> str:
    value = str(data.get(field) or "").strip()
    if required and not value:
        problem(errors, field, _("必填"))
    elif len(value) > max_length:
        problem(errors, field, _("不能超过 %(n)s 个字") % {"n": max_length})
    return value[:max_length]


def date(data: dict, field: str, errors: list, *, required: bool = False) -> dt.date | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            problem(errors, field, _("必填"))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problem(errors, field, _("“%(v)s”不是有效日期（YYYY-MM-DD）") % {"v": str(value)[:30]})
        return None
    if not 1900 <= day.year <= 2100:
        problem(errors, field, _("日期超出范围"))
        return None
    return day


def area(data: dict, field: str, errors: list, *, required: bool = True) -> Decimal | None:
    return parse_decimal(
        data.get(field), field=field, errors=errors, required=required, positive=True, places=2, maximum=MAX_AREA
    )


def count(data: dict, field: str, errors: list) -> int:
    value = data.get(field)
    if value in (None, ""):
        return 0
    number = parse_decimal(value, field=field, errors=errors, required=False, places=0, maximum=Decimal(10**6))
    return int(number) if number is not None else 0


def floor(data: dict, field: str, errors: list) -> int:
    value = data.get(field)
    if value in (None, ""):
        return 1
    try:
        number = int(str(value).strip())
    except ValueError:
        problem(errors, field, _("楼层须为整数"))
        return 1
    if not -10 <= number <= 200 or number == 0:
        problem(errors, field, _("楼层须在 -10 至 200 之间且不为 0"))
        return 1
    return number


def row_id(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= ROW_ID_MAX else None


def organization(data: dict, field: str, errors: list, *, required: bool = True) -> Organization | None:
    """An organization given as itself, its id, its 统一社会信用代码 or its name (or a registered alias)."""
    value = data.get(field)
    if isinstance(value, Organization):
        return value
    if value in (None, ""):
        if required:
            problem(errors, field, _("必填"))
        return None
    found = None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 18):
        pk = row_id(value)
        found = Organization.objects.filter(pk=pk).first() if pk else None
    else:
        label = str(value).strip()
        found = Organization.objects.filter(credit_code=label.upper()).first() if len(label) == 18 else None
        found = found or organization_by_name(label[:200])
    if found is None:
        problem(errors, field, _("找不到单位“%(v)s”") % {"v": str(value)[:60]})
    return found


def registered_tenant(data: dict, field: str, errors: list) -> Organization | None:
    """A tenant: an organization with an entry in the enterprise registry."""
    org = organization(data, field, errors)
    if org is not None and enterprise_of(org.pk) is None:
        problem(errors, field, _("“%(name)s”尚未在企业库登记，请先登记后再办理入驻") % {"name": org.name})
        return None
    return org


def region(data: dict, field: str, errors: list, *, required: bool = True) -> Region | None:
    value = data.get(field)
    if isinstance(value, Region):
        return value
    if value in (None, ""):
        if required:
            problem(errors, field, _("必填"))
        return None
    pk = row_id(value)
    found = Region.objects.filter(pk=pk).first() if pk else None
    if found is None:
        found = regions.resolve(str(value)[:100]) if not pk else None
    if found is None:
        problem(errors, field, _("找不到地区“%(v)s”") % {"v": str(value)[:60]})
    return found


def choice(data: dict, field: str, errors: list, choices, *, default: str = "") -> str:
    value = str(data.get(field) or default)
    if value not in choices:
        problem(errors, field, _("请选择有效的选项"))
    return value
