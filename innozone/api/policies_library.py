"""/api/policies (library part): policies (list with search and filters, detail with clauses, create and
update for the office, publish, withdraw), clauses (create, read, update, retire), the rule checker (a
condition and amount rule in words, or their problems) and the fair-competition review (checklist, submit,
history). Same services, selectors and permissions as the pages."""

from __future__ import annotations

from django.urls import reverse
from ninja import Path, Query, Router, Status

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.policies.engine import amounts, rules
from innozone.policies.permissions import library as permissions
from innozone.policies.selectors import library as selectors
from innozone.policies.selectors import library_rules, search
from innozone.policies.services import fair, library, library_clauses, library_publish

from .policies_library_schemas import (
    PolicyClauseIn,
    PolicyClauseOut,
    PolicyDetailOut,
    PolicyFairItemOut,
    PolicyFairReviewIn,
    PolicyFairReviewOut,
    PolicyIn,
    PolicyPageOut,
    PolicyPublishOut,
    PolicyReasonIn,
    PolicyRuleIn,
    PolicyRuleOut,
)

router = Router(tags=["policies"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


def _out(policy, score=None):
    policy.state = selectors.policy_state(policy)
    policy.score = score
    return policy


def _clause_out(clause):
    clause.amount_text = library_rules.amount_words(clause.amount_rule)
    return clause


def _detail(request, policy):
    policy = selectors.policy_get(request.user, policy.pk)
    _out(policy)
    policy.clause_list = [_clause_out(c) for c in policy.clauses.all()]
    policy.attachment_list = [
        {"id": a.pk, "name": a.name, "url": reverse("policies:attachment", args=[a.pk])}
        for a in policy.attachments.all()
    ]
    policy.child_ids = list(selectors.implementing_rules(request.user, policy).values_list("pk", flat=True))
    return {
        **{
            f: getattr(policy, f)
            for f in PolicyDetailOut.model_fields
            if f not in ("clauses", "attachments", "children")
        },
        "clauses": policy.clause_list,
        "attachments": policy.attachment_list,
        "children": policy.child_ids,
    }


@router.get("/policies", response=PolicyPageOut, summary="Policies: search (jieba + BM25) and filters")
def policy_list(
    request,
    q: str = "",
    level: str = "",
    issuer: str = "",
    kind: str = "",
    state: str = "valid",
    limit: int = Limit,
    offset: int = Offset,
):
    """`state`: valid (in force today, the default), expired, withdrawn, draft, review or all."""
    ensure_allowed(permissions.can_view_library(request.user))
    qs = selectors.policy_filter(
        selectors.policies_for(request.user), level=level, issuer=issuer, kind=kind, state=state
    )
    if q.strip():
        ranked = search.rank(qs, q)
        window = ranked[offset : offset + limit]
        by_id = qs.in_bulk([pk for pk, _s in window])
        items = [_out(by_id[pk], score) for pk, score in window if pk in by_id]
        return {"count": len(ranked), "limit": limit, "offset": offset, "items": items}
    qs = qs.order_by("-issued_on", "-pk")
    items = [_out(p) for p in qs[offset : offset + limit]]
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": items}


@router.get("/policies/{policy_id}", response=PolicyDetailOut, summary="A policy with its clauses")
def policy_get(request, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    ensure_allowed(permissions.can_view_policy(request.user, policy))
    return _detail(request, policy)


@router.post("/policies", response={201: PolicyDetailOut}, summary="Create a policy (the office; a draft)")
def policy_create(request, payload: PolicyIn):
    policy = library.policy_create(actor=request.user, **payload.dict())
    return Status(201, _detail(request, policy))


@router.put("/policies/{policy_id}", response=PolicyDetailOut, summary="Edit a policy (the office)")
def policy_update(request, payload: PolicyIn, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    return _detail(request, library.policy_update(actor=request.user, policy=policy, **payload.dict()))


@router.post(
    "/policies/{policy_id}/publish", response=PolicyPublishOut, summary="Publish the policy and its draft clauses"
)
def policy_publish(request, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    clauses = library_publish.policy_publish(actor=request.user, policy=policy)
    policy.refresh_from_db()
    return {"policy": _out(policy), "published_clauses": [c.pk for c in clauses]}


@router.post("/policies/{policy_id}/withdraw", response=PolicyDetailOut, summary="Withdraw (废止) a policy")
def policy_withdraw(request, payload: PolicyReasonIn, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    return _detail(request, library.policy_withdraw(actor=request.user, policy=policy, reason=payload.reason))


@router.post("/policies/{policy_id}/clauses", response={201: PolicyClauseOut}, summary="Add a clause (a draft)")
def clause_create(request, payload: PolicyClauseIn, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    return Status(201, _clause_out(library_clauses.clause_create(actor=request.user, policy=policy, **payload.dict())))


@router.get("/clauses/{clause_id}", response=PolicyClauseOut, summary="A clause")
def clause_get(request, clause_id: int = RowId):
    clause = selectors.clause_get(request.user, clause_id)
    ensure_allowed(permissions.can_view_policy(request.user, clause.policy))
    return _clause_out(clause)


@router.put("/clauses/{clause_id}", response=PolicyClauseOut, summary="Edit a clause (a published one: new version)")
def clause_update(request, payload: PolicyClauseIn, clause_id: int = RowId):
    clause = selectors.clause_get(request.user, clause_id)
    return _clause_out(library_clauses.clause_update(actor=request.user, clause=clause, **payload.dict()))


@router.delete("/clauses/{clause_id}", response={204: None}, summary="Delete a never-published draft clause")
def clause_delete(request, clause_id: int = RowId):
    clause = selectors.clause_get(request.user, clause_id)
    library_clauses.clause_delete(actor=request.user, clause=clause)
    return Status(204, None)


@router.delete("/policies/{policy_id}", response={204: None}, summary="Delete a never-published draft policy")
def policy_delete(request, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    library.policy_delete(actor=request.user, policy=policy)
    return Status(204, None)


@router.post("/clauses/{clause_id}/retire", response=PolicyClauseOut, summary="Retire (停用) a clause")
def clause_retire(request, payload: PolicyReasonIn, clause_id: int = RowId):
    clause = selectors.clause_get(request.user, clause_id)
    return _clause_out(library_clauses.clause_retire(actor=request.user, clause=clause, reason=payload.reason))


@router.post("/rules/describe", response=PolicyRuleOut, summary="A condition and amount rule in words, or problems")
def rule_describe(request, payload: PolicyRuleIn):
    ensure_allowed(permissions.can_view_library(request.user))
    problems = library_rules.problem_messages(rules.validate(payload.condition))
    problems += library_rules.problem_messages(amounts.validate(payload.amount_rule or {}), field="amount_rule")
    return {
        "valid": not problems,
        "words": "" if problems else library_rules.condition_words(payload.condition),
        "amount_text": library_rules.amount_words(payload.amount_rule or {}),
        "problems": problems,
    }


@router.get("/fair-review/checklist", response=list[PolicyFairItemOut], summary="The fair-competition checklist")
def fair_checklist(request):
    ensure_allowed(permissions.can_view_library(request.user))
    return [{"code": c, "group": str(fair.GROUPS[g]), "text": str(t)} for c, g, t in fair.CHECKLIST]


def _review_out(review):
    return {
        "id": review.pk,
        "policy_id": review.policy_id,
        "checklist": fair.answers_of(review),
        "conclusion": review.conclusion,
        "proposed": fair.proposed_conclusion(review),
        "basis": review.basis,
        "approval_id": review.approval_id,
        "submitted_at": review.submitted_at,
        "decided_at": review.decided_at,
    }


@router.get(
    "/policies/{policy_id}/fair-reviews", response=list[PolicyFairReviewOut], summary="Fair reviews of a policy"
)
def fair_reviews(request, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    ensure_allowed(
        permissions.can_test_rules(request.user) if policy.owner_id != request.user.organization_id else (True, "")
    )
    return [_review_out(r) for r in policy.fair_reviews.all()]


@router.post(
    "/policies/{policy_id}/fair-reviews",
    response={201: PolicyFairReviewOut},
    summary="Submit a fair review (the office)",
)
def fair_review_submit(request, payload: PolicyFairReviewIn, policy_id: int = RowId):
    policy = selectors.policy_get(request.user, policy_id)
    checklist = {k: v.dict() for k, v in payload.checklist.items()}
    review = fair.fair_review_submit(
        actor=request.user, policy=policy, checklist=checklist, conclusion=payload.conclusion, basis=payload.basis
    )
    return Status(201, _review_out(review))
