"""Changes of IP assets: registration and edits, the life-cycle state from the fee engine, fee payments,
transactions (transfer, licence, pledge linked to a technology-finance loan with a money event `ip.pledge`,
release) and the daily reminders of fees due (90 and 30 days before, and in grace).

Every change validates everything first, then writes in one transaction with an audit row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import Organization
from innozone.core.money import parse_money
from innozone.finance.selectors.records import loan_visible
from innozone.ledger.services import money_event

from ..engine import fees
from ..models import Asset, FeePayment, Transaction
from ..permissions import assets as permissions
from ..selectors.assets import pledge_state

DECIDED = (Asset.Status.REJECTED, Asset.Status.INVALIDATED)
NUMBER_RE = re.compile(r"^[A-Za-z0-9.\-/ ]{4,40}$")
#: a licence contract is filed within 3 months of taking effect (专利实施许可合同备案办法)
LICENCE_FILING_MONTHS = 3
REMIND_DAYS = (90, 30)


def _date(value, field: str, label: str, problems: list, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            problems.append({"field": field, "message": _("请填写%(f)s") % {"f": label}})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append({"field": field, "message": _("%(f)s不是有效日期（格式：2024-05-01）") % {"f": label}})
        return None


def apply_state(asset: Asset, on: dt.date) -> bool:
    """Set the computed fields (expiry, status, next fee, lapse) from the engine; returns whether any changed.
    A rejection or invalidation is a decision and stays."""
    before = (asset.expires_on, asset.status, asset.next_fee_due, asset.next_fee_year, asset.lapsed_on)
    if asset.status in DECIDED:
        asset.next_fee_due = asset.next_fee_year = None
    else:
        state = fees.state_on(asset.kind, asset.filed_on, asset.granted_on, asset.fees_paid_through, on)
        asset.expires_on = state.expires_on
        asset.status = state.status
        asset.next_fee_due = state.next_fee.due_on if state.next_fee else None
        asset.next_fee_year = state.next_fee.year_no if state.next_fee else None
        asset.lapsed_on = state.lapsed_on
    return before != (asset.expires_on, asset.status, asset.next_fee_due, asset.next_fee_year, asset.lapsed_on)


def clean_asset(data: dict, *, today: dt.date, instance: Asset | None = None) -> tuple[dict, list]:
    """Check an asset's fields; returns the clean values and every problem."""
    problems: list = []
    kind = data.get("kind") or (instance.kind if instance else "")
    if kind not in Asset.Kind.values:
        problems.append({"field": "kind", "message": _("请选择知识产权类型")})
    number = str(data.get("number", instance.number if instance else "") or "").strip().upper()
    if not number:
        problems.append({"field": "number", "message": _("请填写申请号/登记号")})
    elif not NUMBER_RE.match(number):
        problems.append(
            {
                "field": "number",
                "message": _("申请号/登记号“%(n)s”格式不正确（4–40 位字母、数字、点或横线）") % {"n": number},
            }
        )
    title = str(data.get("title", instance.title if instance else "") or "").strip()
    if not title:
        problems.append({"field": "title", "message": _("请填写名称")})
    elif len(title) > 300:
        problems.append({"field": "title", "message": _("名称不能超过 300 字")})
    filed = _date(data.get("filed_on"), "filed_on", _("申请日"), problems, required=True)
    granted = _date(data.get("granted_on"), "granted_on", _("授权/登记日"), problems)
    if filed and filed > today:
        problems.append({"field": "filed_on", "message": _("申请日不能晚于今天")})
    if granted and granted > today:
        problems.append({"field": "granted_on", "message": _("授权/登记日不能晚于今天")})
    if filed and granted and granted < filed:
        problems.append({"field": "granted_on", "message": _("授权/登记日不能早于申请日")})
    paid = data.get("fees_paid_through", instance.fees_paid_through if instance else 0) or 0
    try:
        paid = int(paid)
        if paid < 0 or paid > 25:
            raise ValueError
    except (TypeError, ValueError):
        problems.append({"field": "fees_paid_through", "message": _("已缴年费年度应为 0–25 的整数")})
        paid = 0
    status = data.get("status") or ""
    if status and status not in (*DECIDED, "auto"):
        problems.append({"field": "status", "message": _("只能手工登记“驳回/撤回”或“宣告无效”，其余状态由系统计算")})
    clean = {
        "kind": kind,
        "number": number,
        "title": title,
        "filed_on": filed,
        "granted_on": granted,
        "fees_paid_through": paid,
        "classification": str(data.get("classification", "") or "").strip()[:100],
        "inventors": str(data.get("inventors", "") or "").strip()[:300],
        "co_owners": str(data.get("co_owners", "") or "").strip()[:300],
        "decided": status if status in DECIDED else "",
    }
    if kind and number and kind in Asset.Kind.values:
        clash = Asset.objects.filter(kind=kind, number=number)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            problems.append({"field": "number", "message": _("该类型下申请号“%(n)s”已登记") % {"n": number}})
    return clean, problems


def asset_create(*, actor, data: dict, source: str = "manual") -> Asset:
    owner_id = data.get("owner_id") or getattr(actor, "organization_id", None)
    ensure_allowed(permissions.can_create_asset(actor, owner_id))
    today = timezone.localdate()
    clean, problems = clean_asset(data, today=today)
    owner = Organization.objects.filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        problems.append({"field": "owner_id", "message": _("请选择权利人（须为已登记单位）")})
    if problems:
        raise ValidationFailed(detail=problems)
    decided = clean.pop("decided")
    with transaction.atomic():
        asset = Asset(owner=owner, source=source, **clean)
        if decided:
            asset.status = decided
        apply_state(asset, today)
        asset.save()
        audit.record(actor=actor, action="ip.asset_create", obj=asset, summary=f"{asset.number} {asset.title}")
    return asset


def asset_update(*, actor, asset_id: int, data: dict) -> Asset:
    with transaction.atomic():
        asset = Asset.objects.select_for_update().select_related("owner").filter(pk=asset_id).first()
        if asset is None:
            raise NotFound()
        ensure_allowed(permissions.can_edit_asset(actor, asset))
        today = timezone.localdate()
        merged = {"kind": asset.kind, "number": asset.number, **data}
        clean, problems = clean_asset(merged, today=today, instance=asset)
        if clean["kind"] != asset.kind and asset.fee_payments.exists():
            problems.append({"field": "kind", "message": _("已登记年费的知识产权不能修改类型")})
        if problems:
            raise ValidationFailed(detail=problems)
        before = audit.snapshot(asset)
        decided = clean.pop("decided")
        paid_rows = asset.fee_payments.order_by("-year_no").values_list("year_no", flat=True).first() or 0
        clean["fees_paid_through"] = max(clean["fees_paid_through"], paid_rows)
        for key, value in clean.items():
            setattr(asset, key, value)
        if decided:
            asset.status = decided
        elif data.get("status") == "auto" and asset.status in DECIDED:
            asset.status = Asset.Status.FILED  # recomputed below
        apply_state(asset, today)
        asset.save()
        audit.record(
            actor=actor,
            action="ip.asset_update",
            obj=asset,
            summary=asset.number,
            before=before,
            after=audit.snapshot(asset),
        )
    return asset


def fee_pay(*, actor, asset_id: int, year_no, paid_on, amount=None) -> FeePayment:
    """Record the annual fee of `year_no` paid on `paid_on`: the next unpaid year only, within its grace; the
    surcharge is computed on the full official fee; `amount` may be lower (减缴), never higher."""
    with transaction.atomic():
        asset = Asset.objects.select_for_update().select_related("owner").filter(pk=asset_id).first()
        if asset is None:
            raise NotFound()
        ensure_allowed(permissions.can_edit_asset(actor, asset))
        problems: list = []
        paid = _date(paid_on, "paid_on", _("缴纳日期"), problems, required=True)
        today = timezone.localdate()
        if paid and paid > today:
            problems.append({"field": "paid_on", "message": _("缴纳日期不能晚于今天")})
        if asset.kind not in fees.PATENT_KINDS:
            raise Conflict(_("只有专利需要缴纳年费"))
        if asset.granted_on is None or asset.status not in (Asset.Status.GRANTED, Asset.Status.GRACE):
            raise Conflict(
                _("只有有效或处于宽限期的专利可以登记年费（当前：%(s)s）") % {"s": asset.get_status_display()}
            )
        try:
            year = int(year_no)
        except (TypeError, ValueError):
            year = 0
        expected = asset.next_fee_year
        if year != expected:
            problems.append(
                {
                    "field": "year_no",
                    "message": _("应缴纳的是第 %(e)s 年的年费，年费须逐年按顺序缴纳") % {"e": expected},
                }
            )
        if problems:
            raise ValidationFailed(detail=problems)
        fee = fees.fee_for(asset.kind, asset.filed_on, asset.granted_on, year)
        if paid < fee.due_on - dt.timedelta(days=366):
            raise ValidationFailed(detail=[{"field": "paid_on", "message": _("缴纳日期早于缴费期限一年以上，请核对")}])
        extra = fees.surcharge(fee.amount, fee.due_on, paid)
        if extra is None:
            raise ValidationFailed(
                detail=[
                    {
                        "field": "paid_on",
                        "message": _(
                            "%(d)s 已超过 6 个月宽限期（截至 %(g)s），专利权自 %(due)s 起终止，只能请求恢复权利"
                        )
                        % {"d": paid, "g": fee.grace_ends, "due": fee.due_on},
                    }
                ]
            )
        if amount in (None, ""):
            value = fee.amount
        else:
            errors: list = []
            value = parse_money(amount, field="amount", errors=errors)
            if errors:
                raise ValidationFailed(detail=errors)
            if value > fee.amount:
                raise ValidationFailed(
                    detail=[{"field": "amount", "message": _("年费金额不能高于官方标准 %(a)s 元") % {"a": fee.amount}}]
                )
        payment = FeePayment.objects.create(
            asset=asset, year_no=year, due_on=fee.due_on, paid_on=paid, amount=value, surcharge=extra, recorded_by=actor
        )
        asset.fees_paid_through = year
        apply_state(asset, today)
        asset.save()
        audit.record(
            actor=actor,
            action="ip.fee_pay",
            obj=asset,
            summary=_("第 %(y)s 年年费 %(a)s 元，滞纳金 %(s)s 元") % {"y": year, "a": value, "s": extra},
        )
    return payment


def _loan(actor, loan_id, problems):
    try:
        return loan_visible(actor, int(loan_id))
    except (NotFound, TypeError, ValueError):
        problems.append({"field": "loan_id", "message": _("关联贷款不存在或您无权查看")})
        return None


def transaction_create(*, actor, asset_id: int, data: dict) -> Transaction:
    """A transfer, licence or pledge of an asset. A transfer to an organization of the platform moves the asset
    to it; a pledge names a finance loan of the owner and the secured amount (ledger event `ip.pledge`)."""
    with transaction.atomic():
        asset = Asset.objects.select_for_update().select_related("owner").filter(pk=asset_id).first()
        if asset is None:
            raise NotFound()
        ensure_allowed(permissions.can_edit_asset(actor, asset))
        problems: list = []
        today = timezone.localdate()
        kind = data.get("kind", "")
        if kind not in Transaction.Kind.values:
            problems.append({"field": "kind", "message": _("请选择交易类型（转让、许可或质押）")})
        counterpart = str(data.get("counterpart", "") or "").strip()
        org = None
        if data.get("counterpart_org_id"):
            org = Organization.objects.filter(pk=data["counterpart_org_id"]).first()
            if org is None:
                problems.append({"field": "counterpart_org_id", "message": _("相对方单位不存在")})
            elif org.pk == asset.owner_id:
                problems.append({"field": "counterpart_org_id", "message": _("相对方不能是权利人自己")})
            else:
                counterpart = counterpart or org.name
        if not counterpart:
            problems.append({"field": "counterpart", "message": _("请填写相对方（受让人、被许可人或质权人）")})
        signed = _date(data.get("signed_on"), "signed_on", _("签订日期"), problems, required=True)
        registered = _date(data.get("registered_on"), "registered_on", _("备案/登记日期"), problems)
        ends = _date(data.get("ends_on"), "ends_on", _("到期日"), problems)
        if signed and signed > today:
            problems.append({"field": "signed_on", "message": _("签订日期不能晚于今天")})
        if signed and registered and registered < signed:
            problems.append({"field": "registered_on", "message": _("备案/登记日期不能早于签订日期")})
        if signed and ends and ends <= signed:
            problems.append({"field": "ends_on", "message": _("到期日应晚于签订日期")})
        amount = None
        if data.get("amount") not in (None, ""):
            amount = parse_money(data.get("amount"), field="amount", errors=problems)
        valid = asset.status in (Asset.Status.GRANTED, Asset.Status.GRACE)
        active_pledge = asset.transactions.filter(kind=Transaction.Kind.PLEDGE, status=Transaction.Status.ACTIVE)
        loan = None
        if kind == Transaction.Kind.TRANSFER:
            if asset.status not in (Asset.Status.FILED, *(Asset.Status.GRANTED, Asset.Status.GRACE)):
                problems.append({"field": "kind", "message": _("已终止、届满、驳回或无效的权利不能转让")})
            if active_pledge.exists():
                problems.append(
                    {"field": "kind", "message": _("该权利正在质押中，转让须先解除质押（或经质权人同意后解除）")}
                )
        elif kind == Transaction.Kind.LICENCE:
            if not valid:
                problems.append({"field": "kind", "message": _("只有有效的权利可以许可")})
            if signed and registered and registered > fees.add_months(signed, LICENCE_FILING_MONTHS):
                problems.append(
                    {
                        "field": "registered_on",
                        "message": _("许可合同应在生效之日起 3 个月内备案（最迟 %(d)s）")
                        % {"d": fees.add_months(signed, LICENCE_FILING_MONTHS)},
                    }
                )
        elif kind == Transaction.Kind.PLEDGE:
            if not valid:
                problems.append({"field": "kind", "message": _("只有有效的专利权、商标权等可以质押")})
            if active_pledge.exists():
                problems.append({"field": "kind", "message": _("该权利已在质押期内，不能重复质押")})
            if amount is None:
                problems.append({"field": "amount", "message": _("质押须填写担保的主债权金额")})
            if not data.get("loan_id"):
                problems.append({"field": "loan_id", "message": _("质押须关联科技金融中的贷款")})
            else:
                loan = _loan(actor, data["loan_id"], problems)
                if loan is not None:
                    if loan.enterprise_id != asset.owner_id:
                        problems.append({"field": "loan_id", "message": _("所选贷款的借款企业不是该权利的权利人")})
                    if amount is not None and amount > loan.amount:
                        problems.append(
                            {"field": "amount", "message": _("担保金额不能超过贷款金额 %(a)s 元") % {"a": loan.amount}}
                        )
        if problems:
            raise ValidationFailed(detail=problems)
        tx = Transaction.objects.create(
            asset=asset,
            kind=kind,
            counterpart=counterpart[:200],
            counterpart_org=org,
            contract_no=str(data.get("contract_no", "") or "").strip()[:60],
            signed_on=signed,
            registered_on=registered,
            amount=amount,
            ends_on=ends,
            loan_id=loan.pk if loan else None,
            created_by=actor,
        )
        summary = f"{tx.get_kind_display()} {asset.number} → {counterpart}"
        if kind == Transaction.Kind.PLEDGE:
            money_event(
                kind="ip.pledge",
                actor=actor,
                subject=tx,
                state=pledge_state(tx),
                organization_id=asset.owner_id,
                note=summary,
            )
        else:
            audit.record(actor=actor, action=f"ip.{kind}", obj=tx, summary=summary)
        if kind == Transaction.Kind.TRANSFER and org is not None:
            before = asset.owner_id
            asset.owner = org
            asset.save(update_fields=["owner", "updated_at"])
            audit.record(
                actor=actor,
                action="ip.asset_owner",
                obj=asset,
                summary=summary,
                before={"owner": before},
                after={"owner": org.pk},
            )
    return tx


def transaction_release(*, actor, transaction_id: int, on=None) -> Transaction:
    """End a licence or release a pledge (注销质押登记) on `on` (today by default)."""
    with transaction.atomic():
        tx = Transaction.objects.select_for_update().select_related("asset__owner").filter(pk=transaction_id).first()
        if tx is None:
            raise NotFound()
        ensure_allowed(permissions.can_edit_asset(actor, tx.asset))
        if tx.kind == Transaction.Kind.TRANSFER:
            raise Conflict(_("转让已完成，不能解除"))
        if tx.status != Transaction.Status.ACTIVE:
            raise Conflict(_("该交易已解除"))
        problems: list = []
        day = _date(on, "ends_on", _("解除日期"), problems) or timezone.localdate()
        if day < tx.signed_on:
            problems.append({"field": "ends_on", "message": _("解除日期不能早于签订日期")})
        if problems:
            raise ValidationFailed(detail=problems)
        tx.status = Transaction.Status.RELEASED
        tx.ends_on = day
        tx.save(update_fields=["status", "ends_on"])
        summary = _("解除%(k)s %(n)s") % {"k": tx.get_kind_display(), "n": tx.asset.number}
        if tx.kind == Transaction.Kind.PLEDGE:
            money_event(
                kind="ip.pledge",
                actor=actor,
                subject=tx,
                state=pledge_state(tx),
                organization_id=tx.asset.owner_id,
                note=summary,
            )
        else:
            audit.record(actor=actor, action="ip.release", obj=tx, summary=summary)
    return tx


def _owner_users(org_id: int):
    return get_user_model().objects.filter(organization_id=org_id, is_active=True)


def refresh_states(on: dt.date) -> int:
    """Recompute the state of every asset that may have moved (a fee due or overdue, a term ending): grace →
    lapsed, granted → grace, → expired. Returns how many changed."""
    changed = 0
    qs = Asset.objects.exclude(status__in=(*DECIDED, Asset.Status.LAPSED, Asset.Status.EXPIRED))
    for asset in qs.iterator(chunk_size=500):
        if apply_state(asset, on):
            asset.save(update_fields=["expires_on", "status", "next_fee_due", "next_fee_year", "lapsed_on"])
            changed += 1
    return changed


def remind_fees(on: dt.date) -> dict:
    """Tell the owners' users about fees due in 90 and 30 days and fees in grace (once per asset, year and
    step). Returns counts."""
    sent = {"due_90": 0, "due_30": 0, "grace": 0}
    qs = Asset.objects.filter(
        status__in=(Asset.Status.GRANTED, Asset.Status.GRACE),
        next_fee_due__isnull=False,
        next_fee_due__lte=on + dt.timedelta(days=max(REMIND_DAYS)),
    ).select_related("owner")
    for asset in qs.iterator(chunk_size=500):
        fee = fees.fee_for(asset.kind, asset.filed_on, asset.granted_on, asset.next_fee_year)
        days = (fee.due_on - on).days
        if days < 0:
            step = "grace"
            rate = fees.surcharge_rate(fee.due_on, on) or Decimal(0)
            title = _("专利年费已逾期：%(n)s") % {"n": asset.number}
            body = _(
                "“%(t)s”第 %(y)s 年年费 %(a)s 元的缴费期限 %(d)s 已过，宽限期至 %(g)s；"
                "现在缴纳须另付滞纳金 %(r)s%%，逾期未缴专利权将自 %(d)s 起终止。"
            ) % {
                "t": asset.title,
                "y": fee.year_no,
                "a": fee.amount,
                "d": fee.due_on,
                "g": fee.grace_ends,
                "r": int(rate * 100),
            }
        else:
            step = "due_30" if days <= 30 else "due_90"
            title = _("专利年费即将到期：%(n)s") % {"n": asset.number}
            body = _("“%(t)s”第 %(y)s 年年费 %(a)s 元应于 %(d)s 前缴纳（还有 %(days)s 天）。") % {
                "t": asset.title,
                "y": fee.year_no,
                "a": fee.amount,
                "d": fee.due_on,
                "days": days,
            }
        sent[step] += notice_send(
            recipients=_owner_users(asset.owner_id),
            title=title,
            body=body,
            link=reverse("ip:asset", args=[asset.pk]),
            dedupe_key=f"ip-fee:{asset.pk}:{fee.year_no}:{step}",
        )
    return sent


def run_daily(on: dt.date | None = None) -> dict:
    on = on or timezone.localdate()
    return {"changed": refresh_states(on), **remind_fees(on)}
