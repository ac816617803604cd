"""The registry's related parties: the shareholding threshold, an organization's key, and the related parties and
key people of several organizations at once (an expert draw asks for every applicant of a batch)."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from ..models import Enterprise, EnterpriseGroup, KeyPerson, Shareholder


def _org_key(enterprise: Enterprise) -> str:
    return f"org:{enterprise.uscc}"


def related_share() -> Decimal:
    """The shareholding (%) from which a shareholder and the company it holds count as related."""
    return Decimal(str(getattr(settings, "INNOZONE_RELATED_SHARE", 25)))


def related_organizations(organization_ids) -> dict[int, set[int]]:
    """For each organization, the organizations the registry relates it to (the reasons `related()` knows:
    same actual controller, one the other's controller, a holding of at least `related_share()` % either way,
    the same legal representative, a declared group). Several organizations at once, a few queries in all:
    an expert draw asks for every applicant of a batch."""
    wanted = set(organization_ids)
    out: dict[int, set[int]] = {org: set() for org in wanted}
    entries = list(Enterprise.objects.filter(organization_id__in=wanted))
    if not entries:
        return out
    controllers = {e.actual_controller_key for e in entries if e.actual_controller_key}
    legal = {e.legal_representative_key for e in entries if e.legal_representative_key}
    own_keys = {_org_key(e): e.organization_id for e in entries}
    others = Enterprise.objects.filter(
        Q(actual_controller_key__in=controllers | set(own_keys))
        | Q(legal_representative_key__in=legal)
        | Q(uscc__in=[e.actual_controller_key.removeprefix("org:") for e in entries if e.actual_controller_key])
    ).values_list("organization_id", "actual_controller_key", "legal_representative_key", "uscc")
    for org_id, controller, rep, uscc in others:
        for e in entries:
            if org_id == e.organization_id:
                continue
            if (
                (controller and controller == e.actual_controller_key)
                or (rep and rep == e.legal_representative_key)
                or controller == _org_key(e)
                or e.actual_controller_key == f"org:{uscc}"
            ):
                out[e.organization_id].add(org_id)
    threshold = related_share()
    holdings = Shareholder.objects.filter(share__gte=threshold).filter(
        Q(enterprise__in=entries) | Q(holder_key__in=list(own_keys))
    )
    holder_orgs = dict(
        Enterprise.objects.filter(
            uscc__in=[k.removeprefix("org:") for k in holdings.values_list("holder_key", flat=True) if k]
        ).values_list("uscc", "organization_id")
    )
    for held_org, holder_key in holdings.values_list("enterprise__organization_id", "holder_key"):
        holder_org = holder_orgs.get((holder_key or "").removeprefix("org:"))
        if holder_org is None:
            continue
        if held_org in out:
            out[held_org].add(holder_org)
        if holder_org in out:
            out[holder_org].add(held_org)
    for group in EnterpriseGroup.objects.filter(members__in=entries).prefetch_related("members").distinct():
        members = {m.organization_id for m in group.members.all()}
        for org in members & wanted:
            out[org] |= members - {org}
    return out


def key_people_of(organization_ids) -> list[tuple[int, str, str, str]]:
    """(organization id, name, role, person key) of the key people (董事, 监事 …) and of the natural-person
    shareholders holding more than half (控股股东) of these organizations' registry entries."""
    rows = [
        (org, name, role, key)
        for org, name, role, key in KeyPerson.objects.filter(
            enterprise__organization_id__in=list(organization_ids)
        ).values_list("enterprise__organization_id", "name", "role", "person_key")
    ]
    holders = Shareholder.objects.filter(
        enterprise__organization_id__in=list(organization_ids), share__gt=50, holder_key__startswith="person:"
    ).values_list("enterprise__organization_id", "name", "holder_key")
    rows += [(org, name, "shareholder", key.removeprefix("person:")) for org, name, key in holders]
    return rows


def organizations_by_uscc(codes) -> dict[str, tuple[int, str]]:
    """{USCC: (organization id, registered name)} of the registry entries with these codes."""
    return {
        uscc: (org, name)
        for uscc, org, name in Enterprise.objects.filter(uscc__in=list(codes)).values_list(
            "uscc", "organization_id", "name"
        )
    }
