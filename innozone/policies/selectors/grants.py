"""Reads of 免申即享 lists and grants for the pages, the API and the CLI, limited to what the user may see."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from innozone.core.models import ApprovalTask
from innozone.core.permissions import sees_all

from ..models import Grant, GrantEntry, GrantList
from ..permissions import matching as permissions


def grant_lists_for(user, *, status: str = "", clause_id: int | None = None) -> QuerySet[GrantList]:
    """All lists for the office and readers; for department staff the lists of policies their unit leads
    and those it was asked to confirm; nothing for others."""
    qs = GrantList.objects.select_related("clause", "clause__policy", "approval").order_by("-pk")
    if not sees_all(user):
        if not permissions.is_government_staff(user):
            return qs.none()
        asked = ApprovalTask.objects.filter(
            approver_id=user.organization_id, request__subject_type="policies.GrantList"
        )
        qs = qs.filter(Q(clause__policy__owner_id=user.organization_id) | Q(approval__tasks__in=asked)).distinct()
    if status in GrantList.Status.values:
        qs = qs.filter(status=status)
    if clause_id:
        qs = qs.filter(clause_id=clause_id)
    return qs


def with_counts(qs: QuerySet[GrantList]) -> QuerySet[GrantList]:
    return qs.annotate(
        listed=Count("entries", filter=Q(entries__status__in=[GrantEntry.Status.LISTED, GrantEntry.Status.GRANTED])),
        excluded=Count("entries", filter=Q(entries__status=GrantEntry.Status.EXCLUDED)),
    )


def entry_counts(grant_list: GrantList) -> dict[str, int]:
    rows = grant_list.entries.values("status").annotate(n=Count("pk"))
    found = {r["status"]: r["n"] for r in rows}
    return {s: found.get(s, 0) for s in GrantEntry.Status.values}


def grants_for(user, *, status: str = "", q: str = "", organization_id: int | None = None) -> QuerySet[Grant]:
    qs = Grant.objects.select_related("clause", "clause__policy", "organization", "entry").order_by("-pk")
    if not permissions.sees_all_grants(user):
        qs = qs.filter(organization_id=user.organization_id) if user.organization_id else qs.none()
    elif organization_id:
        qs = qs.filter(organization_id=organization_id)
    if status in Grant.Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(organization__name__icontains=q) | Q(clause__title__icontains=q) | Q(payment_ref=q))
    return qs


def grants_total(qs: QuerySet[Grant]) -> Decimal:
    return qs.exclude(status=Grant.Status.REVOKED).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def grant_totals() -> dict:
    """Count and amount of grants not revoked (the statistics card)."""
    row = Grant.objects.exclude(status=Grant.Status.REVOKED).aggregate(n=Count("pk"), s=Sum("amount"))
    return {"count": row["n"] or 0, "amount": row["s"] or Decimal("0.00")}


def clause_get(pk: int):
    """A clause by id (NotFound otherwise); who may act on it is the service's check."""
    from innozone.core.errors import NotFound

    from ..models import Clause

    clause = Clause.objects.select_related("policy", "policy__owner").filter(pk=pk).first()
    if clause is None:
        raise NotFound()
    return clause


def grant_list_get(user, pk: int) -> GrantList:
    """A list the user may see (NotFound otherwise, so its existence is not revealed)."""
    from innozone.core.errors import NotFound

    grant_list = GrantList.objects.select_related("clause", "clause__policy", "approval").filter(pk=pk).first()
    if grant_list is None or not permissions.can_view_grant_list(user, grant_list)[0]:
        raise NotFound()
    return grant_list


def grant_entry_get(user, pk: int) -> GrantEntry:
    from innozone.core.errors import NotFound

    entry = GrantEntry.objects.select_related("grant_list").filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    grant_list_get(user, entry.grant_list_id)
    return entry


def grant_get(user, pk: int) -> Grant:
    from innozone.core.errors import NotFound

    grant = Grant.objects.filter(pk=pk).first()
    if grant is None or not permissions.can_view_grant(user, grant)[0]:
        raise NotFound()
    return grant
