"""Guided funds (引导基金) and their investments in registry enterprises, with exits (office). An investment
and its exit are ledger events (finance.investment)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.money import parse_decimal
from innozone.enterprises import selectors as registry

from .. import permissions
from ..models import GuidedFund, Investment
from . import common, events


@transaction.atomic
def fund_create(
    *, actor, name, kind, manager, size, government_share, region_id, established_on, is_demo: bool = False
) -> GuidedFund:
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    name = common.text(name, "name", problems, limit=200, required=True)
    if name and GuidedFund.objects.filter(name=name).exists():
        problems.append({"field": "name", "message": _("已有同名基金")})
    if kind not in GuidedFund.Kind.values:
        problems.append({"field": "kind", "message": _("请选择基金类型")})
    manager = common.text(manager, "manager", problems, limit=200, required=True)
    size = common.money(size, "size", problems)
    gov = common.money(government_share, "government_share", problems)
    if size is not None and gov is not None and gov > size:
        problems.append({"field": "government_share", "message": _("财政出资不能超过认缴规模")})
    region = Region.objects.filter(pk=common.row_id(region_id) or 0).first()
    if region is None:
        problems.append({"field": "region", "message": _("请选择设立地区")})
    established_on = common.date(established_on, "established_on", problems)
    if problems:
        raise ValidationFailed(detail=problems)
    fund = GuidedFund.objects.create(
        name=name,
        kind=kind,
        manager=manager,
        size=size,
        government_share=gov,
        region=region,
        established_on=established_on,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="finance.fund.create", obj=fund, summary=name)
    return fund


@transaction.atomic
def investment_record(*, actor, fund: GuidedFund, enterprise_id, amount, invested_on, stake=None) -> Investment:
    """An investment in a registry enterprise; the fund's investments together stay within its size."""
    ensure_allowed(permissions.can_manage(actor))
    fund = GuidedFund.objects.select_for_update().get(pk=fund.pk)
    problems: list = []
    entry = registry.enterprise_of(common.row_id(enterprise_id) or 0)
    if entry is None:
        problems.append({"field": "enterprise", "message": _("被投企业须为企业库中的企业")})
    amount = common.money(amount, "amount", problems)
    invested_on = common.date(invested_on, "invested_on", problems)
    if invested_on and (invested_on > timezone.localdate() or invested_on < fund.established_on):
        problems.append({"field": "invested_on", "message": _("投资日期应在基金设立日期和今天之间")})
    if str(stake or "").strip():
        stake = parse_decimal(stake, field="stake", errors=problems, places=3, maximum=Decimal(100))
    else:
        stake = None
    if amount is not None:
        used = fund.investments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if used + amount > fund.size:
            problems.append(
                {
                    "field": "amount",
                    "message": _("超过基金认缴规模（已投 %(u)s 元，规模 %(s)s 元）")
                    % {"u": f"{used:,.2f}", "s": f"{fund.size:,.2f}"},
                }
            )
    if problems:
        raise ValidationFailed(detail=problems)
    row = Investment.objects.create(
        fund=fund,
        enterprise_id=entry.organization_id,
        amount=amount,
        stake=stake,
        invested_on=invested_on,
        recorded_by=actor,
    )
    events.investment_changed(actor=actor, row=row, note=_("投资：%(e)s") % {"e": entry.organization.name})
    return row


@transaction.atomic
def investment_exit(*, actor, investment: Investment, exited_on, exit_amount, exit_kind: str) -> Investment:
    ensure_allowed(permissions.can_manage(actor))
    row = Investment.objects.select_for_update().get(pk=investment.pk)
    if row.exited_on is not None:
        raise Conflict(_("该投资已退出"))
    problems: list = []
    exited_on = common.date(exited_on, "exited_on", problems)
    if exited_on and (exited_on < row.invested_on or exited_on > timezone.localdate()):
        problems.append({"field": "exited_on", "message": _("退出日期应在投资日期和今天之间")})
    exit_amount = common.money(exit_amount, "exit_amount", problems, positive=False)
    exit_kind = common.text(exit_kind, "exit_kind", problems, limit=40, required=True)
    if problems:
        raise ValidationFailed(detail=problems)
    row.exited_on, row.exit_amount, row.exit_kind = exited_on, exit_amount, exit_kind
    row.save(update_fields=["exited_on", "exit_amount", "exit_kind"])
    events.investment_changed(actor=actor, row=row, note=_("退出：%(k)s") % {"k": exit_kind})
    audit.record(actor=actor, action="finance.investment.exit", obj=row, summary=exit_kind)
    return row
