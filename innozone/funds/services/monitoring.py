"""Monitoring (项目监管): half-yearly progress reports (submitted by the project's organization, accepted or
returned by the office), change requests as approvals (flow `funds-change`, the office) and performance figures.

Change rules (S90): an extension only once, and at most one year past the original end; a budget adjustment
gives a new split by category whose fiscal total stays the award."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.models import ApprovalFlow, ApprovalTask
from innozone.core.money import parse_money
from innozone.core.selectors import office_organization

from ..models import BudgetItem, ChangeRequest, Performance, ProgressReport, Project
from ..permissions import projects as permissions
from .projects import add_months, budget_parse

FLOW = ("funds-change", "专项资金项目变更审批")
TEXT_MAX = 4000


@transaction.atomic
def report_submit(*, actor, report: ProgressReport, text: str, spent, outputs: str = "") -> ProgressReport:
    ensure_allowed(permissions.can_act_for_project(actor, report.project))
    report = ProgressReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if report.status not in (ProgressReport.Status.DUE, ProgressReport.Status.RETURNED):
        raise Conflict(_("该报告已报送"))
    problems: list[dict] = []
    text = (text or "").strip()
    outputs = (outputs or "").strip()
    if len(text) < 10 or len(text) > TEXT_MAX:
        problems.append({"field": "text", "message": _("请填写进展情况（10 至 4000 字）")})
    if len(outputs) > TEXT_MAX:
        problems.append({"field": "outputs", "message": _("阶段成果不能超过 4000 字")})
    value = parse_money(spent, field="spent", errors=problems, positive=False)
    if problems:
        raise ValidationFailed(detail=problems)
    report.text = text + (f"\n\n{_('阶段成果')}：{outputs}" if outputs else "")
    report.spent, report.status, report.submitted_at = value, ProgressReport.Status.SUBMITTED, timezone.now()
    report.save(update_fields=["text", "spent", "status", "submitted_at"])
    audit.record(actor=actor, action="funds.report.submit", obj=report, summary=report.period)
    return report


@transaction.atomic
def report_review(*, actor, report: ProgressReport, approve: bool, note: str = "") -> ProgressReport:
    """The office accepts a submitted report or returns it with a note."""
    ensure_allowed(permissions.can_manage_projects(actor))
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise Conflict(_("只有已报送的报告可以审核"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed(detail=[{"field": "note", "message": _("退回时请填写意见")}])
    report.status = ProgressReport.Status.ACCEPTED if approve else ProgressReport.Status.RETURNED
    report.reviewed_note = note[:TEXT_MAX]
    report.save(update_fields=["status", "reviewed_note"])
    audit.record(actor=actor, action="funds.report.review", obj=report, summary=report.get_status_display())
    return report


def overdue_reports(*, as_of: dt.date | None = None):
    as_of = as_of or timezone.localdate()
    return ProgressReport.objects.filter(
        status__in=[ProgressReport.Status.DUE, ProgressReport.Status.RETURNED],
        due_on__lt=as_of,
        project__status=Project.Status.RUNNING,
    ).select_related("project", "project__organization")


# --- change requests --------------------------------------------------------------------------------------


def ensure_flow() -> ApprovalFlow:
    def stages():
        office = office_organization()
        if office is None:
            raise ValidationFailed(_("系统中没有自创区办公室单位，无法开始变更审批"))
        return [[{"approver": office, "deadline_days": 10}]]

    return approvals.flow_ensure(code=FLOW[0], name=FLOW[1], stages=stages)


@transaction.atomic
def change_request(
    *, actor, project: Project, kind: str, reason: str, new_end: dt.date | None = None, budget=None
) -> ChangeRequest:
    ensure_allowed(permissions.can_act_for_project(actor, project))
    project = Project.objects.select_for_update().select_related("award").get(pk=project.pk)
    problems: list[dict] = []
    reason = (reason or "").strip()
    if len(reason) < 5 or len(reason) > TEXT_MAX:
        problems.append({"field": "reason", "message": _("请填写变更理由（5 至 4000 字）")})
    if project.status != Project.Status.RUNNING:
        problems.append({"field": "project", "message": _("只有执行中的项目可以申请变更")})
    if ChangeRequest.objects.filter(project=project, status=ChangeRequest.Status.PENDING).exists():
        problems.append({"field": "project", "message": _("已有一项变更正在审批")})
    parsed = []
    if kind == ChangeRequest.Kind.EXTENSION:
        done = ChangeRequest.objects.filter(
            project=project, kind=kind, status=ChangeRequest.Status.APPROVED
        ).exists() or bool(project.extended_to)
        if done:
            problems.append({"field": "kind", "message": _("项目只能延期一次")})
        if new_end is None:
            problems.append({"field": "new_end", "message": _("请填写延期后的结束日期")})
        elif new_end <= project.ends_on:
            problems.append({"field": "new_end", "message": _("延期后的结束日期应晚于原结束日期")})
        elif new_end > add_months(project.ends_on, 12):
            problems.append({"field": "new_end", "message": _("延期不能超过原结束日期后一年")})
    elif kind == ChangeRequest.Kind.BUDGET:
        parsed = budget_parse(budget, award_amount=project.award.amount, problems=problems)
    elif kind != ChangeRequest.Kind.OTHER:
        problems.append({"field": "kind", "message": _("请选择变更类型")})
    if problems:
        raise ValidationFailed(detail=problems)
    change = ChangeRequest.objects.create(
        project=project,
        kind=kind,
        new_end=new_end if kind == ChangeRequest.Kind.EXTENSION else None,
        budget=[{**r, "fiscal": str(r["fiscal"]), "own": str(r["own"])} for r in parsed],
        reason=reason,
        requested_by=actor,
    )
    change.approval = approvals.approval_start(
        actor=actor,
        flow=ensure_flow(),
        subject=change,
        applicant=project.organization,
        title=_("项目变更：%(p)s %(k)s") % {"p": project.number, "k": change.get_kind_display()},
    )
    change.save(update_fields=["approval"])
    audit.record(actor=actor, action="funds.change.request", obj=change, summary=change.get_kind_display())
    return change


def change_task(change: ChangeRequest, user) -> ApprovalTask | None:
    if change.approval_id is None or not user.is_authenticated:
        return None
    return change.approval.tasks.filter(status=ApprovalTask.Status.PENDING, approver_id=user.organization_id).first()


@transaction.atomic
def change_decide(*, actor, change: ChangeRequest, approve: bool, note: str = "") -> ChangeRequest:
    task = change_task(change, actor)
    if task is None:
        raise Forbidden(_("当前环节不由您的单位办理"))
    approvals.approval_decide(actor=actor, task=task, approve=approve, comment=note)
    change.refresh_from_db()
    return change


def _on_approved(*, request, actor, comment):
    change = ChangeRequest.objects.select_for_update().get(pk=request.subject_id)
    project = Project.objects.select_for_update().get(pk=change.project_id)
    change.status = ChangeRequest.Status.APPROVED
    change.save(update_fields=["status"])
    if change.kind == ChangeRequest.Kind.EXTENSION and change.new_end:
        project.extended_to = change.new_end
        project.save(update_fields=["extended_to"])
    elif change.kind == ChangeRequest.Kind.BUDGET and change.budget:
        BudgetItem.objects.filter(project=project).delete()
        BudgetItem.objects.bulk_create(
            BudgetItem(project=project, category=r["category"], fiscal=r["fiscal"], own=r["own"]) for r in change.budget
        )
    audit.record(actor=actor, action="funds.change.approve", obj=change, summary=comment[:200])


def _on_rejected(*, request, actor, comment):
    change = ChangeRequest.objects.get(pk=request.subject_id)
    change.status = ChangeRequest.Status.REJECTED
    change.save(update_fields=["status"])
    audit.record(actor=actor, action="funds.change.reject", obj=change, summary=comment[:200])


def _link(request) -> str:
    change = ChangeRequest.objects.filter(pk=request.subject_id).only("project_id").first()
    return reverse("funds:project", args=[change.project_id]) if change else ""


def register_approval_handlers() -> None:
    approvals.register("funds.ChangeRequest", on_approved=_on_approved, on_rejected=_on_rejected, link=_link)


# --- performance ------------------------------------------------------------------------------------------


@transaction.atomic
def performance_record(*, actor, project: Project, year: int, data: dict) -> Performance:
    """A year's output figures (patents, products, revenue, jobs), replacing what was given for that year."""
    ensure_allowed(permissions.can_act_for_project(actor, project))
    problems: list[dict] = []
    if not isinstance(year, int) or not (project.starts_on.year <= year <= timezone.localdate().year + 1):
        problems.append({"field": "year", "message": _("请填写项目执行期内的年度")})
    counts = {}
    for key in ("patents", "products", "jobs"):
        raw = str(data.get(key) or "0").strip()
        if not raw.isdigit() or int(raw) > 10**6:
            problems.append({"field": key, "message": _("请填写非负整数")})
        else:
            counts[key] = int(raw)
    revenue = parse_money(data.get("revenue") or "0", field="revenue", errors=problems, positive=False)
    note = str(data.get("note") or "").strip()[:300]
    if problems:
        raise ValidationFailed(detail=problems)
    row, _created = Performance.objects.update_or_create(
        project=project, year=year, defaults={**counts, "revenue": revenue, "note": note}
    )
    audit.record(actor=actor, action="funds.performance.record", obj=row, summary=str(year))
    return row
