"""Pages of cases (办件): the application form of an item, my cases (applicant), the department's queue, all
cases (office, leaders, auditors), a case with its timeline, branches, clock and the forms of whoever may act,
the result PDF and the case's files. Thin: every rule is in services/cases*.py and permissions/cases.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from innozone.core import workdays
from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require, xlsx_response

from ..exports import cases as exports
from ..forms.cases import CaseForm
from ..models import Case, ClockPause, ServiceItem
from ..permissions import cases as permissions
from ..selectors import cases as selectors
from ..services import cases as services
from ..services import cases_handling as handling
from ..services.ratings import DIMENSIONS

PER_PAGE = 30


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@domain_view
def case_new(request, item_id: int):
    item = get_object_or_404(ServiceItem.objects.select_related("department"), pk=item_id)
    require(permissions.can_apply(request.user, item))
    materials = list(item.materials.all())
    form = CaseForm(request.POST or None, initial={"title": item.name})
    if request.method == "POST" and form.is_valid():
        files = {m.pk: request.FILES.get(f"material_{m.pk}") for m in materials}
        deferred = [m.pk for m in materials if request.POST.get(f"defer_{m.pk}")]
        try:
            case = services.case_submit(
                actor=request.user, item=item, files=files, deferred_ids=deferred, **form.cleaned_data
            )
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("申请已提交，办件编号 %(n)s") % {"n": case.number})
            return redirect("onestop:case_detail", case.pk)
    return render(
        request,
        "onestop/case_form.html",
        {
            "item": item,
            "materials": materials,
            "form": form,
            "latest": selectors.deferral_latest(item),
            "deferred": {int(k[6:]) for k in request.POST if k.startswith("defer_") and k[6:].isdigit()},
        },
    )


def _list(request, qs, *, title: str, template_tab: str, tabs=None, tab: str = ""):
    filters = {k: request.GET.get(k, "") for k in ("q", "status", "department", "item")}
    level = request.GET.get("level", "")
    qs = selectors.case_search(qs, **filters)
    is_workday = workdays.calendar()
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.cases_workbook(selectors.with_clocks(qs, is_workday=is_workday)), "cases.xlsx")
    if level in selectors.LEVELS:  # the clock is computed, not stored: filter the running cases in Python
        rows = [c for c in selectors.with_clocks(qs, is_workday=is_workday) if c.clock and c.clock.level == level]
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    else:
        page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_clocks(page.object_list, is_workday=is_workday)
    return render(
        request,
        "onestop/case_list.html",
        {
            "title": title,
            "page": page,
            "filters": filters,
            "level": level,
            "which": template_tab,
            "tabs": tabs or [],
            "tab": tab,
            "statuses": Case.Status.choices,
            "levels": [(v, exports.level_label(v)) for v in selectors.LEVELS],
            "departments": selectors.departments() if template_tab == "all" else [],
            **selectors.nav_links(request.user),
        },
    )


@login_required
@domain_view
def case_mine(request):
    require((permissions.is_applicant_user(request.user), _("只有企业、高校和科研院所的用户可以查看本单位的办件")))
    return _list(request, selectors.cases_mine(request.user), title=_("我的办件"), template_tab="mine")


QUEUE_TABS = [
    ("accept", _l("待受理")),
    ("correcting", _l("补正中")),
    ("progress", _l("办理中")),
    ("warnings", _l("预警")),
    ("finished", _l("已办结")),
]


@login_required
@domain_view
def case_queue(request):
    require(permissions.can_view_queue(request.user))
    tab = request.GET.get("tab", "accept")
    tab = tab if tab in dict(QUEUE_TABS) else "accept"
    qs = selectors.cases_queue(request.user, tab=tab)
    if tab == "warnings" and not request.GET.get("level"):
        is_workday = workdays.calendar()
        rows = [
            c
            for c in selectors.with_clocks(qs, is_workday=is_workday)
            if c.clock and c.clock.level in ("yellow", "red", "overdue")
        ]
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "onestop/case_list.html",
            {
                "title": _("部门办件"),
                "page": page,
                "filters": {},
                "level": "",
                "which": "queue",
                "tabs": QUEUE_TABS,
                "tab": tab,
                "statuses": Case.Status.choices,
                "levels": [(v, exports.level_label(v)) for v in selectors.LEVELS],
                **selectors.nav_links(request.user),
            },
        )
    return _list(request, qs, title=_("部门办件"), template_tab="queue", tabs=QUEUE_TABS, tab=tab)


@login_required
@domain_view
def case_list(request):
    require(permissions.can_view_all(request.user))
    return _list(request, selectors.cases_for(request.user), title=_("全部办件"), template_tab="all")


@login_required
@domain_view
def case_detail(request, pk: int):
    case = selectors.case_get(request.user, pk)
    user = request.user
    handle = permissions.can_handle(user, case)[0]
    applicant = permissions.can_act_as_applicant(user, case)[0]
    branches = handling.branches_of(case)
    my_tasks = [t for t in branches if t.status == "pending" and t.approver_id == user.organization_id]
    clock = selectors.clock_of(case)
    open_pause = selectors.open_pause(case)
    allowed_pauses = [
        (r, ClockPause.Reason(r).label) for r in case.item.pauses_allowed or [] if r in handling.PAUSE_REASONS
    ]
    rating = getattr(case, "rating", None) if hasattr(case, "rating") else None
    context = {
        "case": case,
        "item": case.item,
        "clock": clock,
        "level_label": exports.level_label(clock.level) if clock else "",
        "events": case.events.select_related("actor", "organization"),
        "materials": case.materials.select_related("material", "correction"),
        "corrections": case.corrections.all(),
        "pauses": case.pauses.all(),
        "branches": branches,
        "my_tasks": my_tasks,
        "open_pause": open_pause,
        "allowed_pauses": allowed_pauses,
        "missing": services.deferred_missing(case) if case.deferred and not case.deferred_done_at else [],
        "acceptance_due": selectors.acceptance_due(case) if case.status == Case.Status.SUBMITTED else None,
        "can_handle": handle,
        "is_applicant": applicant,
        "rating": rating,
        "can_rate": permissions.can_rate(user, case)[0],
        "dimensions": DIMENSIONS.items(),
        "levels": [(5, _("非常满意")), (4, _("满意")), (3, _("基本满意")), (2, _("不满意")), (1, _("非常不满意"))],
        "can_reply": bool(rating and permissions.can_reply_rating(user, rating)[0] and not rating.rectified_at),
        "open": case.status in permissions.OPEN,
        "data": case.data or {},
        **selectors.nav_links(user),
    }
    return render(request, "onestop/case_detail.html", context)


def _act(request, pk: int, action, success: str):
    case = selectors.case_get(request.user, pk)
    try:
        action(case)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("onestop:case_detail", case.pk)


@login_required
@require_POST
@domain_view
def case_accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.case_accept(actor=request.user, case=c, note=request.POST.get("note", "")),
        _("已受理"),
    )


@login_required
@require_POST
@domain_view
def case_refuse(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.case_refuse(actor=request.user, case=c, reason=request.POST.get("reason", "")),
        _("已作出不予受理决定"),
    )


@login_required
@require_POST
@domain_view
def case_correct(request, pk: int):
    items = [
        {"material": m, "problem": p}
        for m, p in zip(request.POST.getlist("material"), request.POST.getlist("problem"), strict=False)
    ]
    return _act(
        request, pk, lambda c: services.case_correct(actor=request.user, case=c, items=items), _("已一次性告知补正内容")
    )


@login_required
@require_POST
@domain_view
def case_answer(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.case_answer(
            actor=request.user, case=c, note=request.POST.get("note", ""), files=request.FILES.getlist("files")
        ),
        _("补正材料已提交"),
    )


@login_required
@require_POST
@domain_view
def case_supply(request, pk: int):
    files = {int(k[9:]): f for k, f in request.FILES.items() if k.startswith("material_") and k[9:].isdigit()}
    return _act(
        request, pk, lambda c: services.case_supply(actor=request.user, case=c, files=files), _("容缺材料已提交")
    )


@login_required
@require_POST
@domain_view
def case_withdraw(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.case_withdraw(actor=request.user, case=c, reason=request.POST.get("reason", "")),
        _("申请已撤回"),
    )


@login_required
@require_POST
@domain_view
def case_pause(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: handling.case_pause(
            actor=request.user, case=c, reason=request.POST.get("reason", ""), note=request.POST.get("note", "")
        ),
        _("已暂停计时"),
    )


@login_required
@require_POST
@domain_view
def case_resume(request, pk: int):
    return _act(request, pk, lambda c: handling.case_resume(actor=request.user, case=c), _("已恢复计时"))


@login_required
@require_POST
@domain_view
def case_extend(request, pk: int):
    raw = request.POST.get("days", "")
    days = int(raw) if raw.strip().isdigit() else 0
    return _act(
        request,
        pk,
        lambda c: handling.case_extend(actor=request.user, case=c, days=days, reason=request.POST.get("reason", "")),
        _("已延长办结时限"),
    )


@login_required
@require_POST
@domain_view
def case_decide(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: handling.case_decide(
            actor=request.user,
            case=c,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        ),
        _("已作出办理决定"),
    )


@login_required
@require_POST
@domain_view
def case_branch(request, pk: int, task_id: int):
    return _act(
        request,
        pk,
        lambda c: handling.branch_decide(
            actor=request.user,
            case=c,
            task_id=task_id,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
        ),
        _("已办理本部门的并联环节"),
    )


@login_required
@domain_view
def case_result(request, pk: int):
    case = selectors.case_get(request.user, pk)
    if case.status not in (Case.Status.APPROVED, Case.Status.DENIED):
        raise Http404(_("该办件尚未办结"))
    response = HttpResponse(exports.result_pdf(case, selectors.clock_of(case)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.result_number}.pdf"'
    return response


@login_required
@domain_view
def case_file(request, pk: int, file_id: int):
    case = selectors.case_get(request.user, pk)
    row = case.materials.filter(pk=file_id).first()
    if row is None or not row.file:
        raise Http404()
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.file.name.rsplit("/", 1)[-1])
