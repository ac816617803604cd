"""Meetings of a call (part B): the panel meeting (专家评审会) with its minutes and the consensus per
application, and the deciding meeting (立项决策会) the decisions are recorded with."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit, money
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import Application, Call, Consensus, Meeting
from ..permissions import reviews as perms
from ..selectors.reviews import REVIEWED_STATUSES

TEXT_MAX = 20000


def _date(value, problems, field="held_on"):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        problems.append({"field": field, "message": _("请填写会议日期（年-月-日）")})
        return None


@transaction.atomic
def meeting_record(
    *, actor, call: Call, kind: str, name: str, held_on, attendees: str = "", minutes: str = ""
) -> Meeting:
    ensure_allowed(perms.can_manage_reviews(actor))
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = []
    if kind not in Meeting.Kind.values:
        problems.append({"field": "kind", "message": _("请选择会议类型")})
    name = (name or "").strip()
    if not name:
        problems.append({"field": "name", "message": _("请填写会议名称")})
    elif len(name) > 200:
        problems.append({"field": "name", "message": _("会议名称不能超过 200 个字")})
    day = _date(held_on, problems)
    if len(minutes or "") > TEXT_MAX or len(attendees or "") > TEXT_MAX:
        problems.append({"field": "minutes", "message": _("会议纪要不能超过 %(n)s 个字") % {"n": TEXT_MAX}})
    if kind == Meeting.Kind.DECISION and not (minutes or "").strip():
        problems.append({"field": "minutes", "message": _("请填写决策会议纪要")})
    if problems:
        raise ValidationFailed(detail=problems)
    if call.stage not in (Call.Stage.REVIEW, Call.Stage.DECISION):
        raise Conflict(_("只有专家评审或立项决策阶段的申报通知可以记录会议"))
    meeting = Meeting.objects.create(
        call=call,
        kind=kind,
        name=name,
        held_on=day,
        attendees=(attendees or "").strip(),
        minutes=(minutes or "").strip(),
        recorded_by=actor,
    )
    audit.record(actor=actor, action="funds.meeting.record", obj=meeting, summary=name)
    return meeting


@transaction.atomic
def consensus_set(
    *, actor, meeting: Meeting, application: Application, opinion: str, amount=None, note: str = ""
) -> Consensus:
    """The panel's consensus on one application (support / adjust with an amount / reject); set again to change."""
    ensure_allowed(perms.can_manage_reviews(actor))
    problems = []
    if meeting.kind != Meeting.Kind.PANEL:
        problems.append({"field": "meeting", "message": _("专家组意见应在专家评审会上形成")})
    if application.call_id != meeting.call_id or application.status not in REVIEWED_STATUSES:
        problems.append({"field": "application", "message": _("该项目不属于本次评审")})
    if opinion not in Consensus.Opinion.values:
        problems.append({"field": "opinion", "message": _("请选择专家组意见")})
    value = None
    if opinion == Consensus.Opinion.ADJUST or amount not in (None, ""):
        value = money.parse_money(amount, field="amount", errors=problems)
    if len(note or "") > 4000:
        problems.append({"field": "note", "message": _("说明不能超过 4000 个字")})
    if problems:
        raise ValidationFailed(detail=problems)
    row, _created = Consensus.objects.update_or_create(
        application=application,
        defaults={"meeting": meeting, "opinion": opinion, "amount": value, "note": (note or "").strip()},
    )
    audit.record(
        actor=actor,
        action="funds.consensus.set",
        obj=row,
        summary=application.title,
        after={"opinion": opinion, "amount": str(value) if value is not None else None},
    )
    return row
