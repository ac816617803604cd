from django import template

from ..permissions import can_apply, can_view_office

register = template.Library()


@register.filter
def opens_vouchers(user) -> bool:
    """Whether the 创新券 home opens for this user (the office's dashboard, a provider's page or an
    enterprise's): the menu shows the link only then."""
    if not user.is_authenticated:
        return False
    return can_view_office(user)[0] or user.role == "provider" or can_apply(user)[0]
