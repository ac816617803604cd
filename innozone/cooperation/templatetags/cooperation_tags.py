from django import template

from ..permissions import partners as perms
from ..selectors import partners as selectors

register = template.Library()


@register.filter
def can_view_cooperation(user) -> bool:
    return perms.can_view_cooperation(user)[0]


@register.filter
def can_view_cooperation_stats(user) -> bool:
    return perms.can_view_stats(user)[0]


@register.filter
def country_name(code) -> str:
    return selectors.country_name(code)
