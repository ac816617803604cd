"""Who may read and change IP assets, fees, transactions and imports. Every check returns (allowed, reason).

- an enterprise's (or university's, institute's) own users see and edit their organization's assets, record
  their fees and their transactions; leaders and auditors read everything and change nothing;
- city, park and department staff (coordinators and reporters of a non-enterprise unit) read the assets of the
  organizations registered in their region or park (with what is under it); they change nothing;
- the office (自创区办公室) reads and edits all, imports patent-search exports for any owner;
- an enterprise imports a patent-search export of its own patents (rows of other owners are refused);
- the pilot-park indicators: the office, leaders, auditors and city/park staff.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core import regions
from innozone.core.permissions import SELF_KINDS, is_office_admin, is_read_only, sees_all, staff_region


def _ok():
    return True, ""


def acts_for_own(user) -> bool:
    """A user of an enterprise/university/institute acting for it (not a read-only role)."""
    org = user.organization if user.is_authenticated else None
    return org is not None and org.kind in SELF_KINDS and not is_read_only(user)


def can_view_assets(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or staff_region(user) or acts_for_own(user):
        return _ok()
    return False, _("知识产权台账仅对企业及其主管部门、园区、办公室和领导开放")


def _in_region(user, asset) -> bool:
    region = staff_region(user)
    if not region:
        return False
    owner = asset.owner
    entry = getattr(owner, "registry_entry", None)
    places = {owner.region_id}
    if entry is not None:
        places |= {entry.region_id, entry.park_id}
    return any(p and regions.tree().within(p, region) for p in places)


def can_view_asset(user, asset):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or (user.organization_id and user.organization_id == asset.owner_id) or _in_region(user, asset):
        return _ok()
    return False, _("您无权查看该知识产权")


def can_create_asset(user, owner_id=None):
    if is_office_admin(user):
        return _ok()
    if acts_for_own(user) and (owner_id is None or int(owner_id) == user.organization_id):
        return _ok()
    return False, _("只有权利人本单位用户和自创区办公室可以登记知识产权")


def can_edit_asset(user, asset):
    if is_office_admin(user):
        return _ok()
    if acts_for_own(user) and user.organization_id == asset.owner_id:
        return _ok()
    return False, _("只有权利人本单位用户和自创区办公室可以修改知识产权、登记年费和交易")


def can_import(user):
    if is_office_admin(user) or acts_for_own(user):
        return _ok()
    return False, _("导入专利检索结果仅对企业用户和自创区办公室开放")


def can_view_parks(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or staff_region(user):
        return _ok()
    return False, _("知识产权试点园区指标仅对办公室、领导和市/园区工作人员开放")


def can_run_daily(user):
    if is_office_admin(user):
        return _ok()
    return False, _("年费提醒任务仅对自创区办公室开放")
