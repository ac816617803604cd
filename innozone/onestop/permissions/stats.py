"""Who may read the one-stop service statistics.

The office, leaders and auditors read every department's figures; a department's staff (a coordinator or
reporter of a government department, committee or government that leads at least one service item) read the
items their own organization leads; enterprises, universities and other applicants, and staff of organizations
that lead no item, do not see statistics (applicants follow their own cases)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import SELF_KINDS, STAFF_ROLES, sees_all

from ..models import ServiceItem


def department_of(user) -> int | None:
    """The organization a department user reads the statistics of (None: not a department user)."""
    if not user.is_authenticated or user.role not in STAFF_ROLES:
        return None
    org = user.organization
    if org is None or org.kind in SELF_KINDS:
        return None
    cache = getattr(user, "_onestop_leads_items", None)
    if cache is None:
        cache = {}
        user._onestop_leads_items = cache
    if org.pk not in cache:  # once per request: the nav and the page ask the same
        cache[org.pk] = ServiceItem.objects.filter(department_id=org.pk).exists()
    return org.pk if cache[org.pk] else None


def stats_scope(user) -> list[int] | None:
    """The lead departments whose items the user's statistics cover: None for all, else a list of ids."""
    if sees_all(user):
        return None
    org = department_of(user)
    return [org] if org else []


def can_view_stats(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or department_of(user):
        return True, ""
    return False, _("一网通办统计仅对办公室、领导、审计员和牵头办理事项的部门开放")


def can_view_department_stats(user, department_id: int | None):
    """A department filter the reader may use: any for the office, leaders and auditors; its own for a
    department."""
    allowed, reason = can_view_stats(user)
    if not allowed or department_id is None:
        return allowed, reason
    scope = stats_scope(user)
    if scope is None or department_id in scope:
        return True, ""
    return False, _("只能查看本部门的统计")
