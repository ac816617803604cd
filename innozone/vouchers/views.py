"""Voucher pages: enterprise (apply, my vouchers, orders), provider (orders, deliver, redeem),
zone office (dashboard, redemption review, settlement, providers). Thin: services do the work."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import approvals
from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require, xlsx_response
from innozone.ledger import selectors as ledger_selectors

from . import exports, selectors, services
from .forms import ApplicationForm, DeliverForm, OrderForm, ProviderForm, ServiceItemForm
from .models import EVENT_LABELS, Provider, Redemption, Scheme, SettlementBatch
from .permissions import can_apply, can_manage, can_register_provider, can_view_office


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
            (e, EVENT_LABELS.get(e.kind, e.kind)) for e in ledger_selectors.entries_for("vouchers.Voucher", voucher.pk)
        ],
        "form": form,
        "is_owner": voucher.enterprise_id == request.user.organization_id,
    }
    return render(request, "vouchers/voucher.html", context)


@login_required
@domain_view
def voucher_proof(request, voucher_id):
    """Every ledger event of the voucher with its inclusion proof against the latest signed head."""
    from innozone.ledger.services import head_as_dict, head_sign_current

    voucher = selectors.voucher_get(request.user, voucher_id)
    head = head_sign_current()
    events = []
    for entry in ledger_selectors.entries_for("vouchers.Voucher", voucher.pk):
        proof = ledger_selectors.inclusion(entry.index, head.tree_size)
        events.append({"payload": entry.payload, **proof})
    body = {
        "voucher": voucher.number,
        "signed_head": head_as_dict(head),
        "events": events,
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


@login_required
@domain_view
def order_detail(request, order_id):
    order = selectors.order_get(request.user, order_id)
    deliver = (
        DeliverForm(request.POST or None, request.FILES or None)
        if request.POST.get("action") == "deliver"
        else DeliverForm()
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "deliver":
                if deliver.is_valid():
                    services.order_deliver(actor=request.user, order=order, files=deliver.files_with_kinds())
                else:
                    raise DomainError(_("请上传合同或发票，以及服务报告"))
            elif action == "confirm":
                services.order_confirm(actor=request.user, order=order)
            elif action == "redeem":
                services.voucher_redeem(actor=request.user, order=order)
            elif action == "cancel":
                services.order_cancel(actor=request.user, order=order, reason=request.POST.get("reason", ""))
            elif action == "complain":
                services.order_complain(actor=request.user, order=order, text=request.POST.get("text", ""))
            else:
                raise DomainError(_("未知操作"))
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已办理"))
            return redirect("vouchers:order", order.pk)
    order = selectors.order_get(request.user, order_id)
    context = {
        "order": order,
        "deliver": deliver,
        "evidence": order.evidence.all(),
        "redemption": Redemption.objects.filter(order=order).first(),
        "is_enterprise": order.voucher.enterprise_id == request.user.organization_id,
        "is_provider": order.provider.organization_id == request.user.organization_id,
    }
    return render(request, "vouchers/order.html", context)


@login_required
@domain_view
def provider_home(request):
    provider = selectors.provider_for_user(request.user)
    if provider is None:
        return redirect("vouchers:provider_register")
    form = ServiceItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_item_add(actor=request.user, provider=provider, **form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已添加服务项目"))
            return redirect("vouchers:provider")
    orders = Paginator(selectors.orders_for(request.user), 30).get_page(request.GET.get("page"))
    context = {
        "provider": provider,
        "page": orders,
        "items": provider.items.select_related("category"),
        "record": selectors.provider_record(provider),
        "form": form,
    }
    return render(request, "vouchers/provider.html", context)


@login_required
@domain_view
def provider_register(request):
    require(can_register_provider(request.user))
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_register(actor=request.user, organization=request.user.organization, **form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已提交入库申请，等待办公室审核"))
            return redirect("vouchers:provider")
    return render(request, "vouchers/provider_register.html", {"form": form})


# ---------------------------------------------------------------- zone office


def _int(value) -> int | None:
    """An id from a query string or form; None for anything that is not a positive integer."""
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _scheme(request):
    schemes = Scheme.objects.order_by("-year", "id")
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
        "providers_pending": Provider.objects.filter(status=Provider.Status.PENDING).count(),
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
    qs = selectors.vouchers_for(request.user)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
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
        redemption = Redemption.objects.filter(pk=_int(request.POST.get("redemption")) or 0).first()
        try:
            if redemption is None:
                raise DomainError(_("兑付不存在"))
            services.redemption_review(
                actor=request.user,
                redemption=redemption,
                approve=request.POST.get("decision") == "approve",
                note=request.POST.get("note", ""),
            )
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已审核"))
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
        try:
            if request.POST.get("action") == "create":
                batch = services.settlement_create(actor=request.user, scheme=scheme)
                messages.success(request, _("已生成结算批次 %(n)s") % {"n": batch.number})
            elif request.POST.get("action") == "paid":
                batch = get_object_or_404(SettlementBatch, pk=_int(request.POST.get("batch")) or 0)
                services.settlement_mark_paid(actor=request.user, batch=batch)
                messages.success(request, _("已标记拨付"))
        except DomainError as e:
            flash_error(request, e)
        return redirect(f"{request.path}?scheme={scheme.pk}" if scheme else request.path)
    approved = Redemption.objects.filter(voucher__scheme=scheme, status=Redemption.Status.APPROVED, batch__isnull=True)
    context = {
        "schemes": schemes,
        "scheme": scheme,
        "batches": selectors.batches(scheme),
        "waiting": approved.count(),
        "waiting_total": sum((r.amount for r in approved), Decimal("0")),
        "can_manage": can_manage(request.user)[0],
    }
    return render(request, "vouchers/office_settlements.html", context)


@login_required
@domain_view
def settlement_export(request, batch_id):
    require(can_view_office(request.user))
    batch = get_object_or_404(SettlementBatch.objects.select_related("scheme"), pk=batch_id)
    return xlsx_response(exports.settlement_workbook(batch), f"{batch.number}.xlsx")


@login_required
@domain_view
def office_providers(request):
    require(can_view_office(request.user))
    if request.method == "POST":
        provider = Provider.objects.filter(pk=_int(request.POST.get("provider")) or 0).first()
        try:
            if provider is None:
                raise DomainError(_("服务机构不存在"))
            services.provider_set_status(
                actor=request.user,
                provider=provider,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
            )
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已更新"))
        return redirect("vouchers:office_providers")
    providers = Provider.objects.select_related("organization", "organization__region").prefetch_related("categories")
    rows = [(p, selectors.provider_record(p)) for p in providers]
    return render(
        request,
        "vouchers/office_providers.html",
        {"rows": rows, "statuses": Provider.Status.choices, "can_manage": can_manage(request.user)[0]},
    )
