"""Clauses (条款) of a policy: the office adds, edits and retires them. A clause's amount rule and condition
are checked by the engine (engine.amounts.validate, engine.rules.validate) and stored with the condition in
words. Editing the condition or the amount of a published clause makes a new version (version + 1) that is
a draft until the policy is published again — a clause never changes under the enterprises it matched."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed

from ..engine import amounts, rules
from ..models import Clause, Policy
from ..permissions import library as permissions
from ..selectors.library_items import item_id
from ..selectors.library_rules import condition_words, problem_messages
from .search import policy_index

MONEY_KINDS = ("reward", "subsidy", "interest", "talent")


def _clean(data: dict) -> tuple[dict, list[dict]]:
    errors: list[dict] = list(data.pop("problems", []) or [])
    out = {
        "number": str(data.get("number") or "").strip(),
        "title": str(data.get("title") or "").strip(),
        "text": str(data.get("text") or "").strip(),
        "kind": data.get("kind") or "",
        "no_application": bool(data.get("no_application")),
        "favours_specific": bool(data.get("favours_specific")),
    }
    if not out["title"] or len(out["title"]) > 200:
        errors.append({"field": "title", "message": _("请填写条款名称（不超过 200 字）")})
    if len(out["number"]) > 30:
        errors.append({"field": "number", "message": _("条款号不超过 30 字")})
    if out["kind"] not in Clause.Kind.values:
        errors.append({"field": "kind", "message": _("请选择支持方式")})
    try:
        out["order"] = int(data.get("order") or 0)
        if not 0 <= out["order"] <= 32767:
            raise ValueError
    except (TypeError, ValueError):
        errors.append({"field": "order", "message": _("排序须为 0–32767 的整数")})
        out["order"] = 0
    amount_rule = data.get("amount_rule")
    amount_rule = {"type": "none"} if amount_rule in (None, "", {}) else amount_rule
    errors += problem_messages(amounts.validate(amount_rule), field="amount_rule")
    out["amount_rule"] = amount_rule
    condition = data.get("condition")
    condition = {} if condition in (None, "", True) else condition
    errors += problem_messages(rules.validate(condition), field="condition")
    out["condition"] = condition
    ref = data.get("service_item")
    found = item_id(ref) if ref not in (None, "") else data.get("service_item_id")
    if found is False:
        errors.append({"field": "service_item", "message": _("办理事项“%(r)s”不存在或未发布") % {"r": ref}})
        found = None
    out["service_item_id"] = found or None
    if out["no_application"] and out["service_item_id"]:
        errors.append({"field": "service_item", "message": _("免申即享的条款无需申请，不应关联办理事项")})
    if out["no_application"] and not errors and rules.is_empty(condition):
        errors.append({"field": "condition", "message": _("免申即享的条款须写明申享条件，才能比对出符合条件的企业")})
    if out["no_application"] and amounts.kind_of(amount_rule) == "none" and out["kind"] in MONEY_KINDS:
        errors.append({"field": "amount_rule", "message": _("免申即享的资金类条款须有金额规则")})
    if not errors:
        out["condition_text"] = condition_words(condition)
    return out, errors


@transaction.atomic
def clause_create(*, actor, policy: Policy, **data) -> Clause:
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_edit_policy(actor, policy))
    values, errors = _clean(data)
    if errors:
        raise ValidationFailed(detail=errors)
    clause = Clause.objects.create(policy=policy, status=Clause.Status.DRAFT, **values)
    policy_index(policy)
    audit.record(actor=actor, action="policies.clause.create", obj=clause, summary=clause.title, after=values)
    return clause


@transaction.atomic
def clause_update(*, actor, clause: Clause, **data) -> Clause:
    """Save the edited clause; a published clause whose rule or amount changed becomes a new draft version."""
    policy = Policy.objects.select_for_update().get(pk=clause.policy_id)
    clause = Clause.objects.select_for_update().get(pk=clause.pk)
    clause.policy = policy
    ensure_allowed(permissions.can_edit_clause(actor, clause))
    if clause.status == Clause.Status.REVIEW:
        raise ValidationFailed(_("条款正在公平竞争审查中，审查结束前不能修改"))
    values, errors = _clean(data)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(clause, list(values))
    rule_changed = any(
        before.get(k) != audit.json_safe(values[k]) for k in ("condition", "amount_rule", "favours_specific")
    )
    for key, value in values.items():
        setattr(clause, key, value)
    if clause.status == Clause.Status.PUBLISHED and rule_changed:
        clause.version += 1
        clause.status = Clause.Status.DRAFT
    clause.save()
    policy_index(policy)
    audit.record(
        actor=actor,
        action="policies.clause.update",
        obj=clause,
        summary=f"{clause.title}（v{clause.version}）",
        before=before,
        after=values,
    )
    return clause


@transaction.atomic
def clause_retire(*, actor, clause: Clause, reason: str) -> Clause:
    """停用: the clause stays on the policy page, marked retired, and never matches again."""
    policy = Policy.objects.select_for_update().get(pk=clause.policy_id)
    clause = Clause.objects.select_for_update().get(pk=clause.pk)
    clause.policy = policy
    ensure_allowed(permissions.can_edit_clause(actor, clause))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写停用原因")}])
    before = clause.status
    clause.status = Clause.Status.RETIRED
    clause.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="policies.clause.retire",
        obj=clause,
        summary=f"{clause.title}：{reason}"[:300],
        before={"status": before},
        after={"status": clause.status, "reason": reason},
    )
    return clause


@transaction.atomic
def clause_delete(*, actor, clause: Clause) -> None:
    """A draft that was never published may be deleted; anything published is retired instead (it may have
    matched, been notified or granted)."""
    policy = Policy.objects.select_for_update().get(pk=clause.policy_id)
    clause = Clause.objects.select_for_update().get(pk=clause.pk)
    clause.policy = policy
    ensure_allowed(permissions.can_edit_clause(actor, clause))
    if clause.status != Clause.Status.DRAFT or clause.published_at is not None or clause.grant_lists.exists():
        raise ValidationFailed(_("只有从未发布过的草稿条款可以删除；已发布的条款请停用"))
    snapshot = audit.snapshot(clause)
    pk, title = clause.pk, clause.title
    clause.delete()
    policy_index(policy)
    audit.record(
        actor=actor,
        action="policies.clause.delete",
        object_type="policies.Clause",
        object_id=pk,
        summary=title,
        before=snapshot,
    )
