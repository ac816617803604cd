"""Pages of applications: an applicant's own list, starting a draft, the application page (per role), the
editor with autosave through HTMX (each save carries the version it was made from), the live eligibility
panel, co-applicants, attachments, submission (every problem listed), the receipt (回执), withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.models import Organization
from innozone.core.web import domain_view, flash_error, require, xlsx_response
from innozone.talent.selectors.lookup import people_by_ids, people_to_choose

from ..exports import calls as exports
from ..models import Application
from ..permissions import calls as permissions
from ..selectors import applications as selectors
from ..selectors import calls as call_selectors
from ..selectors.applications_changes import changes_since_return, last_return
from ..selectors.calls_eligibility import eligibility_of
from ..services import applications as services
from ..services import applications_submit as submitting
from .applications_parts import cap_note, detail_context, posted_data


@login_required
@domain_view
def applications_mine(request):
    qs = selectors.application_search(
        selectors.applications_mine(request.user), q=request.GET.get("q", ""), status=request.GET.get("status", "")
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.applications_workbook(qs, _("我的申报")), "my-applications.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Application.Status.choices,
        "q": request.GET.get("q", ""),
        "status": request.GET.get("status", ""),
    }
    return render(request, "funds/application_mine.html", context)


@require_POST
@login_required
@domain_view
def application_start(request, pk):
    call = call_selectors.call_get(request.user, pk)
    try:
        app = services.application_start(actor=request.user, call=call, title=request.POST.get("title", ""))
    except DomainError as e:
        flash_error(request, e)
        return redirect("funds:call", call.pk)
    return redirect("funds:application_edit", app.pk)


@login_required
@domain_view
def application_detail(request, pk):
    app = selectors.application_get(request.user, pk)
    require(permissions.can_view_application(request.user, app))
    return render(request, "funds/application_detail.html", detail_context(request.user, app))


@login_required
@domain_view
def application_edit(request, pk):
    app = selectors.application_get(request.user, pk)
    require(permissions.can_edit_application(request.user, app))
    htmx = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        try:
            app = services.application_save(
                actor=request.user,
                application=app,
                version=request.POST.get("version"),
                data=posted_data(request.POST, app),
            )
        except DomainError as e:
            if htmx:
                return render(request, "funds/application__saved.html", {"app": app, "error": e}, status=200)
            flash_error(request, e)
            return redirect("funds:application_edit", app.pk)
        if htmx:
            return render(request, "funds/application__saved.html", {"app": app})
        messages.success(request, _("已保存"))
        return redirect("funds:application_edit", app.pk)
    eligible, rows = eligibility_of(app.call, app.applicant)
    chosen = people_by_ids([*app.team_person_ids, *([app.leader_person_id] if app.leader_person_id else [])])
    context = {
        "app": app,
        "call": app.call,
        "eligible": eligible,
        "rows": rows,
        "fields": [f for f in app.call.form or [] if f["type"] in ("text", "textarea", "amount")],
        "has_budget": any(f["type"] == "budget" for f in app.call.form or []),
        "has_team": any(f["type"] == "team" for f in app.call.form or []),
        "attachments": [f for f in app.call.form or [] if f["type"] == "attachment"],
        "files": app.files.all(),
        "co_applicants": app.co_applicants.select_related("organization"),
        "people": people_to_choose(
            request.user, employer_id=app.applicant_id, q=request.GET.get("people", ""), include=chosen
        ),
        "partners": Organization.objects.filter(kind__in=permissions.APPLICANT_KINDS, is_active=True)
        .exclude(pk=app.applicant_id)
        .order_by("kind", "name")[:500],
        "problems": submitting.application_problems(app),
        "cap": cap_note(app),
        "returned": last_return(app) if app.status == "returned" else None,
    }
    return render(request, "funds/application_edit.html", context)


@login_required
@domain_view
def application_eligibility(request, pk):
    app = selectors.application_get(request.user, pk)
    require(permissions.can_view_application(request.user, app))
    eligible, rows = eligibility_of(app.call, app.applicant)
    return render(request, "funds/application__eligibility.html", {"eligible": eligible, "rows": rows})


@require_POST
@login_required
@domain_view
def application_co(request, pk):
    app = selectors.application_get(request.user, pk)
    rows = [
        {"organization_id": o, "role": r, "amount": a}
        for o, r, a in zip(
            request.POST.getlist("co_org"),
            request.POST.getlist("co_role"),
            request.POST.getlist("co_amount"),
            strict=False,
        )
        if o
    ]
    try:
        services.application_set_co_applicants(actor=request.user, application=app, rows=rows)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("合作单位已保存"))
    return redirect("funds:application_edit", app.pk)


@require_POST
@login_required
@domain_view
def application_co_confirm(request, pk):
    app = selectors.application_get(request.user, pk)
    try:
        services.co_applicant_confirm(actor=request.user, application=app)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已确认作为合作单位参与"))
    return redirect("funds:application", app.pk)


@require_POST
@login_required
@domain_view
def application_files(request, pk):
    app = selectors.application_get(request.user, pk)
    try:
        if request.POST.get("delete"):
            services.application_detach(actor=request.user, application=app, file_id=int(request.POST["delete"]))
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError(_("请选择文件"))
            services.application_attach(
                actor=request.user, application=app, key=request.POST.get("key", ""), upload=upload
            )
    except (DomainError, ValueError) as e:
        if isinstance(e, DomainError):
            flash_error(request, e)
    else:
        messages.success(request, _("材料已更新"))
    return redirect("funds:application_edit", app.pk)


@login_required
@domain_view
def application_file(request, pk, file_id):
    app = selectors.application_get(request.user, pk)
    require(permissions.can_view_application(request.user, app))
    row = app.files.filter(pk=file_id).first()
    if row is None:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)


@require_POST
@login_required
@domain_view
def application_submit(request, pk):
    app = selectors.application_get(request.user, pk)
    try:
        app = submitting.application_submit(actor=request.user, application=app)
    except DomainError as e:
        flash_error(request, e)
        return redirect("funds:application_edit", app.pk)
    messages.success(request, _("申报已提交，受理编号 %(n)s") % {"n": app.number})
    return redirect("funds:application_receipt", app.pk)


@require_POST
@login_required
@domain_view
def application_withdraw(request, pk):
    app = selectors.application_get(request.user, pk)
    try:
        submitting.application_withdraw(actor=request.user, application=app, reason=request.POST.get("reason", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("申报已撤回"))
    return redirect("funds:application", app.pk)


@login_required
@domain_view
def application_receipt(request, pk):
    app = selectors.application_get(request.user, pk)
    require(permissions.can_view_application(request.user, app))
    if not app.number:
        raise Http404
    return render(request, "funds/application_receipt.html", {"app": app, "changes": changes_since_return(app)})
