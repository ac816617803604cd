"""Role checks shared by every app. Each returns (allowed, reason) so the reason can be shown."""

from django.utils.translation import gettext_lazy as _

from . import regions
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


# --- who sees what by region (the registry, platforms, carriers, talent) ----------------------------------

#: Organization kinds that act for themselves (an enterprise, a university…), not for a region.
SELF_KINDS = ("enterprise", "university", "institute", "provider", "financial", "intermediary")
#: Roles of city, park and department staff.
STAFF_ROLES = (Role.COORDINATOR, Role.REPORTER)


def sees_all(user) -> bool:
    """The office, leaders and auditors see every region's records."""
    return user.is_authenticated and (is_office_admin(user) or user.role in (Role.LEADER, Role.AUDITOR))


def staff_region(user) -> int | None:
    """The region a city or park staff member looks after (None: not such a user)."""
    org = user.organization if user.is_authenticated else None
    if org is None or user.role not in STAFF_ROLES or org.kind in SELF_KINDS:
        return None
    return org.region_id


def visible_region_ids(user) -> list[int] | None:
    """Regions whose records the user sees: None means all, [] none (then only its own organization's)."""
    if sees_all(user):
        return None
    region = staff_region(user)
    return regions.descendants(region) if region else []
