"""Who may read and change the chain maps (产业链图谱) and the target lists (招商目标库). Every check returns
(allowed, reason).

- government users (the office, city, park and department staff, leaders, auditors) read every chain, its map,
  its links with the enterprises placed on them and their output values, and the target lists;
- the office (自创区办公室) creates, edits, imports and deletes chains and links and places enterprises;
- staff (coordinator, reporter) of a chain's lead unit (链长制牵头单位) edit that chain's links, placements and
  targets;
- leaders and auditors change nothing; enterprises and other outside users see no chain pages.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import STAFF_ROLES, is_office_admin, is_read_only
from innozone.core.roles import GOVERNMENT_ROLES


def _ok():
    return True, ""


def can_view_chains(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if user.is_superuser or user.role in GOVERNMENT_ROLES:
        return _ok()
    return False, _("产业链图谱仅对自创区办公室、市县区、园区和部门用户开放")


def can_manage_chains(user):
    """Create, import and delete chains (the office)."""
    if is_office_admin(user):
        return _ok()
    return False, _("产业链的新建、导入和删除仅对自创区办公室开放")


def is_chain_lead_staff(user, chain) -> bool:
    return bool(
        user.is_authenticated
        and chain.lead_id
        and user.organization_id == chain.lead_id
        and user.role in STAFF_ROLES
        and not is_read_only(user)
    )


def can_edit_chain(user, chain):
    """Edit a chain's links, place enterprises on them and keep its target list."""
    if is_office_admin(user) or is_chain_lead_staff(user, chain):
        return _ok()
    if not user.is_authenticated:
        return False, _("请先登录")
    return False, _("只有自创区办公室和该产业链的牵头单位可以维护该产业链")


def can_manage_targets(user, chain):
    allowed, _reason = can_edit_chain(user, chain)
    if allowed:
        return _ok()
    return False, _("只有自创区办公室和该产业链的牵头单位可以维护招商目标")
