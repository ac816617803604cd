"""Parallel branches (并联审批) of a case through core.approvals: the flow `onestop.item.<item id>` (defined on
first use: one stage, one step per parallel department, all must agree, each with the item's `branch_days`),
opened at acceptance; each department decides its step on the case page or the approvals page; all agree → the
lead department decides; one disagrees → the case is denied with that department's reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import NotFound
from innozone.core.models import ApprovalRequest, ApprovalTask

from ..models import Case, ServiceItem
from ..permissions import cases as permissions
from ..selectors import cases as selectors
from .cases_base import clean, department_users, event, finish, notify


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
        if clean(comment):
            text = f"{text}（{clean(comment, 200)}）"
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
    finish(case, approved=False, note=note, actor=actor, now=timezone.now())


def _link(request: ApprovalRequest) -> str:
    from django.urls import reverse

    return reverse("onestop:case_detail", args=[request.subject_id])


def register_handlers() -> None:
    approvals.register("onestop.Case", on_approved=on_branches_approved, on_rejected=on_branches_rejected, link=_link)
