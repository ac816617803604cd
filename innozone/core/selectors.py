from django.db.models import Q

from . import regions
from .errors import NotFound
from .models import AuditEvent, Notice, Organization

#: the largest id a row can have (a bigint): a larger one is "not found", never a database overflow
ROW_ID_MAX = 2**63 - 1


def one_or_not_found(qs, pk):
    """The row of `qs` with this id; NotFound for none, and for an id a hand-edited URL or form made no row
    id (text, zero or negative, past a bigint)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    found = qs.filter(pk=pk).first() if 0 < pk <= ROW_ID_MAX else None
    if found is None:
        raise NotFound()
    return found


def row_ref(model, value):
    """A form field naming a row by id (an int, digits or the row itself): the row; None for an empty field;
    False for a value that names no row (not digits, too long, or no such id) — for the caller's problem list."""
    if value in (None, ""):
        return None
    if hasattr(value, "pk"):
        return value
    text = str(value).strip()
    if not text.isdigit() or len(text) > 18:
        return False
    return model.objects.filter(pk=int(text)).first() or False


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


def city_authority(region_id: int | None):
    """The S&T bureau (else the government) of the city a region lies in: who recommends or approves for it."""
    city = regions.city_of(region_id)
    if city is None:
        return None
    orgs = Organization.objects.filter(region_id=city, is_active=True)
    return orgs.filter(name__endswith="科学技术局").first() or orgs.filter(kind=Organization.Kind.GOVERNMENT).first()


def office_organization():
    """The zone office (the leading group's office): who checks, draws experts, publishes and decides."""
    return (
        Organization.objects.filter(kind=Organization.Kind.LEADING_GROUP_OFFICE, is_active=True).order_by("id").first()
    )
