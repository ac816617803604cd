"""Service providers: registration with a price list, the office's approval, new catalogue items."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_money

from ..models import Provider, ServiceItem
from ..permissions import can_act_for_provider, can_manage, can_register_provider
from . import events


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
            provider=provider,
            price=parse_money(item["price"], field="price"),
            **{k: v for k, v in item.items() if k != "price"},
        )
    events.provider_registered(actor=actor, provider=provider)
    return provider


@transaction.atomic
def provider_set_status(*, actor, provider: Provider, status: str, note: str = "") -> Provider:
    """Approve, reject or suspend a provider (the zone office); a rejection or suspension needs a reason."""
    ensure_allowed(can_manage(actor))
    if status not in Provider.Status.values:
        raise ValidationFailed(detail=[{"field": "status", "message": _("状态无效")}])
    if status in (Provider.Status.REJECTED, Provider.Status.SUSPENDED) and not note.strip():
        raise ValidationFailed(detail=[{"field": "note", "message": _("请填写理由")}])
    before = provider.status
    provider.status, provider.status_note = status, note.strip()
    provider.save(update_fields=["status", "status_note"])
    events.provider_status_changed(actor=actor, provider=provider, before=before, note=note)
    return provider


@transaction.atomic
def service_item_add(
    *, actor, provider: Provider, category, name: str, price, price_unit: str = "次", description: str = ""
) -> ServiceItem:
    """A provider adds a priced service to its catalogue, in a category it is registered for."""
    ensure_allowed(can_act_for_provider(actor, provider))
    if not provider.categories.filter(pk=category.pk).exists():
        raise ValidationFailed(detail=[{"field": "category", "message": _("该类别不在本机构登记的服务类别中")}])
    item = ServiceItem.objects.create(
        provider=provider,
        category=category,
        name=name.strip(),
        price=parse_money(price, field="price"),
        price_unit=price_unit or "次",
        description=description,
    )
    events.service_item_added(actor=actor, item=item)
    return item
