"""Loans and interest subsidies: the lists (a bank sees its own, an enterprise its own, the office, finance,
leaders and auditors all), the bank's loan form, a loan's page with its actions, the office's subsidy forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.exports import table_workbook
from innozone.core.models import Organization
from innozone.core.web import domain_view, flash_error, require, xlsx_response
from innozone.enterprises import selectors as registry

from .. import permissions, selectors
from ..models import Bank, Loan, LoanType, Pool, Subsidy
from ..services import claims, loans, subsidies
from .common import choice, form_errors, number, paginate

LOAN_HEADERS = [
    _("借款合同号"),
    _("贷款银行"),
    _("借款企业"),
    _("贷款类型"),
    _("贷款金额（元）"),
    _("年利率（%）"),
    _("期限（月）"),
    _("放款日期"),
    _("担保方式"),
    _("首贷"),
    _("纳入资金池"),
    _("状态"),
]


def _loan_row(loan: Loan) -> list:
    return [
        loan.contract_no,
        loan.bank.organization.name,
        loan.enterprise.name,
        loan.get_loan_type_display(),
        loan.amount,
        loan.rate,
        loan.term_months,
        loan.starts_on,
        loan.guarantee,
        _("是") if loan.first_loan else _("否"),
        loan.pool.name if loan.pool_id else "",
        loan.get_status_display(),
    ]


@login_required
@domain_view
def loan_list(request):
    user = request.user
    require(permissions.can_view_loans(user))
    get = request.GET
    rows = selectors.loans_for(
        user,
        q=get.get("q", "")[:100],
        status=choice(get, "status", Loan.Status.values),
        loan_type=choice(get, "loan_type", LoanType.values),
        bank=number(get, "bank"),
        pool=number(get, "pool"),
        year=number(get, "year"),
    )
    if get.get("format") == "xlsx":
        data = table_workbook(_("科技贷款"), LOAN_HEADERS, (_loan_row(loan) for loan in rows))
        return xlsx_response(data, "finance-loans.xlsx")
    context = paginate(request, rows) | {
        "statuses": Loan.Status.choices,
        "loan_types": LoanType.choices,
        "banks": Bank.objects.filter(kind=Bank.Kind.BANK).select_related("organization")
        if permissions.sees_everything(user)
        else [],
        "can_record": permissions.can_record_loan(user)[0],
    }
    return render(request, "finance/loans.html", context)


@login_required
@domain_view
def loan_create(request):
    user = request.user
    require(permissions.can_record_loan(user))
    context = {"values": {"starts_on": timezone.localdate().isoformat()}, "errors": {}}
    if request.method == "POST":
        post = request.POST
        try:
            loan = loans.loan_record(
                actor=user,
                enterprise_id=post.get("enterprise"),
                loan_type=post.get("loan_type", ""),
                contract_no=post.get("contract_no", ""),
                amount=post.get("amount", ""),
                rate=post.get("rate", ""),
                term_months=post.get("term_months", ""),
                starts_on=post.get("starts_on", ""),
                pool_id=post.get("pool", ""),
                guarantee=post.get("guarantee", ""),
                guarantor_id=post.get("guarantor", ""),
                first_loan=post.get("first_loan") == "1",
                pledged_patents=post.get("pledged_patents", ""),
            )
        except ValidationFailed as e:
            context |= form_errors(e) | {"values": post}
        else:
            messages.success(request, _("已登记贷款"))
            return redirect("finance:loan", loan.pk)
    find = request.GET.get("find", request.POST.get("find", ""))[:50]
    context |= {
        "find": find,
        "enterprises": _borrowers(find.strip()),
        "loan_types": LoanType.choices,
        "pools": Pool.objects.filter(active=True),
        "guarantors": Bank.objects.filter(kind=Bank.Kind.GUARANTOR, active=True).select_related("organization"),
    }
    return render(request, "finance/loan_form.html", context)


def _borrowers(find: str) -> list[tuple[int, str]]:
    """Registry enterprises by name or USCC (any registry enterprise may borrow from a cooperating bank)."""
    if not find:
        return []
    if len(find) == 18:
        return [(org, name) for org, name in registry.organizations_by_uscc([find.upper()]).values()]
    orgs = Organization.objects.filter(registry_entry__isnull=False, name__icontains=find).order_by("name")
    return list(orgs.values_list("pk", "name")[:50])


@login_required
@domain_view
def loan_detail(request, loan_id: int):
    user = request.user
    loan = selectors.loan_visible(user, loan_id)
    claim = getattr(loan, "claim", None)
    context = {
        "loan": loan,
        "claim": claim,
        "subsidies": loan.subsidies.order_by("-year"),
        "can_change": permissions.can_change_loan(user, loan)[0],
        "can_manage": permissions.can_manage(user)[0],
        "can_see_claim": claim is not None and permissions.can_view_claims(user)[0],
        "statuses": loans.CHANGES.get(loan.status, ()),
        "status_labels": dict(Loan.Status.choices),
        "this_year": timezone.localdate().year,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "finance/loan.html", context)


def _act(request, loan_id: int, action, success: str):
    loan = selectors.loan_visible(request.user, loan_id)
    try:
        action(loan)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("finance:loan", loan.pk)


@require_POST
@login_required
@domain_view
def loan_status(request, loan_id: int):
    status = request.POST.get("status", "")
    return _act(
        request,
        loan_id,
        lambda loan: loans.loan_set_status(
            actor=request.user, loan=loan, status=status, note=request.POST.get("note", "")
        ),
        _("已更新贷款状态"),
    )


@require_POST
@login_required
@domain_view
def loan_claim(request, loan_id: int):
    post = request.POST
    return _act(
        request,
        loan_id,
        lambda loan: claims.claim_file(
            actor=request.user,
            loan=loan,
            default_on=post.get("default_on", ""),
            principal_loss=post.get("principal_loss", ""),
            bank_exposure=post.get("bank_exposure", ""),
        ),
        _("已提交风险补偿申请"),
    )


@require_POST
@login_required
@domain_view
def loan_subsidy(request, loan_id: int):
    post = request.POST
    return _act(
        request,
        loan_id,
        lambda loan: subsidies.subsidy_compute(
            actor=request.user,
            loan=loan,
            year=post.get("year", ""),
            interest_paid=post.get("interest_paid", ""),
            share=post.get("share", ""),
        ),
        _("已核定贴息"),
    )


@login_required
@domain_view
def subsidy_list(request):
    user = request.user
    require(permissions.can_view_subsidies(user))
    get = request.GET
    rows = selectors.subsidies_for(
        user, q=get.get("q", "")[:100], status=choice(get, "status", Subsidy.Status.values), year=number(get, "year")
    )
    if get.get("format") == "xlsx":
        data = table_workbook(
            _("贷款贴息"),
            [
                _("借款合同号"),
                _("借款企业"),
                _("贷款银行"),
                _("年度"),
                _("已付利息（元）"),
                _("贴息比例"),
                _("贴息金额（元）"),
                _("状态"),
                _("支付日期"),
                _("凭证号"),
            ],
            (
                [
                    s.loan.contract_no,
                    s.loan.enterprise.name,
                    s.loan.bank.organization.name,
                    s.year,
                    s.interest_paid,
                    s.share,
                    s.amount,
                    s.get_status_display(),
                    s.paid_on,
                    s.reference,
                ]
                for s in rows
            ),
        )
        return xlsx_response(data, "finance-subsidies.xlsx")
    context = paginate(request, rows) | {
        "statuses": Subsidy.Status.choices,
        "can_manage": permissions.can_manage(user)[0],
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "finance/subsidies.html", context)


@require_POST
@login_required
@domain_view
def subsidy_pay(request, subsidy_id: int):
    row = selectors.subsidies_for(request.user).filter(pk=subsidy_id).first()
    require(permissions.can_manage(request.user))
    if row is None:
        return redirect("finance:subsidies")
    try:
        subsidies.subsidy_pay(
            actor=request.user,
            subsidy_row=row,
            reference=request.POST.get("reference", ""),
            paid_on=request.POST.get("paid_on", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已登记贴息支付"))
    return redirect("finance:subsidies")
