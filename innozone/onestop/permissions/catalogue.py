"""Who may see and change the service catalogue, the responsibility and negative lists and the working-day
calendar. Every check returns (allowed, reason).

- the catalogue (published and suspended items), the responsibility list and the negative list are public
  pages: anyone, logged in or not, reads them (事项清单、权责清单、负面清单 are published by law);
- a draft item is seen by the office, leaders and auditors and the staff of the item's department;
- the office (自创区办公室) creates, edits, publishes and suspends items and keeps the two lists;
- the working-day calendar is read by government users (office, departments, cities, parks, leaders,
  auditors) and changed by the office only;
- an applicant (a user of an enterprise, university or institute) applies for a published item.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import SELF_KINDS, STAFF_ROLES, is_office_admin, is_read_only, sees_all
from innozone.core.roles import GOVERNMENT_ROLES, Role

APPLICANT_KINDS = ("enterprise", "university", "institute")
PUBLIC_STATUSES = ("published", "suspended")


def _ok():
    return True, ""


def is_department_staff(user, organization_id) -> bool:
    org = user.organization if user.is_authenticated else None
    return bool(org and org.pk == organization_id and user.role in STAFF_ROLES and org.kind not in SELF_KINDS)


def is_applicant_user(user) -> bool:
    org = user.organization if user.is_authenticated else None
    return (
        org is not None
        and org.kind in APPLICANT_KINDS
        and user.role not in (Role.EXPERT, Role.LEADER, Role.AUDITOR, Role.FINANCE, Role.BANK)
    )


def can_view_catalogue(user):
    return _ok()


def can_view_item(user, item):
    if item.status in PUBLIC_STATUSES:
        return _ok()
    if sees_all(user) or is_department_staff(user, item.department_id):
        return _ok()
    return False, _("该事项尚未发布")


def can_manage_catalogue(user):
    if is_office_admin(user):
        return _ok()
    return False, _("事项清单的维护仅对自创区办公室开放")


def can_view_lists(user):
    return _ok()


def can_manage_lists(user):
    if is_office_admin(user):
        return _ok()
    return False, _("权责清单和负面清单的维护仅对自创区办公室开放")


def can_apply(user, item):
    """An applicant opens a case (or the platform's own flow) for a published item."""
    if item.status != "published":
        return False, _("该事项未发布或已暂停办理")
    if not user.is_authenticated:
        return False, _("请先登录")
    if is_read_only(user) or not is_applicant_user(user):
        return False, _("仅企业、高校和科研院所用户可以申办")
    return _ok()


def can_view_calendar(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if user.is_superuser or user.role in GOVERNMENT_ROLES:
        return _ok()
    return False, _("工作日历仅对政府部门、园区和办公室用户开放")


def can_manage_calendar(user):
    if is_office_admin(user):
        return _ok()
    return False, _("工作日历的调整仅对自创区办公室开放")
