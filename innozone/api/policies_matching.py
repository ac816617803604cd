"""/api/policies (matching part): the 政策计算器 for the caller's organization (or ?uscc= for the office and
readers), a clause's eligible enterprises with the near misses, 免申即享 lists (generate, exclude/restore,
submit, the department's decision) and grants (list, record payment, revoke). Same services, selectors and
permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

from ninja import Path, Query, Router, Status

from innozone.core import approvals
from innozone.core.errors import Conflict, NotFound, ensure_allowed
from innozone.core.models import ApprovalTask, Organization
from innozone.core.selectors import ROW_ID_MAX
from innozone.enterprises import selectors as registry
from innozone.policies.permissions import library as library_permissions
from innozone.policies.permissions import matching as permissions
from innozone.policies.selectors import facts as facts_selectors
from innozone.policies.selectors import grants as grant_selectors
from innozone.policies.selectors import matching as selectors
from innozone.policies.selectors.matching_words import variable_choices
from innozone.policies.services import grants as services

from .policies_matching_schemas import (
    PolicyDecideIn,
    PolicyEligibleOut,
    PolicyGrantListDetailOut,
    PolicyGrantListIn,
    PolicyGrantListOut,
    PolicyGrantListPageOut,
    PolicyGrantOut,
    PolicyGrantPageOut,
    PolicyGrantReasonIn,
    PolicyMatchesOut,
    PolicyPayIn,
    PolicyVariableOut,
)

router = Router(tags=["policies"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


def _match_out(m) -> dict:
    return {
        "policy_id": m.clause.policy_id,
        "policy": m.clause.policy.title,
        "clause_id": m.clause.pk,
        "clause": m.clause.title,
        "kind": m.clause.kind,
        "no_application": m.clause.no_application,
        "eligible": m.eligible,
        "near": m.near,
        "amount": m.amount,
        "failed": m.failed_rows,
        "conditions": m.rows,
        "determination_id": m.determination_id,
    }


@router.get("/variables", response=list[PolicyVariableOut], summary="Variables of clause conditions")
def variables(request):
    ensure_allowed((request.user.is_authenticated, ""))
    return variable_choices()


@router.get("/match", response=PolicyMatchesOut, summary="政策计算器: the caller's organization, or ?uscc= (office)")
def match(request, uscc: str = Query("", max_length=18), show: str = Query("near", pattern="^(eligible|near|all)$")):
    if uscc:
        ensure_allowed(permissions.can_look_up(request.user))
        found = registry.organizations_by_uscc([uscc.strip().upper()])
        if uscc.strip().upper() not in found:
            raise NotFound()
        org = Organization.objects.get(pk=found[uscc.strip().upper()][0])
    else:
        ensure_allowed(permissions.can_use_calculator(request.user))
        org = request.user.organization
    info = facts_selectors.facts_of(org)
    items = selectors.matches_for(org, show=show)
    return {
        "organization_id": org.pk,
        "organization": org.name,
        "figures_year": info.year,
        "items": [_match_out(m) for m in items],
    }


@router.get("/clauses/{clause_id}/eligible", response=PolicyEligibleOut, summary="Who is eligible for a clause")
def clause_eligible(request, clause_id: int = RowId, near: bool = False, limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_eligible(request.user))
    clause = grant_selectors.clause_get(clause_id)
    if not library_permissions.can_view_policy(request.user, clause.policy)[0]:
        raise NotFound()
    rows = selectors.eligible_for_clause(clause, near=near)
    regions = permissions.eligible_region_ids(request.user, clause)
    if regions is not None:
        places, wanted = registry.places_of([r.organization_id for r in rows]), set(regions)
        rows = [r for r in rows if set(places.get(r.organization_id, (None, None))) & wanted]
    eligible = [r for r in rows if r.eligible]
    return {
        "clause_id": clause.pk,
        "eligible_count": len(eligible),
        "near_count": len(rows) - len(eligible),
        "total": sum((r.amount or Decimal(0) for r in eligible), Decimal(0)),
        "count": len(rows),
        "limit": limit,
        "offset": offset,
        "items": [r.__dict__ for r in rows[offset : offset + limit]],
    }


_list_get = grant_selectors.grant_list_get


@router.get("/grant-lists", response=PolicyGrantListPageOut, summary="免申即享 lists")
def grant_lists(request, status: str = "", clause: int | None = None, limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_grant_lists(request.user))
    qs = grant_selectors.grant_lists_for(request.user, status=status, clause_id=clause)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


@router.post("/grant-lists", response={201: PolicyGrantListOut}, summary="Generate a 免申即享 list (the office)")
def grant_list_create(request, payload: PolicyGrantListIn):
    ensure_allowed(permissions.can_manage_grants(request.user))
    clause = grant_selectors.clause_get(payload.clause)
    return Status(
        201, services.grant_list_create(actor=request.user, clause=clause, as_of=payload.as_of, note=payload.note)
    )


def _detail(grant_list, limit: int, offset: int) -> dict:
    entries = grant_list.entries.order_by("pk")
    grant_list.entries_count = entries.count()
    grant_list.entries_page = list(entries[offset : offset + limit])
    data = PolicyGrantListOut.from_orm(grant_list).dict()
    return data | {
        "rule_snapshot": grant_list.rule_snapshot,
        "entries_count": grant_list.entries_count,
        "entries": grant_list.entries_page,
    }


@router.get("/grant-lists/{list_id}", response=PolicyGrantListDetailOut, summary="A list with its entries")
def grant_list_detail(request, list_id: int = RowId, limit: int = Limit, offset: int = Offset):
    return _detail(_list_get(request.user, list_id), limit, offset)


_entry = grant_selectors.grant_entry_get


@router.post("/grant-entries/{entry_id}/exclude", response=PolicyGrantListDetailOut, summary="Exclude an entry")
def entry_exclude(request, payload: PolicyGrantReasonIn, entry_id: int = RowId):
    entry = _entry(request.user, entry_id)
    services.entry_exclude(actor=request.user, entry=entry, reason=payload.reason)
    return _detail(_list_get(request.user, entry.grant_list_id), 50, 0)


@router.post("/grant-entries/{entry_id}/restore", response=PolicyGrantListDetailOut, summary="List an entry again")
def entry_restore(request, entry_id: int = RowId):
    entry = _entry(request.user, entry_id)
    services.entry_restore(actor=request.user, entry=entry)
    return _detail(_list_get(request.user, entry.grant_list_id), 50, 0)


@router.post("/grant-lists/{list_id}/submit", response=PolicyGrantListOut, summary="Submit for confirmation")
def grant_list_submit(request, list_id: int = RowId):
    return services.grant_list_submit(actor=request.user, grant_list=_list_get(request.user, list_id))


@router.post("/grant-lists/{list_id}/decide", response=PolicyGrantListOut, summary="The department's decision")
def grant_list_decide(request, payload: PolicyDecideIn, list_id: int = RowId):
    grant_list = _list_get(request.user, list_id)
    tasks = grant_list.approval.tasks.filter(status=ApprovalTask.Status.PENDING) if grant_list.approval_id else []
    task = next((t for t in tasks if approvals.can_decide(request.user, t)[0]), None)
    if task is None:
        raise Conflict("该清单当前没有您可以办理的确认环节")
    approvals.approval_decide(actor=request.user, task=task, approve=payload.approve, comment=payload.comment)
    return _list_get(request.user, grant_list.pk)


@router.get("/grants", response=PolicyGrantPageOut, summary="Grants: the caller's own, or all (office, finance)")
def grants(request, status: str = "", q: str = Query("", max_length=50), limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_grants(request.user))
    qs = grant_selectors.grants_for(request.user, status=status, q=q)
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "total": grant_selectors.grants_total(qs),
        "items": list(qs[offset : offset + limit]),
    }


_grant = grant_selectors.grant_get


@router.post("/grants/{grant_id}/pay", response=PolicyGrantOut, summary="Record the payment (finance, office)")
def grant_pay(request, payload: PolicyPayIn, grant_id: int = RowId):
    return services.grant_mark_paid(
        actor=request.user, grant=_grant(request.user, grant_id), payment_ref=payload.payment_ref
    )


@router.post("/grants/{grant_id}/revoke", response=PolicyGrantOut, summary="Revoke a grant (the office)")
def grant_revoke(request, payload: PolicyGrantReasonIn, grant_id: int = RowId):
    return services.grant_revoke(actor=request.user, grant=_grant(request.user, grant_id), reason=payload.reason)
