"""Submission of an application: every problem found in one list (required fields, the budget table's totals,
the call's and programme's amount limits, co-applicants of a 产学研 call, attachments, eligibility with each
failed rule's reason), the acceptance number (ZX<year>-<round>-<seq>, kept on resubmission), the receipt and
the inbox notice; withdrawal before the formal check."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import User

from ..models import Application, Call, Programme
from ..permissions import calls as permissions
from ..selectors.calls import call_effective_stage
from ..selectors.calls_eligibility import eligibility_of
from .applications import budget_totals

RESEARCH_KINDS = ("university", "institute")


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def application_problems(app: Application) -> list[dict]:
    """Everything that keeps the application from being submitted ([] when it may be)."""
    call, programme = app.call, app.call.programme
    problems: list[dict] = []
    if not (app.title or "").strip() or app.title == _("（未命名项目）"):
        problems.append({"field": "title", "message": _("请填写项目名称")})
    if app.amount is None:
        problems.append({"field": "amount", "message": _("请填写申请资助金额")})
    files = {f.key for f in app.files.all()}
    for f in call.form or []:
        key, kind, label = f["key"], f["type"], f["label"]
        if not f.get("required"):
            continue
        if kind in ("text", "textarea", "amount") and not str((app.answers or {}).get(key) or "").strip():
            problems.append({"field": key, "message": _("请填写“%(l)s”") % {"l": label}})
        elif kind == "attachment" and key not in files:
            problems.append({"field": key, "message": _("请上传“%(l)s”") % {"l": label}})
        elif kind == "team" and not app.team_person_ids:
            problems.append({"field": key, "message": _("请从人才库选择项目团队成员")})
        elif kind == "budget" and sum(budget_totals(app.budget), Decimal(0)) <= 0:
            problems.append({"field": key, "message": _("请填写经费预算")})
    has_budget = any(f["type"] == "budget" for f in call.form or [])
    if has_budget and app.amount is not None:
        fiscal, _own = budget_totals(app.budget)
        if fiscal != app.amount:
            problems.append(
                {
                    "field": "budget",
                    "message": _("预算中财政资金合计 %(f)s 元应等于申请资助 %(a)s 元")
                    % {"f": _money(fiscal), "a": _money(app.amount)},
                }
            )
    if app.amount is not None:
        if call.max_amount is not None and app.amount > call.max_amount:
            problems.append(
                {"field": "amount", "message": _("申请资助超过单项上限 %(m)s 元") % {"m": _money(call.max_amount)}}
            )
        if programme.max_ratio is not None:
            if not app.total_budget:
                problems.append({"field": "total_budget", "message": _("请填写项目总投入")})
            elif app.amount > (programme.max_ratio * app.total_budget).quantize(Decimal("0.01")):
                problems.append(
                    {
                        "field": "amount",
                        "message": _("申请资助不能超过项目总投入的 %(r)s%%（%(m)s 元）")
                        % {
                            "r": f"{programme.max_ratio * 100:.0f}",
                            "m": _money(programme.max_ratio * app.total_budget),
                        },
                    }
                )
    if programme.kind == Programme.Kind.COOPERATION:
        kinds = [c.organization.kind for c in app.co_applicants.select_related("organization")]
        if app.applicant.kind not in RESEARCH_KINDS and not any(k in RESEARCH_KINDS for k in kinds):
            problems.append(
                {"field": "co_applicants", "message": _("产学研合作项目须至少有一家高校或科研院所合作单位")}
            )
    ok, rows = eligibility_of(call, app.applicant)
    if not ok:
        for row in rows:
            if row["passed"] is not True:
                problems.append({"field": "eligibility", "message": row["text"]})
    return problems


def _next_number(call: Call) -> str:
    """ZX<year>-<round, 2 digits>-<sequence, 4 digits>; the caller holds the Call's lock."""
    prefix = f"ZX{call.programme.year}-{call.round:02d}-"
    used = Application.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    top = max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{top + 1:04d}"


def applicant_users(app: Application):
    return User.objects.filter(organization_id=app.applicant_id, is_active=True)


@transaction.atomic
def application_submit(*, actor, application: Application, check_actor: bool = True) -> Application:
    app = (
        Application.objects.select_for_update()
        .select_related("call", "call__programme", "applicant")
        .get(pk=application.pk)
    )
    if check_actor:
        ensure_allowed(permissions.can_edit_application(actor, app))
    elif app.status not in permissions.EDITABLE:
        raise Conflict(_("申报已提交"))
    call = Call.objects.select_for_update().select_related("programme").get(pk=app.call_id)  # numbers in order
    stage = call_effective_stage(call)
    if app.status == Application.Status.DRAFT and stage != Call.Stage.OPEN:
        raise Conflict(_("该通知当前不在申报期内，不能提交"))
    if app.status == Application.Status.RETURNED and stage not in (Call.Stage.OPEN, Call.Stage.CLOSED):
        raise Conflict(_("该通知已进入评审，不能再提交补正"))
    problems = application_problems(app)
    if problems:
        raise ValidationFailed(_("申报还不能提交，请处理以下 %(n)s 个问题") % {"n": len(problems)}, detail=problems)
    resubmitted = app.status == Application.Status.RETURNED
    if not app.number:
        app.number = _next_number(call)
    _ok, app.eligibility = eligibility_of(call, app.applicant)
    app.status = Application.Status.SUBMITTED
    app.submitted_at = timezone.now()
    app.version += 1
    app.save()
    audit.record(
        actor=actor,
        action="funds.application.resubmit" if resubmitted else "funds.application.submit",
        obj=app,
        summary=f"{app.number} {app.title}",
        after={"amount": app.amount, "number": app.number},
    )
    link = reverse("funds:application_receipt", args=[app.pk])
    notice_send(
        recipients=applicant_users(app),
        title=_("申报已提交：%(n)s") % {"n": app.number},
        body=_("“%(t)s”已提交，受理编号 %(n)s，等待形式审查。") % {"t": app.title, "n": app.number},
        link=link,
        dedupe_key=f"funds-submit-{app.pk}-{app.version}",
    )
    return app


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "") -> Application:
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(permissions.can_withdraw(actor, app))
    before = app.status
    app.status = Application.Status.WITHDRAWN
    app.version += 1
    app.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="funds.application.withdraw",
        obj=app,
        summary=(reason or "")[:300],
        before={"status": before},
    )
    return app
