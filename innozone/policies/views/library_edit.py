"""The office's pages of the policy library: the policy editor, attachments, the clause editor with the
condition rows (the rule in words refreshed live by HTMX, the test against chosen enterprises), retiring a
clause, publishing and withdrawing a policy."""

from __future__ import annotations

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.models import Organization
from innozone.core.web import domain_view, flash_error, require

from ..engine import amounts, rules
from ..forms import library as forms
from ..models import Clause, Policy, PolicyAttachment
from ..permissions import library as permissions
from ..selectors import library as selectors
from ..selectors import library_rules
from ..selectors.library_items import items_brief
from ..services import library as services
from ..services import library_clauses, library_publish
from ..services.library import OWNER_KINDS
from .library import links

USCC_SPLIT = re.compile(r"[\s,，、;；]+")
MAX_TEST = 20


def _policy_form(request, policy=None):
    require(permissions.can_manage_policies(request.user))
    if policy is not None:
        require(permissions.can_edit_policy(request.user, policy))
    data, errors = None, []
    if request.method == "POST":
        data = forms.policy_data(request.POST)
        try:
            if policy is None:
                policy = services.policy_create(actor=request.user, **data)
            else:
                policy = services.policy_update(actor=request.user, policy=policy, **data)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
            flash_error(request, e)
        else:
            messages.success(request, _("政策已保存"))
            return redirect("policies:policy", policy.pk)
    frameworks = Policy.objects.filter(is_framework=True).exclude(status="withdrawn").order_by("title")
    if policy is not None:
        frameworks = frameworks.exclude(pk=policy.pk)
    context = {
        "policy": policy,
        "v": forms.policy_initial(policy, data),
        "errors": errors,
        "levels": Policy.Level.choices,
        "frameworks": frameworks,
        "owners": Organization.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by("name"),
        **links(request.user),
    }
    return render(request, "policies/policy_form.html", context)


@login_required
@domain_view
def policy_new(request):
    return _policy_form(request)


@login_required
@domain_view
def policy_edit(request, pk):
    return _policy_form(request, selectors.policy_get(request.user, pk))


@require_POST
@login_required
@domain_view
def attachment_add(request, pk):
    policy = selectors.policy_get(request.user, pk)
    try:
        services.policy_attachment_add(
            actor=request.user, policy=policy, upload=request.FILES.get("file"), name=request.POST.get("name", "")
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("附件已上传"))
    return redirect("policies:policy", policy.pk)


@require_POST
@login_required
@domain_view
def attachment_remove(request, pk):
    row = PolicyAttachment.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise PermissionDenied(_("附件不存在"))
    selectors.policy_get(request.user, row.policy_id)
    try:
        services.policy_attachment_remove(actor=request.user, attachment=row)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("附件已删除"))
    return redirect("policies:policy", row.policy_id)


def _editor_context(request, policy, clause, data, rows, joiner, advanced, errors):
    return {
        "policy": policy,
        "clause": clause,
        "v": data,
        "rows": rows + [{"group": "", "var": "", "op": "", "value": ""}] * forms.BLANK_ROWS,
        "joiner": joiner,
        "advanced": advanced,
        "errors": errors,
        "variables": library_rules.variables(),
        "ops_by_var": {v.name: list(library_rules.OPS_BY_KIND[v.kind]) for v in rules.VARIABLES.values()},
        "op_labels": library_rules.OP_LABELS,
        "kinds": Clause.Kind.choices,
        "amount_types": [
            ("none", _("不涉及资金")),
            ("fixed", _("固定金额")),
            ("ratio", _("按指标比例（可设上限）")),
            ("tiered", _("按指标分档")),
        ],
        "figures": [(name, _(rules.VARIABLES[name].label)) for name in amounts.FIGURES],
        "tiers": (data.get("amount_rule") or {}).get("tiers", []) + [{"min": "", "amount": ""}] * 2,
        "words": library_rules.condition_words(data.get("condition") or {}),
        "amount_text": library_rules.amount_words(data.get("amount_rule") or {}),
        "item": items_brief([clause.service_item_id]).get(clause.service_item_id) if clause is not None else None,
        **links(request.user),
    }


def _clause_form(request, policy, clause=None):
    require(permissions.can_edit_policy(request.user, policy))
    if clause is not None:
        require(permissions.can_edit_clause(request.user, clause))
    errors: list[dict] = []
    if request.method == "POST":
        data, problems = forms.clause_data(request.POST)
        rows = forms.rows_from_post(request.POST)
        joiner = request.POST.get("cond_join", "and")
        advanced = request.POST.get("condition_json", "")
        try:
            if problems:
                raise ValidationFailed(detail=problems)
            if clause is None:
                clause = library_clauses.clause_create(actor=request.user, policy=policy, **data)
            else:
                clause = library_clauses.clause_update(actor=request.user, clause=clause, **data)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(
                request, _("条款已保存（第 %(v)s 版，%(s)s）") % {"v": clause.version, "s": clause.get_status_display()}
            )
            return redirect("policies:clause_edit", clause.pk)
    else:
        source = clause or Clause(policy=policy, kind="reward", amount_rule={"type": "none"}, condition={})
        data = {
            "number": source.number,
            "title": source.title,
            "text": source.text,
            "kind": source.kind,
            "order": source.order,
            "no_application": source.no_application,
            "favours_specific": source.favours_specific,
            "amount_rule": source.amount_rule or {"type": "none"},
            "condition": source.condition or {},
            "service_item": "",
        }
        shown = forms.rows_from_rule(data["condition"])
        if shown is None:
            rows, joiner = [], "and"
            advanced = json.dumps(data["condition"], ensure_ascii=False, indent=1)
        else:
            rows, joiner = shown
            advanced = ""
    if clause is not None and not data.get("service_item") and clause.service_item_id:
        brief = items_brief([clause.service_item_id]).get(clause.service_item_id)
        data["service_item"] = brief["code"] if brief else clause.service_item_id
    context = _editor_context(request, policy, clause, data, rows, joiner, advanced, errors)
    return render(request, "policies/clause_form.html", context, status=422 if errors else 200)


@login_required
@domain_view
def clause_new(request, pk):
    return _clause_form(request, selectors.policy_get(request.user, pk))


@login_required
@domain_view
def clause_edit(request, pk):
    clause = selectors.clause_get(request.user, pk)
    return _clause_form(request, clause.policy, clause)


@require_POST
@login_required
@domain_view
def rule_describe(request):
    """HTMX: the editor's condition and amount in words, or what is wrong with them."""
    require(permissions.can_manage_policies(request.user))
    rule, problems = forms.condition_from_post(request.POST)
    if rule is not None and not problems:
        problems = library_rules.problem_messages(rules.validate(rule))
    amount_rule = forms.amount_from_post(request.POST)
    amount_problems = library_rules.problem_messages(amounts.validate(amount_rule), field="amount_rule")
    context = {
        "words": "" if problems else library_rules.condition_words(rule),
        "json": "" if problems or rule is None else rules.canonical(rule),
        "problems": problems + amount_problems,
        "amount_text": "" if amount_problems else library_rules.amount_words(amount_rule),
    }
    return render(request, "policies/_rule_words.html", context)


@require_POST
@login_required
@domain_view
def rule_test(request, pk):
    """HTMX: the clause as edited (condition and amount from the form) against the enterprises whose USCCs
    were given — each condition with the enterprise's value, passed or not, and the estimated amount."""
    clause = selectors.clause_get(request.user, pk)
    require(permissions.can_test_rules(request.user))
    from innozone.enterprises.selectors.parties import organizations_by_uscc

    codes = [c.upper() for c in USCC_SPLIT.split(request.POST.get("uscc", "")) if c][:MAX_TEST]
    rule, problems = forms.condition_from_post(request.POST)
    if rule is not None and not problems:
        problems = library_rules.problem_messages(rules.validate(rule))
    amount_rule = forms.amount_from_post(request.POST) if "amount_type" in request.POST else clause.amount_rule
    problems += library_rules.problem_messages(amounts.validate(amount_rule), field="amount_rule")
    found = organizations_by_uscc(codes)
    missing = [c for c in codes if c not in found]
    results = []
    if not problems and found:
        trial = Clause(
            pk=clause.pk,
            policy=clause.policy,
            title=clause.title,
            kind=clause.kind,
            version=clause.version,
            condition=rule if rule is not None else clause.condition,
            amount_rule=amount_rule,
        )
        orgs = Organization.objects.in_bulk([org_id for org_id, _name in found.values()])
        results = library_rules.test_rule(trial, [orgs[o] for o, _n in found.values() if o in orgs])
        for r in results:
            r["conditions"] = [
                {
                    "text": rules.condition_text(c.var, c.op, c.required, c.strict, _, library_rules.region_labels()),
                    "value": rules.value_text(c.var, c.value, _, library_rules.region_labels()),
                    "passed": c.passed,
                }
                for c in r["explanation"].conditions
            ]
    context = {"results": results, "missing": missing, "problems": problems, "asked": bool(codes)}
    return render(request, "policies/_rule_test.html", context)


@require_POST
@login_required
@domain_view
def clause_retire(request, pk):
    clause = selectors.clause_get(request.user, pk)
    try:
        library_clauses.clause_retire(actor=request.user, clause=clause, reason=request.POST.get("reason", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("条款已停用"))
    return redirect("policies:policy", clause.policy_id)


@require_POST
@login_required
@domain_view
def publish(request, pk):
    policy = selectors.policy_get(request.user, pk)
    try:
        published = library_publish.policy_publish(actor=request.user, policy=policy)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("政策已发布（%(n)s 个条款）") % {"n": len(published)})
    return redirect("policies:policy", policy.pk)


@require_POST
@login_required
@domain_view
def withdraw(request, pk):
    policy = selectors.policy_get(request.user, pk)
    try:
        services.policy_withdraw(actor=request.user, policy=policy, reason=request.POST.get("reason", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("政策已废止"))
    return redirect("policies:policy", policy.pk)


@require_POST
@login_required
@domain_view
def policy_delete(request, pk):
    policy = selectors.policy_get(request.user, pk)
    try:
        services.policy_delete(actor=request.user, policy=policy)
    except DomainError as e:
        flash_error(request, e)
        return redirect("policies:policy", policy.pk)
    messages.success(request, _("草稿政策已删除"))
    return redirect("policies:library")


@require_POST
@login_required
@domain_view
def clause_delete(request, pk):
    clause = selectors.clause_get(request.user, pk)
    try:
        library_clauses.clause_delete(actor=request.user, clause=clause)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("草稿条款已删除"))
    return redirect("policies:policy", clause.policy_id)
