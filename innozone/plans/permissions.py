"""Who may do what with plans and reports. Every check returns (allowed, reason)."""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import can_use_supervision, is_office_admin, is_read_only
from innozone.core.roles import Role
from innozone.core.selectors import unit_ids_for

from .models import Report, Responsibility


def _responsibility_roles(user, task) -> set[str]:
    units = unit_ids_for(user.organization)
    return {r.role for r in task.responsibilities.all() if r.organization_id in units}


def can_view_plan(user, plan=None):
    return can_use_supervision(user)


def can_import_plan(user):
    """Plans are entered by the zone office (the issuer of the 工作要点)."""
    if is_office_admin(user):
        return True, ""
    return False, _("只有办公室管理员可以导入工作计划")


def can_report_on(user, task):
    """A unit files reports on the tasks it is responsible for, as itself."""
    allowed, reason = can_use_supervision(user)
    if not allowed:
        return allowed, reason
    if is_read_only(user):
        return False, _("只读账号不能报送进展")
    if user.organization is None:
        return False, _("您的账号未关联单位，不能报送进展")
    if user.role not in (Role.REPORTER, Role.COORDINATOR, Role.OFFICE_ADMIN):
        return False, _("您的角色不能报送进展")
    if not _responsibility_roles(user, task):
        return False, _("本单位不是该任务的责任单位")
    return True, ""


def can_edit_report(user, report: Report):
    """A unit corrects and refiles its own report on a task it reports on, until the report is accepted."""
    allowed, reason = can_report_on(user, report.task)
    if not allowed:
        return allowed, reason
    if report.organization_id != user.organization_id:
        return False, _("只能修改本单位报送的报告")
    if report.status == Report.Status.ACCEPTED:
        return False, _("该期报告已审核通过，不能修改")
    return True, ""


def can_review(user, report: Report):
    """The zone office reviews any report; a lead unit's coordinator reviews other units' reports."""
    allowed, reason = can_use_supervision(user)
    if not allowed:
        return allowed, reason
    if report.status != Report.Status.SUBMITTED:
        return False, _("该报告不在待审核状态")
    if is_office_admin(user):
        return True, ""
    if user.role != Role.COORDINATOR:
        return False, _("只有牵头单位的协调员或自创区办公室可以审核")
    if report.organization_id == user.organization_id:
        return False, _("不能审核本单位报送的报告，由自创区办公室审核")
    if Responsibility.Role.LEAD not in _responsibility_roles(user, report.task):
        return False, _("本单位不是该任务的牵头单位")
    return True, ""


def can_view_report(user, report: Report):
    allowed, reason = can_use_supervision(user)
    if not allowed:
        return allowed, reason
    if is_office_admin(user) or user.role in (Role.LEADER, Role.AUDITOR):
        return True, ""
    if report.organization_id == user.organization_id:
        return True, ""
    if user.role == Role.COORDINATOR and Responsibility.Role.LEAD in _responsibility_roles(user, report.task):
        return True, ""
    return False, _("您只能查看本单位的报告")
