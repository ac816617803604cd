from django.db.models import Q

from .models import AuditEvent, Notice, Organization, Region


def organization_by_name(name: str) -> Organization | None:
    """Exact name first, then a registered alias."""
    name = name.strip()
    return Organization.objects.filter(Q(name=name) | Q(aliases__alias=name)).order_by("id").distinct().first()


def region_by_label(label: str) -> Region | None:
    """A region by full name or short name (兰州 → 兰州市)."""
    label = label.strip()
    return Region.objects.filter(Q(name=label) | Q(short_name=label)).order_by("id").first() or (
        Region.objects.filter(name=label + "市").first()
    )


def unit_ids_for(organization: Organization | None) -> set[int]:
    """The organization itself and every group or leading group it is a member of."""
    if organization is None:
        return set()
    return {organization.pk, *organization.member_of.values_list("pk", flat=True)}


def audit_events(*, action: str = "", object_type: str = "", actor: str = ""):
    qs = AuditEvent.objects.select_related("actor", "organization")
    if action:
        qs = qs.filter(action__icontains=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor:
        qs = qs.filter(actor__username=actor)
    return qs


def notices_for(user):
    return Notice.objects.filter(recipient=user)


def city_names() -> dict[int, str]:
    """Region id → the name of the city (市州) it lies in, for grouping figures by city."""
    regions = {r.pk: r for r in Region.objects.all()}
    out = {}
    for pk, region in regions.items():
        node, hops = region, 0
        while node is not None and node.kind != Region.Kind.CITY and hops < 10:
            node, hops = regions.get(node.parent_id), hops + 1
        out[pk] = node.name if node is not None else region.name
    return out
