"""Role checks shared by every app. Each returns (allowed, reason) so the reason can be shown."""

from django.utils.translation import gettext_lazy as _

from .roles import GOVERNMENT_ROLES, READ_ONLY_ROLES, Role


def is_office_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE_ADMIN)


def is_read_only(user) -> bool:
    return user.is_authenticated and user.role in READ_ONLY_ROLES and not user.is_superuser


def can_use_supervision(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if user.is_superuser or user.role in GOVERNMENT_ROLES:
        return True, ""
    return False, _("工作计划督办仅对政府部门、园区和办公室用户开放")


def can_view_audit(user):
    if user.is_authenticated and (is_office_admin(user) or user.role == Role.AUDITOR):
        return True, ""
    return False, _("审计记录仅对办公室管理员和审计员开放")
