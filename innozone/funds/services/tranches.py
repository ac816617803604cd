"""Tranches (资金拨付): the project's organization (or the office for it) requests a tranche with evidence and a
note; the approval flow `funds-tranche` runs staff → finance (stage 1 the office, stage 2 the finance
organization named by INNOZONE_FUNDS_FINANCE_ORG); then the finance user records the payment.

Rules, checked after `select_for_update()` on the Project (concurrent requests are serialised):
- only a `running` project receives tranches;
- Σ tranches not rejected ≤ the award;
- the first tranche ≥ programme.first_tranche_min × award (S90: at least 60 % after the agreement).
Every change is a ledger event (events.tranche_changed)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals
from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import ApprovalFlow, ApprovalTask
from innozone.core.money import parse_money
from innozone.core.selectors import office_organization, organization_by_name
from innozone.core.uploads import attachment_problem

from ..models import Project, Tranche
from ..permissions import projects as permissions
from . import events

FLOW = ("funds-tranche", "专项资金拨付审批")
STAGE_OFFICE, STAGE_FINANCE = 1, 2
NOTE_MAX = 2000
CENT = Decimal("0.01")


def finance_organization():
    return organization_by_name(permissions.finance_org_name())


def ensure_flow() -> ApprovalFlow:
    """The tranche flow (created on first use): the office, then the finance organization."""

    def stages():
        office, finance = office_organization(), finance_organization()
        if office is None or finance is None:
            raise ValidationFailed(_("系统中没有自创区办公室或财务部门单位，无法开始拨付审批"))
        return [[{"approver": office, "deadline_days": 5}], [{"approver": finance, "deadline_days": 5}]]

    return approvals.flow_ensure(code=FLOW[0], name=FLOW[1], stages=stages)


def committed(project: Project, *, exclude_pk: int | None = None) -> Decimal:
    """Σ of the project's tranches that are not rejected."""
    qs = Tranche.objects.filter(project=project).exclude(status=Tranche.Status.REJECTED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def first_minimum(project: Project) -> Decimal:
    award = project.award.amount
    share = project.award.budget_line.programme.first_tranche_min or Decimal(0)
    return min(award, (award * share).quantize(CENT, rounding=ROUND_HALF_UP))


@transaction.atomic
def tranche_request(*, actor, project: Project, amount, note: str = "", evidence=None) -> Tranche:
    ensure_allowed(permissions.can_act_for_project(actor, project))
    problems: list[dict] = []
    value = parse_money(amount, field="amount", errors=problems)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        problems.append({"field": "note", "message": _("说明不能超过 %(n)s 字") % {"n": NOTE_MAX}})
    if evidence is not None:
        problem = attachment_problem(evidence)
        if problem:
            problems.append({"field": "evidence", "message": problem})
    # serialise every request of this project: the sums below are read under the row lock
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("award", "award__budget_line", "award__budget_line__programme")
        .get(pk=project.pk)
    )
    if project.status != Project.Status.RUNNING:
        problems.append({"field": "project", "message": _("只有执行中的项目可以申请拨付")})
    if value is not None:
        already = committed(project)
        award = project.award.amount
        if already + value > award:
            problems.append(
                {
                    "field": "amount",
                    "message": _("拨付合计不能超过资助金额 %(a)s 元（已申请及拨付 %(b)s 元）")
                    % {"a": f"{award:,.2f}", "b": f"{already:,.2f}"},
                }
            )
        elif already == 0 and value < first_minimum(project):
            problems.append(
                {
                    "field": "amount",
                    "message": _("首笔拨付不少于资助金额的 %(p)s%%（%(m)s 元）")
                    % {
                        "p": f"{project.award.budget_line.programme.first_tranche_min * 100:.0f}",
                        "m": f"{first_minimum(project):,.2f}",
                    },
                }
            )
    if problems:
        raise ValidationFailed(detail=problems)
    seq = (Tranche.objects.filter(project=project).aggregate(m=Max("seq"))["m"] or 0) + 1
    tranche = Tranche.objects.create(project=project, seq=seq, amount=value, note=note, requested_by=actor)
    if evidence:
        tranche.evidence = evidence
        tranche.save(update_fields=["evidence"])
    tranche.approval = approvals.approval_start(
        actor=actor,
        flow=ensure_flow(),
        subject=tranche,
        applicant=project.organization,
        title=_("拨付申请：%(p)s 第%(n)s笔 %(a)s 元") % {"p": project.number, "n": seq, "a": f"{value:,.2f}"},
    )
    tranche.save(update_fields=["approval"])
    events.tranche_changed(actor=actor, tranche=tranche, note=_("申请拨付"))
    return tranche


def tranche_get(tranche_id: int) -> Tranche:
    found = Tranche.objects.select_related("project", "project__award", "approval").filter(pk=tranche_id).first()
    if found is None:
        raise NotFound()
    return found


def pending_task(tranche: Tranche, user) -> ApprovalTask | None:
    if tranche.approval_id is None or not user.is_authenticated:
        return None
    return (
        tranche.approval.tasks.filter(status=ApprovalTask.Status.PENDING, approver_id=user.organization_id)
        .select_related("step", "request", "approver")
        .first()
    )


@transaction.atomic
def tranche_decide(*, actor, tranche: Tranche, approve: bool, note: str = "") -> Tranche:
    """Decide the tranche's current stage for the actor's organization (the office, then finance)."""
    task = pending_task(tranche, actor)
    if task is None:
        raise Forbidden(_("当前环节不由您的单位办理"))
    approvals.approval_decide(actor=actor, task=task, approve=approve, comment=note)
    tranche.refresh_from_db()
    return tranche


@transaction.atomic
def tranche_pay(*, actor, tranche: Tranche, paid_on: dt.date | None, payment_ref: str) -> Tranche:
    """The finance user records the payment of an approved tranche."""
    ensure_allowed(permissions.can_pay_tranche(actor))
    tranche = Tranche.objects.select_for_update(of=("self",)).select_related("project").get(pk=tranche.pk)
    if tranche.status != Tranche.Status.APPROVED:
        raise Conflict(_("只有审批通过、待支付的拨付可以登记支付"))
    payment_ref = (payment_ref or "").strip()
    problems = []
    if not payment_ref or len(payment_ref) > 60:
        problems.append({"field": "payment_ref", "message": _("请填写支付凭证号（不超过 60 字）")})
    elif Tranche.objects.filter(payment_ref=payment_ref).exclude(pk=tranche.pk).exists():
        problems.append({"field": "payment_ref", "message": _("该支付凭证号已登记过")})
    if paid_on is None:
        problems.append({"field": "paid_on", "message": _("请填写支付日期")})
    elif paid_on > timezone.localdate():
        problems.append({"field": "paid_on", "message": _("支付日期不能晚于今天")})
    if problems:
        raise ValidationFailed(detail=problems)
    tranche.status, tranche.paid_on, tranche.payment_ref = Tranche.Status.PAID, paid_on, payment_ref
    tranche.save(update_fields=["status", "paid_on", "payment_ref"])
    events.tranche_changed(actor=actor, tranche=tranche, note=_("已支付"))
    return tranche


# --- what the approval component calls -------------------------------------------------------------------


def _on_approved(*, request, actor, comment):
    tranche = Tranche.objects.select_for_update(of=("self",)).select_related("project").get(pk=request.subject_id)
    tranche.status = Tranche.Status.APPROVED
    tranche.save(update_fields=["status"])
    events.tranche_changed(actor=actor, tranche=tranche, note=comment or _("审批通过"))


def _on_rejected(*, request, actor, comment):
    tranche = Tranche.objects.select_for_update(of=("self",)).select_related("project").get(pk=request.subject_id)
    tranche.status = Tranche.Status.REJECTED
    tranche.save(update_fields=["status"])
    events.tranche_changed(actor=actor, tranche=tranche, note=comment)


def _link(request) -> str:
    tranche = Tranche.objects.filter(pk=request.subject_id).only("project_id").first()
    return reverse("funds:project", args=[tranche.project_id]) if tranche else ""


def register_approval_handlers() -> None:
    approvals.register("funds.Tranche", on_approved=_on_approved, on_rejected=_on_rejected, link=_link)
