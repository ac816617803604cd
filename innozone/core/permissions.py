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


def can_manage_accounts(user):
    if is_office_admin(user):
        return True, ""
    return False, _("账号管理仅对办公室管理员开放")


def can_manage_account(user, account):
    """The office unlocks, resets and changes the role of other accounts; only a superuser touches a
    superuser's account; one's own password is changed on the password page, one's own role never."""
    allowed, reason = can_manage_accounts(user)
    if not allowed:
        return allowed, reason
    if account.pk == user.pk:
        return False, _("不能在账号管理中修改自己的账号，请使用「修改密码」")
    if account.is_superuser and not user.is_superuser:
        return False, _("只有超级管理员可以管理超级管理员账号")
    return True, ""
