"""Apply → approval (core.approvals: e.g. city S&T bureau ∥ zone office) → issue, with the voucher's
amount reserved from the scheme's budget at once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals
from innozone.core.errors import Conflict, Forbidden, ValidationFailed, ensure_allowed
from innozone.core.money import parse_money

from ..models import Application, Scheme, Voucher
from ..permissions import can_apply, can_manage
from . import events
from .budget import budget_reserve
from .eligibility import cap_message, city_approver, eligibility_problems, enterprise_total, lock_cap_group
from .errors import ErrorCode


@transaction.atomic
def application_submit(*, actor, scheme: Scheme, amount, purpose: str, category) -> Application:
    """An enterprise applies; the approval path of the scheme starts at once. Every problem is reported
    together: the amount, the scheme's period, the purpose, the category, eligibility, the cap and an
    application already in approval."""
    ensure_allowed(can_apply(actor))
    enterprise = actor.organization
    errors = []
    amount = parse_money(amount, errors=errors)
    today = timezone.localdate()
    if scheme.status != Scheme.Status.OPEN or not scheme.valid_from <= today <= scheme.valid_until:
        errors.append({"field": "scheme", "message": _("该方案当前不受理申领")})
    if not purpose.strip():
        errors.append({"field": "purpose", "message": _("请填写用途")})
    if not scheme.rates.filter(category=category).exists():
        errors.append({"field": "category", "message": _("本方案不支持该服务类别")})
    errors += [{"field": "enterprise", "message": p} for p in eligibility_problems(scheme, enterprise)]
    lock_cap_group(enterprise.pk)  # the cap is checked with the sister companies' rows held
    if amount and enterprise_total(scheme, enterprise.pk) + amount > scheme.per_enterprise_cap:
        errors.append({"field": "amount", "message": cap_message(scheme, enterprise.pk)})
    if Application.objects.filter(scheme=scheme, enterprise=enterprise, status=Application.Status.SUBMITTED).exists():
        errors.append({"field": "scheme", "message": _("已有一份申请正在审批中")})
    if errors:
        raise ValidationFailed(detail=errors)
    application = Application.objects.create(
        scheme=scheme,
        enterprise=enterprise,
        amount=amount,
        purpose=purpose.strip(),
        category=category,
        submitted_by=actor,
    )
    application.approval = approvals.approval_start(
        actor=actor,
        flow=scheme.approval_flow,
        subject=application,
        applicant=enterprise,
        title=_("创新券申领：%(e)s %(a)s 元") % {"e": enterprise.name, "a": amount},
        city_approver=city_approver(enterprise),
    )
    if application.approval.tasks.filter(approver_id=enterprise.pk).exists():
        raise Forbidden(_("申请单位的人员不能审批本单位的申请"))  # a flow naming the applicant approves nothing
    application.save(update_fields=["approval"])
    events.application_submitted(actor=actor, application=application)
    return application


@transaction.atomic
def voucher_issue(*, actor, application: Application) -> Voucher:
    """Issue the voucher of an approved application; its amount is reserved from the budget at once,
    within the per-enterprise cap, which the enterprises under one actual controller share (their organization
    rows are locked in id order, so two issues for sister companies cannot both pass it)."""
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("scheme", "approval").get(pk=application.pk)
    )
    approved = application.approval is not None and application.approval.status == "approved"
    if not (approved or can_manage(actor)[0]):
        raise Forbidden(_("申请尚未审批通过"))
    if Voucher.objects.filter(application=application).exists():
        raise Conflict(_("该申请已发券"))
    if application.status not in (Application.Status.SUBMITTED, Application.Status.APPROVED):
        raise Conflict(_("该申请当前不能发券"))
    scheme = application.scheme
    lock_cap_group(application.enterprise_id)
    if enterprise_total(scheme, application.enterprise_id) + application.amount > scheme.per_enterprise_cap:
        raise Conflict(cap_message(scheme, application.enterprise_id), code=ErrorCode.CAP_EXCEEDED)
    budget_reserve(scheme, application.amount)
    now = timezone.now()
    voucher = Voucher.objects.create(
        number=f"T{now:%Y%m%d%H%M%S%f}{application.pk}",
        scheme=scheme,
        enterprise_id=application.enterprise_id,
        application=application,
        amount=application.amount,
        issued_at=now,
        expires_on=min(scheme.valid_until, timezone.localdate() + dt.timedelta(days=scheme.voucher_days)),
    )
    voucher.number = f"KJQ{scheme.year}{voucher.pk:07d}"
    voucher.save(update_fields=["number"])
    application.status = Application.Status.APPROVED
    application.save(update_fields=["status"])
    events.voucher_issued(actor=actor, voucher=voucher, application=application)
    events.budget_reserved(scheme=scheme, voucher=voucher)
    return voucher


def _ensure_decided_by_others(request, application: Application) -> None:
    """Nobody of the applying enterprise (nor who submitted) decides its application. `core.approvals` already
    refuses the applicant's people at each task; this backstop, checked when the request ends inside the deciding
    transaction, also covers the submitting user and undoes such a decision."""
    deciders = request.tasks.filter(decided_by__isnull=False)
    if deciders.filter(
        Q(decided_by_id=application.submitted_by_id) | Q(decided_by__organization_id=application.enterprise_id)
    ).exists():
        raise Forbidden(_("申请单位的人员不能审批本单位的申请"))


def _on_application_approved(*, request, actor, comment):
    application = Application.objects.select_for_update().get(pk=request.subject_id)
    _ensure_decided_by_others(request, application)
    voucher_issue(actor=actor, application=application)


def _on_application_rejected(*, request, actor, comment):
    _ensure_decided_by_others(request, Application.objects.get(pk=request.subject_id))
    Application.objects.filter(pk=request.subject_id).update(status=Application.Status.REJECTED)


def _application_link(request):
    return reverse("vouchers:application", args=[request.subject_id])


def register_approval_handlers() -> None:
    """What core.approvals does when an application's approval ends (called from VouchersConfig.ready)."""
    approvals.register(
        "vouchers.Application",
        on_approved=_on_application_approved,
        on_rejected=_on_application_rejected,
        link=_application_link,
    )
