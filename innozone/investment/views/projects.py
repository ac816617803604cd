"""Pages of the pipeline: the board (columns by stage, filters, counts and money per column, each column
paginated; Excel export of the filtered projects), a project (timeline, funds by month, stage moves, notes,
funds in place, drop), the editor, the all-or-nothing Excel import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.models import Organization
from innozone.core.uploads import attachment_problem
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import projects as exports
from ..forms import projects as forms
from ..models import Chain, Fair, FundsInPlace, Project
from ..permissions import projects as permissions
from ..selectors import projects as selectors
from ..services import funds as funds_services
from ..services import projects as services
from ..services import projects_import as importing


def _links(user) -> dict:
    return {
        "can_create": permissions.can_create_project(user)[0],
        "can_import": permissions.can_import(user)[0],
        "can_manage_fairs": permissions.can_manage_fairs(user)[0],
    }


@login_required
@domain_view
def board(request):
    require(permissions.can_view_pipeline(request.user))
    f = selectors.Filters.from_query(request.GET)
    qs = selectors.filtered(selectors.projects_for(request.user), f)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.projects_workbook(qs), "investment-projects.xlsx")
    pages = {s: request.GET.get(f"p_{s}") for s in Project.Stage.values}
    columns = selectors.board(qs, pages=pages)
    parks = forms.parks_for(request.user)
    context = {
        "columns": columns,
        "f": f,
        "total": sum(c.count for c in columns),
        "planned": sum((c.planned for c in columns), selectors.ZERO),
        "signed": sum((c.signed for c in columns), selectors.ZERO),
        "parks": parks,
        "chains": Chain.objects.all(),
        "sources": Project.Source.choices,
        "fairs": Fair.objects.order_by("-starts_on"),
        "responsibles": Organization.objects.filter(
            pk__in=selectors.projects_for(request.user).values("responsible_id")
        ),
        "stalled_days": selectors.stalled_days(),
        "query": request.GET.copy(),
        **_links(request.user),
    }
    return render(request, "investment/board.html", context)


@login_required
@domain_view
def project_new(request):
    require(permissions.can_create_project(request.user))
    errors, values = [], {}
    if request.method == "POST":
        values = forms.data_from_post(request.POST)
        try:
            project = services.project_create(actor=request.user, data=values)
        except ValidationFailed as e:
            errors = e.detail
        else:
            messages.success(request, _("已登记项目线索 %(c)s") % {"c": project.code})
            return redirect("investment:project", pk=project.pk)
    else:
        values = {
            "source": request.GET.get("source", ""),
            "fair": request.GET.get("fair", ""),
            "link": request.GET.get("link", ""),
        }
    context = {"v": values, "errors": errors, "project": None, **forms.choices(request.user)}
    return render(request, "investment/project_form.html", context)


@login_required
@domain_view
def project_edit(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    require(permissions.can_edit_project(request.user, project))
    errors, values = [], forms.values_of(project)
    if request.method == "POST":
        values = forms.data_from_post(request.POST)
        try:
            services.project_update(actor=request.user, project=project, data=values)
        except ValidationFailed as e:
            errors = e.detail
        else:
            messages.success(request, _("已保存"))
            return redirect("investment:project", pk=project.pk)
    context = {"v": values, "errors": errors, "project": project, **forms.choices(request.user)}
    return render(request, "investment/project_form.html", context)


@login_required
@domain_view
def project(request, pk: int):
    p = selectors.project_visible(request.user, pk)
    can_edit = permissions.can_edit_project(request.user, p)[0]
    funds = selectors.funds_by_month(p)
    total = funds[-1]["cumulative"] if funds else selectors.ZERO
    context = {
        "p": p,
        "events": selectors.timeline(p),
        "funds": funds,
        "funds_total": total,
        "funds_ratio": (total * 100 / p.signed_investment).quantize(selectors.Decimal("0.1"))
        if p.signed_investment
        else None,
        "can_edit": can_edit,
        "moves": selectors.next_moves(p) if can_edit else [],
        "kinds": FundsInPlace.Kind.choices,
        "today": timezone.localdate(),
        "this_month": timezone.localdate().strftime("%Y-%m"),
        "stalled": p.status == "active"
        and selectors.stages.can_stall(p.stage, dropped=False)
        and selectors.stages.stalled(p.last_progress_on, timezone.localdate(), selectors.stalled_days()),
        "stalled_days": selectors.stalled_days(),
        "idle_days": selectors.stages.days_since(p.last_progress_on, timezone.localdate()),
    }
    return render(request, "investment/project_detail.html", context)


def _post(request, pk: int, action, success: str):
    p = selectors.project_visible(request.user, pk)
    try:
        action(p)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("investment:project", pk=p.pk)


@login_required
@require_POST
@domain_view
def project_move(request, pk: int):
    post = request.POST
    stage = post.get("stage", "")

    def act(p):
        services.project_move(
            actor=request.user, project=p, stage=stage,
            dates={k: post.get(k) for k in ("signed_on", "registered_on", "started_on", "producing_on", "full_on")},
            enterprise=post.get("enterprise", "").strip() or None,
            signed_investment=post.get("signed_investment") or None,
            contract_no=post.get("contract_no", ""), note=post.get("note", ""),
        )  # fmt: skip

    return _post(request, pk, act, _("已推进到“%(s)s”") % {"s": services.stage_label(stage)})


@login_required
@require_POST
@domain_view
def project_note(request, pk: int):
    def act(p):
        on = request.POST.get("on") or None
        problems: list = []
        day = services._date(on, "on", problems) if on else None
        if problems:
            raise ValidationFailed(detail=problems)
        services.project_note(actor=request.user, project=p, note=request.POST.get("note", ""), on=day)

    return _post(request, pk, act, _("已登记进展"))


@login_required
@require_POST
@domain_view
def project_funds(request, pk: int):
    post = request.POST

    def act(p):
        funds_services.funds_report(
            actor=request.user, project=p, month=post.get("month", ""), amount=post.get("amount", ""),
            kind=post.get("kind", "fixed"), origin=post.get("origin", ""), note=post.get("note", ""),
        )  # fmt: skip

    return _post(request, pk, act, _("已填报到位资金"))


@login_required
@require_POST
@domain_view
def project_drop(request, pk: int):
    def act(p):
        services.project_drop(actor=request.user, project=p, reason=request.POST.get("reason", ""))

    return _post(request, pk, act, _("项目已终止"))


@login_required
@domain_view
def projects_import(request):
    require(permissions.can_import(request.user))
    errors, done = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = attachment_problem(upload) if upload else _("请选择 Excel 文件")
        if upload and not problem and not upload.name.lower().endswith(".xlsx"):
            problem = _("请上传 .xlsx 格式的 Excel 文件")
        if problem:
            errors = [{"message": problem}]
        else:
            try:
                done = importing.projects_import(actor=request.user, data=upload.read())
            except ValidationFailed as e:
                errors = e.detail or [{"message": str(e.message)}]
            else:
                messages.success(request, _("已导入 %(n)s 个项目") % {"n": len(done)})
                return redirect("investment:board")
    context = {
        "errors": errors,
        "columns": [h for h, _f in importing.COLUMNS],
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "investment/project_import.html", context)


@login_required
@domain_view
def projects_template(request):
    require(permissions.can_import(request.user))
    return xlsx_response(exports.import_template(), "investment-projects-template.xlsx")
