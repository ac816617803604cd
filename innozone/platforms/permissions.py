"""Who may see and change platforms and teams. Every check returns (allowed, reason).

- the office manages everything (records, formal check, expert review, 公示, recognition, evaluation);
  leaders and auditors read everything and change nothing;
- city and park staff see the platforms and teams of their region and recommend their applications
  (the approval flow's city stage);
- a host (enterprise, university, institute…) sees its own platforms and teams, registers them, applies for
  recognition and files their yearly figures.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import SELF_KINDS, is_office_admin, is_read_only, sees_all, visible_region_ids
from innozone.core.roles import Role


def _own(user, host_id) -> bool:
    return user.is_authenticated and user.organization_id is not None and user.organization_id == host_id


def is_host_user(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return org is not None and org.kind in SELF_KINDS and user.role not in (Role.EXPERT, Role.LEADER, Role.AUDITOR)


def can_view_platforms(user):
    """The list pages: the office, readers, city/park staff and hosts (their own)."""
    if sees_all(user) or visible_region_ids(user) or is_host_user(user):
        return True, ""
    return False, _("创新平台仅对办公室、市/园区工作人员和依托单位开放")


def can_view(user, obj):
    """One platform or team (obj has host_id and region_id)."""
    if sees_all(user) or _own(user, obj.host_id):
        return True, ""
    ids = visible_region_ids(user)
    if ids and obj.region_id in ids:
        return True, ""
    return False, _("只能查看本地区或本单位的平台和团队")


def can_register(user):
    if is_office_admin(user) or (is_host_user(user) and not is_read_only(user)):
        return True, ""
    return False, _("只有办公室或依托单位可以登记平台和团队")


def can_edit(user, obj):
    if is_office_admin(user):
        return True, ""
    if _own(user, obj.host_id) and is_host_user(user) and not is_read_only(user):
        return True, ""
    return False, _("只能修改本单位的平台和团队")


def can_apply(user, obj):
    """Apply for recognition: the host itself (the office files on paper applications' behalf)."""
    return can_edit(user, obj)


def can_manage(user):
    """The office's acts: formal check, expert draw, 公示, recognition, status changes, evaluation."""
    if is_office_admin(user):
        return True, ""
    return False, _("该操作仅对自创区办公室开放")


def can_file_figures(user, platform):
    return can_edit(user, platform)
