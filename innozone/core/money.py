"""The one parser for numbers people type: amounts in yuan, quantities, targets.

Never a float inside: text, int, Decimal (or a JSON float, read through its shortest text) in, a
finite `Decimal` out, or a problem in the caller's list (or a `ValidationFailed` when no list is
given). Limits keep a value inside what the database columns hold (`1e30` is a clear message, not a 500).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ValidationFailed

CENT = Decimal("0.01")
# DecimalField(max_digits=18, decimal_places=2) and friends: at most 16 digits before the point.
MAX_VALUE = Decimal("1e15")


def parse_decimal(
    value,
    *,
    field: str,
    errors: list | None = None,
    required: bool = True,
    positive: bool = False,
    places: int | None = None,
    maximum: Decimal = MAX_VALUE,
    row: int | None = None,
) -> Decimal | None:
    """`value` as a Decimal. Refused: not a number, not finite, negative (or zero when `positive`), more
    than `places` decimals, `maximum` or more. Empty is None, or a problem when `required`."""
    problems: list[str] = []
    number = None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(_("必填"))
    else:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            problems.append(_("“%(v)s”不是数字") % {"v": value})
        else:
            if not number.is_finite():
                problems.append(_("“%(v)s”不是数字") % {"v": value})
            elif abs(number) >= maximum:
                problems.append(_("数值过大"))
            elif positive and number <= 0:
                problems.append(_("必须大于0"))
            elif number < 0:
                problems.append(_("不能为负数"))
            elif places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
                problems.append(_("最多保留%(n)s位小数") % {"n": places})
    if not problems:
        return number
    found = [{"field": field, "message": m, **({"row": row} if row is not None else {})} for m in problems]
    if errors is None:
        raise ValidationFailed(detail=found)
    errors.extend(found)
    return None


def parse_money(
    value,
    *,
    field: str = "amount",
    errors: list | None = None,
    required: bool = True,
    positive: bool = True,
    row: int | None = None,
) -> Decimal | None:
    """An amount in yuan: at most two decimals, greater than zero unless `positive=False`."""
    return parse_decimal(value, field=field, errors=errors, required=required, positive=positive, places=2, row=row)
