"""The counterparty's consent to a technology contract (对方确认): a contract a party submits names the
other party, whose own people confirm it (then it waits for the office's registration, 待登记) or decline
it with a reason. A declined contract stays with the registrant, who corrects and resubmits it (it asks
the counterparty again) or withdraws it. Nobody else answers for the counterparty: not the registrant,
not a third organization, not the office. Each step is an audit event and an inbox notice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import TechContract
from ..permissions import can_amend_contract, can_confirm_contract
from .contract_notices import ask_consent, tell_registrant, tell_withdrawn
from .contracts import contract_fields, counterparty_for

REASON_MAX = 300


def _locked(contract: TechContract) -> TechContract:
    return TechContract.objects.select_for_update().select_related("seller", "buyer").get(pk=contract.pk)


def _awaiting_answer(actor, contract: TechContract) -> TechContract:
    """The contract, locked, when the actor may answer for the counterparty and it still awaits an answer."""
    contract = _locked(contract)
    ensure_allowed(can_confirm_contract(actor, contract))
    if contract.status != TechContract.Status.AWAITING:
        raise Conflict(_("该合同当前不待对方确认"))
    return contract


@transaction.atomic
def contract_confirm(*, actor, contract: TechContract) -> TechContract:
    """The counterparty confirms the contract; it then waits for the office's registration review."""
    contract = _awaiting_answer(actor, contract)
    contract.status = TechContract.Status.SUBMITTED
    contract.confirmed_by, contract.confirmed_at = actor, timezone.now()
    contract.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    event = audit.record(
        actor=actor,
        action="market.contract.confirm",
        obj=contract,
        summary=contract.title,
        before={"status": TechContract.Status.AWAITING},
        after={"status": contract.status},
    )
    tell_registrant(contract, event, confirmed=True)
    return contract


@transaction.atomic
def contract_decline(*, actor, contract: TechContract, reason: str) -> TechContract:
    """The counterparty declines, saying why (required); the registrant sees the reason."""
    contract = _awaiting_answer(actor, contract)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("不予确认时请填写理由")}])
    if len(reason) > REASON_MAX:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("理由不能超过300字")}])
    contract.status, contract.decline_reason = TechContract.Status.DECLINED, reason
    contract.save(update_fields=["status", "decline_reason"])
    event = audit.record(
        actor=actor,
        action="market.contract.decline",
        obj=contract,
        summary=contract.title,
        before={"status": TechContract.Status.AWAITING},
        after={"status": contract.status, "reason": reason},
    )
    tell_registrant(contract, event, confirmed=False)
    return contract


@transaction.atomic
def contract_resubmit(*, actor, contract: TechContract, data: dict) -> TechContract:
    """The registrant corrects a declined contract and asks the (possibly corrected) counterparty again."""
    contract = _locked(contract)
    ensure_allowed(can_amend_contract(actor, contract))
    if contract.status != TechContract.Status.DECLINED:
        raise Conflict(_("只有对方不予确认的合同可以修改后重新提交"))
    fields = contract_fields(actor=actor, data=data)
    before = {"status": contract.status, "decline_reason": contract.decline_reason, "amount": str(contract.amount)}
    for name, value in fields.items():
        setattr(contract, name, value)
    contract.counterparty = counterparty_for(actor, fields)
    contract.status, contract.decline_reason = TechContract.Status.AWAITING, ""
    contract.save()
    event = audit.record(
        actor=actor,
        action="market.contract.resubmit",
        obj=contract,
        summary=contract.title,
        before=before,
        after={"status": contract.status, "amount": str(contract.amount), "counterparty": contract.counterparty.name},
    )
    ask_consent(contract, event)
    return contract


@transaction.atomic
def contract_withdraw(*, actor, contract: TechContract) -> TechContract:
    """The registrant withdraws a submission the counterparty has not confirmed (awaiting or declined); it
    stays on record as withdrawn and counts nowhere."""
    contract = _locked(contract)
    ensure_allowed(can_amend_contract(actor, contract))
    if contract.status not in (TechContract.Status.AWAITING, TechContract.Status.DECLINED):
        raise Conflict(_("该合同当前不能撤回"))
    before = contract.status
    contract.status = TechContract.Status.WITHDRAWN
    contract.save(update_fields=["status"])
    event = audit.record(
        actor=actor,
        action="market.contract.withdraw",
        obj=contract,
        summary=contract.title,
        before={"status": before},
        after={"status": contract.status},
    )
    tell_withdrawn(contract, event)
    return contract
