"""Who may do what with funded projects, tranches, matching funds, reports, changes and inspections.

The office manages projects (creates them from awards, records matching funds, inspections, repayments and
decides the first tranche stage); the finance organization (INNOZONE_FUNDS_FINANCE_ORG) decides the second
stage and records payments; the project's organization requests tranches, submits reports and asks for
changes; leaders and auditors read everything and change nothing; city and park staff read their region's."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_office_admin, is_read_only, sees_all, visible_region_ids
from innozone.core.roles import Role

DEFAULT_FINANCE_ORG = "兰白自创区办公室财务科（演示）"


def finance_org_name() -> str:
    return getattr(settings, "INNOZONE_FUNDS_FINANCE_ORG", "") or DEFAULT_FINANCE_ORG


def is_finance(user) -> bool:
    """A user of the finance organization (the second stage of a tranche, the payment)."""
    org = getattr(user, "organization", None) if user.is_authenticated else None
    return bool(org is not None and user.role == Role.FINANCE and org.name == finance_org_name())


def _own(user, project) -> bool:
    return (
        user.is_authenticated and user.organization_id is not None and user.organization_id == project.organization_id
    )


def _region_sees(user, project) -> bool:
    regions = visible_region_ids(user)
    if regions is None:
        return True
    return bool(regions) and project.organization.region_id in regions


def can_view_projects(user):
    """The list of projects (what is listed is scoped by the selectors)."""
    if not user.is_authenticated:
        return False, _("请先登录")
    return True, ""


def can_view_project(user, project):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or is_finance(user) or _own(user, project) or _region_sees(user, project):
        return True, ""
    return False, _("只有项目承担单位、办公室、财务和所在地区的管理部门可以查看该项目")


def can_manage_projects(user):
    """The office's work: projects from awards, agreements, matching, inspections, repayments."""
    if is_office_admin(user):
        return True, ""
    return False, _("只有自创区办公室可以办理")


def can_act_for_project(user, project):
    """The project's organization (or the office for it): tranches, reports, changes, performance."""
    if not user.is_authenticated or is_read_only(user):
        return False, _("只读账号不能办理")
    if is_office_admin(user) or _own(user, project):
        return True, ""
    return False, _("只有项目承担单位或自创区办公室可以办理")


def can_pay_tranche(user):
    if is_finance(user) and not is_read_only(user):
        return True, ""
    return False, _("只有财务部门可以登记支付")


def can_view_money(user):
    """The tranche queue, the burn-down and the matching funds pages: the office, finance, leaders, auditors."""
    if sees_all(user) or is_finance(user):
        return True, ""
    return False, _("资金情况仅对办公室、财务部门、领导和审计员开放")


def can_export_dossier(user, project):
    """The full project dossier: the office and auditors (and leaders), the finance organization, and the
    project's own organization for its own project; nobody else."""
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or is_finance(user) or _own(user, project):
        return True, ""
    return False, _("项目档案仅对办公室、审计员和项目承担单位开放")
