"""A platform's yearly figures, filed by its host or the office: the input of the annual evaluation."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.money import parse_decimal, parse_money

from .. import permissions
from ..models import YearFigures
from ..selectors.evaluation import CARRIER_FIELDS, FIGURE_FIELDS, MONEY_FIELDS
from .history import event_add

FIRST_YEAR = 2000
COUNT_MAX = Decimal("1e9")
AREA_MAX = Decimal("1e10")


def figures_validate(*, year, values: dict, today=None) -> tuple[int | None, dict]:
    """Every problem at once: the year (a whole number, not in the future), counts whole and non-negative,
    money in yuan with at most two decimals, area non-negative, occupancy 0–100 %. Empty counts and money are
    0; empty carrier figures (tenants, graduated, area, occupancy) stay empty."""
    errors: list[dict] = []
    today = today or timezone.localdate()
    parsed_year = None
    try:
        parsed_year = int(str(year).strip())
    except (TypeError, ValueError):
        errors.append({"field": "year", "message": _("年度须为四位数字")})
    else:
        if parsed_year > today.year:
            errors.append({"field": "year", "message": _("不能填报未来年度的数据")})
        elif parsed_year < FIRST_YEAR:
            errors.append({"field": "year", "message": _("年度不能早于%(y)s年") % {"y": FIRST_YEAR}})
    unknown = sorted(set(values) - set(FIGURE_FIELDS))
    for name in unknown:
        errors.append({"field": name, "message": _("未知的数据项")})
    out: dict = {}
    for name in FIGURE_FIELDS:
        value = values.get(name)
        optional = name in CARRIER_FIELDS
        if name in MONEY_FIELDS:
            got = parse_money(value, field=name, errors=errors, required=False, positive=False)
            out[name] = got if got is not None else Decimal("0.00")
        elif name in ("area", "occupancy"):
            got = parse_decimal(value, field=name, errors=errors, required=False, places=2, maximum=AREA_MAX)
            if name == "occupancy" and got is not None and got > 100:
                errors.append({"field": name, "message": _("场地使用率须在0到100之间")})
            out[name] = got
        else:
            got = parse_decimal(value, field=name, errors=errors, required=False, places=0, maximum=COUNT_MAX)
            out[name] = int(got) if got is not None else (None if optional else 0)
    if errors:
        raise ValidationFailed(detail=errors)
    return parsed_year, out


@transaction.atomic
def figures_file(*, actor, platform, year, **values) -> YearFigures:
    """File or correct a platform's figures for a year (one row per platform and year)."""
    ensure_allowed(permissions.can_file_figures(actor, platform))
    year, clean = figures_validate(year=year, values=values)
    row = YearFigures.objects.select_for_update().filter(platform=platform, year=year).first()
    before = audit.snapshot(row) if row else None
    if row is None:
        row = YearFigures(platform=platform, year=year)
    for name, value in clean.items():
        setattr(row, name, value)
    row.filed_by = actor
    row.save()
    verb = _("更正") if before else _("填报")
    audit.record(
        actor=actor,
        action="platform.figures_file",
        obj=row,
        summary=_("%(verb)s %(p)s %(y)s年度数据") % {"verb": verb, "p": platform.name, "y": year},
        before=before,
        after=audit.snapshot(row),
    )
    event_add(
        actor=actor, subject=platform, action="figures", note=_("%(verb)s%(y)s年度数据") % {"verb": verb, "y": year}
    )
    return row
