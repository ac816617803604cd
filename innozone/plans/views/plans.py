"""Plan pages: the list, a plan's progress overview with its task table, and its exports."""

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from innozone.core.web import domain_view, require, xlsx_response

from .. import exports, selectors
from ..models import Responsibility
from ..permissions import can_import_plan
from ..status import TaskStatus


@login_required
@domain_view
def plan_list(request):
    require(selectors.can_view_plan(request.user))
    context = {"plans": selectors.plans_for(request.user), "can_import": can_import_plan(request.user)[0]}
    return render(request, "plans/plan_list.html", context)


def _chart_data(progress):
    """ECharts series for the indicator bars: per indicator, target and total per city."""
    charts = []
    for row in progress.indicators:
        labels = [s.label for s in row.splits] or [_("合计")]
        targets = [float(s.target) for s in row.splits] or [float(row.indicator.target)]
        totals = [float(s.total) for s in row.splits] or [float(row.total)]
        charts.append(
            {
                "name": row.indicator.name,
                "unit": row.indicator.unit,
                "labels": labels,
                "targets": targets,
                "totals": totals,
                "target": float(row.indicator.target),
                "total": float(row.total),
            }
        )
    return charts


def _task_filters(request, progress):
    rows = selectors.filter_task_rows(
        progress.tasks,
        unit_id=request.GET.get("unit"),
        role=request.GET.get("role", ""),
        status=request.GET.get("status", ""),
        query=request.GET.get("q", "").strip(),
    )
    return Paginator(rows, 50).get_page(request.GET.get("page"))


def _as_of(request):
    """`?as_of=YYYY-MM-DD` shows statuses as they stood on that day (default today)."""
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None


@login_required
@domain_view
def plan_overview(request, plan_id):
    plan = selectors.plan_get(request.user, plan_id)
    progress = selectors.plan_progress(plan, as_of=_as_of(request))
    page = _task_filters(request, progress)
    units = {
        r.organization_id: r.organization
        for row in progress.tasks
        for r in row.lead + row.implementing + row.cooperating
    }
    context = {
        "plan": plan,
        "progress": progress,
        "page": page,
        "charts": _chart_data(progress),
        "status_counts": [(s.value, selectors.status_label(s), n) for s, n in progress.status_counts().items()],
        "units": sorted(units.values(), key=lambda o: o.name),
        "roles": Responsibility.Role.choices,
        "statuses": [(s.value, selectors.status_label(s)) for s in TaskStatus],
        "filters": request.GET,
    }
    template = "plans/_task_table.html" if request.headers.get("HX-Request") else "plans/plan_overview.html"
    return render(request, template, context)


@login_required
@domain_view
def plan_export(request, plan_id, kind):
    plan = selectors.plan_get(request.user, plan_id)
    if kind == "json":
        body = json.dumps(exports.plan_structure(plan), ensure_ascii=False, indent=2)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    progress = selectors.plan_progress(plan, as_of=_as_of(request))
    if kind == "responsibilities":
        data, name = exports.responsibility_workbook(progress), f"{plan.year}-responsibilities.xlsx"
    elif kind == "progress":
        reports = selectors.reports_visible(request.user).filter(task__plan=plan).order_by("task__order", "period")
        data, name = exports.progress_workbook(progress, reports), f"{plan.year}-progress.xlsx"
    else:
        raise Http404
    return xlsx_response(data, name)
