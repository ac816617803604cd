from django import template

from ..permissions import assets as permissions

register = template.Library()


@register.simple_tag
def ip_can_view(user) -> bool:
    """The nav shows the IP link only where the page opens."""
    return bool(permissions.can_view_assets(user)[0])
