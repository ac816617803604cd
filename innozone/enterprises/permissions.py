"""Who may see and change what in the enterprise registry. Every check returns (allowed, reason).

- the office sees and changes everything and imports; leaders and auditors see everything, change nothing;
- city and park staff (coordinators, reporters of a government, department or park committee) see the
  enterprises of their region — a city its districts, counties and parks, a park its own — and recommend
  enterprises of their region to the cultivation pipeline;
- an enterprise, university, institute or provider user sees and edits its own entry and files its own figures.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import (  # noqa: F401  (re-exported: the registry's views use them by this name)
    SELF_KINDS,
    STAFF_ROLES,
    is_office_admin,
    is_read_only,
    sees_all,
    staff_region,
    visible_region_ids,
)
from innozone.core.roles import Role


def can_view_registry(user):
    if (
        sees_all(user)
        or staff_region(user)
        or (user.is_authenticated and user.organization is not None and user.organization.kind in SELF_KINDS)
    ):
        return True, ""
    return False, _("企业库仅对办公室、市/园区工作人员和企业（机构）本身开放")


def can_view(user, enterprise):
    if sees_all(user) or (user.is_authenticated and user.organization_id == enterprise.organization_id):
        return True, ""
    ids = visible_region_ids(user)
    if ids and (enterprise.region_id in ids or enterprise.park_id in ids):
        return True, ""
    return False, _("只能查看本地区或本单位的企业信息")


def can_edit(user, enterprise):
    if is_office_admin(user):
        return True, ""
    own = user.is_authenticated and user.organization_id == enterprise.organization_id
    # an expert acts for the platform's reviews, not for the institution that employs it
    if own and not is_read_only(user) and user.role != Role.EXPERT:
        return True, ""
    return False, _("只能修改本单位的企业信息")


def can_register(user):
    """Create a registry entry: the office for anyone, an organization user for its own organization."""
    if is_office_admin(user):
        return True, ""
    org = user.organization if user.is_authenticated else None
    if org is not None and not is_read_only(user) and user.role != Role.EXPERT and org.kind in SELF_KINDS:
        return True, ""
    return False, _("只有办公室或企业（机构）本身可以登记")


def can_import(user):
    if is_office_admin(user):
        return True, ""
    return False, _("只有办公室管理员可以批量导入")


def can_manage_qualifications(user):
    """Qualifications are official records: the office records, renews and revokes them."""
    if is_office_admin(user):
        return True, ""
    return False, _("资质由办公室根据认定文件登记")


def can_recommend(user, enterprise):
    """Enter an enterprise into the cultivation pipeline: its park or city, or the office."""
    if is_office_admin(user):
        return True, ""
    if is_read_only(user):
        return False, _("只读账号不能操作")
    ids = visible_region_ids(user)
    if ids and (enterprise.region_id in ids or enterprise.park_id in ids):
        return True, ""
    return False, _("只有企业所在园区、市或办公室可以推荐入库")


def can_advance(user, enterprise):
    """Move an enterprise through the pipeline (coaching, applied, result): the office, or its park/city."""
    return can_recommend(user, enterprise)
