"""Pages of funded projects: the list (filters, Excel), creating a project from an award, the project page per
role (with the actions the user may take), signing the agreement, the dossier download."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.permissions import is_office_admin
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import projects as exports
from ..models import Award, Project
from ..permissions import projects as permissions
from ..selectors import money
from ..selectors import projects as selectors
from ..services import dossier, inspections, monitoring, projects, tranches

PAGE = 30


def parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def back(project_id: int):
    return redirect("funds:project", project_id)


def attempt(request, call, success: str = "") -> bool:
    try:
        call()
    except DomainError as e:
        flash_error(request, e)
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
@domain_view
def project_list(request):
    require(permissions.can_view_projects(request.user))
    filters = {k: request.GET.get(k, "") for k in ("q", "status", "programme", "year")}
    qs = selectors.project_search(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.projects_workbook(qs), "funds-projects.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "statuses": Project.Status.choices,
        "programmes": money.programmes(),
        "can_manage": permissions.can_manage_projects(request.user)[0],
        "can_money": permissions.can_view_money(request.user)[0],
        "pending_awards": selectors.awards_without_project()[:50] if is_office_admin(request.user) else [],
    }
    return render(request, "funds/project_list.html", context)


@login_required
@domain_view
def project_new(request, award_id: int):
    require(permissions.can_manage_projects(request.user))
    award = Award.objects.select_related("application", "application__applicant").filter(pk=award_id).first()
    if award is None:
        raise Http404
    if request.method == "POST":
        budget = [
            {"category": c, "fiscal": f, "own": o}
            for c, f, o in zip(
                request.POST.getlist("category"),
                request.POST.getlist("fiscal"),
                request.POST.getlist("own"),
                strict=False,
            )
            if c.strip()
        ]
        milestones = [
            {"title": t, "deliverable": d, "due_on": due}
            for t, d, due in zip(
                request.POST.getlist("m_title"),
                request.POST.getlist("m_deliverable"),
                request.POST.getlist("m_due_on"),
                strict=False,
            )
            if t.strip()
        ]
        try:
            project = projects.project_create(
                actor=request.user,
                award=award,
                title=request.POST.get("title", ""),
                starts_on=parse_date(request.POST.get("starts_on")),
                ends_on=parse_date(request.POST.get("ends_on")),
                budget=budget,
                milestones=milestones,
            )
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("项目已建立，请签订任务书"))
            return back(project.pk)
    context = {"award": award, "budget": projects.default_budget(award), "rows": range(3), "can_money": True}
    return render(request, "funds/project_new.html", context)


@login_required
@domain_view
def project_detail(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    user = request.user
    parts = selectors.project_parts(project)
    for t in parts["tranches"]:
        t.task = tranches.pending_task(t, user)
    for c in parts["changes"]:
        c.task = monitoring.change_task(c, user)
    context = {
        "project": project,
        **parts,
        "paid": sum((t.amount for t in parts["tranches"] if t.status == "paid"), 0),
        "committed": tranches.committed(project),
        "first_minimum": tranches.first_minimum(project),
        "acceptance_deadline": inspections.acceptance_deadline(project),
        "can_manage": permissions.can_manage_projects(user)[0],
        "can_act": permissions.can_act_for_project(user, project)[0],
        "can_pay": permissions.can_pay_tranche(user)[0],
        "can_dossier": permissions.can_export_dossier(user, project)[0],
        "can_money": permissions.can_view_money(user)[0],
        "today": timezone.localdate(),
        "kinds": [("extension", _("延期")), ("budget", _("预算调整")), ("other", _("其他变更"))],
    }
    return render(request, "funds/project_detail.html", context)


@login_required
@require_POST
@domain_view
def project_sign(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: projects.project_sign(
            actor=request.user,
            project=project,
            agreement_no=request.POST.get("agreement_no", ""),
            signed_on=parse_date(request.POST.get("signed_on")),
        ),
        _("任务书已签订，项目进入执行"),
    )
    return back(pk)


@login_required
@domain_view
def project_dossier(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    require(permissions.can_export_dossier(request.user, project))
    data = dossier.dossier_zip(actor=request.user, project=project)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="project-{project.number}.zip"'
    return response
