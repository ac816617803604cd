from django import template

from ..engine import countries
from ..permissions import partners as perms

register = template.Library()


@register.filter
def can_view_cooperation(user) -> bool:
    return perms.can_view_cooperation(user)[0]


@register.filter
def can_view_cooperation_stats(user) -> bool:
    return perms.can_view_stats(user)[0]


@register.filter
def country_name(code) -> str:
    return countries.name(code)
