"""The market's permission checks for templates: `{% load market_permissions %}`."""

from django import template

from innozone.market.permissions import can_cancel_booking as _can_cancel_booking

register = template.Library()


@register.filter
def can_cancel_booking(booking, user) -> bool:
    """`{% if booking|can_cancel_booking:user %}`: whether the cancel button belongs on the row."""
    return _can_cancel_booking(user, booking)[0]
