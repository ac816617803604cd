"""Publishing (发布) a policy: the office publishes a draft policy with its draft clauses, or the new and
revised clauses of a published policy. Refused, with every problem listed, when the validity has ended, a
clause's condition or amount rule is invalid, a 免申即享 clause has no condition, or a clause favouring
particular enterprises has no passed fair-competition review decided after its last change (services.fair).

Publishing sets published_at (the policy's the first time; each clause's every time it is published), stores
each clause's condition in words, indexes the search tokens and — once the transaction commits — asks
matching to notify the enterprises the newly published clauses match (services.notify.notify_matches)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed

from ..engine import amounts, rules
from ..models import Clause, Policy
from ..permissions import library as permissions
from ..selectors.library_rules import condition_words, problem_messages
from . import fair
from .search import policy_index


def publish_problems(policy: Policy, clauses: list[Clause], today) -> list[dict]:
    problems: list[dict] = []
    if policy.effective_until and policy.effective_until < today:
        problems.append({"field": "effective_until", "message": _("政策有效期已过，不能发布")})
    if policy.status == Policy.Status.PUBLISHED and not clauses:
        problems.append({"field": "clauses", "message": _("没有待发布的条款")})
    for c in clauses:
        label = f"{c.number} {c.title}".strip()
        for p in problem_messages(rules.validate(c.condition), field="condition"):
            problems.append({"field": "condition", "message": f"{label}：{p['message']}"})
        for p in problem_messages(amounts.validate(c.amount_rule or {}), field="amount_rule"):
            problems.append({"field": "amount_rule", "message": f"{label}：{p['message']}"})
        if c.no_application and rules.is_empty(c.condition):
            problems.append({"field": "condition", "message": _("%(c)s：免申即享的条款须写明申享条件") % {"c": label}})
    favouring = [c for c in clauses if c.favours_specific]
    if favouring and fair.review_covering(policy, favouring) is None:
        names = "、".join(f"{c.number} {c.title}".strip() for c in favouring)
        problems.append(
            {
                "field": "fair_review",
                "message": _("条款“%(c)s”涉及特定经营者的优惠，须先通过公平竞争审查") % {"c": names},
            }
        )
    return problems


@transaction.atomic
def policy_publish(*, actor, policy: Policy) -> list[Clause]:
    """Publish the policy and its draft clauses; returns the clauses published now."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_publish(actor, policy))
    now = timezone.now()
    clauses = list(policy.clauses.select_for_update().filter(status=Clause.Status.DRAFT).order_by("order", "pk"))
    problems = publish_problems(policy, clauses, timezone.localdate())
    if problems:
        raise ValidationFailed(_("政策不能发布"), detail=problems)
    first = policy.status != Policy.Status.PUBLISHED
    for c in clauses:
        c.status, c.published_at = Clause.Status.PUBLISHED, now
        c.condition_text = condition_words(c.condition)
        c.save(update_fields=["status", "published_at", "condition_text", "updated_at"])
    policy.status = Policy.Status.PUBLISHED
    if first or policy.published_at is None:
        policy.published_at = now
    policy.save(update_fields=["status", "published_at", "updated_at"])
    policy_index(policy)
    ids = [c.pk for c in clauses]
    audit.record(
        actor=actor,
        action="policies.policy.publish",
        obj=policy,
        summary=policy.title,
        after={"clauses": [{"id": c.pk, "version": c.version} for c in clauses]},
    )
    if ids:
        transaction.on_commit(lambda: _notify(ids))
    return clauses


def _notify(clause_ids: list[int]) -> None:
    """Matching's notice to the enterprises the new clauses match (P2's services.notify; absent: nothing)."""
    try:
        from . import notify
    except ImportError:
        return
    notify.notify_matches(clause_ids)
