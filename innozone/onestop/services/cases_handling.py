"""Cases after acceptance: the parallel branches (并联审批) through core.approvals, clock pauses (expert review,
hearing, test, 公示 — as the item allows), the one extension, and the decision with its result document.

- Branches: acceptance of an item with parallel departments opens an approval request on the flow
  `onestop.item.<item id>` (defined on first use: one stage, one step per department, all must agree, each
  with the item's `branch_days`). Each department decides its step on the case page or the approvals page;
  the applicant sees every branch (department, state, comment, time). All agree → the lead department
  decides; one disagrees → the case is denied with that department's reason.
- Pauses: only the reasons in the item's `pauses_allowed` (行政许可法 第四十五条: hearings, tests, expert
  review are not counted); one pause at a time; the 补正 pause is opened and closed by the 补正 itself.
- Extension: once, by the department, with a reason, at most the item's `extension_days` (行政许可法
  第四十二条: 20 working days + 10 with approval of the head of the body).
- Decision (准予 / 不予): only when the case is accepted, no branch is open, the clock is running (no pause,
  no 补正 out); approval also needs the 容缺 materials supplied. The working days used (pauses excluded) are
  kept in `used_days` for the statistics; the result document is numbered JG<year>-<sequence of the case>.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import ApprovalRequest, ApprovalTask

from ..models import Case, ClockPause, ServiceItem
from ..permissions import cases as permissions
from ..selectors import cases as selectors
from .cases import _clean, _refresh_due, _running_status, applicant_users, department_users, event, lock, notify

PAUSE_REASONS = [r for r in ClockPause.Reason.values if r != ClockPause.Reason.CORRECTION]


def flow_code(item: ServiceItem) -> str:
    return f"onestop.item.{item.pk}"


def _branch_flow(item: ServiceItem):
    def stages():
        return [
            [
                {"approver": org, "mode": "all", "deadline_days": item.branch_days}
                for org in item.branch_departments.order_by("pk")
            ]
        ]

    return approvals.flow_ensure(code=flow_code(item), name=_("并联审批：%(i)s") % {"i": item.name}, stages=stages)


def branches_open(*, actor, case: Case, now: dt.datetime | None = None) -> ApprovalRequest:
    """Open the parallel branches of an accepted case (called inside case_accept's transaction)."""
    request = approvals.approval_start(
        actor=actor,
        flow=_branch_flow(case.item),
        subject=case,
        applicant=case.applicant,
        title=f"{case.number} {case.item.name}",
    )
    case.approval = request
    case.status = Case.Status.BRANCHES
    case.save(update_fields=["approval", "status"])
    names = "、".join(t.approver.name for t in request.tasks.select_related("approver"))
    event(case, "branches", _("并联审批已发起：%(d)s") % {"d": names}, actor=actor, at=now)
    return request


def branches_of(case: Case) -> list[ApprovalTask]:
    """Each branch of the case with its department, state, comment and time (what the applicant sees)."""
    if not case.approval_id:
        return []
    return list(
        ApprovalTask.objects.filter(request_id=case.approval_id).select_related("approver", "decided_by").order_by("pk")
    )


def branch_decide(
    *, actor, case: Case, task_id: int, approve: bool, comment: str = "", now: dt.datetime | None = None
) -> Case:
    """A parallel department decides its branch from the case page (core.approvals checks the approver). `now`
    back-dates the decision and what follows from it (demo data)."""
    task = ApprovalTask.objects.filter(pk=task_id, request_id=case.approval_id).first() if case.approval_id else None
    if task is None:
        raise NotFound()
    started = timezone.now()
    with transaction.atomic():  # the branch's line first: the handlers may finish the case after it
        verdict = _("同意") if approve else _("不同意")
        text = _("%(d)s：%(v)s") % {"d": task.approver.name, "v": verdict}
        if _clean(comment):
            text = f"{text}（{_clean(comment, 200)}）"
        event(case, "branch", text, actor=actor)
        approvals.approval_decide(actor=actor, task=task, approve=approve, comment=comment)
        case = Case.objects.select_related("item").get(pk=case.pk)
        if now is not None:
            case.events.filter(at__gte=started).update(at=now)
            ApprovalTask.objects.filter(pk=task.pk).update(decided_at=now)
            ApprovalRequest.objects.filter(pk=case.approval_id, decided_at__isnull=False).update(decided_at=now)
            if case.decided_at and case.decided_at >= started:
                case.pauses.filter(ended_on__gt=timezone.localtime(now).date()).update(
                    ended_on=timezone.localtime(now).date()
                )
                case.decided_at = now
                case.used_days = selectors.used_days(case, timezone.localtime(now).date())
                case.save(update_fields=["decided_at", "used_days"])
    return case


def _case_of(request: ApprovalRequest) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("item", "applicant").get(pk=request.subject_id)


def on_branches_approved(*, request, actor, comment: str = "") -> None:
    case = _case_of(request)
    if case.status == Case.Status.BRANCHES:
        case.status = Case.Status.ACCEPTED
        case.save(update_fields=["status"])
    event(case, "branches_done", _("并联审批各部门均已同意，由牵头部门作出决定"))
    audit.record(actor=actor, action="onestop.case.branches_approved", obj=case, summary=case.number)
    notify(
        case,
        department_users(case),
        _("并联审批已全部同意：%(n)s") % {"n": case.number},
        _("请作出办理决定。"),
        f"onestop-branches-{case.pk}",
    )


def on_branches_rejected(*, request, actor, comment: str = "") -> None:
    case = _case_of(request)
    if case.status not in permissions.OPEN:
        return
    org = getattr(getattr(actor, "organization", None), "name", "")
    note = _("并联审批部门%(d)s不同意：%(c)s") % {"d": org, "c": comment}
    _finish(case, approved=False, note=note, actor=actor, now=timezone.now())


def _link(request: ApprovalRequest) -> str:
    from django.urls import reverse

    return reverse("onestop:case_detail", args=[request.subject_id])


def register_handlers() -> None:
    approvals.register("onestop.Case", on_approved=on_branches_approved, on_rejected=on_branches_rejected, link=_link)


# ------------------------------------------------------------------------------------------------ the clock


@transaction.atomic
def case_pause(*, actor, case: Case, reason: str, note: str = "", now: dt.datetime | None = None) -> ClockPause:
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    if case.status not in (Case.Status.ACCEPTED, Case.Status.BRANCHES):
        raise Conflict(_("只有办理中的办件可以暂停计时"))
    allowed = [r for r in (case.item.pauses_allowed or []) if r in PAUSE_REASONS]
    if reason not in allowed:
        labels = "、".join(str(ClockPause.Reason(r).label) for r in allowed) or _("无")
        raise ValidationFailed(
            detail=[{"field": "reason", "message": _("该事项允许不计时的环节：%(r)s") % {"r": labels}}]
        )
    if case.pauses.filter(ended_on__isnull=True).exists():
        raise Conflict(_("计时已暂停"))
    now = now or timezone.now()
    pause = ClockPause.objects.create(
        case=case, reason=reason, started_on=timezone.localtime(now).date(), note=_clean(note, 300), created_by=actor
    )
    case.status = Case.Status.PAUSED
    case.save(update_fields=["status"])
    _refresh_due(case)
    text = _("暂停计时：%(r)s") % {"r": pause.get_reason_display()}
    event(case, "pause", f"{text}（{pause.note}）" if pause.note else text, actor=actor, at=now)
    audit.record(actor=actor, action="onestop.case.pause", obj=case, summary=case.number, after={"reason": reason})
    notify(
        case, applicant_users(case), _("办件暂停计时：%(n)s") % {"n": case.number}, text, f"onestop-pause-{pause.pk}"
    )
    return pause


@transaction.atomic
def case_resume(*, actor, case: Case, now: dt.datetime | None = None) -> Case:
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    pause = case.pauses.filter(ended_on__isnull=True).exclude(reason=ClockPause.Reason.CORRECTION).first()
    if case.status != Case.Status.PAUSED or pause is None:
        raise Conflict(_("计时未暂停"))
    now = now or timezone.now()
    pause.ended_on = max(timezone.localtime(now).date(), pause.started_on)
    pause.save(update_fields=["ended_on"])
    case.status = _running_status(case)
    case.save(update_fields=["status"])
    _refresh_due(case)
    event(
        case,
        "resume",
        _("恢复计时（%(r)s结束），办结期限 %(d)s")
        % {"r": pause.get_reason_display(), "d": case.due_on.isoformat() if case.due_on else "—"},
        actor=actor,
        at=now,
    )
    audit.record(
        actor=actor, action="onestop.case.resume", obj=case, summary=case.number, after={"due_on": case.due_on}
    )
    return case


@transaction.atomic
def case_extend(*, actor, case: Case, days: int, reason: str, now: dt.datetime | None = None) -> Case:
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    if case.status not in selectors.RUNNING:
        raise Conflict(_("只有办理中的办件可以延长时限"))
    if case.extended:
        raise Conflict(_("办结时限只能延长一次"))
    most = case.item.extension_days
    problems = []
    if most == 0:
        problems.append({"field": "days", "message": _("该事项不允许延长办结时限")})
    elif not isinstance(days, int) or days < 1 or days > most:
        problems.append({"field": "days", "message": _("延长天数须为 1 至 %(m)s 个工作日") % {"m": most}})
    if not _clean(reason):
        problems.append({"field": "reason", "message": _("请填写延长理由")})
    if problems:
        raise ValidationFailed(detail=problems)
    now = now or timezone.now()
    before = case.limit_days
    case.limit_days = before + days
    case.extended = True
    case.extension_reason = _clean(reason, 300)
    case.save(update_fields=["limit_days", "extended", "extension_reason"])
    _refresh_due(case)
    event(
        case,
        "extend",
        _("延长办结时限 %(n)s 个工作日，办结期限 %(d)s：%(r)s")
        % {"n": days, "d": case.due_on.isoformat() if case.due_on else "—", "r": case.extension_reason},
        actor=actor,
        at=now,
    )
    audit.record(
        actor=actor,
        action="onestop.case.extend",
        obj=case,
        summary=case.number,
        before={"limit_days": before},
        after={"limit_days": case.limit_days, "reason": case.extension_reason},
    )
    notify(
        case,
        applicant_users(case),
        _("办结时限已延长：%(n)s") % {"n": case.number},
        case.extension_reason,
        f"onestop-extend-{case.pk}",
    )
    return case


# ------------------------------------------------------------------------------------------------ decision


def _finish(case: Case, *, approved: bool, note: str, actor, now: dt.datetime) -> Case:
    today = timezone.localtime(now).date()
    case.pauses.filter(ended_on__isnull=True).update(ended_on=today)
    case.status = Case.Status.APPROVED if approved else Case.Status.DENIED
    case.decided_at = now
    case.decision_note = note
    case.used_days = selectors.used_days(case, today) if case.accepted_at else 0
    case.result_number = f"JG{case.number[2:]}"
    case.save()
    verdict = _("准予办理") if approved else _("不予办理")
    event(case, "decide", f"{verdict}：{note[:300]}" if note else verdict, actor=actor, at=now)
    audit.record(
        actor=actor,
        action="onestop.case.decide",
        obj=case,
        summary=f"{case.number} {verdict}",
        after={"approved": approved, "used_days": case.used_days, "limit_days": case.limit_days},
    )
    notify(
        case,
        applicant_users(case),
        _("办件已办结：%(n)s，%(v)s") % {"n": case.number, "v": verdict},
        _("结果文书 %(r)s 可在办件页下载；欢迎对本次服务作出评价。") % {"r": case.result_number},
        f"onestop-decide-{case.pk}",
    )
    return case


@transaction.atomic
def case_decide(*, actor, case: Case, approve: bool, note: str = "", now: dt.datetime | None = None) -> Case:
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    if case.status == Case.Status.BRANCHES:
        raise Conflict(_("并联审批尚未完成，不能作出决定"))
    if case.status in (Case.Status.PAUSED, Case.Status.CORRECTING):
        raise Conflict(_("计时暂停或补正期间不能作出决定"))
    if case.status != Case.Status.ACCEPTED:
        raise Conflict(_("只有已受理的办件可以作出决定"))
    note = _clean(note)
    if not approve and not note:
        raise ValidationFailed(detail=[{"field": "note", "message": _("不予办理时请填写理由")}])
    if approve and case.deferred and not case.deferred_done_at:
        raise Conflict(_("容缺材料尚未补齐，不能作出准予办理决定"))
    return _finish(case, approved=approve, note=note, actor=actor, now=now or timezone.now())
