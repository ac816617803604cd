"""The platforms' template helpers: `{% load platforms_tags %}`."""

from django import template

from innozone.platforms.permissions import can_view_platforms as _can_view_platforms

register = template.Library()


@register.filter
def can_view_platforms(user) -> bool:
    """`{% if user|can_view_platforms %}`: the nav links are shown by the check the pages use."""
    return _can_view_platforms(user)[0]
