"""Platform pages: the list (filters, Excel), a platform's page (facts, history, recognition applications,
yearly figures link), register and edit forms, the office's status change; recognition applications: apply,
the application's page where each stage's approver acts (the city recommends, the office checks, draws the
panel, and at 公示 recognises with a document number)."""

from __future__ import annotations

import datetime as dt
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.carriers import selectors as carrier_selectors
from innozone.carriers.services import carriers as carrier_services
from innozone.core import approvals, publicity, regions
from innozone.core.errors import DomainError
from innozone.core.exports import table_workbook
from innozone.core.models import Organization
from innozone.core.web import domain_view, flash_error, require, xlsx_response
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.selectors import experts as expert_selectors

from .. import permissions
from ..models import Level, Platform
from ..selectors import platforms as selectors
from ..services import recognition, records

FILTERS = ("q", "kind", "level", "status", "region")


@login_required
def platform_list(request):
    require(permissions.can_view_platforms(request.user))
    filters = {k: request.GET.get(k, "") for k in FILTERS}
    qs = selectors.platform_search(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                p.name,
                p.kind.name,
                p.get_level_display(),
                p.tier,
                p.host.name,
                p.region.name,
                p.field,
                p.get_status_display(),
                p.recognised_on,
                p.document_number,
            ]
            for p in qs[:50000]
        ]
        headers = [
            _("平台名称"),
            _("平台类型"),
            _("级别"),
            _("等级"),
            _("依托单位"),
            _("所在地区"),
            _("技术领域"),
            _("状态"),
            _("认定日期"),
            _("认定文号"),
        ]
        return xlsx_response(table_workbook(_("创新平台"), headers, rows), "platforms.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": selectors.kinds(),
        "levels": Level.choices,
        "statuses": Platform.Status.choices,
        "regions": regions.tree().places(),
        "counts": selectors.status_counts(qs),
        "can_register": permissions.can_register(request.user)[0],
    }
    return render(request, "platforms/list.html", context)


@login_required
@domain_view
def platform_detail(request, platform_id: int):
    platform = selectors.platform_visible(request.user, platform_id)
    require(permissions.can_view(request.user, platform))
    context = {
        "p": platform,
        "history": platform.history.select_related("actor").order_by("-at", "-id"),
        "recognitions": platform.recognitions.select_related("approval").order_by("-id"),
        "can_edit": permissions.can_edit(request.user, platform)[0],
        "can_apply": permissions.can_apply(request.user, platform)[0] and platform.status != "revoked",
        "can_manage": permissions.can_manage(request.user)[0],
        "moves": [(s, Platform.Status(s).label) for s in records.STATUS_MOVES.get(platform.status, ())],
        "carriers": carrier_selectors.carriers_of_platform(platform.pk) if platform.kind.carrier else [],
        "carrier_choices": carrier_selectors.carrier_choices()
        if platform.kind.carrier and permissions.can_manage(request.user)[0]
        else [],
    }
    return render(request, "platforms/detail.html", context)


@login_required
@require_POST
@domain_view
def platform_carrier(request, platform_id: int):
    """The office links a carrier (its buildings and tenants) to an incubator or maker-space platform."""
    platform = selectors.platform_visible(request.user, platform_id)
    require(permissions.can_manage(request.user))
    carrier = carrier_selectors.carrier_visible(request.user, request.POST.get("carrier"))
    unlink = request.POST.get("unlink") == "1"
    if not unlink and not platform.kind.carrier:
        messages.error(request, _("只有孵化器、众创空间等载体类平台可以关联载体"))
        return redirect("platforms:detail", platform_id=platform.pk)
    carrier_services.carrier_link_platform(
        actor=request.user, carrier=carrier, platform_id=None if unlink else platform.pk
    )
    messages.success(request, _("已更新关联载体"))
    return redirect("platforms:detail", platform_id=platform.pk)


def _form_data(post) -> dict:
    return {
        "name": post.get("name", ""),
        "kind_id": post.get("kind") or None,
        "level": post.get("level", ""),
        "tier": post.get("tier", ""),
        "field": post.get("field", ""),
        "description": post.get("description", ""),
    }


def _form_context(request, platform=None) -> dict:
    manage = permissions.can_manage(request.user)[0]
    return {
        "p": platform,
        "kinds": selectors.kinds(),
        "levels": Level.choices,
        "fields": [f.name for f in expert_selectors.fields_all()],
        "hosts": Organization.objects.filter(registry_entry__isnull=False).order_by("name")[:2000] if manage else None,
        "form": _form_values(request, platform),
    }


def _form_values(request, platform) -> dict:
    """What the form shows: what was posted, else the platform's values, else nothing (new)."""
    if request.method == "POST":
        return request.POST
    if platform is None:
        return {}
    return {
        "name": platform.name,
        "kind": str(platform.kind_id),
        "level": platform.level,
        "tier": platform.tier,
        "field": platform.field,
        "description": platform.description,
    }


@login_required
def platform_new(request):
    require(permissions.can_register(request.user))
    context = _form_context(request)
    if request.method == "POST":
        try:
            platform = records.platform_create(
                actor=request.user,
                host_id=request.POST.get("host") or request.user.organization_id,
                **_form_data(request.POST),
            )
        except DomainError as e:
            context["errors"] = e.detail or [{"message": str(e.message)}]
            return render(request, "platforms/form.html", context, status=400)
        messages.success(request, _("平台已登记"))
        return redirect("platforms:detail", platform_id=platform.pk)
    return render(request, "platforms/form.html", context)


@login_required
@domain_view
def platform_edit(request, platform_id: int):
    platform = selectors.platform_visible(request.user, platform_id)
    require(permissions.can_edit(request.user, platform))
    context = _form_context(request, platform)
    if request.method == "POST":
        try:
            records.platform_update(actor=request.user, platform=platform, **_form_data(request.POST))
        except DomainError as e:
            context["errors"] = e.detail or [{"message": str(e.message)}]
            return render(request, "platforms/form.html", context, status=400)
        messages.success(request, _("已保存"))
        return redirect("platforms:detail", platform_id=platform.pk)
    return render(request, "platforms/form.html", context)


@login_required
@require_POST
@domain_view
def platform_status(request, platform_id: int):
    platform = selectors.platform_visible(request.user, platform_id)
    try:
        records.platform_status(
            actor=request.user,
            platform=platform,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("状态已更新"))
    return redirect("platforms:detail", platform_id=platform.pk)


def _apply(request, subject, *, template_subject: str):
    require(permissions.can_apply(request.user, subject))
    context = {"subject": subject, "levels": Level.choices, "form": request.POST, "kind": template_subject}
    if request.method == "POST":
        try:
            found = recognition.recognition_apply(
                actor=request.user,
                **{template_subject: subject},
                level=request.POST.get("level", ""),
                tier=request.POST.get("tier", ""),
                statement=request.POST.get("statement", ""),
                materials=request.FILES.get("materials"),
            )
        except DomainError as e:
            context["errors"] = e.detail or [{"message": str(e.message)}]
            return render(request, "platforms/apply.html", context, status=400)
        messages.success(request, _("认定申请已提交，等待所在市推荐"))
        return redirect("platforms:recognition", recognition_id=found.pk)
    return render(request, "platforms/apply.html", context)


@login_required
@domain_view
def recognition_apply(request, platform_id: int):
    return _apply(request, selectors.platform_visible(request.user, platform_id), template_subject="platform")


@login_required
@domain_view
def team_apply(request, team_id: int):
    from ..selectors import teams

    return _apply(request, teams.team_visible(request.user, team_id), template_subject="team")


@login_required
def recognition_list(request):
    require(permissions.can_view_platforms(request.user))
    qs = selectors.recognitions_for(request.user).order_by("-id")
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "platforms/recognitions.html", {"page": page, "status": status})


@login_required
@domain_view
def recognition_detail(request, recognition_id: int):
    found = selectors.recognition_visible(request.user, recognition_id)
    task = recognition.pending_task(found, request.user)
    notice = publicity.publicity_of(found.approval) if found.approval_id else None
    context = {
        "r": found,
        "subject": found.subject,
        "task": task,
        "stage_names": {1: _("所在市推荐"), 2: _("形式审查"), 3: _("专家评审"), 4: _("公示与认定")},
        "history": found.approval.tasks.select_related("approver", "decided_by").order_by("stage", "id")
        if found.approval_id
        else [],
        "review": draw_selectors.review_summary(found),
        "assignments": draw_selectors.assignments_for_subject(found) if permissions.can_manage(request.user)[0] else [],
        "notice": notice,
        "notice_running": notice is not None and publicity.is_running(notice),
        "can_manage": permissions.can_manage(request.user)[0],
        "blocker": None,
        "today": timezone.localdate().isoformat(),  # Asia/Shanghai, as the service checks it
    }
    if task is not None:
        context["blocker"] = approvals.stage_blocker(task)
    return render(request, "platforms/recognition.html", context)


@login_required
@require_POST
@domain_view
def recognition_decide(request, recognition_id: int):
    found = selectors.recognition_visible(request.user, recognition_id)
    day = request.POST.get("recognised_on", "")
    try:
        recognised_on = dt.date.fromisoformat(day) if day else None
    except ValueError:
        recognised_on = None
    try:
        recognition.recognition_decide(
            actor=request.user,
            recognition=found,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
            document_number=request.POST.get("document_number", ""),
            recognised_on=recognised_on,
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已办理"))
    return redirect("platforms:recognition", recognition_id=found.pk)


@login_required
@require_POST
@domain_view
def recognition_draw(request, recognition_id: int):
    found = selectors.recognition_visible(request.user, recognition_id)
    try:
        draw = recognition.recognition_draw(
            actor=request.user, recognition=found, seed=request.POST.get("seed") or None
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已抽取评审专家（抽取记录 #%(n)s）") % {"n": draw.pk})
    return redirect("platforms:recognition", recognition_id=found.pk)


@login_required
@domain_view
def recognition_materials(request, recognition_id: int):
    """The application's materials, for whoever may see the application (never a public /media/ link)."""
    found = selectors.recognition_visible(request.user, recognition_id)
    if not found.materials:
        raise Http404()
    name = f"recognition-{found.pk}{os.path.splitext(found.materials.name)[1]}"
    return FileResponse(found.materials.open("rb"), as_attachment=True, filename=name)
