"""A call's stage moves by the office, each checking its preconditions: open (criteria, a form, a budget
within what the programme's budget lines still hold — checked under a lock on the Programme), close, start the
expert review (nothing left at the formal check or in the chain), cancel. `calls_close_due` closes the calls
past their closing time (the command `funds close-calls`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import Application, Call, Programme
from ..permissions import calls as permissions
from ..selectors.calls import programme_remaining


def _locked(call: Call) -> Call:
    return Call.objects.select_for_update().select_related("programme").get(pk=call.pk)


def _move(actor, call: Call, stage: str, *, note: str = "") -> Call:
    before = call.stage
    call.stage = stage
    call.save(update_fields=["stage"])
    audit.record(
        actor=actor,
        action=f"funds.call.{stage}",
        obj=call,
        summary=note or call.title,
        before={"stage": before},
        after={"stage": stage},
    )
    return call


@transaction.atomic
def call_open(*, actor, call: Call) -> Call:
    """Publish the call: it opens for applications at `opens_at`."""
    ensure_allowed(permissions.can_manage(actor))
    Programme.objects.select_for_update().get(pk=call.programme_id)  # the budget lines' serialiser
    call = _locked(call)
    if call.stage != Call.Stage.DRAFT:
        raise Conflict(_("只有草稿状态的通知可以发布"))
    problems = []
    if not call.criteria.exists():
        problems.append({"field": "criteria", "message": _("请先设置评分项")})
    if not call.form:
        problems.append({"field": "form", "message": _("请先设置申报表")})
    if call.closes_at <= timezone.now():
        problems.append({"field": "closes_at", "message": _("申报截止时间已过")})
    remaining = programme_remaining(call.programme, exclude_call_id=call.pk)
    if call.budget > remaining:
        problems.append(
            {
                "field": "budget",
                "message": _("本批次资金 %(b)s 元超过专项剩余预算 %(r)s 元")
                % {"b": f"{call.budget:,.2f}", "r": f"{remaining:,.2f}"},
            }
        )
    if call.programme.status != Programme.Status.ACTIVE:
        problems.append({"field": "programme", "message": _("专项已结束")})
    if problems:
        raise ValidationFailed(_("通知不能发布"), detail=problems)
    return _move(actor, call, Call.Stage.OPEN)


@transaction.atomic
def call_close(*, actor, call: Call) -> Call:
    """Close the call before or at its closing time (drafts are then kept but can no longer be submitted)."""
    if actor is not None:
        ensure_allowed(permissions.can_manage(actor))
    call = _locked(call)
    if call.stage != Call.Stage.OPEN:
        raise Conflict(_("只有申报中的通知可以截止"))
    return _move(actor, call, Call.Stage.CLOSED)


@transaction.atomic
def call_start_review(*, actor, call: Call) -> Call:
    """To the expert review: the formal checks and the chain are done (part B draws the panels)."""
    ensure_allowed(permissions.can_manage(actor))
    call = _locked(call)
    if call.stage != Call.Stage.CLOSED:
        raise Conflict(_("只有申报截止的通知可以进入专家评审"))
    waiting = call.applications.filter(status__in=("submitted", "recommending")).count()
    problems = []
    if waiting:
        problems.append({"field": "stage", "message": _("还有 %(n)s 项申报待形式审查或推荐") % {"n": waiting}})
    if not call.applications.filter(status=Application.Status.REVIEW).exists():
        problems.append({"field": "stage", "message": _("没有进入专家评审的申报")})
    if problems:
        raise ValidationFailed(_("不能进入专家评审"), detail=problems)
    return _move(actor, call, Call.Stage.REVIEW)


@transaction.atomic
def call_cancel(*, actor, call: Call, reason: str) -> Call:
    ensure_allowed(permissions.can_manage(actor))
    call = _locked(call)
    if call.stage not in (Call.Stage.DRAFT, Call.Stage.OPEN, Call.Stage.CLOSED):
        raise Conflict(_("专家评审开始后不能取消通知"))
    if not (reason or "").strip():
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写取消理由")}])
    return _move(actor, call, Call.Stage.CANCELLED, note=reason.strip()[:300])


def calls_close_due(*, now=None) -> list[int]:
    """Close every published call past its closing time; returns their ids."""
    from ..selectors.calls import calls_past_closing

    closed = []
    for call in calls_past_closing(now):
        try:
            call_close(actor=None, call=call)
        except Conflict:
            continue
        closed.append(call.pk)
    return closed
