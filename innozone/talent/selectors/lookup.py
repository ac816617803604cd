"""Small reads of the talent pool for other apps (platforms' teams): people by id, without a user's scope —
the caller checks what its user may do — and the people offered when a team is put together."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from ..models import Person
from .people import people_for

#: at most this many people offered in one choice list
CHOICES_MAX = 200


def _with_honours(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.select_related("employer", "region").prefetch_related("honour_rows__honour")


def person_get(person_id) -> Person | None:
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return None
    return _with_honours(Person.objects.filter(pk=pk)).first() if 0 < pk < 2**63 else None


def people_by_ids(ids: Iterable) -> dict[int, Person]:
    """{id: person} of those ids that exist (ids that are not whole numbers are left out)."""
    wanted = set()
    for value in ids:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < pk < 2**63:
            wanted.add(pk)
    return {p.pk: p for p in _with_honours(Person.objects.filter(pk__in=wanted))} if wanted else {}


def people_to_choose(user, *, employer_id: int | None = None, q: str = "", include: Iterable[int] = ()) -> list[Person]:
    """The people offered when a team is put together: those employed by the host and those whose name (or
    employer's name) matches `q`, among the people the user may see, plus the ones already chosen."""
    wanted = Q(pk__in=[int(i) for i in include if str(i).isdigit()])
    if employer_id:
        wanted |= Q(employer_id=employer_id)
    if q.strip():
        wanted |= Q(name__icontains=q.strip()) | Q(employer__name__icontains=q.strip())
    seen = people_for(user).filter(wanted).order_by("name", "id")[:CHOICES_MAX]
    chosen = people_by_ids(include)
    found = {p.pk: p for p in seen}
    found.update(chosen)
    return sorted(found.values(), key=lambda p: (p.name, p.pk))


def demo_people(organization_ids: Iterable[int]) -> list[Person]:
    """The demo people of the talent pool employed by these organizations (for other apps' demos)."""
    return list(
        Person.objects.filter(is_demo=True, employer_id__in=list(organization_ids)).order_by("employer_id", "id")
    )
