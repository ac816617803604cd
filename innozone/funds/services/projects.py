"""Projects (资助项目) from awards: the agreement (任务书/合同) with its number and signing date, the budget by
expense category (fiscal money and the unit's own; the fiscal total equals the award), milestones with
deliverables. Signing moves the project to `running` and creates the schedule of half-yearly progress reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.money import parse_money

from ..models import Award, BudgetItem, Milestone, ProgressReport, Project
from ..permissions import projects as permissions

TEXT_MAX = 200


def budget_parse(rows, *, award_amount: Decimal, problems: list, field: str = "budget") -> list[dict]:
    """[{"category", "fiscal", "own"}] → parsed rows; the fiscal total must equal the award."""
    parsed, seen = [], set()
    for n, row in enumerate(rows or [], start=1):
        category = str(row.get("category") or "").strip()
        if not category:
            problems.append({"field": field, "row": n, "message": _("第%(n)s行：请填写支出类别") % {"n": n}})
            continue
        if len(category) > 40 or category in seen:
            problems.append({"field": field, "row": n, "message": _("第%(n)s行：支出类别重复或过长") % {"n": n}})
            continue
        seen.add(category)
        before = len(problems)
        fiscal = parse_money(row.get("fiscal") or "0", field=field, errors=problems, positive=False, row=n)
        own = parse_money(row.get("own") or "0", field=field, errors=problems, positive=False, row=n)
        if len(problems) == before:
            parsed.append({"category": category, "fiscal": fiscal, "own": own})
    if not parsed and not any(p.get("field") == field for p in problems):
        problems.append({"field": field, "message": _("请填写项目预算")})
    elif parsed:
        total = sum((r["fiscal"] for r in parsed), Decimal(0))
        if total != award_amount:
            problems.append(
                {
                    "field": field,
                    "message": _("财政资金合计 %(t)s 元应等于资助金额 %(a)s 元")
                    % {"t": f"{total:,.2f}", "a": f"{award_amount:,.2f}"},
                }
            )
    return parsed


def default_budget(award: Award) -> list[dict]:
    """The application's budget when its fiscal total equals the award, else one line with the award."""
    rows = award.application.budget or []
    try:
        total = sum((Decimal(str(r.get("fiscal") or 0)) for r in rows), Decimal(0))
    except (ArithmeticError, ValueError):
        total = None
    if rows and total == award.amount:
        return [{"category": r.get("category"), "fiscal": r.get("fiscal"), "own": r.get("own") or "0"} for r in rows]
    return [{"category": _("项目经费"), "fiscal": str(award.amount), "own": "0"}]


def _milestones_parse(rows, *, starts_on, ends_on, problems) -> list[dict]:
    out = []
    for n, row in enumerate(rows or [], start=1):
        title = str(row.get("title") or "").strip()
        due = row.get("due_on")
        if isinstance(due, str):
            try:
                due = dt.date.fromisoformat(due.strip())
            except ValueError:
                due = None
        if not title or len(title) > TEXT_MAX:
            problems.append({"field": "milestones", "row": n, "message": _("第%(n)s个节点：请填写节点名称") % {"n": n}})
        elif not isinstance(due, dt.date) or not (starts_on <= due <= ends_on):
            problems.append(
                {
                    "field": "milestones",
                    "row": n,
                    "message": _("第%(n)s个节点：完成日期应在项目起止日期之内") % {"n": n},
                }
            )
        else:
            out.append({"title": title, "deliverable": str(row.get("deliverable") or "").strip()[:300], "due_on": due})
    return out


@transaction.atomic
def project_create(
    *,
    actor,
    award: Award,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    title: str = "",
    leader_person_id: int | None = None,
    budget: list[dict] | None = None,
    milestones: list[dict] | None = None,
) -> Project:
    """The office creates the project of an award (status 待签任务书)."""
    ensure_allowed(permissions.can_manage_projects(actor))
    award = Award.objects.select_for_update().select_related("application").get(pk=award.pk)
    application = award.application
    problems: list[dict] = []
    if Project.objects.filter(award=award).exists():
        raise Conflict(_("该立项资助已建立项目"))
    title = (title or application.title).strip()
    if not title or len(title) > TEXT_MAX:
        problems.append({"field": "title", "message": _("请填写项目名称（不超过 200 字）")})
    if starts_on is None:
        problems.append({"field": "starts_on", "message": _("请填写开始日期")})
    if ends_on is None:
        problems.append({"field": "ends_on", "message": _("请填写结束日期")})
    elif starts_on is not None and ends_on <= starts_on:
        problems.append({"field": "ends_on", "message": _("结束日期应晚于开始日期")})
    rows = budget_parse(
        budget if budget is not None else default_budget(award), award_amount=award.amount, problems=problems
    )
    stones = []
    if starts_on and ends_on and ends_on > starts_on:
        stones = _milestones_parse(milestones, starts_on=starts_on, ends_on=ends_on, problems=problems)
    if problems:
        raise ValidationFailed(detail=problems)
    project = Project.objects.create(
        award=award,
        number=f"LBZC-{award.letter_date.year}-{award.pk:05d}",
        title=title,
        organization_id=application.applicant_id,
        leader_person_id=leader_person_id or application.leader_person_id,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    BudgetItem.objects.bulk_create(BudgetItem(project=project, **r) for r in rows)
    Milestone.objects.bulk_create(Milestone(project=project, **m) for m in stones)
    audit.record(actor=actor, action="funds.project.create", obj=project, summary=str(project))
    return project


def report_periods(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """Half-yearly periods from `start`'s half to `end`'s: ("2026H1", due 2026-07-15), ("2026H2", 2027-01-15)."""
    out = []
    year, half = start.year, 1 if start.month <= 6 else 2
    while (year, half) <= (end.year, 1 if end.month <= 6 else 2):
        due = dt.date(year, 7, 15) if half == 1 else dt.date(year + 1, 1, 15)
        out.append((f"{year}H{half}", due))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return out


@transaction.atomic
def project_sign(*, actor, project: Project, agreement_no: str, signed_on: dt.date | None) -> Project:
    """The agreement is signed: the project runs and its progress reports are scheduled."""
    ensure_allowed(permissions.can_manage_projects(actor))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.AGREEMENT:
        raise Conflict(_("只有待签任务书的项目可以签订任务书"))
    agreement_no = (agreement_no or "").strip()
    problems = []
    if not agreement_no or len(agreement_no) > 60:
        problems.append({"field": "agreement_no", "message": _("请填写任务书编号（不超过 60 字）")})
    elif Project.objects.filter(agreement_no=agreement_no).exclude(pk=project.pk).exists():
        problems.append({"field": "agreement_no", "message": _("该任务书编号已被使用")})
    if signed_on is None:
        problems.append({"field": "signed_on", "message": _("请填写签订日期")})
    elif signed_on > timezone.localdate():
        problems.append({"field": "signed_on", "message": _("签订日期不能晚于今天")})
    if problems:
        raise ValidationFailed(detail=problems)
    project.agreement_no, project.agreement_signed_on = agreement_no, signed_on
    project.status = Project.Status.RUNNING
    project.save(update_fields=["agreement_no", "agreement_signed_on", "status"])
    for period, due in report_periods(project.starts_on, project.ends_on):  # the whole execution period
        ProgressReport.objects.get_or_create(project=project, period=period, defaults={"due_on": due})
    audit.record(actor=actor, action="funds.project.sign", obj=project, summary=agreement_no)
    return project


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, done_on: dt.date | None, evidence: str = "") -> Milestone:
    ensure_allowed(permissions.can_act_for_project(actor, milestone.project))
    if done_on is None or done_on > timezone.localdate():
        raise ValidationFailed(detail=[{"field": "done_on", "message": _("请填写实际完成日期（不晚于今天）")}])
    milestone.done_on, milestone.evidence = done_on, (evidence or "").strip()[:300]
    milestone.save(update_fields=["done_on", "evidence"])
    audit.record(actor=actor, action="funds.milestone.done", obj=milestone, summary=milestone.title)
    return milestone


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb;
    29 Feb + 12 → 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def end_of(project: Project) -> dt.date:
    """The project's end: the extended date when there is one."""
    return project.extended_to or project.ends_on
