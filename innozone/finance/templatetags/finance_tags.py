"""The finance templates' helpers: `{% load finance_tags %}`."""

from decimal import Decimal

from django import template

from innozone.finance import permissions

register = template.Library()


@register.filter
def can_view_finance(user) -> bool:
    """`{% if user|can_view_finance %}`: the nav link is shown by the check the pages use."""
    return permissions.can_view_finance(user)[0]


@register.filter
def finance_sees(user, page: str) -> bool:
    """`{% if user|finance_sees:"claims" %}`: a sub-navigation link only where its page opens."""
    check = getattr(permissions, f"can_view_{page}", None)
    return bool(check and check(user)[0])


@register.filter
def yuan(value) -> str:
    """1234567.5 → 1,234,567.50 (— for nothing)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def percent(value) -> str:
    """0.35 → 35%."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) * 100).normalize():f}%"
