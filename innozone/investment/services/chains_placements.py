"""Registry enterprises placed on a chain's links (企业落链) with their output value (产值) in a year: only
entries of the enterprise registry (active), once per link × enterprise × year; each change audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.core.money import parse_money
from innozone.enterprises import selectors as registry

from ..models import Chain, Link, Placement
from ..permissions import chains as permissions

FIRST_YEAR = 2000


def _clean(data: dict, errors: list, *, row=None) -> dict:
    where = {"row": row} if row is not None else {}
    this_year = timezone.localdate().year
    year = str(data.get("year") or "").strip()
    if year.endswith(".0"):
        year = year[:-2]
    if not year.isdigit() or not FIRST_YEAR <= int(year) <= this_year:
        errors.append(
            {"field": "year", "message": _("年度须在 %(a)s 到 %(b)s 之间") % {"a": FIRST_YEAR, "b": this_year}, **where}
        )
        year = None
    output = parse_money(data.get("output_value"), field="output_value", errors=errors, positive=False, row=row)
    products = str(data.get("products") or "").strip()
    if len(products) > 200:
        errors.append({"field": "products", "message": _("不超过 %(n)s 字") % {"n": 200}, **where})
    leader = data.get("is_leader")
    if isinstance(leader, str):
        leader = leader.strip().lower() in ("1", "true", "yes", "on", "是")
    return {
        "year": int(year) if year else None,
        "output_value": output,
        "products": products,
        "is_leader": bool(leader),
    }


def registry_organization(value, errors: list, *, row=None):
    """The organization of an active registry entry named by organization id, or None with a problem."""
    where = {"row": row} if row is not None else {}
    text = str(value or "").strip()
    entry = registry.enterprise_of(int(text)) if text.isdigit() and len(text) < 18 else None
    if entry is None:
        errors.append({"field": "organization", "message": _("请从企业库中选择企业"), **where})
        return None
    if entry.status != "active":
        errors.append(
            {"field": "organization", "message": _("“%(n)s”已注销或吊销，不能上链") % {"n": entry.name}, **where}
        )
        return None
    return entry.organization


@transaction.atomic
def placement_add(*, actor, link: Link, **data) -> Placement:
    chain = Chain.objects.select_for_update().get(pk=link.chain_id)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    errors: list = []
    organization = registry_organization(data.get("organization"), errors)
    values = _clean(data, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    if Placement.objects.filter(link=link, organization=organization, year=values["year"]).exists():
        raise Conflict(
            _("“%(o)s”已在该环节登记了 %(y)s 年的产值，请修改原记录") % {"o": organization.name, "y": values["year"]}
        )
    try:
        with transaction.atomic():
            placement = Placement.objects.create(link=link, organization=organization, **values)
    except IntegrityError as e:  # a concurrent add of the same row
        raise Conflict(_("该企业在该环节该年度的记录已存在")) from e
    audit.record(
        actor=actor,
        action="investment.placement.add",
        obj=placement,
        summary=f"{chain.name}：{link.name} ← {organization.name}"[:300],
        after={**values, "organization": organization.pk},
    )
    return placement


@transaction.atomic
def placement_update(*, actor, placement: Placement, **data) -> Placement:
    placement = Placement.objects.select_for_update().select_related("link__chain", "organization").get(pk=placement.pk)
    ensure_allowed(permissions.can_edit_chain(actor, placement.link.chain))
    errors: list = []
    values = _clean({"year": placement.year, **data}, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    clash = Placement.objects.filter(link=placement.link, organization=placement.organization, year=values["year"])
    if clash.exclude(pk=placement.pk).exists():
        raise Conflict(_("该企业在该环节该年度的记录已存在"))
    before = audit.snapshot(placement, list(values))
    for key, value in values.items():
        setattr(placement, key, value)
    placement.save()
    audit.record(
        actor=actor,
        action="investment.placement.update",
        obj=placement,
        summary=f"{placement.link.name} ← {placement.organization.name}"[:300],
        before=before,
        after=values,
    )
    return placement


@transaction.atomic
def placement_remove(*, actor, placement: Placement) -> None:
    placement = (
        Placement.objects.select_for_update()
        .select_related("link__chain", "organization")
        .filter(pk=placement.pk)
        .first()
    )
    if placement is None:
        raise NotFound()
    ensure_allowed(permissions.can_edit_chain(actor, placement.link.chain))
    pk = placement.pk
    snapshot = audit.snapshot(placement, ["link", "organization", "year", "output_value", "products", "is_leader"])
    summary = f"{placement.link.name} ← {placement.organization.name}"[:300]
    placement.delete()
    audit.record(
        actor=actor,
        action="investment.placement.remove",
        object_type="investment.Placement",
        object_id=pk,
        summary=summary,
        before=snapshot,
    )
