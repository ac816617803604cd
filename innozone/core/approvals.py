"""A small reusable approval component: sequential stages, parallel steps inside a stage (all-of or
any-of), deadlines and reminders.  Apps register what happens when a request of theirs is decided:

    approvals.register("vouchers.Application", on_approved=..., on_rejected=...)

A step with `publicity_days > 0` is a publicity (公示) stage (`core.publicity`): the notice is published when the
stage opens, with the title and body the app's `notice(request)` gives, and the stage passes only after the
notice ended and every objection was answered. An app's `guard(task)` may hold a stage back for its own
reasons (an expert panel that has not reviewed yet, a document number not given): it returns why, or None.

Every decision is a service call that checks the approver, writes the audit trail and, when the
request is decided, calls the app's handler inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, publicity
from .errors import Conflict, Forbidden, NotFound, ValidationFailed
from .inbox import notice_send
from .models import ApprovalFlow, ApprovalRequest, ApprovalStep, ApprovalTask, Organization, User
from .permissions import is_read_only


@dataclass(frozen=True)
class Handlers:
    on_approved: Callable[..., None]
    on_rejected: Callable[..., None]
    link: Callable[[ApprovalRequest], str] | None = None
    notice: Callable[[ApprovalRequest], tuple[str, str]] | None = None
    guard: Callable[[ApprovalTask], str | None] | None = None


_HANDLERS: dict[str, Handlers] = {}


def register(subject_type: str, *, on_approved, on_rejected, link=None, notice=None, guard=None) -> None:
    _HANDLERS[subject_type] = Handlers(on_approved, on_rejected, link, notice, guard)


def subject_link(request: ApprovalRequest) -> str:
    handlers = _HANDLERS.get(request.subject_type)
    return handlers.link(request) if handlers and handlers.link else ""


def subject_type_of(obj) -> str:
    return f"{obj._meta.app_label}.{obj.__class__.__name__}"


def flow_define(*, code: str, name: str, stages: list[list[dict]]) -> ApprovalFlow:
    """Create or replace a flow: stages = [[{"approver": org | None, "city": bool, "mode": "all",
    "deadline_days": 5}, …], …]. Used by demo data and admins' scripts; safe to rerun."""
    flow, _created = ApprovalFlow.objects.update_or_create(code=code, defaults={"name": name})
    if not flow.requests.exists():
        flow.steps.all().delete()
        for n, stage in enumerate(stages, start=1):
            for step in stage:
                ApprovalStep.objects.create(
                    flow=flow,
                    stage=n,
                    mode=step.get("mode", ApprovalStep.Mode.ALL),
                    approver=step.get("approver"),
                    approver_is_city=step.get("city", False),
                    deadline_days=step.get("deadline_days", 5),
                    publicity_days=step.get("publicity_days", 0),
                )
    return flow


def flow_ensure(*, code: str, name: str, stages) -> ApprovalFlow:
    """The flow `code` as configured (an admin may have changed its steps), or defined on first use with
    `stages()` — a callable, so the default approvers are looked up (and their absence reported) only then."""
    flow = ApprovalFlow.objects.filter(code=code).first()
    if flow is not None and flow.steps.exists():
        return flow
    return flow_define(code=code, name=name, stages=stages())


def approval_start(
    *,
    actor,
    flow: ApprovalFlow,
    subject,
    applicant: Organization,
    title: str,
    city_approver: Organization | None = None,
) -> ApprovalRequest:
    """Open a request and hand its first stage to the approvers."""
    steps = list(flow.steps.all())
    if not steps:
        raise ValidationFailed(_("审批流程“%(f)s”没有配置审批步骤") % {"f": flow.name})
    request = ApprovalRequest.objects.create(
        flow=flow, subject_type=subject_type_of(subject), subject_id=subject.pk, title=title[:200], applicant=applicant
    )
    missing = []
    for step in steps:
        approver = city_approver if step.approver_is_city else step.approver
        if approver is None:
            missing.append(step.stage)
            continue
        ApprovalTask.objects.create(request=request, step=step, stage=step.stage, approver=approver)
    if missing:
        raise ValidationFailed(_("申请单位所在城市没有配置审批单位，无法提交"))
    _open_stage(request, 1)
    audit.record(actor=actor, action="core.approval.start", obj=request, summary=request.title)
    return request


def _open_stage(request: ApprovalRequest, stage: int) -> None:
    now = timezone.now()
    tasks = list(request.tasks.filter(stage=stage).select_related("step", "approver"))
    for task in tasks:
        task.status = ApprovalTask.Status.PENDING
        task.due_at = now + dt.timedelta(days=task.step.deadline_days)
        task.save(update_fields=["status", "due_at"])
    request.stage = stage
    request.save(update_fields=["stage"])
    days = max((task.step.publicity_days for task in tasks), default=0)
    if days:
        handlers = _HANDLERS.get(request.subject_type)
        title, body = handlers.notice(request) if handlers and handlers.notice else (request.title, request.title)
        publicity.publicity_open(request=request, stage=stage, days=days, title=title, body=body)
        for task in tasks:  # the approver's time runs from the notice's end
            task.due_at = task.due_at + dt.timedelta(days=days)
            task.save(update_fields=["due_at"])
    link = reverse("approvals")
    recipients = User.objects.filter(organization__in=[t.approver for t in tasks], is_active=True)
    transaction.on_commit(
        lambda: notice_send(
            recipients=list(recipients),
            title=_("新的待审批事项：%(t)s") % {"t": request.title},
            link=link,
            dedupe_key=f"approval:{request.pk}:{stage}",
        )
    )


def can_decide(user, task: ApprovalTask):
    if not user.is_authenticated or is_read_only(user):
        return False, _("只读账号不能审批")
    if task.status != ApprovalTask.Status.PENDING:
        return False, _("该审批环节当前不可办理")
    if user.organization_id == task.request.applicant_id:  # separation of duties: nobody approves their own
        return False, _("申请单位的人员不能审批本单位的申请")
    if user.organization_id == task.approver_id:
        return True, ""
    return False, _("只有%(org)s可以办理该环节") % {"org": task.approver.name}


@transaction.atomic
def approval_decide(*, actor, task: ApprovalTask, approve: bool, comment: str = "") -> ApprovalRequest:
    """Record one approver's decision; close the stage (all-of / any-of) and move on or finish."""
    task = ApprovalTask.objects.select_for_update(of=("self",)).select_related("step", "approver").get(pk=task.pk)
    request = ApprovalRequest.objects.select_for_update().get(pk=task.request_id)
    if task.status != ApprovalTask.Status.PENDING or request.status != ApprovalRequest.Status.PENDING:
        raise Conflict(_("该审批环节已办理或当前不可办理"))
    allowed, reason = can_decide(actor, task)
    if not allowed:
        raise Forbidden(reason)
    if request.status != ApprovalRequest.Status.PENDING:
        raise Conflict(_("该事项已办结"))
    if not approve and not comment.strip():
        raise ValidationFailed(detail=[{"field": "comment", "message": _("不同意时请填写理由")}])
    if approve:
        blocker = stage_blocker(task)
        if blocker:
            raise ValidationFailed(blocker)
    task.status = ApprovalTask.Status.APPROVED if approve else ApprovalTask.Status.REJECTED
    task.decided_by, task.decided_at, task.comment = actor, timezone.now(), comment.strip()
    task.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit.record(
        actor=actor,
        action="core.approval.decide",
        obj=request,
        summary=request.title,
        after={"task": task.pk, "approve": approve, "comment": task.comment},
    )
    stage_tasks = list(request.tasks.filter(stage=task.stage).select_related("step"))
    mode = task.step.mode
    decided = [t for t in stage_tasks if t.status in (ApprovalTask.Status.APPROVED, ApprovalTask.Status.REJECTED)]
    if not approve and (mode == ApprovalStep.Mode.ALL or len(decided) == len(stage_tasks)):
        return _finish(request, approved=False, actor=actor, comment=task.comment)
    all_approved = all(t.status == ApprovalTask.Status.APPROVED for t in stage_tasks)
    passed = (approve and mode == ApprovalStep.Mode.ANY) or all_approved
    if not passed:
        return request
    request.tasks.filter(stage=task.stage, status=ApprovalTask.Status.PENDING).update(
        status=ApprovalTask.Status.SKIPPED
    )
    later = request.tasks.filter(stage__gt=task.stage).order_by("stage").values_list("stage", flat=True).first()
    if later is None:
        return _finish(request, approved=True, actor=actor, comment=task.comment)
    _open_stage(request, later)
    return request


def stage_blocker(task: ApprovalTask) -> str | None:
    """Why this task cannot be approved yet: a notice still running or with unanswered objections, or the
    subject app's own guard. None when it may be approved."""
    if task.step.publicity_days:
        blocker = publicity.publicity_blocker(task.request, task.stage)
        if blocker:
            return blocker
    handlers = _HANDLERS.get(task.request.subject_type)
    if handlers and handlers.guard:
        return handlers.guard(task)
    return None


def _finish(request: ApprovalRequest, *, approved: bool, actor, comment: str) -> ApprovalRequest:
    request.status = ApprovalRequest.Status.APPROVED if approved else ApprovalRequest.Status.REJECTED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    request.tasks.filter(status__in=[ApprovalTask.Status.PENDING, ApprovalTask.Status.WAITING]).update(
        status=ApprovalTask.Status.SKIPPED
    )
    handlers = _HANDLERS.get(request.subject_type)
    if handlers:
        (handlers.on_approved if approved else handlers.on_rejected)(request=request, actor=actor, comment=comment)
    return request


def approvals_remind_overdue(*, now=None) -> int:
    """Notify the approvers of every task past its deadline (once a day per task)."""
    now = now or timezone.now()
    sent = 0
    overdue = ApprovalTask.objects.filter(status=ApprovalTask.Status.PENDING, due_at__lt=now).select_related("request")
    for task in overdue:
        users = User.objects.filter(organization_id=task.approver_id, is_active=True)
        sent += notice_send(
            recipients=list(users),
            title=_("审批超时提醒：%(t)s") % {"t": task.request.title},
            body=_("办理时限为 %(d)s，请尽快办理。")
            % {"d": timezone.localtime(task.due_at).strftime("%Y-%m-%d %H:%M")},
            link=reverse("approvals"),
            dedupe_key=f"approval-overdue:{task.pk}:{now.date().isoformat()}",
        )
    return sent


def pending_for(user):
    """Tasks waiting for the user's organization."""
    if not user.is_authenticated or user.organization_id is None:
        return ApprovalTask.objects.none()
    return (
        ApprovalTask.objects.filter(approver_id=user.organization_id, status=ApprovalTask.Status.PENDING)
        .select_related("request", "request__applicant", "request__flow", "approver")
        .order_by("due_at")
    )


def task_get(task_id: int) -> ApprovalTask:
    """One approval task with its request and applicant, or NotFound (deciding checks the approver)."""
    task = ApprovalTask.objects.select_related("request", "request__applicant").filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


def decided_by_org(user):
    if not user.is_authenticated or user.organization_id is None:
        return ApprovalTask.objects.none()
    return (
        ApprovalTask.objects.filter(approver_id=user.organization_id)
        .exclude(status__in=[ApprovalTask.Status.PENDING, ApprovalTask.Status.WAITING])
        .select_related("request", "request__applicant", "decided_by")
        .order_by("-decided_at")
    )


def history(subject) -> list[ApprovalTask]:
    return list(
        ApprovalTask.objects.filter(request__subject_type=subject_type_of(subject), request__subject_id=subject.pk)
        .select_related("approver", "decided_by", "request")
        .order_by("request_id", "stage", "id")
    )
