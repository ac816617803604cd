"""Who sees and changes investment projects, funds in place and fairs. Every check returns (allowed, reason).

- the office (自创区办公室) sees and changes every project and manages the fairs;
- investment staff of a city, county/district or park (coordinators and reporters of a government, committee
  or department unit) see and change the projects whose park lies in their region (a city its city, a park
  committee its park) and those their unit is responsible for;
- leaders and auditors read everything (board, pages, exports); nobody else sees the pipeline.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innozone.core import regions
from innozone.core.permissions import STAFF_ROLES, is_office_admin, is_read_only, sees_all

#: units whose staff work the pipeline of their region
STAFF_KINDS = ("government", "committee", "department")


def _ok():
    return True, ""


def is_investment_staff(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return bool(org and user.role in STAFF_ROLES and org.kind in STAFF_KINDS and org.region_id)


def region_ids(user) -> list[int] | None:
    """Parks whose projects the user sees: None = all, [] = none."""
    if sees_all(user):
        return None
    if is_investment_staff(user):
        return regions.descendants(user.organization.region_id)
    return []


def can_view_pipeline(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or is_investment_staff(user):
        return _ok()
    return False, _("招商项目仅对自创区办公室、市州/县区/园区招商部门、领导和审计员开放")


def can_view_project(user, project):
    allowed, reason = can_view_pipeline(user)
    if not allowed:
        return allowed, reason
    ids = region_ids(user)
    if ids is None or project.park_id in ids or project.responsible_id == user.organization_id:
        return _ok()
    return False, _("该项目不在您单位负责的地区")


def can_create_project(user, park_id: int | None = None):
    if is_read_only(user):
        return False, _("只读账号不能登记招商项目")
    if is_office_admin(user):
        return _ok()
    if not is_investment_staff(user):
        return False, _("招商项目由自创区办公室和市州/县区/园区招商部门登记")
    if park_id is not None and park_id not in (region_ids(user) or []):
        return False, _("只能登记落地在本单位所辖地区的项目")
    return _ok()


def can_edit_project(user, project):
    if is_read_only(user):
        return False, _("只读账号不能修改招商项目")
    if is_office_admin(user):
        return _ok()
    if not is_investment_staff(user):
        return False, _("招商项目由自创区办公室和市州/县区/园区招商部门维护")
    if project.park_id in (region_ids(user) or []) or project.responsible_id == user.organization_id:
        return _ok()
    return False, _("该项目不在您单位负责的地区")


def can_manage_fairs(user):
    if is_office_admin(user):
        return _ok()
    return False, _("节会由自创区办公室维护")


def can_import(user):
    if is_office_admin(user) or (is_investment_staff(user) and not is_read_only(user)):
        return _ok()
    return False, _("批量导入招商项目仅对自创区办公室和招商部门开放")
