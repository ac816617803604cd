"""Progress-report pages: a task with its reports, filing and correcting a report, reviewing one, and
the queues of a unit (its tasks) and of a reviewer (reports waiting)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import Conflict, ValidationFailed
from innozone.core.web import add_errors_to_form, decide_from_post, domain_view, require

from .. import selectors, services
from ..forms import ReportForm, ReviewForm
from ..models import Report, ReportAttachment
from ..periods import current_period
from ..permissions import can_edit_report, can_report_on, can_review


def _report_form(task, user, data=None, files=None, initial=None):
    periods = selectors.plan_periods(task.plan)
    choices = [(p.key, selectors.period_label(p)) for p in periods]
    initial = initial or {"period": current_period(periods, timezone.localdate()).key}
    indicators = task.indicators.prefetch_related("splits")
    return ReportForm(data, files, periods=choices, indicators=indicators, initial=initial)


@login_required
@domain_view
def task_detail(request, task_id):
    progress = selectors.task_progress(request.user, task_id)
    task = progress.task
    can_report, report_reason = can_report_on(request.user, task)
    reports = list(selectors.task_reports(request.user, task))
    for r in reports:
        r.reviewable = can_review(request.user, r)[0]
    form = _report_form(task, request.user) if can_report else None
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "row": progress.row,
            "indicators": progress.indicators,
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
            "editable": can_edit_report(request.user, report)[0],
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
    accept = form.cleaned_data["decision"] == "accept"
    decide_from_post(
        request,
        services.report_decide,
        success=_("报告已通过，数量已计入指标") if accept else _("报告已退回"),
        approve_value="accept",
        note_field="comment",
        note_kw="comment",
        report=report,
    )
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
