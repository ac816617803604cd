"""Progress reports: filing, review and reminders. Each use case is one transaction with its audit rows."""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.inbox import notice_send
from innozone.core.models import Organization, User
from innozone.core.money import parse_decimal
from innozone.core.roles import Role
from innozone.core.uploads import attachment_problem

from ..models import Report, ReportAttachment, ReportQuantity, ReportReview, Responsibility, Task
from ..periods import period_by_key
from ..permissions import can_edit_report, can_report_on, can_review
from ..selectors import late_reports, period_label

MAX_QUANTITY = Decimal("1e14")  # ReportQuantity.value: 18 digits, 4 of them decimals


@dataclass(frozen=True)
class QuantityInput:
    indicator_id: int
    value: str | Decimal
    region_id: int | None = None


def _validate_quantities(task: Task, org: Organization, quantities: list[QuantityInput], errors: list):
    indicators = {i.pk: i for i in task.indicators.prefetch_related("splits__region")}
    default_city = org.region.city() if org.region_id else None
    cleaned = []
    seen = set()
    for q in quantities:
        if q.value in (None, ""):
            continue
        ind = indicators.get(int(q.indicator_id))
        field = f"quantity_{q.indicator_id}"
        if ind is None:
            errors.append({"field": field, "message": _("该指标不属于此任务")})
            continue
        if ind.pk in seen:
            errors.append({"field": field, "message": _("同一指标只能填写一次")})
            continue
        seen.add(ind.pk)
        value = parse_decimal(q.value, field=field, errors=errors, places=4, maximum=MAX_QUANTITY)
        if value is None:
            continue
        split_regions = {s.region_id: s for s in ind.splits.all()}
        region_id = q.region_id or (default_city.pk if default_city else None)
        if split_regions:
            if region_id is None:
                errors.append({"field": field, "message": _("请选择该数量计入的地区")})
                continue
            if int(region_id) not in split_regions:
                labels = "、".join(s.label for s in split_regions.values())
                errors.append({"field": field, "message": _("地区必须是：%(l)s") % {"l": labels}})
                continue
        cleaned.append((ind, int(region_id) if region_id else None, value))
    return cleaned


def _validate_attachments(files, errors: list):
    cleaned = []
    for f in files or []:
        problem = attachment_problem(f)
        if problem:
            errors.append({"field": "attachments", "message": problem})
        else:
            cleaned.append((f, settings.INNOZONE_ATTACHMENT_TYPES[os.path.splitext(f.name)[1].lower()]))
    return cleaned


def _reviewers_for(task: Task, exclude_org_id: int | None):
    lead_ids = [r.organization_id for r in task.responsibilities.all() if r.role == Responsibility.Role.LEAD]
    member_ids = set(
        Organization.members.through.objects.filter(from_organization_id__in=lead_ids).values_list(
            "to_organization_id", flat=True
        )
    )
    coordinators = User.objects.filter(
        role=Role.COORDINATOR, is_active=True, organization_id__in=set(lead_ids) | member_ids
    ).exclude(organization_id=exclude_org_id)
    offices = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True)
    return list({u.pk: u for u in [*coordinators, *offices]}.values())


@transaction.atomic
def report_submit(
    *,
    actor,
    task: Task,
    period: str,
    progress: str,
    narrative: str,
    quantities: list[QuantityInput] = (),
    attachments=(),
    remove_attachment_ids=(),
) -> Report:
    """File (or correct and refile) the actor's unit's report on a task for one period.

    A unit reports only on tasks it is responsible for, once per period; an accepted report is final.
    """
    allowed, reason = can_report_on(actor, task)
    if not allowed:
        raise Forbidden(reason)
    org = actor.organization
    errors: list[dict] = []
    plan = task.plan
    if period_by_key(plan.year, plan.report_frequency, period) is None:
        errors.append({"field": "period", "message": _("报送期“%(p)s”不属于该计划") % {"p": period}})
    if progress not in Report.Progress.values:
        errors.append({"field": "progress", "message": _("请选择进展情况")})
    narrative = (narrative or "").strip()
    if len(narrative) < 5:
        errors.append({"field": "narrative", "message": _("请填写工作进展（至少5个字）")})
    elif len(narrative) > 5000:
        errors.append({"field": "narrative", "message": _("工作进展不能超过5000字")})
    cleaned_q = _validate_quantities(task, org, list(quantities), errors)
    cleaned_files = _validate_attachments(attachments, errors)
    report = Report.objects.select_for_update().filter(task=task, organization=org, period=period).first()
    if report is not None:
        report.task = task  # the same row, its units already loaded for the check
        editable, reason = can_edit_report(actor, report)
        if not editable:
            errors.append({"field": "period", "message": reason})
    if errors:
        raise ValidationFailed(detail=errors)

    before = audit.snapshot(report) if report else None
    now = timezone.now()
    if report is None:
        report = Report(task=task, organization=org, period=period)
    report.progress, report.narrative = progress, narrative
    report.status = Report.Status.SUBMITTED
    report.submitted_by, report.submitted_at = actor, now
    report.reviewed_by, report.reviewed_at, report.review_comment = None, None, ""
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as e:  # a colleague filed the same period a moment ago
        raise Conflict(_("本单位该期报告刚刚已由他人报送，请刷新页面后修改")) from e
    report.quantities.all().delete()
    ReportQuantity.objects.bulk_create(
        [
            ReportQuantity(report=report, indicator=ind, region_id=region_id, value=value)
            for ind, region_id, value in cleaned_q
        ]
    )
    if remove_attachment_ids:
        for att in report.attachments.filter(pk__in=list(remove_attachment_ids)):
            att.file.delete(save=False)
            att.delete()
    for f, kind in cleaned_files:
        ReportAttachment.objects.create(
            report=report,
            file=f,
            original_name=os.path.basename(f.name)[:200],
            kind=kind,
            size=f.size,
            uploaded_by=actor,
        )
    after = audit.snapshot(report)
    after["quantities"] = [{"indicator": i.name, "region": r, "value": str(v)} for i, r, v in cleaned_q]
    audit.record(
        actor=actor,
        action="plans.report.submit",
        obj=report,
        before=before,
        after=after,
        summary=f"{task.plan.year} {task.number} {org.name} {period}",
    )
    link = reverse("plans:report", args=[report.pk])
    reviewers = _reviewers_for(task, exclude_org_id=org.pk)
    title = _("%(org)s报送了任务%(n)s的%(p)s进展，待审核") % {
        "org": org.name,
        "n": task.number,
        "p": period_label(period),
    }
    transaction.on_commit(lambda: notice_send(recipients=reviewers, title=title, link=link))
    return report


def _review(*, actor, report: Report, decision: str, comment: str) -> Report:
    report = Report.objects.select_for_update().select_related("task", "organization", "submitted_by").get(pk=report.pk)
    allowed, reason = can_review(actor, report)
    if not allowed:
        raise Forbidden(reason) if report.status == Report.Status.SUBMITTED else Conflict(reason)
    comment = (comment or "").strip()
    if decision == Report.Status.RETURNED and len(comment) < 2:
        raise ValidationFailed(detail=[{"field": "comment", "message": _("退回时必须填写意见")}])
    before = audit.snapshot(report)
    report.status, report.reviewed_by, report.reviewed_at = decision, actor, timezone.now()
    report.review_comment = comment
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    ReportReview.objects.create(report=report, decision=decision, comment=comment, reviewer=actor)
    audit.record(
        actor=actor,
        action=f"plans.report.{'accept' if decision == Report.Status.ACCEPTED else 'return'}",
        obj=report,
        before=before,
        after=audit.snapshot(report),
        summary=f"{report.task.number} {report.organization.name} {report.period}",
    )
    if decision == Report.Status.ACCEPTED:
        title = _("任务%(n)s的%(p)s进展报告已通过审核") % {
            "n": report.task.number,
            "p": period_label(report.period),
        }
    else:
        title = _("任务%(n)s的%(p)s进展报告被退回：%(c)s") % {
            "n": report.task.number,
            "p": period_label(report.period),
            "c": comment[:80],
        }
    recipients = [report.submitted_by]
    link = reverse("plans:report", args=[report.pk])
    transaction.on_commit(lambda: notice_send(recipients=recipients, title=title, link=link))
    return report


@transaction.atomic
def report_accept(*, actor, report: Report, comment: str = "") -> Report:
    """A lead unit (or the zone office) accepts a report; its quantities then count towards targets."""
    return _review(actor=actor, report=report, decision=Report.Status.ACCEPTED, comment=comment)


@transaction.atomic
def report_return(*, actor, report: Report, comment: str) -> Report:
    """Send a report back for correction; a comment saying why is required."""
    return _review(actor=actor, report=report, decision=Report.Status.RETURNED, comment=comment)


@transaction.atomic
def report_decide(*, actor, report: Report, approve: bool, comment: str = "") -> Report:
    """The review form's decision: accept (`report_accept`) or return (`report_return`)."""
    decision = Report.Status.ACCEPTED if approve else Report.Status.RETURNED
    return _review(actor=actor, report=report, decision=decision, comment=comment)


def late_units_remind(*, as_of: dt.date | None = None) -> list[tuple]:
    """Put a notice in the inbox of every user of every unit with a late report (once per report).

    Returns the late (plan, task, organization, period) tuples.
    """
    late = late_reports(as_of=as_of)
    users_by_org: dict[int, list] = {}
    for u in User.objects.filter(is_active=True, role__in=[Role.REPORTER, Role.COORDINATOR]):
        users_by_org.setdefault(u.organization_id, []).append(u)
    for plan, task, org, period in late:
        recipients = users_by_org.get(org.pk, [])
        if not recipients:
            continue
        notice_send(
            recipients=recipients,
            title=_("逾期提醒：%(plan)s 任务%(n)s 的%(p)s进展尚未报送")
            % {"plan": plan.title, "n": task.number, "p": period_label(period)},
            body=_("截止日期为%(d)s，请尽快登录平台报送。") % {"d": period.due.isoformat()},
            link=reverse("plans:task", args=[task.pk]),
            dedupe_key=f"late:{task.pk}:{org.pk}:{period.key}",
        )
    return late
