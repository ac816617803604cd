"""Every write to plans and reports. Each use case is one transaction with its audit rows."""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import Organization, User
from innozone.core.roles import Role
from innozone.core.selectors import organization_by_name, region_by_label

from .models import (
    Indicator,
    IndicatorSplit,
    Plan,
    Report,
    ReportAttachment,
    ReportQuantity,
    ReportReview,
    Responsibility,
    Section,
    Task,
)
from .periods import period_by_key
from .permissions import can_report_on, can_review
from .selectors import late_reports, period_label

# ---------------------------------------------------------------- creating a plan from its structure


def _decimal(value, where: str, errors: list) -> Decimal | None:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append({"field": where, "message": _("“%(v)s”不是数字") % {"v": value}})
        return None
    if d < 0:
        errors.append({"field": where, "message": _("不能为负数")})
        return None
    return d


@transaction.atomic
def plan_create_from_structure(
    *, actor, structure: dict, source_text: str = "", names: dict[str, Organization] | None = None
) -> Plan:
    """Create a plan from the structure `plan export` prints (and the seeds and the importer produce).

    Every unit name must resolve to an organization (`names`, then by name or alias) and every split
    label to a region; otherwise nothing is written and every problem is reported.
    """
    errors: list[dict] = []
    year, title = structure.get("year"), (structure.get("title") or "").strip()
    if not isinstance(year, int) or not 1949 < year < 2200:
        errors.append({"field": "year", "message": _("年度无效")})
    if not title:
        errors.append({"field": "title", "message": _("标题不能为空")})
    if year and title and Plan.objects.filter(year=year, title=title).exists():
        errors.append({"field": "title", "message": _("%(year)s年已有同名计划") % {"year": year}})

    resolved: dict[str, Organization] = dict(names or {})
    numbers = set()
    for i, t in enumerate(structure.get("tasks", []), start=1):
        number = str(t.get("number", "")).strip()
        if not number:
            errors.append({"row": i, "field": "number", "message": _("任务缺少序号")})
        elif number in numbers:
            errors.append({"row": i, "field": "number", "message": _("任务序号“%(n)s”重复") % {"n": number}})
        numbers.add(number)
        if not str(t.get("text", "")).strip():
            errors.append({"row": i, "field": "text", "message": _("任务内容不能为空")})
        for role in Responsibility.Role.values:
            for name in t.get(role, []):
                org = resolved.get(name) or organization_by_name(name)
                if org is None:
                    errors.append({"row": i, "field": role, "message": _("找不到单位“%(name)s”") % {"name": name}})
                else:
                    resolved[name] = org
        if t.get("deadline"):
            try:
                dt.date.fromisoformat(t["deadline"])
            except (TypeError, ValueError):
                errors.append({"row": i, "field": "deadline", "message": _("日期格式应为 YYYY-MM-DD")})
    regions = {}
    for i, ind in enumerate(structure.get("indicators", []), start=1):
        where = f"indicators[{i}]"
        if not str(ind.get("name", "")).strip():
            errors.append({"field": where, "message": _("指标名称不能为空")})
        _decimal(ind.get("target"), where + ".target", errors)
        if ind.get("task") and str(ind["task"]) not in numbers:
            errors.append({"field": where + ".task", "message": _("指标所属任务不存在")})
        if ind.get("comparator", ">=") not in Indicator.Comparator.values:
            errors.append({"field": where + ".comparator", "message": _("比较方式无效")})
        for label, value in (ind.get("split") or {}).items():
            region = regions.get(label) or region_by_label(label)
            if region is None:
                errors.append({"field": where + ".split", "message": _("找不到地区“%(l)s”") % {"l": label}})
            regions[label] = region
            _decimal(value, f"{where}.split.{label}", errors)
    issuer = organization_by_name(structure["issuer"]) if structure.get("issuer") else None
    if errors:
        raise ValidationFailed(detail=errors)

    plan = Plan.objects.create(
        year=year,
        title=title,
        issuer=issuer,
        source_text=source_text,
        report_frequency=structure.get("report_frequency", "quarterly"),
    )
    sections = {}
    for order, s in enumerate(structure.get("sections", [])):
        sec = Section.objects.create(plan=plan, number=s["number"], title=s["title"], order=order)
        sections[s["number"] + s["title"]] = sec
    tasks = {}
    for order, t in enumerate(structure.get("tasks", [])):
        section = sections.get(t.get("section", ""))
        if section is None and t.get("section"):
            section = Section.objects.create(plan=plan, number="", title=t["section"], order=len(sections))
            sections[t["section"]] = section
        task = Task.objects.create(
            plan=plan,
            section=section,
            number=str(t["number"]),
            text=t["text"].strip(),
            order=order,
            deadline=dt.date.fromisoformat(t["deadline"]) if t.get("deadline") else None,
        )
        tasks[task.number] = task
        for role in Responsibility.Role.values:
            for n, name in enumerate(t.get(role, [])):
                Responsibility.objects.get_or_create(
                    task=task,
                    organization=resolved[name],
                    role=role,
                    defaults={"name_as_written": name, "order": n},
                )
    for order, ind in enumerate(structure.get("indicators", [])):
        indicator = Indicator.objects.create(
            plan=plan,
            task=tasks.get(str(ind.get("task"))) if ind.get("task") else None,
            name=ind["name"].strip(),
            unit=ind.get("unit", ""),
            comparator=ind.get("comparator", ">="),
            target=Decimal(str(ind["target"])),
            order=order,
        )
        for label, value in (ind.get("split") or {}).items():
            IndicatorSplit.objects.create(
                indicator=indicator, region=regions[label], label=label, target=Decimal(str(value))
            )
    audit.record(
        actor=actor,
        action="plans.plan.create",
        obj=plan,
        summary=str(plan),
        after={"year": year, "title": title, "tasks": len(tasks)},
    )
    return plan


# ---------------------------------------------------------------- progress reports


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
        value = _decimal(q.value, field, errors)
        if value is None:
            continue
        if value.as_tuple().exponent < -4 or value >= Decimal("1e14"):
            errors.append({"field": field, "message": _("数值超出范围（最多四位小数）")})
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
        ext = os.path.splitext(f.name)[1].lower()
        kind = settings.INNOZONE_ATTACHMENT_TYPES.get(ext)
        if kind is None:
            allowed = " ".join(sorted(settings.INNOZONE_ATTACHMENT_TYPES))
            errors.append(
                {
                    "field": "attachments",
                    "message": _("“%(n)s”的文件类型不允许；允许：%(a)s") % {"n": f.name, "a": allowed},
                }
            )
        elif f.size > settings.INNOZONE_ATTACHMENT_MAX_BYTES:
            limit = settings.INNOZONE_ATTACHMENT_MAX_BYTES // (1024 * 1024)
            errors.append({"field": "attachments", "message": _("“%(n)s”超过%(m)sMB上限") % {"n": f.name, "m": limit}})
        elif f.size == 0:
            errors.append({"field": "attachments", "message": _("“%(n)s”是空文件") % {"n": f.name}})
        else:
            cleaned.append((f, kind))
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
    if report is not None and report.status == Report.Status.ACCEPTED:
        errors.append({"field": "period", "message": _("该期报告已审核通过，不能修改")})
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


# ---------------------------------------------------------------- reminders


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


# ---------------------------------------------------------------- plan import


@transaction.atomic
def plan_import(
    *,
    actor,
    structure: dict,
    source_text: str,
    resolution: dict[str, int | None],
    new_kinds: dict[str, str] | None = None,
) -> Plan:
    """Save a reviewed import in one transaction: first the organizations the reviewer accepted as
    new (those resolved to None), then the plan. Anything invalid → nothing is written."""
    from .permissions import can_import_plan

    ensure_allowed(can_import_plan(actor))
    names: dict[str, Organization] = {}
    errors = []
    known = Organization.objects.in_bulk([pk for pk in resolution.values() if pk])
    for name, pk in resolution.items():
        if pk and pk not in known:
            errors.append({"field": name, "message": _("单位“%(name)s”对应的机构不存在") % {"name": name}})
        elif pk:
            names[name] = known[pk]
    if errors:
        raise ValidationFailed(detail=errors)
    for name, pk in resolution.items():
        if pk is None:
            kind = (new_kinds or {}).get(name) or Organization.Kind.DEPARTMENT
            if kind not in Organization.Kind.values:
                raise ValidationFailed(detail=[{"field": name, "message": _("单位类型无效")}])
            org, created = Organization.objects.get_or_create(name=name, defaults={"kind": kind})
            if created:
                audit.record(
                    actor=actor,
                    action="core.organization.create",
                    obj=org,
                    summary=name,
                    after={"name": name, "kind": kind, "source": "plan import"},
                )
            names[name] = org
    return plan_create_from_structure(actor=actor, structure=structure, source_text=source_text, names=names)
