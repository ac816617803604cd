"""Who may see and act on programmes, calls and applications. Every check returns (allowed, reason).

- the office (自创区办公室) creates programmes and calls, moves a call's stage, makes the formal check and
  recommends at the province stage; leaders and auditors read everything and change nothing;
- every logged-in user reads the notices of open and later calls (drafts: the office and readers only);
- an applicant (a user of an enterprise, university or institute) drafts, saves, submits and withdraws its own
  applications; a co-applicant's users read them;
- a recommending unit (park committee or county/district government at the "district" stage, the city at the
  "city" stage) sees and recommends the applications of its region at its stage of the chain.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core import regions
from innozone.core.permissions import SELF_KINDS, STAFF_ROLES, is_office_admin, is_read_only, sees_all
from innozone.core.roles import Role

APPLICANT_KINDS = ("enterprise", "university", "institute")
EDITABLE = ("draft", "returned")
LOCAL_KINDS = ("park", "district", "county")


def _ok():
    return True, ""


def is_applicant_user(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return (
        org is not None
        and org.kind in APPLICANT_KINDS
        and user.role not in (Role.EXPERT, Role.LEADER, Role.AUDITOR, Role.FINANCE, Role.BANK)
    )


def stage_region_id(stage: str, region_id: int | None) -> int | None:
    """The region whose unit recommends an application of `region_id` at `stage`: the park, district or county
    it lies in ("district"), its city ("city"); None for the province stage (the office)."""
    if stage == "city":
        return regions.city_of(region_id)
    if stage == "district":
        tree = regions.tree()
        return next((pk for pk in tree.ancestors(region_id) if tree.nodes[pk].kind in LOCAL_KINDS), None)
    return None


def acts_for_stage(user, stage: str, region_id: int | None) -> bool:
    """Whether the user recommends for `stage` the applications of `region_id`."""
    if not user.is_authenticated or is_read_only(user):
        return False
    if stage == "province":
        return is_office_admin(user)
    org = user.organization
    if org is None or user.role not in STAFF_ROLES or org.kind in SELF_KINDS:
        return False
    wanted = stage_region_id(stage, region_id)
    return wanted is not None and org.region_id == wanted


def is_recommending_user(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return bool(org and user.role in STAFF_ROLES and org.kind not in SELF_KINDS and org.region_id)


def can_view_funds(user):
    if user.is_authenticated:
        return _ok()
    return False, _("请先登录")


def can_manage(user):
    """The office's acts on programmes and calls."""
    if is_office_admin(user):
        return _ok()
    return False, _("该操作仅对自创区办公室开放")


def can_view_call(user, call):
    if not user.is_authenticated:
        return False, _("请先登录")
    if call.stage != "draft" or sees_all(user):
        return _ok()
    return False, _("申报通知尚未发布")


def can_edit_call(user, call):
    allowed, reason = can_manage(user)
    if not allowed:
        return allowed, reason
    if call.stage != "draft":
        return False, _("申报通知已发布，不能再修改")
    return _ok()


def can_apply(user, call, *, stage: str | None = None):
    """Start an application: a user of an enterprise, university or institute while the call is open (stage:
    the call's effective stage by its dates, when the caller knows it)."""
    if not is_applicant_user(user) or is_read_only(user):
        return False, _("只有企业、高校和科研院所用户可以申报")
    if (stage or call.stage) != "open":
        return False, _("该通知当前不在申报期内")
    return _ok()


def _own(user, application) -> bool:
    return is_applicant_user(user) and user.organization_id == application.applicant_id


def _co(user, application) -> bool:
    if not is_applicant_user(user):
        return False
    return any(c.organization_id == user.organization_id for c in application.co_applicants.all())


def _recommender(user, application) -> bool:
    if not is_recommending_user(user):
        return False
    return user.organization.region_id in regions.ancestors(application.region_id)


def can_view_application(user, application):
    if sees_all(user) or _own(user, application) or _co(user, application):
        return _ok()
    if application.status not in EDITABLE and _recommender(user, application):
        return _ok()
    return False, _("只能查看本单位或本地区推荐的申报")


def can_edit_application(user, application):
    if not _own(user, application) or not is_applicant_user(user) or is_read_only(user):
        return False, _("只能修改本单位的申报")
    if application.status not in EDITABLE:
        return False, _("申报已提交，不能修改")
    return _ok()


def can_withdraw(user, application):
    if not _own(user, application) or not is_applicant_user(user) or is_read_only(user):
        return False, _("只能撤回本单位的申报")
    if application.status not in ("draft", "submitted", "returned"):
        return False, _("形式审查后不能撤回")
    return _ok()


def can_check(user, application):
    allowed, reason = can_manage(user)
    if not allowed:
        return allowed, reason
    if application.status != "submitted":
        return False, _("只能审查已提交待审查的申报")
    return _ok()


def can_view_checks(user):
    if sees_all(user):
        return _ok()
    return False, _("形式审查仅对自创区办公室开放")


def can_view_recommendations(user):
    if sees_all(user) or is_recommending_user(user):
        return _ok()
    return False, _("推荐仅对推荐单位开放")


def can_recommend(user, application):
    if application.status != "recommending" or not application.chain_stage:
        return False, _("该申报当前不在推荐阶段")
    if not acts_for_stage(user, application.chain_stage, application.region_id):
        return False, _("您不是该申报当前推荐层级的推荐单位")
    return _ok()


def can_confirm_co(user, application):
    """A co-applicant's own users confirm that they take part (产学研)."""
    if not _co(user, application) or is_read_only(user):
        return False, _("只有合作单位可以确认参与")
    if application.status not in ("draft", "returned", "submitted"):
        return False, _("形式审查后不能再确认")
    return _ok()
