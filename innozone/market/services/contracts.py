"""Technology contracts: submission by a party (which the other party then confirms, see `consent.py`) or
by the office from signed paper, and registration review (技术合同认定登记)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_decimal

from ..models import Field, TechContract
from ..permissions import acts_for, can_review
from .contract_notices import ask_consent


def contract_fields(*, actor, data: dict) -> dict:
    """The contract's fields from a submission (or a corrected resubmission), every problem in one
    ValidationFailed. A party submits only contracts it is a party to, on one side only (seller ≠ buyer,
    so an organization never consents to its own submission); the office submits any."""
    if not actor.is_authenticated or actor.organization is None:
        raise Forbidden(_("请以单位用户登录"))
    errors: list = []
    ctype = data.get("contract_type")
    if ctype not in TechContract.Type.values:
        errors.append({"field": "contract_type", "message": _("合同类型无效")})
    if not str(data.get("title") or "").strip():
        errors.append({"field": "title", "message": _("必填")})
    amount = parse_decimal(data.get("amount"), field="amount", errors=errors, places=2)
    tech = parse_decimal(data.get("technology_amount"), field="technology_amount", errors=errors, places=2)
    if amount is not None and amount <= 0:
        errors.append({"field": "amount", "message": _("合同金额应大于0")})
    if amount is not None and tech is not None and tech > amount:
        errors.append({"field": "technology_amount", "message": _("技术交易额不能超过合同金额")})
    seller, buyer = data.get("seller"), data.get("buyer")
    if not isinstance(seller, Organization) or not isinstance(buyer, Organization):
        errors.append({"field": "seller", "message": _("请选择卖方和买方")})
    elif seller.pk == buyer.pk:
        errors.append({"field": "buyer", "message": _("买卖双方不能是同一单位")})
    elif not can_review(actor)[0]:
        if actor.organization_id not in (seller.pk, buyer.pk):
            errors.append({"field": "seller", "message": _("只有合同当事方可以申请登记")})
        elif not acts_for(actor, actor.organization_id):
            errors.append({"field": "seller", "message": _("本账号不能代表单位申请登记")})
    field = data.get("field")
    if not isinstance(field, Field):
        errors.append({"field": "field", "message": _("请选择技术领域")})
    signed = data.get("signed_on")
    if not isinstance(signed, dt.date) or signed > timezone.localdate():
        errors.append({"field": "signed_on", "message": _("签订日期无效")})
    region = data.get("region") or (seller.region if isinstance(seller, Organization) else None)
    if region is None:
        errors.append({"field": "region", "message": _("请选择登记地区")})
    if errors:
        raise ValidationFailed(detail=errors)
    return {
        "contract_type": ctype,
        "title": str(data["title"]).strip(),
        "seller": seller,
        "buyer": buyer,
        "amount": amount,
        "technology_amount": tech,
        "signed_on": signed,
        "field": field,
        "region": region,
        "listing": data.get("listing"),
    }


def counterparty_for(actor, fields: dict) -> Organization | None:
    """The party whose consent a submission needs: the other side of the registrant's organization; none
    when the office enters the contract from the signed paper (its registration is audited)."""
    if can_review(actor)[0]:
        return None
    return fields["buyer"] if actor.organization_id == fields["seller"].pk else fields["seller"]


@transaction.atomic
def contract_submit(*, actor, data: dict) -> TechContract:
    """A party submits a technology contract; it waits for the other party's confirmation (待对方确认) before
    the office may register it. The office's own entry goes straight to registration review (待登记)."""
    fields = contract_fields(actor=actor, data=data)
    counterparty = counterparty_for(actor, fields)
    status = TechContract.Status.AWAITING if counterparty else TechContract.Status.SUBMITTED
    contract = TechContract.objects.create(**fields, status=status, counterparty=counterparty, submitted_by=actor)
    event = audit.record(
        actor=actor,
        action="market.contract.submit",
        obj=contract,
        summary=contract.title,
        after={
            "amount": str(fields["amount"]),
            "technology_amount": str(fields["technology_amount"]),
            "status": status,
            "counterparty": counterparty.name if counterparty else None,
        },
    )
    if counterparty:
        ask_consent(contract, event)
    return contract


@transaction.atomic
def contract_review(*, actor, contract: TechContract, approve: bool, note: str = "") -> TechContract:
    """Registration review (技术合同认定登记): a registered contract gets its number and counts in the
    statistics and the turnover indicators. Only contracts both parties stand behind (confirmed by the
    counterparty, or entered by the office) are reviewed: one still awaiting consent is a 409."""
    ensure_allowed(can_review(actor))
    contract = TechContract.objects.select_for_update().get(pk=contract.pk)
    if contract.status == TechContract.Status.AWAITING:
        raise Conflict(_("该合同尚待对方确认，不能登记"))
    if contract.status != TechContract.Status.SUBMITTED:
        raise Conflict(_("该合同已处理"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("不予登记时请填写理由")}])
    contract.status = TechContract.Status.REGISTERED if approve else TechContract.Status.REJECTED
    contract.review_note = note.strip()
    if approve:
        contract.registered_at = timezone.now()
        contract.registration_number = f"{contract.signed_on.year}62{contract.region_id:04d}{contract.pk:06d}"
    contract.save()
    audit.record(
        actor=actor,
        action="market.contract.review",
        obj=contract,
        summary=contract.title,
        after={"approve": approve, "number": contract.registration_number},
    )
    return contract
