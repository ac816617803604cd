"""Guided funds and their investments: the funds, the investments (filters, Excel) and the office's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.exports import table_workbook
from innozone.core.models import Organization, Region
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from .. import permissions, selectors
from ..models import GuidedFund
from ..services import funds as services
from .common import form_errors, number, paginate


@login_required
@domain_view
def fund_list(request):
    user = request.user
    require(permissions.can_view_funds(user))
    can_manage = permissions.can_manage(user)[0]
    context = {"values": {}, "can_manage": can_manage}
    if request.method == "POST":
        require(permissions.can_manage(user))
        post = request.POST
        try:
            if post.get("form") == "fund":
                services.fund_create(
                    actor=user,
                    name=post.get("name", ""),
                    kind=post.get("kind", ""),
                    manager=post.get("manager", ""),
                    size=post.get("size", ""),
                    government_share=post.get("government_share", ""),
                    region_id=post.get("region"),
                    established_on=post.get("established_on", ""),
                )
            else:
                fund = selectors.funds_for(user).filter(pk=number(post, "fund") or 0).first()
                if fund is None:
                    raise ValidationFailed(detail=[{"field": "fund", "message": _("请选择基金")}])
                services.investment_record(
                    actor=user,
                    fund=fund,
                    enterprise_id=post.get("enterprise"),
                    amount=post.get("amount", ""),
                    invested_on=post.get("invested_on", ""),
                    stake=post.get("stake", ""),
                )
        except ValidationFailed as e:
            context |= form_errors(e) | {"values": post}
        else:
            messages.success(request, _("已保存"))
            return redirect("finance:funds")
    get = request.GET
    exited = {"1": True, "0": False}.get(get.get("exited", ""))
    rows = selectors.investments_for(user, q=get.get("q", "")[:100], fund=number(get, "fund"), exited=exited)
    if get.get("format") == "xlsx":
        data = table_workbook(
            _("基金投资"),
            [
                _("基金名称"),
                _("被投企业"),
                _("投资金额（元）"),
                _("持股比例（%）"),
                _("投资日期"),
                _("退出日期"),
                _("退出回收（元）"),
                _("退出方式"),
            ],
            (
                [
                    i.fund.name,
                    i.enterprise.name,
                    i.amount,
                    i.stake,
                    i.invested_on,
                    i.exited_on,
                    i.exit_amount,
                    i.exit_kind,
                ]
                for i in rows
            ),
        )
        return xlsx_response(data, "finance-investments.xlsx")
    funds = selectors.funds_for(user)
    context |= paginate(request, rows) | {
        "funds": funds,
        "kinds": GuidedFund.Kind.choices,
        "today": timezone.localdate().isoformat(),
    }
    if can_manage:
        context["regions"] = Region.objects.order_by("id")
        context["enterprises"] = (
            Organization.objects.filter(registry_entry__isnull=False).order_by("name").values_list("pk", "name")[:500]
        )
    return render(request, "finance/funds.html", context)


@require_POST
@login_required
@domain_view
def investment_exit(request, investment_id: int):
    row = selectors.investments_for(request.user).filter(pk=investment_id).first()
    require(permissions.can_manage(request.user))
    if row is not None:
        try:
            services.investment_exit(
                actor=request.user,
                investment=row,
                exited_on=request.POST.get("exited_on", ""),
                exit_amount=request.POST.get("exit_amount", ""),
                exit_kind=request.POST.get("exit_kind", ""),
            )
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已登记退出"))
    return redirect("finance:funds")
