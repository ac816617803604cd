"""The zone office's pages (leaders and auditors read them too): the dashboard, every voucher,
redemption review, settlement batches and providers."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError, NotFound
from innozone.core.web import decide_from_post, domain_view, flash_error, require, xlsx_response

from .. import exports, selectors, services
from ..models import Provider
from ..permissions import can_manage, can_settle, can_view_office


def _int(value) -> int | None:
    """An id from a query string or form; None for anything that is not a positive integer."""
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _scheme(request):
    schemes = selectors.schemes_all()
    chosen = schemes.filter(pk=_int(request.GET.get("scheme")) or 0).first() or schemes.first()
    return schemes, chosen


@login_required
@domain_view
def office(request):
    require(can_view_office(request.user))
    schemes, scheme = _scheme(request)
    data = selectors.dashboard(scheme) if scheme else None
    if scheme and request.GET.get("format") == "xlsx":
        return xlsx_response(exports.dashboard_workbook(scheme, data), f"vouchers-{scheme.year}.xlsx")
    context = {
        "schemes": schemes,
        "scheme": scheme,
        "data": data,
        "can_manage": can_manage(request.user)[0],
        "pending": selectors.redemptions_pending().count(),
        "providers_pending": selectors.providers_pending_count(),
    }
    if data:
        context["charts"] = {
            "burn": data["burn"],
            "by_category": data["by_category"],
            "by_city": data["by_city"],
            "labels": {"issued": _("累计发放"), "redeemed": _("累计兑付"), "left": _("预算余额")},
        }
    return render(request, "vouchers/office.html", context)


@login_required
@domain_view
def office_vouchers(request):
    require(can_view_office(request.user))
    status = request.GET.get("status", "")
    qs = selectors.vouchers_for(request.user, status=status)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.vouchers_workbook(qs), "vouchers.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "vouchers/office_vouchers.html", {"page": page, "status": status})


@login_required
@domain_view
def office_redemptions(request):
    require(can_view_office(request.user))
    if request.method == "POST":
        require(can_manage(request.user))
        try:
            redemption = selectors.redemption_get(_int(request.POST.get("redemption")))
        except NotFound:
            flash_error(request, DomainError(_("兑付不存在")))
        else:
            decide_from_post(request, services.redemption_review, success=_("已审核"), redemption=redemption)
        return redirect("vouchers:office_redemptions")
    page = Paginator(selectors.redemptions_pending(), 30).get_page(request.GET.get("page"))
    return render(
        request, "vouchers/office_redemptions.html", {"page": page, "can_manage": can_manage(request.user)[0]}
    )


@login_required
@domain_view
def office_settlements(request):
    require(can_view_office(request.user))
    schemes, scheme = _scheme(request)
    if request.method == "POST":
        require(can_manage(request.user))
        action = request.POST.get("action")
        batch = selectors.batch_get(_int(request.POST.get("batch"))) if action == "paid" else None
        try:
            if action == "create":
                batch = services.settlement_create(actor=request.user, scheme=scheme)
                messages.success(request, _("已生成结算批次 %(n)s") % {"n": batch.number})
            elif action == "paid":
                services.settlement_mark_paid(actor=request.user, batch=batch)
                messages.success(request, _("已标记拨付"))
        except DomainError as e:
            flash_error(request, e)
        return redirect(f"{request.path}?scheme={scheme.pk}" if scheme else request.path)
    waiting = list(selectors.redemptions_awaiting_settlement(scheme))
    may_settle, why_not = can_settle(request.user, waiting)
    context = {
        "schemes": schemes,
        "scheme": scheme,
        "batches": selectors.batches(scheme),
        "waiting": len(waiting),
        "waiting_total": sum((r.amount for r in waiting), Decimal("0")),
        "can_manage": can_manage(request.user)[0],
        "may_settle": may_settle,
        "why_not": why_not,
    }
    return render(request, "vouchers/office_settlements.html", context)


@login_required
@domain_view
def settlement_export(request, batch_id):
    require(can_view_office(request.user))
    batch = selectors.batch_get(batch_id)
    return xlsx_response(exports.settlement_workbook(batch), f"{batch.number}.xlsx")


@login_required
@domain_view
def office_providers(request):
    require(can_view_office(request.user))
    if request.method == "POST":
        try:
            provider = selectors.provider_get(_int(request.POST.get("provider")))
            services.provider_set_status(
                actor=request.user,
                provider=provider,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
            )
        except NotFound:
            flash_error(request, DomainError(_("服务机构不存在")))
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已更新"))
        return redirect("vouchers:office_providers")
    return render(
        request,
        "vouchers/office_providers.html",
        {
            "rows": selectors.providers_with_records(),
            "statuses": Provider.Status.choices,
            "can_manage": can_manage(request.user)[0],
        },
    )
