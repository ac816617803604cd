"""Risk-compensation claims: the list, a claim's page (the computation, the clocks, the approval office →
finance with its history, the recovery form) and the decision post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import approvals
from innozone.core.errors import DomainError
from innozone.core.exports import table_workbook
from innozone.core.web import decide_from_post, domain_view, flash_error, require, xlsx_response

from .. import permissions, selectors
from ..models import Claim
from ..services import claims as services
from ..services.common import pool_balance
from .common import choice, paginate

STAGES = {1: _("受托机构初审"), 2: _("财务科审批")}


@login_required
@domain_view
def claim_list(request):
    user = request.user
    require(permissions.can_view_claims(user))
    rows = selectors.claims_for(
        user, q=request.GET.get("q", "")[:100], status=choice(request.GET, "status", Claim.Status.values)
    )
    if request.GET.get("format") == "xlsx":
        data = table_workbook(
            _("风险补偿申请"),
            [
                _("借款合同号"),
                _("贷款银行"),
                _("借款企业"),
                _("本金损失（元）"),
                _("银行实际承担损失（元）"),
                _("核定补偿（元）"),
                _("申请日期"),
                _("初审期限"),
                _("审批期限"),
                _("状态"),
                _("补偿日期"),
            ],
            (
                [
                    c.loan.contract_no,
                    c.loan.bank.organization.name,
                    c.loan.enterprise.name,
                    c.principal_loss,
                    c.bank_exposure,
                    c.computed,
                    c.filed_on,
                    c.check_due,
                    c.approve_due,
                    c.get_status_display(),
                    c.paid_on,
                ]
                for c in rows
            ),
        )
        return xlsx_response(data, "finance-claims.xlsx")
    context = paginate(request, rows) | {"statuses": Claim.Status.choices, "today": timezone.localdate()}
    return render(request, "finance/claims.html", context)


@login_required
@domain_view
def claim_detail(request, claim_id: int):
    user = request.user
    claim = selectors.claim_visible(user, claim_id)
    task = services.pending_task(claim, user)
    open_stage = claim.open_stage
    context = {
        "claim": claim,
        "loan": claim.loan,
        "task": task,
        "blocker": approvals.stage_blocker(task) if task else None,
        "history": approvals.history(claim),
        "stages": STAGES,
        "open_stage": open_stage,
        "stage_label": STAGES.get(open_stage, ""),
        "today": timezone.localdate(),
        "balance": pool_balance(claim.loan.pool_id),
        "movements": claim.movements.order_by("on", "id"),
        "can_recover": claim.status == Claim.Status.PAID and permissions.can_change_loan(user, claim.loan)[0],
    }
    return render(request, "finance/claim.html", context)


@require_POST
@login_required
@domain_view
def claim_decide(request, claim_id: int):
    claim = selectors.claim_visible(request.user, claim_id)
    decide_from_post(request, services.claim_decide, claim=claim, note_field="comment", success=_("已办理"))
    return redirect("finance:claim", claim.pk)


@require_POST
@login_required
@domain_view
def claim_recover(request, claim_id: int):
    claim = selectors.claim_visible(request.user, claim_id)
    try:
        services.claim_recover(
            actor=request.user,
            claim=claim,
            amount=request.POST.get("amount", ""),
            on=request.POST.get("on", ""),
            reference=request.POST.get("reference", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已登记追回，资金池份额已返还"))
    return redirect("finance:claim", claim.pk)
