"""Cases after acceptance: clock pauses (expert review, hearing, test, 公示 — as the item allows), the one
extension, and the decision with its result document (the parallel branches: cases_branches.py, re-exported).

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

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import Case, ClockPause
from ..permissions import cases as permissions
from ..selectors import cases as selectors
from .cases_base import applicant_users, clean, event, finish, lock, notify, refresh_due, running_status
from .cases_branches import branch_decide, branches_of, register_handlers

__all__ = ["branch_decide", "branches_of", "register_handlers"]

PAUSE_REASONS = [r for r in ClockPause.Reason.values if r != ClockPause.Reason.CORRECTION]


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
        case=case, reason=reason, started_on=timezone.localtime(now).date(), note=clean(note, 300), created_by=actor
    )
    case.status = Case.Status.PAUSED
    case.save(update_fields=["status"])
    refresh_due(case)
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
    case.status = running_status(case)
    case.save(update_fields=["status"])
    refresh_due(case)
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
    if not clean(reason):
        problems.append({"field": "reason", "message": _("请填写延长理由")})
    if problems:
        raise ValidationFailed(detail=problems)
    now = now or timezone.now()
    before = case.limit_days
    case.limit_days = before + days
    case.extended = True
    case.extension_reason = clean(reason, 300)
    case.save(update_fields=["limit_days", "extended", "extension_reason"])
    refresh_due(case)
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
    note = clean(note)
    if not approve and not note:
        raise ValidationFailed(detail=[{"field": "note", "message": _("不予办理时请填写理由")}])
    if approve and case.deferred and not case.deferred_done_at:
        raise Conflict(_("容缺材料尚未补齐，不能作出准予办理决定"))
    return finish(case, approved=approve, note=note, actor=actor, now=now or timezone.now())
