"""What the cases services share: the timeline line, the notices, the row lock, the limit of an item, the
running status after a pause or 补正, the stored due date, the decision that closes a case, the materials still
missing under 容缺."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.inbox import notice_send
from innozone.core.models import User

from ..models import Case, CaseEvent, ItemMaterial, ServiceItem
from ..selectors import cases as selectors

MAX_TEXT = 2000


def event(case: Case, action: str, text: str = "", *, actor=None, at: dt.datetime | None = None) -> CaseEvent:
    """One line of the case's timeline (what the applicant sees); `at` for back-dated demo rows."""
    row = CaseEvent.objects.create(
        case=case,
        action=action,
        text=str(text)[:500],
        actor=actor if getattr(actor, "pk", None) else None,
        organization=getattr(actor, "organization", None),
    )
    if at is not None:
        CaseEvent.objects.filter(pk=row.pk).update(at=at)
    return row


def applicant_users(case: Case):
    return list(User.objects.filter(organization_id=case.applicant_id, is_active=True))


def department_users(case: Case):
    return list(User.objects.filter(organization_id=case.item.department_id, is_active=True))


def case_link(case: Case) -> str:
    return reverse("onestop:case_detail", args=[case.pk])


def notify(case: Case, users, title: str, body: str = "", key: str = "") -> None:
    link = case_link(case)
    transaction.on_commit(
        lambda: notice_send(recipients=users, title=title, body=body, link=link, dedupe_key=key or "")
    )


def lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("item", "item__department", "applicant")
        .get(pk=case.pk)
    )


def limit_for(item: ServiceItem) -> int:
    """The handling limit in working days: statutory for 行政许可 items, promised for the others."""
    return item.statutory_days if item.clock == ServiceItem.Clock.LICENCE else item.promised_days


def clean(text, limit: int = MAX_TEXT) -> str:
    return str(text or "").strip()[:limit]


def running_status(case: Case) -> str:
    approval = case.approval
    if approval is not None and approval.status == "pending":
        return Case.Status.BRANCHES
    return Case.Status.ACCEPTED


def refresh_due(case: Case) -> None:
    if case.accepted_at is None:
        return
    case.due_on = selectors.due_date(case)
    case.save(update_fields=["due_on"])


def finish(case: Case, *, approved: bool, note: str, actor, now: dt.datetime) -> Case:
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


def deferred_missing(case: Case) -> list[ItemMaterial]:
    """The required materials of the item the case does not hold (the 容缺 ones, while deferred)."""
    held = set(case.materials.exclude(material=None).values_list("material_id", flat=True))
    return [m for m in case.item.materials.all() if m.required and m.pk not in held]
