"""Cooperating banks and the risk-compensation pools: lists, a pool's page (balance, rules, movements) and the
office's forms (register a bank, create a pool, set a rule, record a contribution)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import ValidationFailed
from innozone.core.exports import table_workbook
from innozone.core.models import Organization, Region
from innozone.core.web import domain_view, require, xlsx_response

from .. import permissions, selectors
from ..models import Bank, LoanType, PoolMovement
from ..services import pools as services
from .common import choice, form_errors, paginate


@login_required
@domain_view
def bank_list(request):
    user = request.user
    require(permissions.can_view_banks(user))
    context = {"can_manage": permissions.can_manage(user)[0], "kinds": Bank.Kind.choices, "values": {}}
    if request.method == "POST":
        require(permissions.can_manage(user))
        try:
            services.bank_register(
                actor=user,
                organization_id=request.POST.get("organization"),
                kind=request.POST.get("kind", ""),
                since=request.POST.get("since", ""),
                contact=request.POST.get("contact", ""),
            )
        except ValidationFailed as e:
            context |= form_errors(e) | {"values": request.POST}
        else:
            messages.success(request, _("已登记合作金融机构"))
            return redirect("finance:banks")
    q = request.GET.get("q", "")[:100]
    kind = choice(request.GET, "kind", Bank.Kind.values)
    rows = selectors.banks_for(user)
    if q:
        rows = rows.filter(organization__name__icontains=q)
    if kind:
        rows = rows.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        data = table_workbook(
            _("合作金融机构"),
            [_("名称"), _("类型"), _("所在地区"), _("合作开始"), _("联系人"), _("合作中")],
            (
                [
                    b.organization.name,
                    b.get_kind_display(),
                    str(b.organization.region or ""),
                    b.since,
                    b.contact,
                    _("是") if b.active else _("否"),
                ]
                for b in rows
            ),
        )
        return xlsx_response(data, "finance-banks.xlsx")
    registered = Bank.objects.values("organization_id")
    context |= paginate(request, rows)
    context["candidates"] = Organization.objects.filter(kind=Organization.Kind.FINANCIAL).exclude(pk__in=registered)
    return render(request, "finance/banks.html", context)


@login_required
@domain_view
def pool_list(request):
    user = request.user
    require(permissions.can_view_pools(user))
    context = {"can_manage": permissions.can_manage(user)[0], "values": {}}
    if request.method == "POST":
        require(permissions.can_manage(user))
        try:
            pool = services.pool_create(
                actor=user,
                name=request.POST.get("name", ""),
                region_id=request.POST.get("region"),
                trustee=request.POST.get("trustee", ""),
                per_firm_cap=request.POST.get("per_firm_cap", ""),
                max_term_months=request.POST.get("max_term_months", ""),
                check_days=request.POST.get("check_days", "5"),
                approve_days=request.POST.get("approve_days", "25"),
            )
        except ValidationFailed as e:
            context |= form_errors(e) | {"values": request.POST}
        else:
            messages.success(request, _("已设立资金池，请设置补偿规则并登记注资"))
            return redirect("finance:pool", pool.pk)
    rows = selectors.pools_for(user)
    q = request.GET.get("q", "")[:100]
    if q:
        rows = rows.filter(name__icontains=q)
    if request.GET.get("format") == "xlsx":
        data = table_workbook(
            _("风险补偿资金池"),
            [_("资金池名称"), _("设立地区"), _("受托管理机构"), _("余额（元）"), _("单户年度贷款上限（元）")],
            ([p.name, p.region.name, p.trustee, p.balance or 0, p.per_firm_cap] for p in rows),
        )
        return xlsx_response(data, "finance-pools.xlsx")
    context |= paginate(request, rows)
    context["regions"] = Region.objects.order_by("id")
    return render(request, "finance/pools.html", context)


@login_required
@domain_view
def pool_detail(request, pool_id: int):
    user = request.user
    pool = selectors.pool_visible(user, pool_id)
    movements = pool.movements.select_related("claim__loan").order_by("-on", "-id")
    kind = choice(request.GET, "kind", PoolMovement.Kind.values)
    if kind:
        movements = movements.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        data = table_workbook(
            _("资金池变动"),
            [_("日期"), _("类型"), _("金额（元）"), _("出资方"), _("凭证号"), _("借款合同号")],
            (
                [
                    m.on,
                    m.get_kind_display(),
                    m.amount,
                    m.funder,
                    m.reference,
                    m.claim.loan.contract_no if m.claim_id else "",
                ]
                for m in movements
            ),
        )
        return xlsx_response(data, f"finance-pool-{pool.pk}.xlsx")
    context = paginate(request, movements) | {
        "pool": pool,
        "rules": pool.rules.order_by("loan_type"),
        "loan_types": LoanType.choices,
        "kinds": PoolMovement.Kind.choices,
        "can_manage": permissions.can_manage(user)[0],
        "values": {},
    }
    return render(request, "finance/pool.html", context)


def _pool_post(request, pool_id: int, action):
    user = request.user
    pool = selectors.pool_visible(user, pool_id)
    require(permissions.can_manage(user))
    try:
        action(user, pool, request.POST)
    except ValidationFailed as e:
        for label, message in form_errors(e)["error_list"]:
            messages.error(request, f"{label}：{message}" if label else message)
    else:
        messages.success(request, _("已保存"))
    return redirect("finance:pool", pool.pk)


@require_POST
@login_required
@domain_view
def pool_rule(request, pool_id: int):
    return _pool_post(
        request,
        pool_id,
        lambda user, pool, post: services.pool_rule_set(
            actor=user,
            pool=pool,
            loan_type=post.get("loan_type", ""),
            share=post.get("share", ""),
            bonus_first_loan=post.get("bonus_first_loan", "") or 0,
            cap_of_exposure=post.get("cap_of_exposure", "") or 1,
        ),
    )


@require_POST
@login_required
@domain_view
def pool_contribute(request, pool_id: int):
    return _pool_post(
        request,
        pool_id,
        lambda user, pool, post: services.pool_contribute(
            actor=user,
            pool=pool,
            amount=post.get("amount", ""),
            funder=post.get("funder", ""),
            on=post.get("on", ""),
            reference=post.get("reference", ""),
        ),
    )
