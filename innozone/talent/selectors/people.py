"""Reads of the talent pool, scoped to what the acting user may see."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from innozone.core import regions
from innozone.core.models import Organization
from innozone.core.permissions import SELF_KINDS, sees_all, visible_region_ids
from innozone.core.selectors import one_or_not_found
from innozone.enterprises import selectors as registry

from ..models import Honour, Introduction, Person

#: "young talent": at most this old (in years) in the current year
YOUNG_AGE = 35
#: a foreign expert's work permit is flagged this many days before it ends
PERMIT_WARN_DAYS = 90


def people_for(user) -> QuerySet[Person]:
    """The people a user may see: all (office, leaders, auditors), those of the staff's region, or those
    employed by the user's organization."""
    qs = Person.objects.select_related("employer", "region")
    if sees_all(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    ids = visible_region_ids(user) or []
    own = Q(employer_id=user.organization_id) if user.organization_id else Q(pk=None)
    return qs.filter(own | Q(region_id__in=ids))


def young_birth_year(today=None) -> int:
    """The earliest birth year of a young talent this year."""
    return (today or timezone.localdate()).year - YOUNG_AGE


def people_search(
    qs: QuerySet[Person],
    *,
    q: str = "",
    field: str = "",
    honour: int | None = None,
    employer: int | None = None,
    region: int | None = None,
    young: bool = False,
    foreign: bool = False,
    permit_expiring: bool = False,
) -> QuerySet[Person]:
    if q:
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(employer__name__icontains=q.strip()))
    if field:
        qs = qs.filter(field=field)
    if honour:
        qs = qs.filter(honour_rows__honour_id=honour)
    if employer:
        qs = qs.filter(employer_id=employer)
    if region:
        qs = qs.filter(region_id__in=regions.descendants(region))
    if young:
        qs = qs.filter(birth_year__gte=young_birth_year())
    if foreign:
        qs = qs.exclude(nationality="CN")
    if permit_expiring:
        today = timezone.localdate()
        qs = qs.filter(work_permit_until__lte=today + timedelta(days=PERMIT_WARN_DAYS)).exclude(nationality="CN")
    return qs


def permit_expiring(person: Person, today=None) -> bool:
    """A foreign expert whose work permit ends within PERMIT_WARN_DAYS (or has ended)."""
    if not person.work_permit_until:
        return False
    return person.work_permit_until <= (today or timezone.localdate()) + timedelta(days=PERMIT_WARN_DAYS)


def people_rows(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related("honour_rows__honour").order_by("name", "id")


def person_visible(user, person_id) -> Person:
    """A person the user may see (NotFound otherwise: no leak of who is in the pool)."""
    shown = people_for(user).prefetch_related("honour_rows__honour", "introductions__host")
    return one_or_not_found(shown, person_id)


def person_by_id_hash(digest: str) -> Person | None:
    return Person.objects.filter(id_hash=digest).first()


def honours_all(active_only: bool = True) -> QuerySet[Honour]:
    qs = Honour.objects.all()
    return qs.filter(active=True) if active_only else qs


def field_names(qs: QuerySet[Person]) -> list[str]:
    return list(qs.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def introductions_for(user) -> QuerySet[Introduction]:
    """The introductions of the people the user sees, or hosted by the user's organization."""
    own = Q(host_id=user.organization_id) if user.is_authenticated and user.organization_id else Q(pk=None)
    return (
        Introduction.objects.filter(Q(person__in=people_for(user)) | own)
        .select_related("person", "person__employer", "host")
        .order_by("-starts_on", "id")
    )


def introduction_visible(user, introduction_id) -> Introduction:
    return one_or_not_found(introductions_for(user), introduction_id)


def registry_organization(organization_id) -> Organization | None:
    """The organization if it has an entry in the enterprise registry (the only employers and hosts allowed)."""
    entry = registry.enterprise_of(organization_id)
    return entry.organization if entry is not None else None


def registry_organizations(user=None) -> QuerySet[Organization]:
    """The registered organizations offered as employers and hosts: all for the office, else the user's own."""
    qs = Organization.objects.filter(registry_entry__isnull=False)
    if user is not None and not sees_all(user):
        org = user.organization if user.is_authenticated else None
        qs = qs.filter(pk=org.pk) if org is not None and org.kind in SELF_KINDS else qs.none()
    return qs.order_by("name")


def region_of_organization(organization: Organization) -> int | None:
    entry = registry.enterprise_of(organization.pk)
    return entry.region_id if entry is not None else organization.region_id
