"""The registry's template helpers: `{% load enterprises_tags %}`."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from innozone.enterprises.permissions import can_view_registry as _can_view_registry

register = template.Library()


@register.filter
def can_view_registry(user) -> bool:
    """`{% if user|can_view_registry %}`: the nav link is shown by the check the pages use."""
    return _can_view_registry(user)[0]


@register.filter
def yuan(value) -> str:
    """Money with thousands separators and two places: 1234567.5 → 1,234,567.50 (empty for none)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def grouped(value) -> str:
    """A whole number with thousands separators."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"


@register.filter
def cell(value) -> str:
    """A dossier section's cell: money and counts grouped, dates as YYYY-MM-DD, the rest as text."""
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return grouped(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: what each qualification history entry (QualificationEvent.action) means
ACTIONS = {"record": _("登记"), "expire": _("到期"), "revoke": _("撤销")}


@register.filter
def qualification_action(code: str) -> str:
    return str(ACTIONS.get(code, code))
