"""Reads of applications: what a user sees, the office's check queue, a recommending unit's queue, an
applicant's own; the committed amount of an applicant and its related parties (the yearly cap)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from innozone.core import regions
from innozone.core.permissions import is_office_admin, sees_all
from innozone.core.selectors import one_or_not_found
from innozone.enterprises import selectors as registry

from ..models import Application, Award, Programme
from ..permissions.calls import LOCAL_KINDS, is_applicant_user, is_recommending_user

ZERO = Decimal("0.00")
#: applications whose requested amount counts against the yearly cap until decided
OPEN_STATUSES = ("submitted", "returned", "recommending", "review", "reviewed", "approved")


def _base() -> QuerySet[Application]:
    return Application.objects.select_related("call", "call__programme", "applicant", "region")


def applications_for(user) -> QuerySet[Application]:
    """Every application the user may see: readers and the office all; applicants their own and those they
    co-apply to; recommending units the submitted ones of their region."""
    qs = _base()
    if sees_all(user):
        return qs
    cond = Q(pk=None)
    if is_applicant_user(user):
        cond |= Q(applicant_id=user.organization_id) | Q(co_applicants__organization_id=user.organization_id)
    if is_recommending_user(user):
        ids = regions.descendants(user.organization.region_id)
        cond |= Q(region_id__in=ids) & ~Q(status__in=("draft", "returned", "withdrawn"))
    return qs.filter(cond).distinct()


def application_get(user, pk) -> Application:
    return one_or_not_found(applications_for(user), pk)


def application_search(
    qs: QuerySet[Application], *, q: str = "", status: str = "", call: str = ""
) -> QuerySet[Application]:
    if q.strip():
        text = q.strip()
        qs = qs.filter(Q(title__icontains=text) | Q(number__icontains=text) | Q(applicant__name__icontains=text))
    if status:
        qs = qs.filter(status=status)
    if str(call).isdigit():
        qs = qs.filter(call_id=int(call))
    return qs


def applications_mine(user) -> QuerySet[Application]:
    if not is_applicant_user(user):
        return Application.objects.none()
    org = user.organization_id
    return _base().filter(Q(applicant_id=org) | Q(co_applicants__organization_id=org)).distinct().order_by("-id")


def check_queue(user) -> QuerySet[Application]:
    """Submitted applications waiting for the formal check (the office), oldest first."""
    if not sees_all(user):
        return Application.objects.none()
    return _base().filter(status=Application.Status.SUBMITTED).order_by("submitted_at", "id")


def recommendation_queue(user, *, done: bool = False) -> QuerySet[Application]:
    """The applications at the user's stage of the chain: a park/district/county unit the district stage of
    its region, a city the city stage, the office the province stage. `done`: those it already decided."""
    if done:
        if not user.is_authenticated or not user.organization_id:
            return Application.objects.none()
        return _base().filter(recommendations__organization_id=user.organization_id).order_by("-id")
    if is_office_admin(user):
        return _base().filter(status="recommending", chain_stage="province").order_by("call_id", "id")
    if not is_recommending_user(user):
        return Application.objects.none()
    region = user.organization.region_id
    node = regions.tree().nodes.get(region)
    stage = "city" if node and node.kind == "city" else "district" if node and node.kind in LOCAL_KINDS else ""
    if not stage:
        return Application.objects.none()
    qs = _base().filter(status="recommending", chain_stage=stage, region_id__in=regions.descendants(region))
    return qs.order_by("call_id", "id")


def cap_group(organization_id: int) -> list[int]:
    """The applicant and its related parties (same actual controller, holdings, declared group)."""
    ids = set(registry.controller_group(organization_id))
    ids |= registry.related_organizations([organization_id]).get(organization_id, set())
    return sorted(ids | {organization_id})


def applicant_committed(programme: Programme, organization_ids, year: int, *, exclude_id: int | None = None) -> Decimal:
    """What the organizations hold in the programme for the year: the amounts requested by their applications
    still open (submitted … approved) plus their awards (part B checks the cap again at decision)."""
    ids = list(organization_ids)
    apps = Application.objects.filter(
        call__programme=programme, call__programme__year=year, applicant_id__in=ids, status__in=OPEN_STATUSES
    )
    if exclude_id:
        apps = apps.exclude(pk=exclude_id)
    requested = apps.aggregate(s=Sum("amount"))["s"] or ZERO
    awards = Award.objects.filter(
        application__call__programme=programme,
        application__call__programme__year=year,
        application__applicant_id__in=ids,
    )
    if exclude_id:
        awards = awards.exclude(application_id=exclude_id)
    return requested + (awards.aggregate(s=Sum("amount"))["s"] or ZERO)


def status_counts(qs: QuerySet[Application]) -> dict[str, int]:
    from django.db.models import Count

    return {r["status"]: r["n"] for r in qs.order_by().values("status").annotate(n=Count("pk"))}
