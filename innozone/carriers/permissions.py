"""Who may see and change the carriers (载体). Every check returns (allowed, reason).

- the office sees and manages every carrier; leaders and auditors see every carrier and change nothing;
- city and park staff see the carriers of their region (a city its districts and parks, a park its own);
- an operator (运营单位) sees and manages its own carriers — its users who act for it, not read-only roles or
  experts;
- a tenant sees the carriers where it rents (or rented) a unit or is registered, and only its own rows there.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import (
    SELF_KINDS,
    is_office_admin,
    is_read_only,
    sees_all,
    staff_region,
    visible_region_ids,
)
from innozone.core.roles import Role


def _org_id(user) -> int | None:
    return user.organization_id if user.is_authenticated else None


def _acts_for_org(user) -> bool:
    return user.is_authenticated and not is_read_only(user) and user.role != Role.EXPERT


def can_view_carriers(user):
    org = user.organization if user.is_authenticated else None
    if sees_all(user) or staff_region(user) or (org is not None and org.kind in SELF_KINDS):
        return True, ""
    return False, _("载体信息仅对办公室、市/园区工作人员、运营单位和入驻企业开放")


def is_tenant_of(user, carrier) -> bool:
    """The user's organization rents (or rented) a unit of the carrier or is registered there (virtual)."""
    org_id = _org_id(user)
    if org_id is None:
        return False
    return (
        carrier.units.filter(leases__tenant_id=org_id).exists()
        or carrier.virtual_tenants.filter(tenant_id=org_id).exists()
    )


def sees_whole(user, carrier) -> bool:
    """Sees every tenant of the carrier (not only its own rows): all but a tenant."""
    if sees_all(user) or (_org_id(user) is not None and _org_id(user) == carrier.operator_id):
        return True
    ids = visible_region_ids(user)
    return bool(ids) and carrier.region_id in ids


def can_view(user, carrier):
    if sees_whole(user, carrier) or is_tenant_of(user, carrier):
        return True, ""
    return False, _("只能查看本地区、本单位运营或本单位入驻的载体")


def can_view_occupancy(user, carrier):
    """The whole carrier's occupancy and tenants: not for a tenant, which sees only its own rows."""
    if sees_whole(user, carrier):
        return True, ""
    return False, _("入驻企业只能查看本单位的入驻记录")


def can_create(user):
    if is_office_admin(user):
        return True, ""
    return False, _("只有办公室可以登记新载体")


def can_manage(user, carrier):
    """Units, leases, move-outs, graduations, virtual registrations and the carrier's own data."""
    if is_office_admin(user):
        return True, ""
    if _acts_for_org(user) and _org_id(user) == carrier.operator_id:
        return True, ""
    return False, _("只有办公室或载体运营单位可以管理该载体")


def can_export(user):
    if sees_all(user) or staff_region(user):
        return True, ""
    return False, _("只有办公室和市、园区工作人员可以导出载体清单")
