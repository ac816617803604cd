from django.db.models import Q

from .models import AuditEvent, Notice, Organization


def organization_by_name(name: str) -> Organization | None:
    """Exact name first, then a registered alias."""
    name = name.strip()
    return Organization.objects.filter(Q(name=name) | Q(aliases__alias=name)).order_by("id").distinct().first()


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
