"""Who may use the 政策计算器 and the 免申即享 lists and grants. Every check returns (allowed, reason).

- "我的政策" (my matches): users of an enterprise, university or institute for their own organization (what
  the library's links call an enterprise user);
- the office, leaders and auditors look up any registered organization's matches (by USCC) and every
  clause's eligible list with the near misses; government staff (departments, cities, parks: coordinators and
  reporters of a non-enterprise unit) see the eligible lists of the clauses of policies their unit leads in
  full and otherwise the enterprises of their region;
- 免申即享 lists: the office generates, edits (exclusions) and submits them; the department that leads the
  policy (else the office) confirms through the approval component; leaders and auditors read;
- grants: the enterprise's users see their own; the office and the finance role record payment; leaders,
  auditors and the office see all.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import (
    SELF_KINDS,
    STAFF_ROLES,
    is_office_admin,
    is_read_only,
    sees_all,
    visible_region_ids,
)
from innozone.core.roles import Role

APPLICANT_KINDS = ("enterprise", "university", "institute")


def _ok():
    return True, ""


def is_applicant_user(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return org is not None and org.kind in APPLICANT_KINDS


def is_government_staff(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return bool(org and user.role in STAFF_ROLES and org.kind not in SELF_KINDS)


def can_use_calculator(user):
    """ "我的政策": the user's own organization's matches."""
    if not user.is_authenticated:
        return False, _("请先登录")
    if is_applicant_user(user):
        return _ok()
    return False, _("政策计算器面向企业、高校和科研院所用户；政府部门请使用“符合条件企业”名单")


def can_look_up(user):
    """Any organization's matches by USCC (the office and readers)."""
    if sees_all(user):
        return _ok()
    return False, _("按统一社会信用代码查询企业的匹配结果仅对自创区办公室、领导和审计员开放")


def can_view_eligible(user):
    """The eligible lists of clauses (rows limited by `eligible_region_ids`)."""
    if sees_all(user) or is_government_staff(user):
        return _ok()
    return False, _("符合条件企业名单仅对自创区办公室、政府部门、领导和审计员开放")


def eligible_region_ids(user, clause) -> list[int] | None:
    """Regions whose enterprises the user sees on a clause's list: None = all."""
    if sees_all(user):
        return None
    if user.organization_id and clause.policy.owner_id == user.organization_id:
        return None
    return visible_region_ids(user) or []


def can_manage_grants(user):
    if is_office_admin(user):
        return _ok()
    return False, _("免申即享清单的生成和提交仅对自创区办公室开放")


def can_view_grant_lists(user):
    if sees_all(user) or is_government_staff(user):
        return _ok()
    return False, _("免申即享清单仅对自创区办公室、政府部门、领导和审计员开放")


def can_view_grant_list(user, grant_list):
    if sees_all(user):
        return _ok()
    owner = grant_list.clause.policy.owner_id
    if is_government_staff(user) and owner and user.organization_id == owner:
        return _ok()
    if (
        grant_list.approval_id
        and is_government_staff(user)
        and grant_list.approval.tasks.filter(approver_id=user.organization_id).exists()
    ):
        return _ok()
    return False, _("您无权查看该免申即享清单")


def can_edit_grant_list(user, grant_list):
    allowed, reason = can_manage_grants(user)
    if not allowed:
        return allowed, reason
    if grant_list.status not in ("draft", "rejected"):
        return False, _("清单已提交部门确认或已兑现，不能再修改")
    return _ok()


def can_view_grants(user):
    """The grants page: an enterprise's own, or all for the office, finance and readers."""
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or user.role == Role.FINANCE or is_applicant_user(user):
        return _ok()
    return False, _("兑现记录仅对企业本单位、自创区办公室、财务、领导和审计员开放")


def sees_all_grants(user) -> bool:
    return sees_all(user) or (user.is_authenticated and user.role == Role.FINANCE)


def can_view_grant(user, grant):
    if sees_all_grants(user):
        return _ok()
    if user.is_authenticated and user.organization_id == grant.organization_id:
        return _ok()
    return False, _("您无权查看该兑现记录")


def can_mark_paid(user, grant=None):
    if not user.is_authenticated or is_read_only(user):
        return False, _("只读账号不能登记拨付")
    if not (is_office_admin(user) or user.role == Role.FINANCE):
        return False, _("登记拨付仅对财务和自创区办公室开放")
    if grant is not None and grant.status != "granted":
        return False, _("只有已兑现、尚未拨付的记录可以登记拨付")
    return _ok()
