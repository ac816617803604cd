"""Who may see and do what in technology finance. Each check returns (allowed, reason).

The office (office_admin) runs the programme: banks, pools and their rules, contributions, subsidies, funds
and investments, and checks claims as the pool's trustee; the finance office (role finance) approves claims'
payouts and sees everything; leaders and auditors see everything and change nothing; a bank user records and
follows its own loans and claims; an enterprise user sees its own loans and subsidies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_office_admin, is_read_only, sees_all
from innozone.core.roles import Role

NO = _("科技金融仅对自创区办公室、财务科、合作银行、领导、审计员和借款企业开放")


def sees_everything(user) -> bool:
    """The office, the finance office, leaders and auditors see every bank's records."""
    return user.is_authenticated and (sees_all(user) or user.role == Role.FINANCE)


def is_bank_user(user) -> bool:
    return user.is_authenticated and user.role == Role.BANK and user.organization_id is not None


def is_enterprise_user(user) -> bool:
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.organization_id is not None


def can_view_finance(user):
    """Any finance page at all (the nav link)."""
    if sees_everything(user) or is_bank_user(user) or is_enterprise_user(user):
        return True, ""
    return False, NO


def can_view_overview(user):
    if sees_everything(user):
        return True, ""
    return False, _("科技金融统计仅对自创区办公室、财务科、领导和审计员开放")


def can_view_pools(user):
    """Pools, their rules and balances, and the cooperating banks: also the banks."""
    if sees_everything(user) or is_bank_user(user):
        return True, ""
    return False, _("风险补偿资金池仅对自创区办公室、财务科、合作银行、领导和审计员开放")


can_view_banks = can_view_pools
can_view_claims = can_view_pools


def can_view_loans(user):
    if sees_everything(user) or is_bank_user(user) or is_enterprise_user(user):
        return True, ""
    return False, NO


can_view_subsidies = can_view_loans


def can_view_funds(user):
    return can_view_overview(user)


def can_view_loan(user, loan):
    if sees_everything(user):
        return True, ""
    if is_bank_user(user) and loan.bank.organization_id == user.organization_id:
        return True, ""
    if is_enterprise_user(user) and loan.enterprise_id == user.organization_id:
        return True, ""
    return False, _("只能查看本机构的贷款")


def can_manage(user):
    """Banks, pools, rules, contributions, subsidies, guided funds and investments: the office."""
    if is_office_admin(user) and not is_read_only(user):
        return True, ""
    return False, _("只有自创区办公室可以办理此项业务")


def can_record_loan(user):
    if is_bank_user(user):
        return True, ""
    return False, _("只有合作银行用户可以登记贷款")


def can_change_loan(user, loan):
    """The bank that made the loan changes its status, files a claim and records a recovery."""
    if is_bank_user(user) and loan.bank.organization_id == user.organization_id:
        return True, ""
    return False, _("只有放款银行可以办理本笔贷款的业务")
