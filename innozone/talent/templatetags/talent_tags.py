"""The talent pages' template helpers: `{% load talent_tags %}`."""

from django import template
from django.urls import NoReverseMatch, reverse

from innozone.talent import permissions

register = template.Library()


@register.filter
def can_view_talent(user) -> bool:
    return permissions.can_view_talent(user)[0]


@register.filter
def can_view_experts(user) -> bool:
    return permissions.can_view_experts(user)[0]


@register.filter
def is_expert_user(user) -> bool:
    return permissions.is_expert_user(user)


@register.simple_tag
def url_if_exists(name: str, *args) -> str:
    """The URL of a named view, or "" while it does not exist yet (`{% url_if_exists 'talent:my_reviews' as u %}`)."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return ""
