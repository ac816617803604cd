from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import approvals, inbox, selectors, tokens
from ..models import ApiToken, ApprovalTask
from ..permissions import can_view_audit
from ..roles import Role
from ..web import decide_from_post, xlsx_response


@login_required
def home(request):
    role = request.user.role
    if request.user.is_superuser or role in (Role.OFFICE_ADMIN, Role.LEADER, Role.AUDITOR):
        return redirect("cockpit:dashboard")
    if role in (Role.COORDINATOR, Role.REPORTER):
        return redirect("plans:mine")
    if role == Role.FINANCE:  # the second step of a disbursement and of a risk-pool claim
        return redirect("funds:tranches")
    if role == Role.BANK:  # the bank's own loans, claims and subsidies
        return redirect("finance:loans")
    return render(request, "core/welcome.html")


@login_required
def notices(request):
    page = Paginator(selectors.notices_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notices.html", {"page": page})


@login_required
@require_POST
def notices_read(request):
    ids = request.POST.getlist("id") or None
    inbox.notice_mark_read(actor=request.user, notice_ids=ids)
    return redirect(_safe_next(request, "notices"))


@login_required
def audit_log(request):
    allowed, reason = can_view_audit(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    qs = selectors.audit_events(
        action=request.GET.get("action", ""),
        object_type=request.GET.get("type", ""),
        actor=request.GET.get("actor", ""),
    )
    if request.GET.get("format") == "xlsx":
        from ..exports import audit_workbook

        return xlsx_response(audit_workbook(qs[:50000]), "audit.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "filters": request.GET})


#: the expiries offered on the tokens page, in days (0: none)
TOKEN_EXPIRY_DAYS = [
    (0, gettext_lazy("长期有效")),
    (30, gettext_lazy("30 天")),
    (90, gettext_lazy("90 天")),
    (365, gettext_lazy("一年")),
]


@login_required
def api_tokens(request):
    new_key = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            tokens.api_token_revoke(actor=request.user, token=token)
            messages.success(request, _("令牌已作废"))
            return redirect("api_tokens")
        name = request.POST.get("name", "").strip()[:100]
        days = _int(request.POST.get("expires_days"))
        if not name:
            messages.error(request, _("请填写令牌名称"))
        else:
            new_key = tokens.api_token_create(
                actor=request.user,
                user=request.user,
                name=name,
                expires_at=timezone.now() + timedelta(days=days) if days in dict(TOKEN_EXPIRY_DAYS) and days else None,
                read_only=bool(request.POST.get("read_only")),
            )
    items = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    context = {"tokens": items, "new_key": new_key, "expiry_choices": TOKEN_EXPIRY_DAYS}
    return render(request, "core/tokens.html", context)


def _int(value) -> int:
    return int(value) if value and value.isdigit() else 0


@login_required
def approvals_page(request):
    """审批待办: the tasks waiting for the user's organization, and what it decided before."""
    pending = [(t, approvals.subject_link(t.request)) for t in approvals.pending_for(request.user)]
    page = Paginator(approvals.decided_by_org(request.user), 30).get_page(request.GET.get("page"))
    context = {"pending": pending, "page": page, "now": timezone.now()}
    return render(request, "core/approvals.html", context)


@login_required
@require_POST
def approval_decide(request, task_id):
    task = get_object_or_404(ApprovalTask.objects.select_related("request", "approver"), pk=task_id)
    decide_from_post(
        request,
        approvals.approval_decide,
        success=_("已办理：%(t)s") % {"t": task.request.title},
        note_field="comment",
        note_kw="comment",
        task=task,
    )
    return redirect(_safe_next(request, "approvals"))


def _safe_next(request, default: str) -> str:
    """The POSTed `next` only when it points at this site (no open redirect)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)
