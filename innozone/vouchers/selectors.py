"""Reads for the voucher pages and API, scoped to what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from innozone.core.errors import Forbidden, NotFound
from innozone.core.roles import Role

from .models import (
    Application,
    Evidence,
    Order,
    Provider,
    Redemption,
    Scheme,
    ServiceCategory,
    ServiceItem,
    SettlementBatch,
    Voucher,
)
from .permissions import can_view_office


def _one(qs, **lookup):
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise NotFound()
    return obj


def _office_view(user) -> bool:
    return can_view_office(user)[0]


def schemes_all():
    return Scheme.objects.order_by("-year", "id")


def scheme_get(scheme_id: int) -> Scheme:
    return _one(Scheme.objects.all(), pk=scheme_id)


def category_get(code: str) -> ServiceCategory:
    return _one(ServiceCategory.objects.all(), code=code)


def service_item_get(item_id: int) -> ServiceItem:
    return _one(ServiceItem.objects.all(), pk=item_id)


def schemes_open():
    return Scheme.objects.filter(status=Scheme.Status.OPEN).select_related("issuer").prefetch_related("rates__category")


def vouchers_for(user, *, status: str = ""):
    """The vouchers a user may see (the office: all; an enterprise: its own), optionally of one status."""
    qs = Voucher.objects.select_related("scheme", "enterprise").order_by("-id")
    if status:
        qs = qs.filter(status=status)
    if _office_view(user):
        return qs
    if user.role == Role.ENTERPRISE and user.organization_id:
        return qs.filter(enterprise_id=user.organization_id)
    return qs.none()


def voucher_get(user, voucher_id: int) -> Voucher:
    voucher = vouchers_for(user).filter(pk=voucher_id).first()
    if voucher is None:
        raise NotFound()
    return voucher


def applications_for(user):
    qs = Application.objects.select_related("scheme", "enterprise", "category", "approval", "voucher").order_by("-id")
    if _office_view(user):
        return qs
    if user.is_authenticated and user.organization_id:
        # the enterprise, and the units that approve it (their approval tasks)
        return qs.filter(
            Q(enterprise_id=user.organization_id) | Q(approval__tasks__approver_id=user.organization_id)
        ).distinct()
    return qs.none()


def application_get(user, application_id: int) -> Application:
    application = applications_for(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound()
    return application


def orders_for(user, *, status: str = ""):
    """The orders a user may see (the office: all; an enterprise or provider: its own), optionally of one status."""
    qs = Order.objects.select_related("voucher", "voucher__enterprise", "provider__organization", "item").order_by(
        "-id"
    )
    if status:
        qs = qs.filter(status=status)
    if _office_view(user):
        return qs
    if user.role == Role.ENTERPRISE and user.organization_id:
        return qs.filter(voucher__enterprise_id=user.organization_id)
    if user.role == Role.PROVIDER and user.organization_id:
        return qs.filter(provider__organization_id=user.organization_id)
    return qs.none()


def order_get(user, order_id: int) -> Order:
    order = orders_for(user).filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    return order


def evidence_get(user, order_id: int, evidence_id: int) -> Evidence:
    """A delivery file of an order the user may see (its enterprise, its provider, the office)."""
    return _one(Evidence.objects.filter(order=order_get(user, order_id)), pk=evidence_id)


def providers_approved():
    return (
        Provider.objects.filter(status=Provider.Status.APPROVED)
        .select_related("organization", "organization__region")
        .prefetch_related("items__category", "categories")
    )


def provider_get(provider_id: int | None) -> Provider:
    return _one(Provider.objects.all(), pk=provider_id)


def providers_pending_count() -> int:
    return Provider.objects.filter(status=Provider.Status.PENDING).count()


def providers_with_records() -> list[tuple[Provider, dict]]:
    """Every provider (any status) with its record, for the office."""
    providers = Provider.objects.select_related("organization", "organization__region").prefetch_related("categories")
    return [(p, provider_record(p)) for p in providers]


def provider_for_user(user) -> Provider | None:
    if not user.is_authenticated or not user.organization_id:
        return None
    return Provider.objects.filter(organization_id=user.organization_id).first()


def provider_record(provider: Provider) -> dict:
    """Orders and complaints on a provider's record."""
    orders = provider.orders.aggregate(n=Count("id"), total=Sum("voucher_amount"))
    return {
        "orders": orders["n"] or 0,
        "voucher_total": orders["total"] or Decimal("0"),
        "complaints": provider.orders.aggregate(c=Count("complaints"))["c"] or 0,
        "refused": provider.redemptions.filter(status=Redemption.Status.REFUSED).count(),
    }


def redemptions_pending():
    return (
        Redemption.objects.filter(status=Redemption.Status.PENDING)
        .select_related("order", "order__item", "provider__organization", "voucher__enterprise")
        .prefetch_related("order__evidence")
    )


def redemption_get(redemption_id: int | None) -> Redemption:
    return _one(Redemption.objects.all(), pk=redemption_id)


def redemption_of(order: Order) -> Redemption | None:
    return Redemption.objects.filter(order=order).first()


def redemptions_awaiting_settlement(scheme: Scheme | None):
    """Redemptions the office approved that no settlement batch holds yet: what the next batch pays."""
    return Redemption.objects.filter(voucher__scheme=scheme, status=Redemption.Status.APPROVED, batch__isnull=True)


def batch_get(batch_id: int | None) -> SettlementBatch:
    return _one(SettlementBatch.objects.select_related("scheme"), pk=batch_id)


def batches(scheme=None):
    qs = SettlementBatch.objects.select_related("scheme", "created_by")
    return qs.filter(scheme=scheme) if scheme else qs


def require_office(user):
    if not _office_view(user):
        raise Forbidden(can_view_office(user)[1])


def dashboard(scheme: Scheme) -> dict:
    """Budget burn-down by month, by category, by city; top providers (zone office)."""
    vouchers = Voucher.objects.filter(scheme=scheme)
    redeemed = Redemption.objects.filter(voucher__scheme=scheme).exclude(status=Redemption.Status.REFUSED)
    by_month = list(
        redeemed.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    issued_by_month = list(
        vouchers.annotate(month=TruncMonth("issued_at")).values("month").annotate(total=Sum("amount")).order_by("month")
    )
    spent = {_d(r["month"]): r["total"] for r in by_month}
    issued = {_d(r["month"]): r["total"] for r in issued_by_month}
    months = sorted(spent.keys() | issued.keys())
    remaining, running_spent, burn = scheme.budget, Decimal("0"), []
    running_issued = Decimal("0")
    for m in months:
        running_spent += spent.get(m, Decimal("0"))
        running_issued += issued.get(m, Decimal("0"))
        burn.append(
            {
                "month": m.strftime("%Y-%m"),
                "issued": running_issued,
                "redeemed": running_spent,
                "left": remaining - running_spent,
            }
        )
    by_category = list(
        redeemed.values(name=F("order__item__category__name")).annotate(total=Sum("amount")).order_by("-total")
    )
    by_city = list(
        vouchers.values(name=F("enterprise__region__parent__name"))
        .annotate(issued=Sum("amount"), redeemed=Sum("redeemed"))
        .order_by("-issued")
    )
    top = list(
        redeemed.values(name=F("provider__organization__name"))
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by("-total")[:10]
    )
    totals = vouchers.aggregate(issued=Sum("amount"), redeemed=Sum("redeemed"), released=Sum("released"), n=Count("id"))
    status_counts = dict(vouchers.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "burn": burn,
        "by_category": by_category,
        "by_city": by_city,
        "top": top,
        "totals": totals,
        "status_counts": status_counts,
    }


def _d(value):
    return value.date() if hasattr(value, "date") else value


# --- the enterprise dossier's sections (registered in apps.py through core.dossier) -----------------------


def _sees_organization(user, organization_id: int) -> bool:
    """The voucher pages show an organization's vouchers and orders to the office views and to itself."""
    return _office_view(user) or (user.is_authenticated and user.organization_id == organization_id)


def dossier_vouchers(organization_id: int, user) -> list[dict] | None:
    """The organization's vouchers as the user sees them on the voucher pages (None: it sees none of them)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not _sees_organization(user, organization_id):
        return None
    return [
        {
            _("券号"): v.number,
            _("方案"): v.scheme.name,
            _("面额（元）"): v.amount,
            _("已兑付（元）"): v.redeemed,
            _("状态"): v.get_status_display(),
            _("有效期至"): v.expires_on,
            "_url": reverse("vouchers:voucher", args=[v.pk]),
        }
        for v in vouchers_for(user).filter(enterprise_id=organization_id)[:50]
    ]


def dossier_orders(organization_id: int, user) -> list[dict] | None:
    """Orders the organization placed (as the enterprise) or serves (as the provider), as the user sees them."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not _sees_organization(user, organization_id):
        return None
    qs = orders_for(user).filter(
        Q(voucher__enterprise_id=organization_id) | Q(provider__organization_id=organization_id)
    )
    return [
        {
            _("订单号"): o.number,
            _("服务项目"): o.item.name,
            _("服务机构"): o.provider.organization.name,
            _("创新券支付（元）"): o.voucher_amount,
            _("状态"): o.get_status_display(),
            "_url": reverse("vouchers:order", args=[o.pk]),
        }
        for o in qs[:50]
    ]
