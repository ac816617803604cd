"""Who may read and change international cooperation records. Every check returns (allowed, reason).

- every logged-in user of the government side, enterprises, universities and institutes reads the partner
  directory (the names of foreign partners are not secret);
- agreements and projects: the office, leaders and auditors read all; city and park staff read those of the
  organizations in their region; an organization reads its own;
- the office (自创区办公室) creates and edits partners and joint-lab links, and any agreement or project;
- enterprises, universities and institutes add partners and record and edit their own agreements and projects;
- leaders and auditors change nothing.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import SELF_KINDS, is_office_admin, is_read_only, sees_all, visible_region_ids

#: organization kinds that record their own cooperation
OWN_KINDS = ("enterprise", "university", "institute")


def _ok():
    return True, ""


def _own_org(user):
    org = user.organization if user.is_authenticated else None
    if org is not None and org.kind in OWN_KINDS and not is_read_only(user):
        return org
    return None


def can_view_cooperation(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or visible_region_ids(user) or _own_org(user) is not None:
        return _ok()
    return False, _("国际合作仅对自创区办公室、园区和地方科技部门、领导以及企业、高校和科研院所开放")


def can_add_partner(user):
    if is_office_admin(user) or _own_org(user) is not None:
        return _ok()
    return False, _("只有自创区办公室和企业、高校、科研院所可以登记国外合作伙伴")


def can_edit_partner(user, partner=None):
    if is_office_admin(user):
        return _ok()
    return False, _("合作伙伴信息的修改仅对自创区办公室开放")


def can_record(user):
    """Record a new agreement or project (for one's own organization; the office for any)."""
    if is_office_admin(user) or _own_org(user) is not None:
        return _ok()
    return False, _("只有自创区办公室和企业、高校、科研院所可以登记合作协议和项目")


def can_record_for(user, organization):
    allowed, reason = can_record(user)
    if not allowed:
        return allowed, reason
    if is_office_admin(user) or (organization is not None and organization.pk == user.organization_id):
        return _ok()
    return False, _("只能登记本单位的合作协议和项目")


def can_edit_record(user, record):
    """An agreement or project: the office, or its own organization's users."""
    return can_record_for(user, record.organization)


def can_view_record(user, record, region_id=None):
    if not user.is_authenticated:
        return False, _("请先登录")
    if sees_all(user) or record.organization_id == user.organization_id:
        return _ok()
    ids = visible_region_ids(user) or []
    if region_id is not None and region_id in ids:
        return _ok()
    return False, _("您无权查看该记录")


def can_manage_bases(user):
    if is_office_admin(user):
        return _ok()
    return False, _("国际合作基地的合作伙伴仅由自创区办公室维护")


def can_view_stats(user):
    if sees_all(user) or visible_region_ids(user):
        return _ok()
    return False, _("国别统计仅对自创区办公室、园区和地方科技部门、领导和审计员开放")


__all__ = ["SELF_KINDS"]
