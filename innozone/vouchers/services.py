"""Every write of the voucher lifecycle, one function per use case (seed 001, task 5).

apply → approval (core.approvals: e.g. city S&T bureau ∥ zone office) → issue (amount reserved from
the budget at once) → order with a provider (voucher part reserved on the voucher) → delivery with
evidence → enterprise confirmation → redemption by the provider → office review → settlement batch.
Cancellation and expiry return what is unspent to the budget.

Money rules are enforced by the database: conditional UPDATEs with F() that cannot pass a limit
(so two concurrent requests cannot both take the last yuan), CheckConstraints as the backstop, a
unique redemption per order, and row locks taken in a fixed order (scheme → organization →
voucher → order). Every change appends a ledger event in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import Organization, Region
from innozone.ledger.services import ledger_append

from .models import (
    Application,
    CategoryRate,
    Complaint,
    Evidence,
    Order,
    Provider,
    Redemption,
    RelatedParty,
    Scheme,
    ServiceItem,
    SettlementBatch,
    Voucher,
)
from .permissions import (
    can_act_for_enterprise,
    can_act_for_provider,
    can_apply,
    can_manage,
    can_register_provider,
)

CENT = Decimal("0.01")


def money(value, field: str = "amount") -> Decimal:
    """A positive amount in yuan with at most two decimals (never a float)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(detail=[{"field": field, "message": _("金额格式不正确")}]) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationFailed(detail=[{"field": field, "message": _("金额必须大于0")}])
    if amount != amount.quantize(CENT):
        raise ValidationFailed(detail=[{"field": field, "message": _("金额最多保留两位小数")}])
    return amount


# ---------------------------------------------------------------- ledger events


def voucher_state(v: Voucher) -> dict:
    """What the ledger records of a voucher after each event (and `ledger verify` compares)."""
    return {
        "number": v.number,
        "scheme": v.scheme_id,
        "enterprise": v.enterprise_id,
        "amount": str(v.amount),
        "redeemed": str(v.redeemed),
        "reserved": str(v.reserved),
        "released": str(v.released),
        "status": v.status,
        "expires_on": v.expires_on.isoformat(),
    }


def scheme_state(s: Scheme) -> dict:
    return {"budget": str(s.budget), "committed": str(s.committed), "cap": str(s.per_enterprise_cap)}


def _log_voucher(kind: str, voucher: Voucher, *, fresh: bool = False, **data) -> None:
    if not fresh:
        voucher.refresh_from_db()
    ledger_append(
        kind=kind,
        subject=voucher,
        data={**data, "state": voucher_state(voucher)},
        organization_id=voucher.enterprise_id,
    )


def _log_scheme(kind: str, scheme: Scheme, **data) -> None:
    scheme.refresh_from_db()
    ledger_append(kind=kind, subject=scheme, data={**data, "state": scheme_state(scheme)})


# ---------------------------------------------------------------- schemes and providers


@transaction.atomic
def scheme_create(
    *,
    actor,
    year,
    name,
    issuer,
    budget,
    per_enterprise_cap,
    valid_from,
    valid_until,
    approval_flow,
    rates: dict,
    cross_region=False,
    spend_regions=(),
    eligible_regions=(),
    required_flags=(),
    max_employees=None,
    voucher_days=180,
) -> Scheme:
    """A year's scheme with its budget and subsidy ratio per service category."""
    ensure_allowed(can_manage(actor))
    errors = []
    if not rates:
        errors.append({"field": "rates", "message": _("至少配置一个服务类别的补贴比例")})
    if valid_until < valid_from:
        errors.append({"field": "valid_until", "message": _("有效期止不能早于有效期起")})
    if errors:
        raise ValidationFailed(detail=errors)
    scheme = Scheme.objects.create(
        year=year,
        name=name,
        issuer=issuer,
        budget=money(budget, "budget"),
        per_enterprise_cap=money(per_enterprise_cap, "per_enterprise_cap"),
        valid_from=valid_from,
        valid_until=valid_until,
        approval_flow=approval_flow,
        cross_region=cross_region,
        required_flags=list(required_flags),
        max_employees=max_employees,
        voucher_days=voucher_days,
    )
    scheme.spend_regions.set(spend_regions)
    scheme.eligible_regions.set(eligible_regions)
    for category, ratio in rates.items():
        CategoryRate.objects.create(scheme=scheme, category=category, subsidy_ratio=Decimal(str(ratio)))
    audit.record(actor=actor, action="vouchers.scheme.create", obj=scheme, summary=str(scheme))
    _log_scheme("scheme.create", scheme, name=name, year=year)
    return scheme


@transaction.atomic
def provider_register(
    *, actor, organization: Organization, qualifications: str, contact: str, categories, items=()
) -> Provider:
    """A provider registers itself (pending the office's approval) with its price list."""
    ensure_allowed(can_register_provider(actor))
    if not can_manage(actor)[0] and actor.organization_id != organization.pk:
        raise Forbidden(_("只能为本机构登记"))
    if Provider.objects.filter(organization=organization).exists():
        raise Conflict(_("该机构已登记为服务机构"))
    if not qualifications.strip() or not categories:
        raise ValidationFailed(detail=[{"field": "qualifications", "message": _("请填写资质并选择服务类别")}])
    provider = Provider.objects.create(organization=organization, qualifications=qualifications, contact=contact)
    provider.categories.set(categories)
    for item in items:
        ServiceItem.objects.create(
            provider=provider, price=money(item["price"], "price"), **{k: v for k, v in item.items() if k != "price"}
        )
    audit.record(actor=actor, action="vouchers.provider.register", obj=provider, summary=str(provider))
    return provider


@transaction.atomic
def provider_set_status(*, actor, provider: Provider, status: str, note: str = "") -> Provider:
    """Approve, reject or suspend a provider (the zone office)."""
    ensure_allowed(can_manage(actor))
    if status not in Provider.Status.values:
        raise ValidationFailed(detail=[{"field": "status", "message": _("状态无效")}])
    if status in (Provider.Status.REJECTED, Provider.Status.SUSPENDED) and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("请填写理由")}])
    before = provider.status
    provider.status, provider.status_note = status, note.strip()
    provider.save(update_fields=["status", "status_note"])
    audit.record(
        actor=actor,
        action="vouchers.provider.status",
        obj=provider,
        summary=str(provider),
        before={"status": before},
        after={"status": status, "note": note},
    )
    return provider


@transaction.atomic
def service_item_add(
    *, actor, provider: Provider, category, name: str, price, price_unit: str = "次", description: str = ""
) -> ServiceItem:
    """A provider adds a priced service to its catalogue."""
    ensure_allowed(can_act_for_provider(actor, provider))
    if not provider.categories.filter(pk=category.pk).exists():
        raise ValidationFailed(detail=[{"field": "category", "message": _("该类别不在本机构登记的服务类别中")}])
    item = ServiceItem.objects.create(
        provider=provider,
        category=category,
        name=name.strip(),
        price=money(price, "price"),
        price_unit=price_unit or "次",
        description=description,
    )
    audit.record(actor=actor, action="vouchers.item.add", obj=item, summary=item.name, after={"price": str(item.price)})
    return item


# ---------------------------------------------------------------- application, approval, issuance


def _region_chain(region: Region | None) -> list[Region]:
    chain = []
    while region is not None and len(chain) < 10:
        chain.append(region)
        region = region.parent
    return chain


def city_approver(enterprise: Organization) -> Organization | None:
    """The S&T bureau (else the government) of the city the enterprise is located in."""
    city = next((r for r in _region_chain(enterprise.region) if r.kind == Region.Kind.CITY), None)
    if city is None:
        return None
    orgs = Organization.objects.filter(region=city, is_active=True)
    return orgs.filter(name__endswith="科学技术局").first() or orgs.filter(kind=Organization.Kind.GOVERNMENT).first()


def eligibility_problems(scheme: Scheme, enterprise: Organization) -> list[str]:
    problems = []
    regions = set(scheme.eligible_regions.values_list("pk", flat=True))
    if regions and not regions & {r.pk for r in _region_chain(enterprise.region)}:
        problems.append(_("企业所在地区不在本方案申领范围内"))
    missing = [f for f in scheme.required_flags if f not in (enterprise.flags or [])]
    if missing:
        problems.append(_("企业不具备申领资质：%(f)s") % {"f": "、".join(missing)})
    if scheme.max_employees and (enterprise.employees or 0) > scheme.max_employees:
        problems.append(_("企业从业人数超过本方案上限"))
    return problems


def _enterprise_total(scheme: Scheme, enterprise_id: int) -> Decimal:
    total = Voucher.objects.filter(scheme=scheme, enterprise_id=enterprise_id).aggregate(
        s=Sum(F("amount") - F("released"))
    )["s"]
    return total or Decimal("0")


@transaction.atomic
def application_submit(*, actor, scheme: Scheme, amount, purpose: str, category) -> Application:
    """An enterprise applies; the approval path of the scheme starts at once."""
    ensure_allowed(can_apply(actor))
    enterprise = actor.organization
    errors = []
    try:
        amount = money(amount)
    except ValidationFailed as e:
        errors += e.detail
        amount = None
    today = timezone.localdate()
    if scheme.status != Scheme.Status.OPEN or not scheme.valid_from <= today <= scheme.valid_until:
        errors.append({"field": "scheme", "message": _("该方案当前不受理申领")})
    if not purpose.strip():
        errors.append({"field": "purpose", "message": _("请填写用途")})
    if not scheme.rates.filter(category=category).exists():
        errors.append({"field": "category", "message": _("本方案不支持该服务类别")})
    errors += [{"field": "enterprise", "message": p} for p in eligibility_problems(scheme, enterprise)]
    if amount and _enterprise_total(scheme, enterprise.pk) + amount > scheme.per_enterprise_cap:
        errors.append(
            {"field": "amount", "message": _("超过每家企业年度上限 %(cap)s 元") % {"cap": scheme.per_enterprise_cap}}
        )
    if Application.objects.filter(scheme=scheme, enterprise=enterprise, status=Application.Status.SUBMITTED).exists():
        errors.append({"field": "scheme", "message": _("已有一份申请正在审批中")})
    if errors:
        raise ValidationFailed(detail=errors)
    application = Application.objects.create(
        scheme=scheme,
        enterprise=enterprise,
        amount=amount,
        purpose=purpose.strip(),
        category=category,
        submitted_by=actor,
    )
    application.approval = approvals.approval_start(
        actor=actor,
        flow=scheme.approval_flow,
        subject=application,
        applicant=enterprise,
        title=_("创新券申领：%(e)s %(a)s 元") % {"e": enterprise.name, "a": amount},
        city_approver=city_approver(enterprise),
    )
    application.save(update_fields=["approval"])
    audit.record(actor=actor, action="vouchers.application.submit", obj=application, summary=str(application))
    return application


def _on_application_approved(*, request, actor, comment):
    application = Application.objects.select_for_update().get(pk=request.subject_id)
    voucher_issue(actor=actor, application=application)


def _on_application_rejected(*, request, actor, comment):
    Application.objects.filter(pk=request.subject_id).update(status=Application.Status.REJECTED)


def _application_link(request):
    from django.urls import reverse

    return reverse("vouchers:application", args=[request.subject_id])


approvals.register(
    "vouchers.Application",
    on_approved=_on_application_approved,
    on_rejected=_on_application_rejected,
    link=_application_link,
)


def _reserve_budget(scheme: Scheme, amount: Decimal) -> None:
    """committed += amount, only if it stays within the budget: one conditional UPDATE, safe under
    concurrency on PostgreSQL (the row lock re-checks the condition) and on SQLite (one writer)."""
    done = Scheme.objects.filter(pk=scheme.pk, committed__lte=F("budget") - amount).update(
        committed=F("committed") + amount
    )
    if not done:
        raise Conflict(_("方案预算不足"), code="budget_exhausted")


@transaction.atomic
def voucher_issue(*, actor, application: Application) -> Voucher:
    """Issue the voucher of an approved application; its amount is reserved from the budget at once."""
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("scheme", "approval").get(pk=application.pk)
    )
    approved = application.approval is not None and application.approval.status == "approved"
    if not (approved or can_manage(actor)[0]):
        raise Forbidden(_("申请尚未审批通过"))
    if Voucher.objects.filter(application=application).exists():
        raise Conflict(_("该申请已发券"))
    if application.status not in (Application.Status.SUBMITTED, Application.Status.APPROVED):
        raise Conflict(_("该申请当前不能发券"))
    scheme = application.scheme
    Organization.objects.select_for_update().filter(pk=application.enterprise_id).first()  # per-enterprise cap
    if _enterprise_total(scheme, application.enterprise_id) + application.amount > scheme.per_enterprise_cap:
        raise Conflict(_("超过每家企业年度上限"), code="cap_exceeded")
    _reserve_budget(scheme, application.amount)
    now = timezone.now()
    voucher = Voucher.objects.create(
        number=f"T{now:%Y%m%d%H%M%S%f}{application.pk}",
        scheme=scheme,
        enterprise_id=application.enterprise_id,
        application=application,
        amount=application.amount,
        issued_at=now,
        expires_on=min(scheme.valid_until, timezone.localdate() + dt.timedelta(days=scheme.voucher_days)),
    )
    voucher.number = f"KJQ{scheme.year}{voucher.pk:07d}"
    voucher.save(update_fields=["number"])
    application.status = Application.Status.APPROVED
    application.save(update_fields=["status"])
    audit.record(
        actor=actor, action="vouchers.voucher.issue", obj=voucher, summary=voucher.number, after=voucher_state(voucher)
    )
    _log_voucher("voucher.issue", voucher, application=application.pk)
    _log_scheme("budget.reserve", scheme, voucher=voucher.number, amount=str(voucher.amount))
    return voucher


def _lock_voucher(voucher_id: int) -> Voucher:
    return Voucher.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=voucher_id)


def _release(voucher: Voucher, amount: Decimal, kind: str) -> None:
    """Return `amount` of a voucher to its scheme's budget."""
    if amount <= 0:
        return
    Voucher.objects.filter(pk=voucher.pk).update(released=F("released") + amount)
    Scheme.objects.filter(pk=voucher.scheme_id).update(committed=F("committed") - amount)
    _log_scheme("budget.release", voucher.scheme, voucher=voucher.number, amount=str(amount), reason=kind)


@transaction.atomic
def voucher_cancel(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Cancel a voucher (its enterprise or the office); what no order holds returns to the budget."""
    voucher = _lock_voucher(voucher.pk)
    if not (can_manage(actor)[0] or can_act_for_enterprise(actor, voucher.enterprise_id)[0]):
        raise Forbidden(_("只能作废本企业的创新券"))
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(_("该券当前不能作废"))
    if not reason.strip():
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写作废原因")}])
    unspent = voucher.amount - voucher.released - voucher.reserved
    Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.CANCELLED)
    _release(voucher, unspent, "cancel")
    audit.record(
        actor=actor,
        action="vouchers.voucher.cancel",
        obj=voucher,
        summary=voucher.number,
        after={"reason": reason, "released": str(unspent)},
    )
    _log_voucher("voucher.cancel", voucher, reason=reason.strip(), released=str(unspent))
    return voucher


@transaction.atomic
def voucher_set_expiry(*, actor, voucher: Voucher, expires_on: dt.date, reason: str) -> Voucher:
    """The office extends or shortens an active voucher's validity (within the scheme's period)."""
    ensure_allowed(can_manage(actor))
    voucher = _lock_voucher(voucher.pk)
    if voucher.status != Voucher.Status.ACTIVE:
        raise Conflict(_("只能调整可使用的券"))
    if not reason.strip():
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写调整原因")}])
    if expires_on > voucher.scheme.valid_until:
        raise ValidationFailed(detail=[{"field": "expires_on", "message": _("不能晚于方案有效期")}])
    before = voucher.expires_on
    Voucher.objects.filter(pk=voucher.pk).update(expires_on=expires_on)
    audit.record(
        actor=actor,
        action="vouchers.voucher.expiry",
        obj=voucher,
        summary=voucher.number,
        before={"expires_on": before},
        after={"expires_on": expires_on, "reason": reason},
    )
    _log_voucher("voucher.expiry", voucher, before=before.isoformat(), reason=reason.strip())
    return voucher


def vouchers_expire(*, today: dt.date | None = None) -> int:
    """Expire every active voucher past its date; what no order holds returns to the budget."""
    today = today or timezone.localdate()
    count = 0
    for pk in Voucher.objects.filter(status=Voucher.Status.ACTIVE, expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            voucher = _lock_voucher(pk)
            if voucher.status != Voucher.Status.ACTIVE:
                continue
            unspent = voucher.amount - voucher.released - voucher.reserved
            Voucher.objects.filter(pk=pk).update(status=Voucher.Status.EXPIRED)
            _release(voucher, unspent, "expire")
            _log_voucher("voucher.expire", voucher, released=str(unspent))
            count += 1
    return count


# ---------------------------------------------------------------- orders


def related_parties(a: Organization, b: Organization) -> str | None:
    """Why two organizations may not trade with vouchers, or None."""
    if a.pk == b.pk:
        return _("同一单位")
    if RelatedParty.objects.filter(Q(a=a, b=b) | Q(a=b, b=a)).exists():
        return _("已申报的关联关系")
    if a.legal_representative and a.legal_representative == b.legal_representative:
        return _("法定代表人相同")
    if a.credit_code and a.credit_code == b.credit_code:
        return _("统一社会信用代码相同")
    return None


def _spend_region_ok(scheme: Scheme, provider: Provider) -> bool:
    if scheme.cross_region:
        return True
    allowed = set(scheme.spend_regions.values_list("pk", flat=True))
    return not allowed or bool(allowed & {r.pk for r in _region_chain(provider.organization.region)})


@transaction.atomic
def order_place(*, actor, voucher: Voucher, item: ServiceItem, quantity=1, note: str = "") -> Order:
    """An enterprise orders a provider's service; the voucher part (price × subsidy ratio, at most what
    is left on the voucher) is reserved on the voucher."""
    voucher = _lock_voucher(voucher.pk)
    ensure_allowed(can_act_for_enterprise(actor, voucher.enterprise_id))
    item = ServiceItem.objects.select_related("provider__organization__region", "category").get(pk=item.pk)
    provider = item.provider
    errors = []
    if voucher.status != Voucher.Status.ACTIVE or voucher.expires_on < timezone.localdate():
        errors.append({"field": "voucher", "message": _("该券已不可使用")})
    if provider.status != Provider.Status.APPROVED or not item.active:
        errors.append({"field": "item", "message": _("该服务机构或服务项目当前不可下单")})
    reason = related_parties(voucher.enterprise, provider.organization)
    if reason:
        errors.append(
            {"field": "provider", "message": _("企业与服务机构存在关联（%(r)s），不能使用创新券") % {"r": reason}}
        )
    if not _spend_region_ok(voucher.scheme, provider):
        errors.append({"field": "provider", "message": _("本方案不允许在该机构所在地区使用")})
    rate = CategoryRate.objects.filter(scheme=voucher.scheme, category=item.category).first()
    if rate is None:
        errors.append({"field": "item", "message": _("本方案不补贴该服务类别")})
    try:
        quantity = Decimal(str(quantity))
        if quantity <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append({"field": "quantity", "message": _("数量必须大于0")})
    if errors:
        raise ValidationFailed(detail=errors)
    price_total = (item.price * quantity).quantize(CENT)
    part = min((price_total * rate.subsidy_ratio).quantize(CENT, rounding=ROUND_DOWN), voucher.remaining)
    if part <= 0:
        raise Conflict(_("该券余额不足"), code="voucher_exhausted")
    held = Voucher.objects.filter(pk=voucher.pk, reserved__lte=F("amount") - F("released") - part).update(
        reserved=F("reserved") + part
    )
    if not held:
        raise Conflict(_("该券余额不足"), code="voucher_exhausted")
    order = Order.objects.create(
        number=f"O{timezone.now():%Y%m%d%H%M%S%f}",
        voucher=voucher,
        provider=provider,
        item=item,
        quantity=quantity,
        price_total=price_total,
        voucher_amount=part,
        note=note.strip(),
    )
    order.number = f"DD{order.pk:08d}"
    order.save(update_fields=["number"])
    audit.record(
        actor=actor,
        action="vouchers.order.place",
        obj=order,
        summary=order.number,
        after={"voucher_amount": str(part), "price_total": str(price_total)},
    )
    _log_voucher("order.place", voucher, order=order.number, provider=provider.organization_id, amount=str(part))
    return order


def _lock_order(order_id: int) -> Order:
    voucher_id = Order.objects.filter(pk=order_id).values_list("voucher_id", flat=True).first()
    if voucher_id is None:
        raise NotFound()
    # voucher before order: the fixed lock order
    Voucher.objects.select_for_update().filter(pk=voucher_id).values_list("pk", flat=True).first()
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("voucher", "voucher__scheme", "provider")
        .get(pk=order_id)
    )


def _unreserve(order: Order, reason: str) -> None:
    voucher = order.voucher
    Voucher.objects.filter(pk=voucher.pk).update(reserved=F("reserved") - order.voucher_amount)
    if voucher.status in (Voucher.Status.CANCELLED, Voucher.Status.EXPIRED):
        _release(voucher, order.voucher_amount, reason)


@transaction.atomic
def order_cancel(*, actor, order: Order, reason: str) -> Order:
    """Cancel an order not yet delivered; its voucher part is free again (or back to the budget)."""
    order = _lock_order(order.pk)
    if not (
        can_act_for_enterprise(actor, order.voucher.enterprise_id)[0] or can_act_for_provider(actor, order.provider)[0]
    ):
        raise Forbidden(_("只有下单企业或服务机构可以取消订单"))
    if order.status != Order.Status.PLACED:
        raise Conflict(_("已交付的订单不能取消"))
    order.status = Order.Status.CANCELLED
    order.save(update_fields=["status"])
    _unreserve(order, "order cancel")
    audit.record(actor=actor, action="vouchers.order.cancel", obj=order, summary=order.number, after={"reason": reason})
    _log_voucher("order.cancel", order.voucher, order=order.number, reason=reason)
    return order


@transaction.atomic
def order_deliver(*, actor, order: Order, files: list[tuple[str, object]]) -> Order:
    """The provider delivers with evidence: at least a contract or invoice, and a service report."""
    order = _lock_order(order.pk)
    ensure_allowed(can_act_for_provider(actor, order.provider))
    if order.status != Order.Status.PLACED:
        raise Conflict(_("该订单当前不能登记交付"))
    kinds = {kind for kind, _f in files}
    if not files or not kinds & {Evidence.Kind.CONTRACT, Evidence.Kind.INVOICE} or Evidence.Kind.REPORT not in kinds:
        raise ValidationFailed(detail=[{"field": "files", "message": _("请上传合同或发票，以及服务报告")}])
    digests = []
    for kind, upload in files:
        data = upload.read()
        upload.seek(0)
        digest = hashlib.sha256(data).hexdigest()
        Evidence.objects.create(order=order, kind=kind, file=upload, sha256=digest)
        digests.append({"kind": kind, "sha256": digest})
    order.status, order.delivered_at = Order.Status.DELIVERED, timezone.now()
    order.save(update_fields=["status", "delivered_at"])
    audit.record(
        actor=actor, action="vouchers.order.deliver", obj=order, summary=order.number, after={"evidence": digests}
    )
    _log_voucher("order.deliver", order.voucher, order=order.number, evidence=digests)
    return order


@transaction.atomic
def order_confirm(*, actor, order: Order) -> Order:
    """The enterprise confirms the service was delivered."""
    order = _lock_order(order.pk)
    ensure_allowed(can_act_for_enterprise(actor, order.voucher.enterprise_id))
    if order.status != Order.Status.DELIVERED:
        raise Conflict(_("服务机构登记交付后才能确认"))
    order.status, order.confirmed_at = Order.Status.CONFIRMED, timezone.now()
    order.save(update_fields=["status", "confirmed_at"])
    audit.record(actor=actor, action="vouchers.order.confirm", obj=order, summary=order.number)
    _log_voucher("order.confirm", order.voucher, order=order.number)
    return order


@transaction.atomic
def order_complain(*, actor, order: Order, text: str) -> Complaint:
    ensure_allowed(can_act_for_enterprise(actor, order.voucher.enterprise_id))
    if not text.strip():
        raise ValidationFailed(detail=[{"field": "text", "message": _("请填写投诉内容")}])
    complaint = Complaint.objects.create(order=order, text=text.strip(), created_by=actor)
    audit.record(actor=actor, action="vouchers.order.complain", obj=order, summary=order.number)
    return complaint


# ---------------------------------------------------------------- redemption, review, settlement


@transaction.atomic
def voucher_redeem(*, actor, order: Order) -> Redemption:
    """The provider claims a confirmed order's voucher part. Never twice for one order (unique row),
    never beyond the voucher (conditional UPDATE + CheckConstraint)."""
    order = _lock_order(order.pk)
    ensure_allowed(can_act_for_provider(actor, order.provider))
    if order.status != Order.Status.CONFIRMED:
        if Redemption.objects.filter(order=order).exists():
            raise Conflict(_("该订单已申请兑付，不能重复兑付"), code="already_redeemed")
        raise Conflict(_("企业确认服务后才能申请兑付"))
    amount = order.voucher_amount
    done = Voucher.objects.filter(pk=order.voucher_id, redeemed__lte=F("amount") - F("released") - amount).update(
        redeemed=F("redeemed") + amount
    )
    if not done:
        raise Conflict(_("兑付金额超过该券可用金额"), code="voucher_exhausted")
    try:  # the order lock already refuses a second claim; the unique row is the database's guarantee
        redemption = Redemption.objects.create(
            order=order, voucher_id=order.voucher_id, provider=order.provider, amount=amount
        )
    except IntegrityError:
        raise Conflict(_("该订单已申请兑付，不能重复兑付"), code="already_redeemed") from None
    order.status = Order.Status.REDEEMED
    order.save(update_fields=["status"])
    voucher = order.voucher
    voucher.refresh_from_db()
    if voucher.redeemed == voucher.amount - voucher.released and voucher.status == Voucher.Status.ACTIVE:
        Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.USED)
        voucher.status = Voucher.Status.USED
    audit.record(
        actor=actor,
        action="vouchers.voucher.redeem",
        obj=redemption,
        summary=order.number,
        after={"amount": str(amount)},
    )
    _log_voucher(
        "voucher.redeem", voucher, fresh=True, order=order.number, amount=str(amount), redemption=redemption.pk
    )
    return redemption


@transaction.atomic
def redemption_review(*, actor, redemption: Redemption, approve: bool, note: str = "") -> Redemption:
    """The office checks the evidence; a refused claim frees the voucher part (or returns it to the budget)."""
    ensure_allowed(can_manage(actor))
    redemption = Redemption.objects.select_related("order").get(pk=redemption.pk)
    order = _lock_order(redemption.order_id)
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if redemption.status != Redemption.Status.PENDING:
        raise Conflict(_("该兑付已审核"))
    if not approve and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("驳回时请填写理由")}])
    redemption.status = Redemption.Status.APPROVED if approve else Redemption.Status.REFUSED
    redemption.review_note, redemption.reviewed_at = note.strip(), timezone.now()
    redemption.save(update_fields=["status", "review_note", "reviewed_at"])
    order.status = Order.Status.REVIEWED if approve else Order.Status.REFUSED
    order.save(update_fields=["status"])
    if not approve:
        Voucher.objects.filter(pk=order.voucher_id).update(redeemed=F("redeemed") - redemption.amount)
        voucher = Voucher.objects.get(pk=order.voucher_id)
        if voucher.status == Voucher.Status.USED:
            Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.ACTIVE)
            voucher.status = Voucher.Status.ACTIVE
        _unreserve(order, "redemption refused")
    audit.record(
        actor=actor,
        action="vouchers.redemption.review",
        obj=redemption,
        summary=order.number,
        after={"approve": approve, "note": note},
    )
    _log_voucher(
        "redemption.approve" if approve else "redemption.refuse", order.voucher, order=order.number, note=note.strip()
    )
    return redemption


@transaction.atomic
def settlement_create(*, actor, scheme: Scheme) -> SettlementBatch:
    """Gather every approved, unsettled redemption of a scheme into a disbursement batch."""
    ensure_allowed(can_manage(actor))
    items = list(
        Redemption.objects.select_for_update()
        .filter(voucher__scheme=scheme, status=Redemption.Status.APPROVED, batch__isnull=True)
        .order_by("pk")
    )
    if not items:
        raise ValidationFailed(_("没有待结算的兑付"))
    total = sum((r.amount for r in items), Decimal("0"))
    batch = SettlementBatch.objects.create(
        number=f"B{timezone.now():%Y%m%d%H%M%S%f}", scheme=scheme, total=total, created_by=actor
    )
    batch.number = f"JS{scheme.year}{batch.pk:05d}"
    batch.save(update_fields=["number"])
    Redemption.objects.filter(pk__in=[r.pk for r in items]).update(batch=batch)
    audit.record(
        actor=actor,
        action="vouchers.settlement.create",
        obj=batch,
        summary=batch.number,
        after={"total": str(total), "items": len(items)},
    )
    return batch


@transaction.atomic
def settlement_mark_paid(*, actor, batch: SettlementBatch) -> SettlementBatch:
    """The treasury has paid the batch: its redemptions and orders are settled (closed)."""
    ensure_allowed(can_manage(actor))
    batch = SettlementBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != SettlementBatch.Status.DRAFT:
        raise Conflict(_("该批次已拨付"))
    batch.status, batch.paid_at = SettlementBatch.Status.PAID, timezone.now()
    batch.save(update_fields=["status", "paid_at"])
    for redemption in batch.items.select_related("order", "voucher"):
        Redemption.objects.filter(pk=redemption.pk).update(status=Redemption.Status.SETTLED)
        Order.objects.filter(pk=redemption.order_id).update(status=Order.Status.SETTLED)
        _log_voucher(
            "order.settle",
            redemption.voucher,
            order=redemption.order.number,
            batch=batch.number,
            amount=str(redemption.amount),
        )
    audit.record(actor=actor, action="vouchers.settlement.paid", obj=batch, summary=batch.number)
    return batch


def get_or_404(model, **kwargs):
    obj = model.objects.filter(**kwargs).first()
    if obj is None:
        raise NotFound()
    return obj
