"""The carriers' template helpers: `{% load carriers_tags %}`."""

from decimal import Decimal

from django import template

from innozone.carriers.permissions import can_view_carriers as _can_view_carriers

register = template.Library()


@register.filter
def can_view_carriers(user) -> bool:
    """`{% if user|can_view_carriers %}`: the nav link is shown by the check the pages use."""
    return _can_view_carriers(user)[0]


@register.filter
def area(value) -> str:
    """An area in ㎡ with thousands separators and two places: 12345.5 → 12,345.50 (empty for none)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def percent(value) -> str:
    """A rate in percent with two places (— for none)."""
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}%"
