"""Inbox notices of the contract-consent steps: to the people who may act for the party concerned, sent
after the step commits (a rolled-back step tells nobody)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innozone.core.inbox import notice_send
from innozone.core.models import User
from innozone.core.roles import READ_ONLY_ROLES, Role

from ..models import TechContract


def _people_of(organization_id: int):
    """Active users who may act for the organization (its own people, neither read-only nor the office)."""
    excluded = [*READ_ONLY_ROLES, Role.OFFICE_ADMIN]
    return list(
        User.objects.filter(organization_id=organization_id, is_active=True, is_superuser=False).exclude(
            role__in=excluded
        )
    )


def _send(contract: TechContract, organization_id: int, *, title: str, body: str, event) -> None:
    link = reverse("market:contracts") + f"?year={contract.signed_on.year}#consent"
    recipients = _people_of(organization_id)
    transaction.on_commit(
        lambda: notice_send(
            recipients=recipients, title=title, body=body, link=link, dedupe_key=f"market.contract:{event.pk}"
        )
    )


def ask_consent(contract: TechContract, event) -> None:
    """The counterparty is asked to confirm (or decline) a contract that names it."""
    registrant = contract.seller if contract.registrant_party_id == contract.seller_id else contract.buyer
    side = _("买方") if contract.counterparty_id == contract.buyer_id else _("卖方（技术方）")
    _send(
        contract,
        contract.counterparty_id,
        title=_("请确认技术合同：%(t)s") % {"t": contract.title},
        body=_("%(org)s 申请登记技术合同，列明贵单位为%(side)s。请在技术合同页面确认，或填写理由不予确认。")
        % {"org": registrant.name, "side": side},
        event=event,
    )


def tell_registrant(contract: TechContract, event, *, confirmed: bool) -> None:
    """The registering party learns the counterparty's answer."""
    if confirmed:
        title = _("对方已确认技术合同：%(t)s") % {"t": contract.title}
        body = _("合同已转办公室认定登记。")
    else:
        title = _("对方不予确认技术合同：%(t)s") % {"t": contract.title}
        body = _("理由：%(r)s。可修改后重新提交，或撤回。") % {"r": contract.decline_reason}
    _send(contract, contract.registrant_party_id, title=title, body=body, event=event)


def tell_withdrawn(contract: TechContract, event) -> None:
    """The counterparty learns that a contract it was asked about was withdrawn by the registrant."""
    _send(
        contract,
        contract.counterparty_id,
        title=_("技术合同登记申请已撤回：%(t)s") % {"t": contract.title},
        body=_("提交方已撤回该合同的登记申请，无需再确认。"),
        event=event,
    )
