"""Demo data of the projects part (called by demo/__init__.py in order): for the awards of the demo's awarded
call (made by the reviews part; nothing happens when there are none yet) projects with agreements, tranches in
every status (paid, approved awaiting payment, requested), matching funds, a report submitted and accepted and
one overdue, an extension request and a mid-term check with its panel. Through the services; idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core.errors import DomainError
from innozone.core.models import User

from ..models import Award, ProgressReport, Project
from ..services import inspections, matching, monitoring, projects, tranches

YEAR = 2026
PLAN = "兰白自创区科技计划项目"
CENT = Decimal("0.01")


def _awards():
    return list(
        Award.objects.filter(
            budget_line__programme__name=PLAN, budget_line__programme__year=YEAR, application__call__stage="awarded"
        ).order_by("id")
    )


def _tranche(office, finance, project, amount, *, upto: str, ref: str = ""):
    t = tranches.tranche_request(actor=office, project=project, amount=amount, note="按任务书约定申请拨付（演示）")
    if upto == "requested":
        return t
    tranches.tranche_decide(actor=office, tranche=t, approve=True, note="材料齐全，同意拨付")
    tranches.tranche_decide(actor=finance, tranche=t, approve=True, note="资金已安排")
    if upto == "paid":
        tranches.tranche_pay(actor=finance, tranche=t, paid_on=timezone.localdate(), payment_ref=ref)
    return t


def _project(office, award, n: int) -> Project:
    start = dt.date(award.letter_date.year, 1, 1)
    project = projects.project_create(
        actor=office,
        award=award,
        starts_on=start,
        ends_on=dt.date(start.year + 1, 12, 31),
        milestones=[
            {"title": "完成方案设计与设备采购", "deliverable": "设计方案、采购合同", "due_on": f"{start.year}-09-30"},
            {"title": "完成样机与中试", "deliverable": "样机一套、测试报告", "due_on": f"{start.year + 1}-09-30"},
        ],
    )
    if n < 3:  # the last one waits for its agreement
        projects.project_sign(
            actor=office, project=project, agreement_no=f"LBZC-RW-{YEAR}-{n + 1:03d}", signed_on=timezone.localdate()
        )
        project.refresh_from_db()
    return project


def _activity(office, finance, made: list[Project]) -> None:
    """Tranches in every status on the first project (paid, approved awaiting payment, requested), matching
    funds, reports (one accepted or submitted, one overdue), an extension request and a mid-term check."""
    today = timezone.localdate()
    first = made[0]
    minimum = tranches.first_minimum(first)
    rest = first.award.amount - minimum
    _tranche(office, finance, first, minimum, upto="paid", ref=f"DEMO-ZF-{first.pk}-1")
    if rest >= CENT * 2:
        half = (rest / 2).quantize(CENT)
        _tranche(office, finance, first, half, upto="approved")
        _tranche(office, finance, first, rest - half, upto="requested")
    expected = matching.matching_expected(first)
    if expected > 0:
        matching.matching_record(
            actor=office,
            project=first,
            amount=(expected / 2).quantize(CENT),
            paid_on=today,
            reference=f"DEMO-PT-{first.pk}",
        )
    reports = list(ProgressReport.objects.filter(project=first).order_by("due_on"))
    others = made[1:]
    # with another running project the first report here is accepted and that project's stays overdue;
    # alone, the first report stays overdue and the next one is submitted, awaiting the office's review
    report = reports[0] if others else (reports[1] if len(reports) > 1 else None)
    if report is not None:
        monitoring.report_submit(
            actor=office,
            report=report,
            text="完成方案设计，主要设备已签订采购合同（演示）。",
            spent=(minimum / 2).quantize(CENT),
            outputs="申请发明专利 1 件",
        )
        if others:
            monitoring.report_review(actor=office, report=report, approve=True, note="进展符合任务书要求")
    monitoring.change_request(
        actor=office,
        project=first,
        kind="extension",
        new_end=dt.date(first.ends_on.year + 1, 6, 30),
        reason="关键设备进口到货延迟，申请延期半年（演示）。",
    )
    for project in others:
        _tranche(office, finance, project, tranches.first_minimum(project), upto="paid", ref=f"DEMO-ZF-{project.pk}-1")
    checked = made[-1]
    check = inspections.inspection_open(actor=office, project=checked, kind="midterm")
    try:
        with transaction.atomic():
            inspections.inspection_draw(actor=office, inspection=check, seed=f"demo-midterm-{checked.pk}")
    except DomainError:
        pass  # no expert fits: the check waits for its panel


def seed_part(*, with_activity: bool) -> str:
    if not with_activity:
        return ""
    awards = _awards()
    office = User.objects.filter(username="office").first()
    finance = User.objects.filter(username="finance").first()
    if not awards or office is None or finance is None:
        return ""
    if Project.objects.filter(award__in=awards).exists():
        return ""
    with transaction.atomic():
        made = [_project(office, award, n) for n, award in enumerate(awards[:4])]
        running = [p for p in made if p.status == Project.Status.RUNNING]
        if running:
            _activity(office, finance, running)
    return f"资助项目：{len(made)} 个"
