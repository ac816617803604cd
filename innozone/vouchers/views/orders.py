"""The order page, shared by the two parties: the provider delivers and redeems, the enterprise
confirms, cancels or complains."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error

from .. import selectors, services
from ..forms import DeliverForm


def _act(request, order, action: str, deliver: DeliverForm) -> None:
    """Run one of the order page's actions; a refusal raises DomainError."""
    actor = request.user
    if action == "deliver":
        if not deliver.is_valid():
            raise DomainError(_("请上传合同或发票，以及服务报告"))
        services.order_deliver(actor=actor, order=order, files=deliver.files_with_kinds())
    elif action == "confirm":
        services.order_confirm(actor=actor, order=order)
    elif action == "redeem":
        services.voucher_redeem(actor=actor, order=order)
    elif action == "cancel":
        services.order_cancel(actor=actor, order=order, reason=request.POST.get("reason", ""))
    elif action == "complain":
        services.order_complain(actor=actor, order=order, text=request.POST.get("text", ""))
    else:
        raise DomainError(_("未知操作"))


@login_required
@domain_view
def order_detail(request, order_id):
    order = selectors.order_get(request.user, order_id)
    action = request.POST.get("action")
    deliver = DeliverForm(request.POST or None, request.FILES or None) if action == "deliver" else DeliverForm()
    if request.method == "POST":
        try:
            _act(request, order, action, deliver)
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
        "redemption": selectors.redemption_of(order),
        "is_enterprise": order.voucher.enterprise_id == request.user.organization_id,
        "is_provider": order.provider.organization_id == request.user.organization_id,
    }
    return render(request, "vouchers/order.html", context)


@login_required
@domain_view
def evidence_download(request, order_id, evidence_id):
    """A delivery file, as a download, for whoever may see the order (404 for anyone else)."""
    evidence = selectors.evidence_get(request.user, order_id, evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=str(evidence))
