"""The statistics templates' helpers: `{% load onestop_stats %}`."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from ..permissions.stats import can_view_stats

register = template.Library()


@register.filter
def can_view_service_stats(user) -> bool:
    """`{% if user|can_view_service_stats %}`: the link is shown by the check the page uses."""
    return can_view_stats(user)[0]


@register.filter
def pct(value) -> str:
    """A fraction as a percentage with one decimal: 0.12345 → 12.3% (— for nothing)."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@register.filter
def dash(value) -> str:
    """None → —, else the value."""
    return "—" if value is None or value == "" else str(value)
