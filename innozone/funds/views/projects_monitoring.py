"""Monitoring pages of funded projects: progress reports (submit, accept or return), milestones done, change
requests (request, the office decides), the mid-term check and acceptance (open, draw the panel, record the
result), performance figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.web import decide_from_post, domain_view

from ..models import Milestone
from ..selectors import projects as selectors
from ..services import inspections, monitoring, projects
from .projects import attempt, back, parse_date


@login_required
@require_POST
@domain_view
def report_submit(request, pk: int):
    report = selectors.report_get(request.user, pk)
    attempt(
        request,
        lambda: monitoring.report_submit(
            actor=request.user,
            report=report,
            text=request.POST.get("text", ""),
            spent=request.POST.get("spent", ""),
            outputs=request.POST.get("outputs", ""),
        ),
        _("进展报告已报送"),
    )
    return back(report.project_id)


@login_required
@require_POST
@domain_view
def report_review(request, pk: int):
    report = selectors.report_get(request.user, pk)
    decide_from_post(request, monitoring.report_review, report=report, success=_("已审核"))
    return back(report.project_id)


@login_required
@require_POST
@domain_view
def milestone_done(request, pk: int):
    milestone = get_object_or_404(Milestone, pk=pk)
    selectors.project_visible(request.user, milestone.project_id)
    attempt(
        request,
        lambda: projects.milestone_done(
            actor=request.user,
            milestone=milestone,
            done_on=parse_date(request.POST.get("done_on")),
            evidence=request.POST.get("evidence", ""),
        ),
        _("节点已完成"),
    )
    return back(milestone.project_id)


@login_required
@require_POST
@domain_view
def change_request(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    budget = [
        {"category": c, "fiscal": f, "own": o}
        for c, f, o in zip(
            request.POST.getlist("category"), request.POST.getlist("fiscal"), request.POST.getlist("own"), strict=False
        )
        if c.strip()
    ]
    attempt(
        request,
        lambda: monitoring.change_request(
            actor=request.user,
            project=project,
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
            new_end=parse_date(request.POST.get("new_end")),
            budget=budget,
        ),
        _("变更申请已提交"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def change_decide(request, pk: int):
    change = selectors.change_get(request.user, pk)
    decide_from_post(request, monitoring.change_decide, change=change, success=_("已办理"))
    return back(change.project_id)


@login_required
@require_POST
@domain_view
def inspection_open(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: inspections.inspection_open(actor=request.user, project=project, kind=request.POST.get("kind", "")),
        _("已启动"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def inspection_draw(request, pk: int):
    found = selectors.inspection_get(request.user, pk)
    attempt(
        request,
        lambda: inspections.inspection_draw(
            actor=request.user, inspection=found, seed=request.POST.get("seed") or None
        ),
        _("专家已抽取"),
    )
    return back(found.project_id)


@login_required
@require_POST
@domain_view
def inspection_record(request, pk: int):
    found = selectors.inspection_get(request.user, pk)
    attempt(
        request,
        lambda: inspections.inspection_record(
            actor=request.user,
            inspection=found,
            held_on=parse_date(request.POST.get("held_on")),
            outcome=request.POST.get("outcome", ""),
            opinion=request.POST.get("opinion", ""),
            recover_all=request.POST.get("recover_all") == "1",
            rectify_until=parse_date(request.POST.get("rectify_until")),
        ),
        _("结论已登记"),
    )
    return back(found.project_id)


@login_required
@require_POST
@domain_view
def performance_record(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    year = request.POST.get("year", "")
    attempt(
        request,
        lambda: monitoring.performance_record(
            actor=request.user,
            project=project,
            year=int(year) if year.isdigit() else 0,
            data={k: request.POST.get(k, "") for k in ("patents", "products", "revenue", "jobs", "note")},
        ),
        _("绩效指标已保存"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def project_terminate(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: inspections.project_terminate(
            actor=request.user,
            project=project,
            reason=request.POST.get("reason", ""),
            recover_all=request.POST.get("recover_all") == "1",
        ),
        _("项目已终止"),
    )
    return back(pk)
