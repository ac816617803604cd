"""The enterprise's pages: its vouchers, applications and orders, applying, ordering, cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import approvals
from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require
from innozone.ledger import selectors as ledger_selectors

from .. import selectors, services
from ..forms import ApplicationForm, OrderForm
from ..permissions import can_apply, can_view_office
from ..services.events import LEDGER_LABELS


@login_required
@domain_view
def home(request):
    user = request.user
    if can_view_office(user)[0]:
        return redirect("vouchers:office")
    provider = selectors.provider_for_user(user)
    if provider is not None or user.role == "provider":
        return redirect("vouchers:provider")
    require(can_apply(user))
    context = {
        "vouchers": selectors.vouchers_for(user)[:50],
        "applications": selectors.applications_for(user)[:20],
        "orders": selectors.orders_for(user)[:20],
        "schemes": selectors.schemes_open(),
    }
    return render(request, "vouchers/enterprise.html", context)


@login_required
@domain_view
def apply(request):
    require(can_apply(request.user))
    form = ApplicationForm(request.POST or None, schemes=selectors.schemes_open())
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("申请已提交，等待审批"))
            return redirect("vouchers:application", application.pk)
    return render(request, "vouchers/apply.html", {"form": form, "schemes": selectors.schemes_open()})


@login_required
@domain_view
def application_detail(request, application_id):
    application = selectors.application_get(request.user, application_id)
    context = {"application": application, "history": approvals.history(application)}
    return render(request, "vouchers/application.html", context)


@login_required
@domain_view
def voucher_detail(request, voucher_id):
    voucher = selectors.voucher_get(request.user, voucher_id)
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_place(actor=request.user, voucher=voucher, **form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已下单：%(n)s") % {"n": order.number})
            return redirect("vouchers:order", order.pk)
    context = {
        "voucher": voucher,
        "orders": voucher.orders.select_related("provider__organization", "item"),
        "events": [
            (e, LEDGER_LABELS.get(e.kind, e.kind)) for e in ledger_selectors.entries_for("vouchers.Voucher", voucher.pk)
        ],
        "form": form,
        "is_owner": voucher.enterprise_id == request.user.organization_id,
    }
    return render(request, "vouchers/voucher.html", context)


@login_required
@domain_view
def voucher_proof(request, voucher_id):
    """Every ledger event of the voucher with its inclusion proof against the latest signed head."""
    voucher = selectors.voucher_get(request.user, voucher_id)
    body = {
        **services.voucher_proof(voucher),
        "how_to_verify": "leaf_hash = SHA-256(0x00 || payload UTF-8); RFC 9162 §2.1.3.2 with audit_path",
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{voucher.number}-proof.json"'
    return response


@login_required
@require_POST
@domain_view
def voucher_cancel(request, voucher_id):
    voucher = selectors.voucher_get(request.user, voucher_id)
    try:
        services.voucher_cancel(actor=request.user, voucher=voucher, reason=request.POST.get("reason", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已作废，余额已退回预算"))
    return redirect("vouchers:voucher", voucher.pk)
