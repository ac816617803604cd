"""Reads of the policy library, scoped to what the user may see: the list with its filters, one policy with
its clauses and attachments, the "1+N" tree, a policy's state on a day (in force / not yet in force /
expired), and the clauses in force — the only clauses matching ever considers."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import sees_all
from innozone.core.selectors import one_or_not_found

from ..models import Clause, Policy
from ..permissions.library import PUBLIC_STATUSES

STATE_LABELS = {
    "in_force": _("有效"),
    "pending": _("尚未施行"),
    "expired": _("已失效"),
    "withdrawn": _("已废止"),
    "draft": _("草稿"),
    "review": _("公平竞争审查中"),
}


def _visible(user):
    qs = Policy.objects.all()
    if sees_all(user):
        return qs
    own = Q(owner_id=user.organization_id) if user.organization_id else Q(pk__in=[])
    return qs.filter(Q(status__in=PUBLIC_STATUSES) | own)


def policies_for(user):
    return (
        _visible(user)
        .select_related("owner", "parent")
        .annotate(clause_count=Count("clauses", filter=~Q(clauses__status=Clause.Status.RETIRED), distinct=True))
    )


def policy_get(user, pk) -> Policy:
    clauses = Prefetch("clauses", queryset=Clause.objects.order_by("order", "pk"))
    qs = _visible(user).select_related("owner", "parent", "created_by").prefetch_related(clauses, "attachments")
    return one_or_not_found(qs, pk)


def clause_get(user, pk) -> Clause:
    policy_ids = _visible(user).values("pk")
    return one_or_not_found(Clause.objects.select_related("policy").filter(policy_id__in=policy_ids), pk)


def policy_state(policy: Policy, today: dt.date | None = None) -> str:
    """in_force / pending / expired / withdrawn / draft / review: a published policy past its validity is
    expired even before the daily job marks it."""
    today = today or timezone.localdate()
    if policy.status != Policy.Status.PUBLISHED:
        return policy.status
    if policy.effective_until and policy.effective_until < today:
        return "expired"
    if policy.effective_from and policy.effective_from > today:
        return "pending"
    return "in_force"


def state_label(state: str):
    return STATE_LABELS.get(state, state)


def in_force_filter(today: dt.date, prefix: str = "") -> Q:
    """Q over Policy (prefix "policy__" from Clause) for a published policy in force on `today`."""
    p = prefix
    return (
        Q(**{f"{p}status": Policy.Status.PUBLISHED})
        & (Q(**{f"{p}effective_from__isnull": True}) | Q(**{f"{p}effective_from__lte": today}))
        & (Q(**{f"{p}effective_until__isnull": True}) | Q(**{f"{p}effective_until__gte": today}))
    )


def clauses_in_force(today: dt.date | None = None):
    """Published clauses of published policies in force on `today`: what matching and 免申即享 read.
    Clauses of draft, expired or withdrawn policies, not yet effective ones and retired clauses never match."""
    today = today or timezone.localdate()
    return (
        Clause.objects.filter(status=Clause.Status.PUBLISHED)
        .filter(in_force_filter(today, "policy__"))
        .select_related("policy")
        .order_by("policy_id", "order", "pk")
    )


def clause_in_force(clause: Clause, today: dt.date | None = None) -> bool:
    return clause.status == Clause.Status.PUBLISHED and policy_state(clause.policy, today) == "in_force"


def policy_filter(qs, *, level: str = "", issuer: str = "", kind: str = "", state: str = "", today=None):
    """The list's filters: level, issuer (contains), a kind of benefit among the clauses, state (valid:
    in force today; or a status)."""
    today = today or timezone.localdate()
    if level in Policy.Level.values:
        qs = qs.filter(level=level)
    if issuer:
        qs = qs.filter(issuer__icontains=issuer.strip()[:100])
    if kind in Clause.Kind.values:
        qs = qs.filter(clauses__kind=kind, clauses__status=Clause.Status.PUBLISHED).distinct()
    if state == "valid":
        qs = qs.filter(in_force_filter(today))
    elif state == "expired":
        qs = qs.filter(Q(status=Policy.Status.EXPIRED) | Q(status=Policy.Status.PUBLISHED, effective_until__lt=today))
    elif state in Policy.Status.values:
        qs = qs.filter(status=state)
    return qs


def issuers(user) -> list[str]:
    return list(_visible(user).order_by("issuer").values_list("issuer", flat=True).distinct()[:200])


def policy_tree(user) -> list[tuple[Policy, list[Policy]]]:
    """The "1+N" system: each framework policy with the implementing rules that hang off it, then the policies
    that hang off nothing (under a None framework)."""
    policies = list(policies_for(user).order_by(F("issued_on").asc(nulls_last=True), "pk"))
    children: dict[int | None, list[Policy]] = {}
    for p in policies:
        children.setdefault(p.parent_id, []).append(p)
    visible = {p.pk for p in policies}
    roots = [p for p in policies if p.is_framework and (p.parent_id is None or p.parent_id not in visible)]
    tree = [(root, _descendants(root, children)) for root in roots]
    loose = [p for p in children.get(None, []) if not p.is_framework]
    if loose:
        tree.append((None, loose))
    return tree


def _descendants(root: Policy, children: dict) -> list[Policy]:
    out, stack, seen = [], list(reversed(children.get(root.pk, []))), {root.pk}
    while stack:
        node = stack.pop()
        if node.pk in seen:
            continue
        seen.add(node.pk)
        node.depth = getattr(node, "depth", 1)
        out.append(node)
        for child in reversed(children.get(node.pk, [])):
            child.depth = node.depth + 1
            stack.append(child)
    return out


def implementing_rules(user, policy: Policy):
    return policies_for(user).filter(parent=policy).order_by("issued_on", "pk")
