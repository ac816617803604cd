import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import Conflict, DomainError, ValidationFailed
from innozone.core.models import Organization
from innozone.core.web import add_errors_to_form, domain_view, require, xlsx_response

from . import exports, selectors, services
from .forms import ReportForm, ReviewForm
from .models import Report, ReportAttachment, Responsibility
from .periods import current_period
from .permissions import can_import_plan, can_report_on, can_review
from .status import TaskStatus


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
    unit = None
    if request.GET.get("unit"):
        unit = Organization.objects.filter(pk=request.GET["unit"]).first()
    rows = selectors.filter_task_rows(
        progress.tasks,
        unit=unit,
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


def _report_form(task, user, data=None, files=None, initial=None):
    periods = selectors.plan_periods(task.plan)
    choices = [(p.key, selectors.period_label(p)) for p in periods]
    initial = initial or {"period": current_period(periods, timezone.localdate()).key}
    indicators = task.indicators.prefetch_related("splits")
    return ReportForm(data, files, periods=choices, indicators=indicators, initial=initial)


@login_required
@domain_view
def task_detail(request, task_id):
    task = selectors.task_get(request.user, task_id)
    can_report, report_reason = can_report_on(request.user, task)
    progress = selectors.plan_progress(task.plan)
    row = next(r for r in progress.tasks if r.task.pk == task.pk)
    indicators = [i for i in progress.indicators if i.indicator.task_id == task.pk]
    reports = list(selectors.task_reports(request.user, task))
    for r in reports:
        r.reviewable = can_review(request.user, r)[0]
    form = _report_form(task, request.user) if can_report else None
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "row": row,
            "indicators": indicators,
            "reports": reports,
            "form": form,
            "report_reason": report_reason,
        },
    )


@login_required
@domain_view
def report_file(request, task_id):
    """GET: the form (prefilled when ?period= names a report to correct). POST: submit it."""
    task = selectors.task_get(request.user, task_id)
    require(can_report_on(request.user, task))
    existing = None
    if request.method == "POST":
        form = _report_form(task, request.user, request.POST, request.FILES)
        if form.is_valid():
            quantities = [
                services.QuantityInput(
                    ind.pk,
                    form.cleaned_data.get(f"quantity_{ind.pk}"),
                    form.cleaned_data.get(f"region_{ind.pk}") or None,
                )
                for ind in form.indicators
            ]
            try:
                report = services.report_submit(
                    actor=request.user,
                    task=task,
                    period=form.cleaned_data["period"],
                    progress=form.cleaned_data["progress"],
                    narrative=form.cleaned_data["narrative"],
                    quantities=quantities,
                    attachments=form.cleaned_data["attachments"],
                    remove_attachment_ids=request.POST.getlist("remove_attachment"),
                )
            except (ValidationFailed, Conflict) as e:
                add_errors_to_form(form, e)
            else:
                messages.success(request, _("进展报告已报送，等待牵头单位审核"))
                return redirect("plans:report", report.pk)
    else:
        period = request.GET.get("period")
        existing = Report.objects.filter(task=task, organization=request.user.organization, period=period).first()
        initial = None
        if existing:
            initial = {
                "period": existing.period,
                "progress": existing.progress,
                "narrative": existing.narrative,
            }
            for q in existing.quantities.all():
                initial[f"quantity_{q.indicator_id}"] = q.value
                initial[f"region_{q.indicator_id}"] = q.region_id
        form = _report_form(task, request.user, initial=initial)
    return render(request, "plans/report_form.html", {"task": task, "form": form, "existing": existing})


@login_required
@domain_view
def report_detail(request, report_id):
    report = selectors.report_get(request.user, report_id)
    reviewable, review_reason = can_review(request.user, report)
    form = ReviewForm() if reviewable else None
    return render(
        request,
        "plans/report_detail.html",
        {
            "report": report,
            "review_form": form,
            "review_reason": review_reason,
            "editable": report.organization_id == request.user.organization_id
            and report.status != Report.Status.ACCEPTED
            and can_report_on(request.user, report.task)[0],
        },
    )


@login_required
@require_POST
@domain_view
def report_review(request, report_id):
    report = selectors.report_get(request.user, report_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论"))
        return redirect("plans:report", report.pk)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.report_accept(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("报告已通过，数量已计入指标"))
        else:
            services.report_return(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("报告已退回"))
    except DomainError as e:
        for item in e.detail or [{"message": e.message}]:
            messages.error(request, str(item["message"]))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("plans:report", report.pk)


@login_required
@domain_view
def attachment_download(request, report_id, attachment_id):
    report = selectors.report_get(request.user, report_id)
    att = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@login_required
@domain_view
def review_queue(request):
    require(selectors.can_view_plan(request.user))
    page = Paginator(selectors.review_queue(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "plans/review_queue.html", {"page": page})


@login_required
@domain_view
def my_tasks(request):
    require(selectors.can_view_plan(request.user))
    items = selectors.my_tasks(request.user)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "plans/my_tasks.html", {"page": page, "today": timezone.localdate()})
