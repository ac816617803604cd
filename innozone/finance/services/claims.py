"""Risk-compensation claims (风险补偿) on the approval component (flow `finance-claim`):

    filing   the bank files a claim on its defaulted loan in a pool: the principal loss and its own exposure;
             the engine computes the compensation with the pool's rule for the loan type, capped by the pool's
             balance; clocks: the trustee's check within `pool.check_days` working days (5), the approval
             within `pool.approve_days` working days (25) after the check
    stage 1  the office as the pool's trustee checks (受托机构初审)
    stage 2  the finance office (兰白自创区办公室财务科) approves: the payout is a negative `compensation`
             movement of the pool (a ledger event) and the loan is `compensated`

Claims and payouts serialise on the Pool row (select_for_update): the balance never goes below zero; a
payout the balance no longer covers is refused and the claim waits with the reason. A later recovery by the
bank returns the pool's share of it (a positive `recovery` movement)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.models import ApprovalFlow, ApprovalTask, Organization, User
from innozone.core.roles import Role
from innozone.core.selectors import office_organization, organization_by_name

from .. import permissions
from ..engine.compensation import ShareRule, compensation, working_days_after
from ..models import Claim, Loan, Pool, PoolMovement, PoolRule
from . import common, events

FLOW_CODE, FLOW_NAME = "finance-claim", "风险补偿审批"
FINANCE_ORG = "兰白自创区办公室财务科（演示）"
STAGE_CHECK, STAGE_APPROVE = 1, 2


def finance_organization() -> Organization | None:
    """The finance office deciding stage 2 (INNOZONE_FUNDS_FINANCE_ORG: the one finance office of the zone, which
    also decides the special funds' tranches), else the organization of a user with the finance role."""
    org = organization_by_name(getattr(settings, "INNOZONE_FUNDS_FINANCE_ORG", "") or FINANCE_ORG)
    if org is not None:
        return org
    user = User.objects.filter(role=Role.FINANCE, is_active=True, organization__isnull=False).first()
    return user.organization if user else None


def ensure_flow() -> ApprovalFlow:
    def stages():
        office, finance = office_organization(), finance_organization()
        if office is None or finance is None:
            raise ValidationFailed(_("系统中没有自创区办公室或财务科单位，无法开始风险补偿审批"))
        return [[{"approver": office, "deadline_days": 7}], [{"approver": finance, "deadline_days": 35}]]

    return approvals.flow_ensure(code=FLOW_CODE, name=FLOW_NAME, stages=stages)


def rule_for(loan: Loan) -> PoolRule | None:
    return PoolRule.objects.filter(pool_id=loan.pool_id, loan_type=loan.loan_type).first()


@transaction.atomic
def claim_file(*, actor, loan: Loan, default_on, principal_loss, bank_exposure, filed_on=None) -> Claim:
    loan = Loan.objects.select_for_update(of=("self",)).select_related("bank", "pool", "enterprise").get(pk=loan.pk)
    ensure_allowed(permissions.can_change_loan(actor, loan))
    problems: list = []
    if loan.status != Loan.Status.DEFAULT:
        problems.append({"field": "loan", "message": _("只有逾期/不良贷款可以申请风险补偿")})
    if loan.pool_id is None:
        problems.append({"field": "loan", "message": _("该贷款未纳入风险补偿资金池")})
    if Claim.objects.filter(loan=loan).exists():
        problems.append({"field": "loan", "message": _("该贷款已申请过风险补偿")})
    default_on = common.date(default_on, "default_on", problems)
    today = timezone.localdate()
    filed_on = common.date(filed_on, "filed_on", problems, required=False) or today
    if default_on and (default_on > today or default_on < loan.starts_on):
        problems.append({"field": "default_on", "message": _("逾期日期应在放款日期和今天之间")})
    loss = common.money(principal_loss, "principal_loss", problems)
    exposure = common.money(bank_exposure, "bank_exposure", problems)
    if loss is not None and loss > loan.amount:
        problems.append({"field": "principal_loss", "message": _("本金损失不能超过贷款金额")})
    if loss is not None and exposure is not None and exposure > loss:
        problems.append({"field": "bank_exposure", "message": _("银行实际承担损失不能超过本金损失")})
    rule = rule_for(loan) if loan.pool_id else None
    if loan.pool_id and rule is None:
        problems.append({"field": "loan", "message": _("资金池没有该贷款类型的补偿规则")})
    if problems:
        raise ValidationFailed(detail=problems)
    pool = Pool.objects.select_for_update().get(pk=loan.pool_id)
    balance = common.pool_balance(pool.pk)
    result = compensation(
        principal_loss=loss,
        bank_exposure=exposure,
        rule=ShareRule(rule.share, rule.bonus_first_loan, rule.cap_of_exposure),
        first_loan=loan.first_loan,
        pool_balance=balance,
    )
    check_due = working_days_after(filed_on, pool.check_days, common.calendar())
    claim = Claim.objects.create(
        loan=loan,
        default_on=default_on,
        principal_loss=loss,
        bank_exposure=exposure,
        computed=result.amount,
        detail={
            "rate": str(result.rate),
            "capped_by": result.capped_by,
            "steps": list(result.steps),
            "balance": str(balance),
            "rule": {"share": str(rule.share), "bonus": str(rule.bonus_first_loan), "cap": str(rule.cap_of_exposure)},
        },
        filed_on=filed_on,
        check_due=check_due,
        approve_due=working_days_after(check_due, pool.approve_days, common.calendar()),
        filed_by=actor,
    )
    claim.approval = approvals.approval_start(
        actor=actor,
        flow=ensure_flow(),
        subject=claim,
        applicant=loan.bank.organization,
        title=_("风险补偿申请：%(c)s（%(e)s）") % {"c": loan.contract_no, "e": loan.enterprise.name},
    )
    claim.save(update_fields=["approval"])
    audit.record(
        actor=actor,
        action="finance.claim.file",
        obj=claim,
        summary=loan.contract_no,
        after={"principal_loss": str(loss), "bank_exposure": str(exposure), "computed": str(result.amount)},
    )
    return claim


def pending_task(claim: Claim, user) -> ApprovalTask | None:
    if claim.approval_id is None or not user.is_authenticated:
        return None
    return (
        claim.approval.tasks.filter(status=ApprovalTask.Status.PENDING, approver_id=user.organization_id)
        .select_related("step", "request", "approver")
        .first()
    )


@transaction.atomic
def claim_decide(*, actor, claim: Claim, approve: bool, note: str = "") -> Claim:
    """The office (stage 1) or the finance office (stage 2) decides; stage 2's approval pays."""
    task = pending_task(claim, actor)
    if task is None:
        raise Forbidden(_("当前环节不由您的单位办理"))
    approvals.approval_decide(actor=actor, task=task, approve=approve, comment=note)
    claim.refresh_from_db()
    if approve and task.stage == STAGE_CHECK and claim.status == Claim.Status.FILED:
        claim.status = Claim.Status.CHECKED
        pool = claim.loan.pool
        claim.approve_due = working_days_after(timezone.localdate(), pool.approve_days, common.calendar())
        claim.save(update_fields=["status", "approve_due"])
        audit.record(actor=actor, action="finance.claim.check", obj=claim, summary=note[:300])
    return claim


def _payout_blocker(claim: Claim) -> str | None:
    """Locks the pool and says why the payout cannot be made now (None: it can)."""
    if transaction.get_connection().in_atomic_block:  # a page showing the blocker reads without locking
        Pool.objects.select_for_update().get(pk=claim.loan.pool_id)
    balance = common.pool_balance(claim.loan.pool_id)
    if balance < claim.computed:
        return _("资金池余额不足：当前余额 %(b)s 元，核定补偿 %(c)s 元，待注资后再审批") % {
            "b": f"{balance:,.2f}",
            "c": f"{claim.computed:,.2f}",
        }
    return None


def _guard(task) -> str | None:
    if task.stage != STAGE_APPROVE:
        return None
    claim = Claim.objects.select_related("loan").get(pk=task.request.subject_id)
    return _payout_blocker(claim)


def _on_approved(*, request, actor, comment):
    locked = Claim.objects.select_for_update(of=("self",)).select_related("loan", "loan__bank")
    claim = locked.get(pk=request.subject_id)
    blocker = _payout_blocker(claim)  # the pool is locked from here to the commit
    if blocker:
        raise Conflict(blocker)
    today = timezone.localdate()
    if claim.computed > 0:
        row = PoolMovement.objects.create(
            pool_id=claim.loan.pool_id,
            kind=PoolMovement.Kind.COMPENSATION,
            amount=-claim.computed,
            claim=claim,
            on=today,
            reference=f"CLAIM-{claim.pk}",
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        events.pool_moved(actor=actor, row=row, note=_("风险补偿支出：%(c)s") % {"c": claim.loan.contract_no})
    claim.status, claim.paid_on = Claim.Status.PAID, today
    claim.save(update_fields=["status", "paid_on"])
    Loan.objects.filter(pk=claim.loan_id).update(status=Loan.Status.COMPENSATED)
    audit.record(actor=actor, action="finance.claim.pay", obj=claim, after={"amount": str(claim.computed)})


def _on_rejected(*, request, actor, comment):
    claim = Claim.objects.get(pk=request.subject_id)
    claim.status = Claim.Status.REJECTED
    claim.save(update_fields=["status"])
    audit.record(actor=actor, action="finance.claim.reject", obj=claim, summary=comment[:300])


def _link(request) -> str:
    return reverse("finance:claim", args=[request.subject_id])


def register_approval_handlers() -> None:
    approvals.register("finance.Claim", on_approved=_on_approved, on_rejected=_on_rejected, link=_link, guard=_guard)


@transaction.atomic
def claim_recover(*, actor, claim: Claim, amount, on=None, reference: str = "") -> PoolMovement:
    """The bank recovered money after the payout: the pool's share (what it paid ÷ the principal loss) of
    the recovery returns to the pool, never more than it paid."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("loan", "loan__bank").get(pk=claim.pk)
    ensure_allowed(permissions.can_change_loan(actor, claim.loan))
    problems: list = []
    if claim.status != Claim.Status.PAID:
        problems.append({"field": "claim", "message": _("只有已补偿的申请可以登记追回")})
    amount = common.money(amount, "amount", problems)
    on = common.date(on, "on", problems, required=False) or timezone.localdate()
    reference = common.text(reference, "reference", problems, limit=60)
    if amount is not None and claim.recovered + amount > claim.principal_loss:
        problems.append({"field": "amount", "message": _("累计追回不能超过本金损失")})
    if problems:
        raise ValidationFailed(detail=problems)
    Pool.objects.select_for_update().get(pk=claim.loan.pool_id)
    returned = sum(m.amount for m in claim.movements.filter(kind=PoolMovement.Kind.RECOVERY))
    share = (amount * claim.computed / claim.principal_loss).quantize(Decimal("0.01"))
    share = min(share, claim.computed - returned)
    claim.recovered += amount
    claim.save(update_fields=["recovered"])
    if share <= 0:
        raise ValidationFailed(detail=[{"field": "amount", "message": _("资金池的补偿已全部追回")}])
    row = PoolMovement.objects.create(
        pool_id=claim.loan.pool_id,
        kind=PoolMovement.Kind.RECOVERY,
        amount=share,
        claim=claim,
        on=on,
        reference=reference,
        recorded_by=actor,
    )
    events.pool_moved(actor=actor, row=row, note=_("追回返还：%(c)s") % {"c": claim.loan.contract_no})
    return row
