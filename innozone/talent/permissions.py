"""Who may see and change the talent pool, the expert pool and the draws. Every check returns (allowed, reason).

- the office manages people, experts, relations, the committee, draws and ratings, and alone sees ID numbers;
  leaders and auditors read (never ID numbers);
- city and park staff see the people of their region;
- an organization's users see and register the people it employs;
- an expert sees their own profile and assignments, declares relations and conflicts, submits reviews.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import SELF_KINDS, is_office_admin, is_read_only, sees_all, visible_region_ids
from innozone.core.roles import Role


def can_view_talent(user):
    org = user.organization if user.is_authenticated else None
    if sees_all(user) or visible_region_ids(user) or (org is not None and org.kind in SELF_KINDS):
        return True, ""
    return False, _("人才库仅对办公室、市/园区工作人员和用人单位开放")


def can_view_person(user, person):
    if sees_all(user):
        return True, ""
    if user.is_authenticated and person.employer_id and user.organization_id == person.employer_id:
        return True, ""
    ids = visible_region_ids(user)
    if ids and person.region_id in ids:
        return True, ""
    return False, _("只能查看本地区或本单位的人才信息")


def can_edit_person(user, person=None):
    if is_office_admin(user):
        return True, ""
    org = user.organization if user.is_authenticated else None
    own = person is None or (person.employer_id and person.employer_id == user.organization_id)
    if org is not None and org.kind in SELF_KINDS and own and not is_read_only(user) and user.role != Role.EXPERT:
        return True, ""
    return False, _("只能登记和修改本单位的人才信息")


def can_see_id_number(user):
    if is_office_admin(user):
        return True, ""
    return False, _("身份证号码仅办公室可见")


def can_view_experts(user):
    if sees_all(user):
        return True, ""
    return False, _("专家库仅对自创区办公室、领导和审计员开放")


def can_manage_experts(user):
    if is_office_admin(user):
        return True, ""
    return False, _("专家库由自创区办公室管理")


def can_run_draw(user):
    if is_office_admin(user):
        return True, ""
    return False, _("专家抽取仅由自创区办公室进行")


def is_expert_user(user) -> bool:
    """An expert's login linked to the expert pool (only expert accounts are looked up: no query per page for
    everyone else's nav)."""
    return user.is_authenticated and user.role == Role.EXPERT and getattr(user, "expert_profile", None) is not None


def can_act_on_assignment(user, assignment):
    """The expert of the assignment: declare a conflict, submit the review."""
    if user.is_authenticated and assignment.expert.user_id == user.pk and not is_read_only(user):
        return True, ""
    return False, _("只有被抽取的专家本人可以办理该评审任务")


def can_rate(user):
    if is_office_admin(user):
        return True, ""
    return False, _("评审质量评价由自创区办公室进行")


def is_own_expert(user, expert) -> bool:
    return user.is_authenticated and expert.user_id is not None and expert.user_id == user.pk


def can_view_expert(user, expert):
    """The office, leaders and auditors see every expert; an expert their own record."""
    if sees_all(user) or is_own_expert(user, expert):
        return True, ""
    return False, _("只能查看本人的专家信息")


def can_declare_relation(user, expert):
    """The office records relations; an expert declares their own."""
    if is_office_admin(user) or (is_own_expert(user, expert) and not is_read_only(user)):
        return True, ""
    return False, _("只有专家本人或自创区办公室可以申报关系")


def can_set_availability(user, expert):
    return can_declare_relation(user, expert)
