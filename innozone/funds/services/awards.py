"""The 公示 of a call's award list and the awards (part B).

The office starts the 公示 (approval flow `funds-award`: one stage, the office approves, `publicity_days` from
INNOZONE_PUBLICITY_DAYS; the notice lists applicant, project and amount). When it has run its days and every
objection is answered, the office approves: each approved application gets an `Award` (letter number
`<base>-NN`, the letter date, budget line, amount) through `events.award_made` (the ledger), its status
`awarded`, the call `awarded`, and the applicant an inbox notice with the award letter. Rejecting the 公示
returns the call to `decision`."""

from __future__ import annotations

import contextvars
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import ApprovalFlow, ApprovalTask, User
from innozone.core.selectors import office_organization

from ..models import Application, Award, Call, Decision
from ..permissions import reviews as perms
from . import events

FLOW = "funds-award"
#: the letter base and date the office gives when it approves (read by the approval handler)
_LETTER: contextvars.ContextVar[tuple[str, dt.date] | None] = contextvars.ContextVar("funds_letter", default=None)


def publicity_days() -> int:
    return int(getattr(settings, "INNOZONE_PUBLICITY_DAYS", 7))


def ensure_flow() -> ApprovalFlow:
    def stages():
        office = office_organization()
        if office is None:
            raise ValidationFailed(_("系统中没有自创区办公室单位，无法开始公示"))
        return [[{"approver": office, "deadline_days": 5, "publicity_days": publicity_days()}]]

    return approvals.flow_ensure(code=FLOW, name=_("专项资金拟立项项目公示"), stages=stages)


def approved_applications(call: Call):
    return (
        Application.objects.filter(
            call=call, status=Application.Status.APPROVED, decision__outcome__in=["approve", "adjust"]
        )
        .select_related("applicant", "decision", "decision__budget_line")
        .order_by("number", "id")
    )


def default_letter_base(call: Call) -> str:
    return f"兰白自创〔{call.programme.year}〕{call.pk}号"  # a document number: data, never translated


@transaction.atomic
def award_publicity_start(*, actor, call: Call):
    """Start the 公示 of the call's award list (the call moves to `publicity`)."""
    ensure_allowed(perms.can_manage_reviews(actor))
    call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
    if call.stage != Call.Stage.DECISION:
        raise Conflict(_("只有立项决策阶段的申报通知可以开始公示"))
    problems = []
    approved = list(approved_applications(call))
    if not approved:
        problems.append({"field": "call", "message": _("没有拟立项的项目")})
    undecided = Application.objects.filter(call=call, status__in=["review", "reviewed"]).count()
    if undecided:
        problems.append({"field": "call", "message": _("还有 %(n)s 个项目未作出立项决策") % {"n": undecided}})
    if problems:
        raise ValidationFailed(detail=problems)
    call.stage = Call.Stage.PUBLICITY
    call.save(update_fields=["stage"])
    # the request's applicant cannot approve it (separation of duties): the list's first applicant stands for it
    call.publicity = approvals.approval_start(
        actor=actor,
        flow=ensure_flow(),
        subject=call,
        applicant=approved[0].applicant,
        title=_("拟立项项目公示：%(t)s") % {"t": call.title},
    )
    call.save(update_fields=["publicity"])
    audit.record(actor=actor, action="funds.award.publicity", obj=call, summary=call.title)
    return call.publicity


def pending_task(call: Call, user) -> ApprovalTask | None:
    if call.publicity_id is None or not user.is_authenticated:
        return None
    return (
        call.publicity.tasks.filter(status=ApprovalTask.Status.PENDING, approver_id=user.organization_id)
        .select_related("step", "request")
        .first()
    )


def award_publicity_decide(
    *, actor, call: Call, approve: bool, comment: str = "", letter_base: str = "", letter_date=None
):
    """The office decides the 公示: approving awards (after the notice ran and objections were answered)."""
    task = pending_task(call, actor)
    if task is None:
        raise Forbidden(_("当前没有由您的单位办理的公示"))
    letter_base = (letter_base or "").strip() or default_letter_base(call)
    if len(letter_base) > 50:
        raise ValidationFailed(detail=[{"field": "letter_base", "message": _("文号不能超过 50 个字")}])
    if isinstance(letter_date, str):
        try:
            letter_date = dt.date.fromisoformat(letter_date) if letter_date else None
        except ValueError:
            raise ValidationFailed(detail=[{"field": "letter_date", "message": _("请填写下达日期")}]) from None
    token = _LETTER.set((letter_base, letter_date or timezone.localdate()))
    try:
        approvals.approval_decide(actor=actor, task=task, approve=approve, comment=comment)
    finally:
        _LETTER.reset(token)
    call.refresh_from_db()
    return call


def _notify(award: Award) -> None:
    users = list(User.objects.filter(organization_id=award.application.applicant_id, is_active=True))
    if not users:
        return
    link = reverse("funds:award_letter", args=[award.pk])
    title = _("立项通知：%(t)s") % {"t": award.application.title}
    body = _("您单位申报的项目已立项，资助金额 %(a)s 元，文号 %(n)s。") % {
        "a": f"{award.amount:,.2f}",
        "n": award.letter_no,
    }
    transaction.on_commit(
        lambda: notice_send(recipients=users, title=title, body=body, link=link, dedupe_key=f"award:{award.pk}")
    )


def _on_approved(*, request, actor, comment):
    call = Call.objects.select_for_update().select_related("programme").get(pk=request.subject_id)
    base, day = _LETTER.get() or (default_letter_base(call), timezone.localdate())
    for n, app in enumerate(approved_applications(call), start=1):
        decision: Decision = app.decision
        award = Award.objects.create(
            application=app,
            budget_line=decision.budget_line,
            amount=decision.amount,
            letter_no=f"{base}-{n:02d}",
            letter_date=day,
            issued_by=actor,
        )
        events.award_made(actor=actor, award=award)
        Application.objects.filter(pk=app.pk).update(status=Application.Status.AWARDED)
        _notify(award)
    call.stage = Call.Stage.AWARDED
    call.save(update_fields=["stage"])
    audit.record(actor=actor, action="funds.award.issue", obj=call, summary=call.title, after={"letter": base})


def _on_rejected(*, request, actor, comment):
    call = Call.objects.select_for_update().get(pk=request.subject_id)
    call.stage, call.publicity = Call.Stage.DECISION, None
    call.save(update_fields=["stage", "publicity"])
    audit.record(actor=actor, action="funds.award.publicity_rejected", obj=call, summary=comment[:200])


def _link(request) -> str:
    return reverse("funds:pack", args=[request.subject_id])


def _notice(request) -> tuple[str, str]:
    call = Call.objects.select_related("programme").get(pk=request.subject_id)
    lines = [
        _("经申报、形式审查、推荐、专家评审和立项决策，%(t)s拟立项项目如下，现予公示：") % {"t": call.title},
        "",
    ]
    for n, app in enumerate(approved_applications(call), start=1):
        lines.append(
            _("%(n)s. %(org)s —— %(title)s，拟资助 %(a)s 元")
            % {"n": n, "org": app.applicant.name, "title": app.title, "a": f"{app.decision.amount:,.2f}"}
        )
    lines += [
        "",
        _("公示期内，如有异议，请以真实姓名或单位名义在本页提出，写明事实和理由并留下联系方式，逾期不予受理。"),
    ]
    return _("关于%(t)s拟立项项目的公示") % {"t": call.title}, "\n".join(lines)


def register_approval_handlers() -> None:
    approvals.register("funds.Call", on_approved=_on_approved, on_rejected=_on_rejected, link=_link, notice=_notice)


def award_visible(user, award_id: int) -> Award:
    award = (
        Award.objects.select_related(
            "application", "application__applicant", "application__call", "application__call__programme", "budget_line"
        )
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFound()
    ensure_allowed(perms.can_view_award(user, award))
    return award
