"""Public pages of the policy library (any logged-in user): the list with search, filters and pagination
(Excel with ?format=xlsx), a policy with its clauses (condition and amount in words), attachments and the
"1+N" links, the "1+N" tree, an attachment download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from innozone.core.web import domain_view, require, xlsx_response

from ..exports import library as exports
from ..models import Clause, Policy, PolicyAttachment
from ..permissions import library as permissions
from ..selectors import library as selectors
from ..selectors import search
from ..selectors.library_items import items_brief
from ..selectors.library_rules import amount_words, condition_words
from ..services import fair

PAGE = 20
FILTERS = ("q", "level", "issuer", "kind", "state")


def links(user) -> dict:
    """What the library's sub-navigation and buttons may show for this user."""
    return {
        "can_manage": permissions.can_manage_policies(user)[0],
        "can_test": permissions.can_test_rules(user)[0],
        "is_enterprise": bool(
            user.organization_id and user.organization.kind in ("enterprise", "university", "institute")
        ),
    }


@login_required
@domain_view
def library(request):
    require(permissions.can_view_library(request.user))
    filters = {k: request.GET.get(k, "").strip() for k in FILTERS}
    if "state" not in request.GET:
        filters["state"] = "valid"
    qs = selectors.policy_filter(
        selectors.policies_for(request.user),
        level=filters["level"],
        issuer=filters["issuer"],
        kind=filters["kind"],
        state=filters["state"],
    )
    scores: dict[int, float] = {}
    if filters["q"]:
        ranked = search.rank(qs, filters["q"])
        scores = dict(ranked)
        order = [pk for pk, _score in ranked]
    else:
        order = list(qs.order_by("-issued_on", "-pk").values_list("pk", flat=True))
    if request.GET.get("format") == "xlsx":
        by_id = selectors.policies_for(request.user).in_bulk(order[: exports.LIMIT])
        return xlsx_response(exports.policies_workbook([by_id[pk] for pk in order if pk in by_id]), "policies.xlsx")
    page = Paginator(order, PAGE).get_page(request.GET.get("page"))
    by_id = selectors.policies_for(request.user).in_bulk(list(page.object_list))
    policies = [by_id[pk] for pk in page.object_list if pk in by_id]
    hits = search.hits_for(policies, filters["q"], scores)
    for h in hits:
        h.state = selectors.policy_state(h.policy)
        h.state_label = selectors.state_label(h.state)
    context = {
        "filters": filters,
        "page": page,
        "hits": hits,
        "levels": Policy.Level.choices,
        "kinds": Clause.Kind.choices,
        "states": [
            ("valid", selectors.state_label("in_force")),
            ("expired", selectors.state_label("expired")),
            ("withdrawn", selectors.state_label("withdrawn")),
            ("draft", selectors.state_label("draft")),
            ("review", selectors.state_label("review")),
            ("all", "—"),
        ],
        "issuers": selectors.issuers(request.user),
        **links(request.user),
    }
    return render(request, "policies/library_list.html", context)


@login_required
@domain_view
def tree(request):
    require(permissions.can_view_library(request.user))
    rows = selectors.policy_tree(request.user)
    for _root, children in rows:
        for p in children:
            p.state_label = selectors.state_label(selectors.policy_state(p))
    for root, _children in rows:
        if root is not None:
            root.state_label = selectors.state_label(selectors.policy_state(root))
    return render(request, "policies/library_tree.html", {"rows": rows, **links(request.user)})


def clause_rows(policy) -> list[dict]:
    clauses = list(policy.clauses.all())
    items = items_brief([c.service_item_id for c in clauses])
    return [
        {
            "clause": c,
            "words": condition_words(c.condition) or c.condition_text,
            "amount": amount_words(c.amount_rule),
            "item": items.get(c.service_item_id),
            "can_edit": False,
        }
        for c in clauses
    ]


@login_required
@domain_view
def policy_detail(request, pk):
    policy = selectors.policy_get(request.user, pk)
    require(permissions.can_view_policy(request.user, policy))
    user = request.user
    rows = clause_rows(policy)
    for r in rows:
        r["can_edit"] = permissions.can_edit_clause(user, r["clause"])[0]
    favouring = fair.needs_review(policy)
    context = {
        "policy": policy,
        "state": selectors.policy_state(policy),
        "state_label": selectors.state_label(selectors.policy_state(policy)),
        "rows": rows,
        "children": selectors.implementing_rules(user, policy),
        "can_edit": permissions.can_edit_policy(user, policy)[0],
        "can_publish": permissions.can_publish(user, policy)[0],
        "can_withdraw": permissions.can_withdraw(user, policy)[0],
        "can_review": permissions.can_submit_fair_review(user, policy)[0] and bool(favouring),
        "needs_review": bool(favouring) and fair.review_covering(policy, favouring) is None,
        "reviews": policy.fair_reviews.all()[:5]
        if permissions.can_manage_policies(user)[0] or user.role in ("leader", "auditor")
        else [],
        "draft_clauses": sum(1 for r in rows if r["clause"].status == "draft"),
        **links(user),
    }
    return render(request, "policies/policy_detail.html", context)


@login_required
@domain_view
def attachment(request, pk):
    row = PolicyAttachment.objects.select_related("policy").filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise Http404
    policy = selectors.policy_get(request.user, row.policy_id)
    require(permissions.can_view_policy(request.user, policy))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)


@login_required
@domain_view
def clauses_export(request):
    """Every clause of the visible policies with its condition and amount in words (Excel)."""
    require(permissions.can_view_library(request.user))
    policy_ids = selectors.policies_for(request.user).values("pk")
    clauses = Clause.objects.filter(policy_id__in=policy_ids).select_related("policy").order_by("policy_id", "order")
    return xlsx_response(exports.clauses_workbook(clauses), "policy-clauses.xlsx")
