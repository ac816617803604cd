"""Pages of 免申即享: the lists (office: generate for a no-application clause on a date; departments: the lists
they confirm; readers: all), a list with its entries (each with the conditions compared and the determination
id; the office excludes/restores entries and submits; the confirming department approves or returns it), and
the grants (an enterprise's own; the office, finance and readers all; finance/the office record payment)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import approvals
from innozone.core.errors import DomainError
from innozone.core.exports import table_workbook
from innozone.core.models import ApprovalTask
from innozone.core.permissions import sees_all
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..engine import rules
from ..models import Clause, Grant, GrantEntry, GrantList
from ..permissions import matching as permissions
from ..selectors import grants as selectors
from ..selectors.library import clauses_in_force
from ..selectors.matching_words import condition_row
from ..services import grants as services
from .library import links

PAGE = 50


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
@domain_view
def lists(request):
    require(permissions.can_view_grant_lists(request.user))
    status = request.GET.get("status", "")
    qs = selectors.grant_lists_for(request.user, status=status)
    if request.GET.get("format") == "xlsx":
        headers = [_("编号"), _("政策"), _("条款"), _("比对日期"), _("状态"), _("列入企业"), _("合计金额（元）")]
        rows = [
            [g.pk, g.clause.policy.title, g.clause.title, g.as_of, g.get_status_display(), g.listed, g.total]
            for g in selectors.with_counts(qs)
        ]
        return xlsx_response(table_workbook(_("免申即享清单"), headers, rows), "grant-lists.xlsx")
    page = Paginator(selectors.with_counts(qs), PAGE).get_page(request.GET.get("page"))
    can_manage = permissions.can_manage_grants(request.user)[0]
    context = {
        "page": page,
        "status": status,
        "statuses": GrantList.Status.choices,
        "can_manage": can_manage,
        "clauses": list(clauses_in_force().filter(no_application=True)) if can_manage else [],
        "today": timezone.localdate(),
        "selected_clause": request.GET.get("clause", ""),
        "subnav": "grant_lists",
    }
    return render(request, "policies/grant_lists.html", {**links(request.user), **context})


@login_required
@require_POST
@domain_view
def list_new(request):
    require(permissions.can_manage_grants(request.user))
    clause = get_object_or_404(Clause, pk=request.POST.get("clause") or 0)
    as_of = _date(request.POST.get("as_of", "")) if request.POST.get("as_of") else None
    if request.POST.get("as_of") and as_of is None:
        messages.error(request, _("比对日期格式不正确"))
        return redirect("policies:grant_lists")
    try:
        grant_list = services.grant_list_create(
            actor=request.user, clause=clause, as_of=as_of, note=request.POST.get("note", "")
        )
    except DomainError as e:
        flash_error(request, e)
        return redirect("policies:grant_lists")
    messages.success(request, _("已生成清单：%(n)s 家企业") % {"n": grant_list.entries.count()})
    return redirect("policies:grant_list", pk=grant_list.pk)


def _pending_task(user, grant_list):
    if not grant_list.approval_id:
        return None
    for task in grant_list.approval.tasks.filter(status=ApprovalTask.Status.PENDING).select_related("approver"):
        if approvals.can_decide(user, task)[0]:
            return task
    return None


@login_required
@domain_view
def list_detail(request, pk: int):
    grant_list = get_object_or_404(
        GrantList.objects.select_related("clause", "clause__policy", "approval", "created_by"), pk=pk
    )
    require(permissions.can_view_grant_list(request.user, grant_list))
    status = request.GET.get("status", "")
    entries = grant_list.entries.select_related("organization").order_by("pk")
    if status in GrantEntry.Status.values:
        entries = entries.filter(status=status)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        entries = entries.filter(Q(organization__name__icontains=q) | Q(trace__uscc=q.upper()))
    if request.GET.get("format") == "xlsx":
        headers = [_("统一社会信用代码"), _("名称"), _("金额（元）"), _("状态"), _("剔除原因"), _("判定编号")]
        rows = [
            [e.trace.get("uscc", ""), e.organization.name, e.amount, e.get_status_display(), e.excluded_reason,
             e.determination_id]
            for e in entries
        ]  # fmt: skip
        return xlsx_response(table_workbook(_("免申即享清单"), headers, rows), f"grant-list-{grant_list.pk}.xlsx")
    page = Paginator(entries, PAGE).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.rows = [condition_row(rules.Condition(**c)) for c in e.trace.get("conditions", [])]
    context = {
        "grant_list": grant_list,
        "page": page,
        "status": status,
        "statuses": GrantEntry.Status.choices,
        "q": q,
        "counts": selectors.entry_counts(grant_list),
        "can_edit": permissions.can_edit_grant_list(request.user, grant_list)[0],
        "task": _pending_task(request.user, grant_list),
        "history": approvals.history(grant_list) if grant_list.approval_id else [],
        "confirming": services.confirming_organization(grant_list.clause),
        "subnav": "grant_lists",
    }
    return render(request, "policies/grant_list.html", {**links(request.user), **context})


@login_required
@require_POST
@domain_view
def entry_exclude(request, pk: int):
    entry = get_object_or_404(GrantEntry.objects.select_related("grant_list"), pk=pk)
    try:
        services.entry_exclude(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
        messages.success(request, _("已剔除"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grant_list", pk=entry.grant_list_id)


@login_required
@require_POST
@domain_view
def entry_restore(request, pk: int):
    entry = get_object_or_404(GrantEntry.objects.select_related("grant_list"), pk=pk)
    try:
        services.entry_restore(actor=request.user, entry=entry)
        messages.success(request, _("已重新列入"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grant_list", pk=entry.grant_list_id)


@login_required
@require_POST
@domain_view
def list_submit(request, pk: int):
    grant_list = get_object_or_404(GrantList, pk=pk)
    try:
        services.grant_list_submit(actor=request.user, grant_list=grant_list)
        messages.success(request, _("已提交部门确认"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grant_list", pk=pk)


@login_required
@require_POST
@domain_view
def list_decide(request, pk: int):
    grant_list = get_object_or_404(GrantList.objects.select_related("approval"), pk=pk)
    task = _pending_task(request.user, grant_list)
    if task is None:
        messages.error(request, _("该清单当前没有您可以办理的确认环节"))
        return redirect("policies:grant_list", pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        approvals.approval_decide(
            actor=request.user, task=task, approve=approve, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("已确认，兑现已完成") if approve else _("已退回办公室"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grant_list", pk=pk)


@login_required
@domain_view
def grants(request):
    """我的兑现 (an enterprise's grants) / all grants for the office, finance and readers."""
    require(permissions.can_view_grants(request.user))
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:50]
    qs = selectors.grants_for(request.user, status=status, q=q)
    if request.GET.get("format") == "xlsx":
        headers = [_("单位"), _("政策"), _("条款"), _("金额（元）"), _("状态"), _("拨付凭证号"), _("兑现时间")]
        rows = [
            [g.organization.name, g.clause.policy.title, g.clause.title, g.amount, g.get_status_display(),
             g.payment_ref, timezone.localtime(g.created_at).strftime("%Y-%m-%d %H:%M")]
            for g in qs
        ]  # fmt: skip
        return xlsx_response(table_workbook(_("政策兑现记录"), headers, rows), "policy-grants.xlsx")
    context = {
        "page": Paginator(qs, PAGE).get_page(request.GET.get("page")),
        "status": status,
        "q": q,
        "statuses": Grant.Status.choices,
        "all": permissions.sees_all_grants(request.user),
        "can_pay": permissions.can_mark_paid(request.user)[0],
        "can_revoke": permissions.can_manage_grants(request.user)[0],
        "total": selectors.grants_total(qs),
        "subnav": "grants",
        "reader": sees_all(request.user),
    }
    return render(request, "policies/grants.html", {**links(request.user), **context})


@login_required
@require_POST
@domain_view
def grant_pay(request, pk: int):
    grant = get_object_or_404(Grant, pk=pk)
    try:
        services.grant_mark_paid(actor=request.user, grant=grant, payment_ref=request.POST.get("payment_ref", ""))
        messages.success(request, _("已登记拨付"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grants_mine")


@login_required
@require_POST
@domain_view
def grant_revoke(request, pk: int):
    grant = get_object_or_404(Grant, pk=pk)
    try:
        services.grant_revoke(actor=request.user, grant=grant, reason=request.POST.get("reason", ""))
        messages.success(request, _("已撤销兑现"))
    except DomainError as e:
        flash_error(request, e)
    return redirect("policies:grants_mine")
