"""Who may do what with cases (办件) and ratings (好差评). Each check returns (allowed, reason).

- Applicants: users of an enterprise, university or institute (any role but the read-only ones) apply for a
  published item without a platform flow of its own, follow their organization's cases, answer a 补正, supply
  容缺 materials, withdraw before the decision and rate a finished case once.
- The item's department (its users, read-only roles excepted) accepts, refuses, asks for 补正, pauses and
  resumes the clock, extends it once and decides; it replies to a bad rating.
- The parallel departments decide their branch (core.approvals checks the approver) and see the case.
- The office, leaders and auditors see every case; they change nothing they are not the department of.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_read_only, sees_all

from ..models import Case, ServiceItem

APPLICANT_KINDS = ("enterprise", "university", "institute")
OPEN = (Case.Status.SUBMITTED, Case.Status.CORRECTING, Case.Status.ACCEPTED, Case.Status.BRANCHES, Case.Status.PAUSED)
FINISHED = (Case.Status.APPROVED, Case.Status.DENIED, Case.Status.REFUSED)


def is_applicant_user(user) -> bool:
    org = getattr(user, "organization", None) if user.is_authenticated else None
    return bool(org is not None and org.kind in APPLICANT_KINDS and not is_read_only(user))


def is_department_user(user, case: Case) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.organization_id == case.item.department_id)


def _branch_org_ids(case: Case) -> set[int]:
    return {o.pk for o in case.item.branch_departments.all()}


def can_apply(user, item: ServiceItem):
    if not user.is_authenticated:
        return False, _("请先登录")
    if not is_applicant_user(user):
        return False, _("只有企业、高校和科研院所的用户可以申请办理")
    if item.status != ServiceItem.Status.PUBLISHED:
        return False, _("该事项未发布或已暂停办理")
    if item.flow_url:
        return False, _("该事项在平台的专门入口办理")
    return True, ""


def can_view_case(user, case: Case):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user):
        return True, ""
    org = user.organization_id
    if org and (org == case.applicant_id or org == case.item.department_id or org in _branch_org_ids(case)):
        return True, ""
    return False, _("只有申请单位、办理部门和自创区办公室可以查看该办件")


def can_handle(user, case: Case):
    """The department's acts on the case (accept, refuse, 补正, pause, extend, decide)."""
    if not user.is_authenticated:
        return False, _("请先登录")
    if is_read_only(user):
        return False, _("只读账号不能办理")
    if not is_department_user(user, case):
        return False, _("只有%(d)s可以办理该办件") % {"d": case.item.department.name}
    return True, ""


def can_act_as_applicant(user, case: Case):
    if not user.is_authenticated:
        return False, _("请先登录")
    if is_read_only(user):
        return False, _("只读账号不能办理")
    if user.organization_id != case.applicant_id:
        return False, _("只有申请单位可以办理该操作")
    return True, ""


def can_view_queue(user):
    """Department staff whose organization handles an item or a branch."""
    if not user.is_authenticated or not user.organization_id:
        return False, _("请先登录")
    org = user.organization_id
    handles = getattr(user, "_onestop_handles", None)
    if handles is None or handles[0] != org:  # once per request: the nav and the page ask the same
        found = ServiceItem.objects.filter(Q(department_id=org) | Q(branch_departments__id=org)).exists()
        handles = user._onestop_handles = (org, found)
    if handles[1]:
        return True, ""
    return False, _("办件队列仅对事项的办理部门开放")


def can_view_all(user):
    if sees_all(user):
        return True, ""
    return False, _("全部办件仅对自创区办公室、领导和审计员开放")


def can_rate(user, case: Case):
    allowed, reason = can_act_as_applicant(user, case)
    if not allowed:
        return allowed, reason
    if case.status not in FINISHED:
        return False, _("办结后才能评价")
    if hasattr(case, "rating"):
        return False, _("该办件已评价（一事一评）")
    return True, ""


def can_reply_rating(user, rating):
    if not user.is_authenticated:
        return False, _("请先登录")
    if is_read_only(user):
        return False, _("只读账号不能办理")
    if user.organization_id != rating.department_id:
        return False, _("只有被评价的部门可以整改回复")
    return True, ""


def can_view_ratings(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or can_view_queue(user)[0]:
        return True, ""
    return False, _("评价记录仅对办理部门、自创区办公室、领导和审计员开放")
