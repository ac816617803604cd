"""Who may do what in the technology market. Every check returns (allowed, reason)."""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_office_admin, is_read_only

POSTERS = {
    "demand": ("enterprise",),
    "achievement": ("university", "institute", "enterprise"),
    "service": ("provider", "institute", "university", "intermediary"),
    "instrument": ("university", "institute", "provider", "enterprise"),
    "expert": ("university", "institute"),
}


def can_post(user, kind: str):
    if not user.is_authenticated or user.organization is None:
        return False, _("请先登录并关联单位")
    if is_read_only(user):
        return False, _("只读账号不能发布")
    if is_office_admin(user) or user.organization.kind in POSTERS.get(kind, ()):
        return True, ""
    return False, _("本单位类型不能发布该类信息")


def can_edit(user, listing):
    if is_office_admin(user) or (
        user.is_authenticated and user.organization_id == listing.owner_id and not is_read_only(user)
    ):
        return True, ""
    return False, _("只能修改本单位发布的信息")


def can_review(user):
    if is_office_admin(user):
        return True, ""
    return False, _("只有办公室管理员可以审核")


def can_book(user):
    if not user.is_authenticated or user.organization is None or is_read_only(user):
        return False, _("请以单位用户登录后预约")
    return True, ""


def can_manage_instrument(user, instrument):
    if user.is_authenticated and not is_read_only(user) and user.organization_id == instrument.owner_id:
        return True, ""
    return False, _("只有仪器所属单位可以办理预约")


CANCELLABLE = ("requested", "approved")  # Booking.Status values a party may still cancel


def is_booking_party(user, booking) -> bool:
    """The organization that booked, or the instrument's owner."""
    return user.is_authenticated and user.organization_id in (booking.organization_id, booking.instrument.owner_id)


def can_cancel_booking(user, booking):
    """Either party may cancel a booking while it is requested or confirmed (the pages show the button by
    this check, the service refuses by it)."""
    if not is_booking_party(user, booking):
        return False, _("只能取消本单位的预约")
    if booking.status not in CANCELLABLE:
        return False, _("该预约不能取消")
    return True, ""


def acts_for(user, organization_id) -> bool:
    """A user who may speak for an organization that is a contract party: one of its own people, not a
    read-only account and not the office (which registers contracts but never consents for a party)."""
    return (
        user.is_authenticated
        and organization_id is not None
        and user.organization_id == organization_id
        and not is_read_only(user)
        and not is_office_admin(user)
    )


def can_confirm_contract(user, contract):
    """Only the counterparty named by the registrant confirms or declines; not the registrant's people, not a
    third organization, not the office on a party's behalf (the service adds the state check: 409)."""
    if is_office_admin(user):
        return False, _("办公室不能代当事方确认合同")
    if user.is_authenticated and user.pk == contract.submitted_by_id:
        return False, _("登记申请人不能确认自己提交的合同")
    if not acts_for(user, contract.counterparty_id):
        return False, _("只有合同对方单位可以确认或不予确认")
    return True, ""


def can_amend_contract(user, contract):
    """The registering party (the side that is not the counterparty) withdraws its submission, or corrects
    and resubmits it after the counterparty declined."""
    if contract.counterparty_id is None or not acts_for(user, contract.registrant_party_id):
        return False, _("只有提交登记的当事方可以修改或撤回")
    return True, ""
