"""Decisions of the deciding meeting (part B): per application 立项 / 不予立项 / 调整金额立项 with the amount and
the budget line. Checked after locking the Programme (budget lines, the cap per applicant) and then the Call
(the call's budget), so concurrent decisions cannot overspend:

    Σ approved of the call             ≤ call.budget
    Σ on a budget line                 ≤ its amount − awards − approved not yet awarded
    Σ per applicant and related group  ≤ programme.cap_per_applicant (the programme's fiscal year)

Every problem is listed in one ValidationFailed."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit, money
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import Application, BudgetLine, Call, Decision, Meeting, Programme
from ..permissions import reviews as perms
from ..selectors import decisions as sel

DECIDABLE = (Application.Status.REVIEWED, Application.Status.APPROVED, Application.Status.DECLINED)


def _fmt(value: Decimal) -> str:
    return f"{value:,.2f}"


def _parse_item(n, item, apps, lines, programme, problems):
    """One item {application, outcome, amount, budget_line, note} → (application, outcome, amount, line, note)."""
    app = apps.get(int(item.get("application") or 0)) if str(item.get("application") or "").isdigit() else None
    label = app.title if app else str(item.get("application"))
    if app is None:
        problems.append({"row": n, "field": "application", "message": _("第 %(n)s 项：项目不属于本批次") % {"n": n}})
        return None
    if app.status not in DECIDABLE:
        problems.append(
            {"row": n, "field": "application", "message": _("“%(t)s”的专家评审尚未完成，不能决策") % {"t": label}}
        )
    outcome = item.get("outcome")
    if outcome not in Decision.Outcome.values:
        problems.append({"row": n, "field": "outcome", "message": _("“%(t)s”：请选择决策结果") % {"t": label}})
        return None
    note = (item.get("note") or "").strip()
    if outcome == Decision.Outcome.DECLINE:
        return app, outcome, None, None, note
    found: list = []
    raw = item.get("amount")
    if outcome == Decision.Outcome.APPROVE and raw in (None, ""):
        raw = app.amount
    amount = money.parse_money(raw, field="amount", errors=found)
    for p in found:
        problems.append({**p, "row": n, "message": _("“%(t)s”的资助金额：%(m)s") % {"t": label, "m": p["message"]}})
    line_id = item.get("budget_line")
    line = lines.get(int(line_id)) if str(line_id or "").isdigit() else None
    if line is None:
        problems.append(
            {"row": n, "field": "budget_line", "message": _("“%(t)s”：请选择本专项的预算科目") % {"t": label}}
        )
    if amount is not None:
        if app.amount is not None and amount > app.amount:
            problems.append({"row": n, "field": "amount", "message": _("“%(t)s”的资助金额超过申请金额") % {"t": label}})
        if programme.max_ratio and app.total_budget and amount > app.total_budget * programme.max_ratio:
            problems.append(
                {
                    "row": n,
                    "field": "amount",
                    "message": _("“%(t)s”的资助金额超过项目总投入的 %(r)s%%")
                    % {"t": label, "r": (programme.max_ratio * 100).normalize()},
                }
            )
    return app, outcome, amount, line, note


@transaction.atomic
def decisions_record(*, actor, call: Call, meeting: Meeting, items: list[dict]) -> list[Decision]:
    """Record (or change, before the 公示) the decisions of a deciding meeting on applications of the call."""
    ensure_allowed(perms.can_manage_reviews(actor))
    programme = Programme.objects.select_for_update().get(pk=call.programme_id)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.stage not in (Call.Stage.REVIEW, Call.Stage.DECISION):
        raise Conflict(_("只有专家评审完成、尚未公示的申报通知可以决策"))
    problems: list[dict] = []
    if meeting.call_id != call.pk or meeting.kind != Meeting.Kind.DECISION:
        problems.append({"field": "meeting", "message": _("请选择本批次的立项决策会")})
    if not items:
        problems.append({"field": "items", "message": _("没有需要决策的项目")})
    ids = [int(i["application"]) for i in items if str(i.get("application") or "").isdigit()]
    apps = {a.pk: a for a in Application.objects.filter(call=call, pk__in=ids).select_related("applicant")}
    lines = {x.pk: x for x in BudgetLine.objects.filter(programme=programme)}
    parsed = []
    seen = set()
    for n, item in enumerate(items, start=1):
        got = _parse_item(n, item, apps, lines, programme, problems)
        if got is None:
            continue
        if got[0].pk in seen:
            problems.append({"row": n, "field": "application", "message": _("同一项目重复决策")})
        seen.add(got[0].pk)
        parsed.append(got)
    approving = [p for p in parsed if p[1] != Decision.Outcome.DECLINE and p[2] is not None]
    # the call's budget
    new_total = sum((p[2] for p in approving), Decimal(0))
    committed = sel.call_committed(call, exclude=seen)
    if committed + new_total > call.budget:
        problems.append(
            {
                "field": "budget",
                "message": _("本批次拟立项金额合计 %(a)s 元，超过本批次可安排资金 %(b)s 元（超出 %(c)s 元）")
                % {
                    "a": _fmt(committed + new_total),
                    "b": _fmt(call.budget),
                    "c": _fmt(committed + new_total - call.budget),
                },
            }
        )
    # each budget line
    per_line: dict[int, Decimal] = defaultdict(Decimal)
    for _app, _o, amount, line, _note in approving:
        if line is not None:
            per_line[line.pk] += amount
    used = sel.line_committed(per_line.keys(), exclude=seen)
    for line_id, amount in per_line.items():
        line = lines[line_id]
        left = line.amount - used[line_id]
        if amount > left:
            problems.append(
                {
                    "field": "budget_line",
                    "message": _("预算科目“%(l)s”余额 %(r)s 元，本次安排 %(a)s 元，超出 %(c)s 元")
                    % {"l": str(line), "r": _fmt(left), "a": _fmt(amount), "c": _fmt(amount - left)},
                }
            )
    # the cap per applicant and its related group
    if programme.cap_per_applicant:
        groups: dict[frozenset, list] = {}
        for app, _o, amount, _line, _note in approving:
            group = frozenset(sel.related_group(app.applicant_id))
            key = next((g for g in groups if g & group), None)
            if key is not None:
                entries = groups.pop(key)
                group = key | group
            else:
                entries = []
            groups[group] = [*entries, (app, amount)]
        for group, entries in groups.items():
            before = sel.applicant_committed(programme, group, exclude=seen)
            total = before + sum((a for _x, a in entries), Decimal(0))
            if total > programme.cap_per_applicant:
                names = "、".join(sorted({x.applicant.name for x, _a in entries}))
                problems.append(
                    {
                        "field": "cap",
                        "message": _("%(n)s（含关联方）本年度资助合计 %(a)s 元，超过每个申报单位每年资助上限 %(c)s 元")
                        % {"n": names, "a": _fmt(total), "c": _fmt(programme.cap_per_applicant)},
                    }
                )
    if problems:
        raise ValidationFailed(detail=problems)
    out = []
    for app, outcome, amount, line, note in parsed:
        decision, _created = Decision.objects.update_or_create(
            application=app,
            defaults={
                "meeting": meeting,
                "outcome": outcome,
                "amount": amount,
                "budget_line": line,
                "note": note,
                "decided_by": actor,
            },
        )
        status = Application.Status.DECLINED if outcome == Decision.Outcome.DECLINE else Application.Status.APPROVED
        Application.objects.filter(pk=app.pk).update(status=status)
        audit.record(
            actor=actor,
            action="funds.decision.record",
            obj=decision,
            summary=app.title,
            after={"outcome": outcome, "amount": str(amount) if amount is not None else None, "line": line and line.pk},
        )
        out.append(decision)
    if call.stage != Call.Stage.DECISION:
        call.stage = Call.Stage.DECISION
        call.save(update_fields=["stage"])
    return out


def decision_record(*, actor, call, meeting, application, outcome, amount=None, budget_line=None, note=""):
    """One application's decision (the page's row form)."""
    return decisions_record(
        actor=actor,
        call=call,
        meeting=meeting,
        items=[
            {
                "application": application.pk,
                "outcome": outcome,
                "amount": amount,
                "budget_line": getattr(budget_line, "pk", budget_line),
                "note": note,
            }
        ],
    )[0]
