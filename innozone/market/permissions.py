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
