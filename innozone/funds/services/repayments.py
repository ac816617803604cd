"""Repayments (资金缴回): a balance returned or funds recovered after a failed acceptance, a 结题 with money left
or a termination — created due, then paid. Each change is a ledger event (events.repayment_changed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.money import parse_money

from ..models import ProgressReport, Project, Repayment, Tranche
from ..permissions import projects as permissions
from . import events

DUE_DAYS = 30


def paid_total(project: Project) -> Decimal:
    return Tranche.objects.filter(project=project, status=Tranche.Status.PAID).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)


def reported_spend(project: Project) -> Decimal:
    """The cumulative spend of the latest report that gives one (submitted or accepted)."""
    report = (
        ProgressReport.objects.filter(
            project=project,
            spent__isnull=False,
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
        )
        .order_by("-due_on")
        .first()
    )
    return report.spent if report else Decimal(0)


def unspent_balance(project: Project) -> Decimal:
    """Paid − reported spend (never below zero)."""
    return max(paid_total(project) - reported_spend(project), Decimal(0))


def repayment_due(*, actor, project: Project, amount: Decimal, reason: str, due_on: dt.date | None = None):
    """A repayment due (inside the caller's transaction; the caller checked its permission)."""
    row = Repayment.objects.create(
        project=project,
        amount=amount,
        reason=reason[:300],
        due_on=due_on or timezone.localdate() + dt.timedelta(days=DUE_DAYS),
    )
    events.repayment_changed(actor=actor, row=row)
    return row


@transaction.atomic
def repayment_create(*, actor, project: Project, amount, reason: str, due_on: dt.date | None = None) -> Repayment:
    """The office asks for money back (a balance, a recovery after termination)."""
    ensure_allowed(permissions.can_manage_projects(actor))
    problems: list[dict] = []
    value = parse_money(amount, field="amount", errors=problems)
    reason = (reason or "").strip()
    if not reason:
        problems.append({"field": "reason", "message": _("请填写缴回原因")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    if value is not None and value > paid_total(project):
        problems.append({"field": "amount", "message": _("缴回金额不能超过已拨付金额")})
    if problems:
        raise ValidationFailed(detail=problems)
    return repayment_due(actor=actor, project=project, amount=value, reason=reason, due_on=due_on)


@transaction.atomic
def repayment_pay(*, actor, row: Repayment, paid_on: dt.date | None, reference: str) -> Repayment:
    """The money came back (the office or finance records it)."""
    if not (permissions.is_finance(actor) or permissions.can_manage_projects(actor)[0]):
        ensure_allowed(permissions.can_manage_projects(actor))
    row = Repayment.objects.select_for_update(of=("self",)).select_related("project").get(pk=row.pk)
    if row.status != Repayment.Status.DUE:
        raise Conflict(_("该缴回已登记"))
    reference = (reference or "").strip()
    problems = []
    if not reference or len(reference) > 60:
        problems.append({"field": "reference", "message": _("请填写凭证号（不超过 60 字）")})
    if paid_on is None or paid_on > timezone.localdate():
        problems.append({"field": "paid_on", "message": _("请填写缴回日期（不晚于今天）")})
    if problems:
        raise ValidationFailed(detail=problems)
    row.status, row.paid_on, row.reference = Repayment.Status.PAID, paid_on, reference
    row.save(update_fields=["status", "paid_on", "reference"])
    events.repayment_changed(actor=actor, row=row)
    return row
