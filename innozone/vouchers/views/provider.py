"""The provider's pages: its orders, record and catalogue, and registering as a provider."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, require

from .. import selectors, services
from ..forms import ProviderForm, ServiceItemForm
from ..permissions import can_register_provider


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
