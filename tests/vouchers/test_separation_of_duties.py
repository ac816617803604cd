"""Separation of duties in the voucher flow: whoever approves a step is not the party who performed the
step it checks, so no single account takes public money from application to payment. The applicant
does not approve its application; who claimed a redemption (or belongs to either party of the order)
does not review it; who reviewed a redemption does not batch nor pay it. Each refusal is Forbidden with
a reason and changes nothing."""

import pytest

from innozone.core.approvals import approval_decide, flow_define
from innozone.core.errors import Forbidden
from innozone.core.models import ApprovalTask, User
from innozone.core.roles import Role
from innozone.vouchers import services
from innozone.vouchers.models import Application, Redemption, Scheme, SettlementBatch, Voucher
from tests.vouchers.api_calls import refusal_trace
from tests.vouchers.test_services import deliver_and_confirm


def _batches() -> list:
    return list(SettlementBatch.objects.values_list("pk", "status").order_by("pk"))


def _refused(call, reason: str):
    before = refusal_trace(), _batches()
    with pytest.raises(Forbidden) as refused:
        call()
    assert str(refused.value.message) == reason
    assert (refusal_trace(), _batches()) == before


def _redeemed(world, issue, *, by=None):
    u = world["users"]
    order = services.order_place(actor=u["enterprise"], voucher=issue(amount="10000"), item=world["sem"], quantity=1)
    deliver_and_confirm(world, order)
    return services.voucher_redeem(actor=by or u["provider"], order=order)


def test_an_approval_path_naming_the_applicant_is_refused_at_submission(world):
    u, scheme = world["users"], world["scheme"]
    enterprise = u["enterprise"]
    flow = flow_define(
        code="self-approval", name="误配置：申请企业自己审批", stages=[[{"approver": enterprise.organization}]]
    )
    Scheme.objects.filter(pk=scheme.pk).update(approval_flow=flow)
    scheme.refresh_from_db()
    applications = Application.objects.count()
    _refused(
        lambda: services.application_submit(
            actor=enterprise, scheme=scheme, amount="1000", purpose="检测", category=world["instrument"]
        ),
        "申请单位的人员不能审批本单位的申请",
    )
    assert Application.objects.count() == applications


def test_the_applicants_people_cannot_decide_its_application(world):
    """Even when a task reaches the applicant's organization after submission (a re-routed task)."""
    u, scheme = world["users"], world["scheme"]
    enterprise = u["enterprise"]
    application = services.application_submit(
        actor=enterprise, scheme=scheme, amount="1000", purpose="检测", category=world["instrument"]
    )
    city, office = ApprovalTask.objects.filter(request=application.approval).order_by("approver__name")
    approval_decide(
        actor=u["office"], task=office if office.approver == u["office"].organization else city, approve=True
    )
    rerouted = ApprovalTask.objects.get(request=application.approval, status=ApprovalTask.Status.PENDING)
    ApprovalTask.objects.filter(pk=rerouted.pk).update(approver=enterprise.organization)
    rerouted.refresh_from_db()
    _refused(
        lambda: approval_decide(actor=enterprise, task=rerouted, approve=True), "申请单位的人员不能审批本单位的申请"
    )
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED
    assert not Voucher.objects.filter(application=application).exists()


def test_who_claimed_a_redemption_or_a_party_to_the_order_cannot_review_it(world, issue):
    u = world["users"]
    # a superuser account of the provider: it may claim, and would pass the office's check
    claimer = User.objects.create_user(
        "lab-admin", role=Role.PROVIDER, organization=u["provider"].organization, is_superuser=True
    )
    redemption = _redeemed(world, issue, by=claimer)
    insider = User.objects.create_user(
        "longyuan-admin", role=Role.ENTERPRISE, organization=u["enterprise"].organization, is_superuser=True
    )
    reason = "兑付的申请人及订单双方的人员不能审核该兑付"
    for reviewer in (claimer, insider):
        _refused(lambda r=reviewer: services.redemption_review(actor=r, redemption=redemption, approve=True), reason)
    services.redemption_review(actor=u["office"], redemption=redemption, approve=True)
    assert Redemption.objects.get(pk=redemption.pk).reviewed_by == u["office"]


def test_who_reviewed_a_redemption_cannot_batch_or_pay_it(world, issue):
    u, scheme = world["users"], world["scheme"]
    redemption = _redeemed(world, issue)
    services.redemption_review(actor=u["office"], redemption=redemption, approve=True)
    reason = "审核兑付的人员不能为同一兑付办理结算"
    _refused(lambda: services.settlement_create(actor=u["office"], scheme=scheme), reason)
    batch = services.settlement_create(actor=u["office2"], scheme=scheme)
    _refused(lambda: services.settlement_mark_paid(actor=u["office"], batch=batch), reason)
    services.settlement_mark_paid(actor=u["office2"], batch=batch)
    assert SettlementBatch.objects.get(pk=batch.pk).status == SettlementBatch.Status.PAID
