"""Who may do what with vouchers. Every check returns (allowed, reason)."""

from django.utils.translation import gettext_lazy as _

from innozone.core.models import Organization
from innozone.core.permissions import is_office_admin, is_read_only
from innozone.core.roles import Role


def is_enterprise_user(user) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.organization is not None
        and user.organization.kind == Organization.Kind.ENTERPRISE
    )


def can_apply(user):
    if not user.is_authenticated:
        return False, _("请先登录")
    if not is_enterprise_user(user):
        return False, _("只有企业用户可以申领创新券")
    return True, ""


def can_act_for_enterprise(user, enterprise_id: int):
    if is_enterprise_user(user) and user.organization_id == enterprise_id:
        return True, ""
    return False, _("只能操作本企业的创新券")


def can_act_for_provider(user, provider):
    if (
        user.is_authenticated
        and user.role == Role.PROVIDER
        and not is_read_only(user)
        and user.organization_id == provider.organization_id
    ):
        return True, ""
    return False, _("只能操作本机构的订单")


def can_register_provider(user):
    """A provider organization's own users apply to join the catalogue (the office may register anyone)."""
    if is_office_admin(user):
        return True, ""
    if not user.is_authenticated or is_read_only(user) or user.role != Role.PROVIDER or user.organization is None:
        return False, _("只有服务机构用户可以申请入库")
    return True, ""


def can_manage(user):
    """Scheme set-up, provider approval, redemption review, settlement: the zone office."""
    if is_office_admin(user):
        return True, ""
    return False, _("只有办公室管理员可以办理")


def can_review_redemption(user, redemption):
    """The office reviews a claim, but not who made it nor anyone of the order's two parties."""
    allowed, reason = can_manage(user)
    if not allowed:
        return allowed, reason
    parties = (redemption.provider.organization_id, redemption.voucher.enterprise_id)
    if user.pk == redemption.redeemed_by_id or user.organization_id in parties:
        return False, _("兑付的申请人及订单双方的人员不能审核该兑付")
    return True, ""


def can_settle(user, redemptions):
    """The office batches and pays approved claims, but not the ones the same person reviewed."""
    allowed, reason = can_manage(user)
    if not allowed:
        return allowed, reason
    if any(r.reviewed_by_id == user.pk for r in redemptions):
        return False, _("审核兑付的人员不能为同一兑付办理结算")
    return True, ""


def can_view_office(user):
    """The office dashboards: the office, leaders and auditors (read only)."""
    if is_office_admin(user) or (user.is_authenticated and user.role in (Role.LEADER, Role.AUDITOR)):
        return True, ""
    return False, _("创新券管理页面仅对办公室、领导和审计员开放")
