"""The voucher rules, each as a service call: what is allowed, what is refused, and that refusals
leave no trace (budget, voucher, ledger unchanged)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import ApprovalTask, Organization
from innozone.core.money import parse_money
from innozone.ledger.models import LedgerEntry
from innozone.ledger.verify import verify
from innozone.vouchers import services
from innozone.vouchers.models import Application, Order, Scheme, Voucher


def files():
    return [
        ("contract", SimpleUploadedFile("c.pdf", b"%PDF contract")),
        ("report", SimpleUploadedFile("r.pdf", b"%PDF report")),
    ]


def trace(scheme, voucher=None):
    scheme.refresh_from_db()
    state = [scheme.committed, LedgerEntry.objects.count()]
    if voucher is not None:
        voucher.refresh_from_db()
        state += [voucher.reserved, voucher.redeemed, voucher.released, voucher.status]
    return state


def deliver_and_confirm(world, order):
    u = world["users"]
    services.order_deliver(actor=u["provider"], order=order, files=files())
    services.order_confirm(actor=u["enterprise"], order=order)


def test_application_is_approved_in_parallel_then_issued_and_reserved(world):
    u, scheme = world["users"], world["scheme"]
    application = services.application_submit(
        actor=u["enterprise"], scheme=scheme, amount="30000", purpose="检测", category=world["instrument"]
    )
    tasks = list(ApprovalTask.objects.filter(request=application.approval).select_related("approver"))
    assert {t.approver.name for t in tasks} == {"兰州市科学技术局", "兰白国家自主创新示范区办公室"}
    assert all(t.status == "pending" for t in tasks)  # one stage, in parallel
    from innozone.core.approvals import approval_decide

    approval_decide(
        actor=u["lzkjj"], task=tasks[0] if tasks[0].approver.name.startswith("兰州") else tasks[1], approve=True
    )
    assert not Voucher.objects.filter(application=application).exists()  # all-of: the office has not decided
    office_task = ApprovalTask.objects.get(request=application.approval, approver__name__startswith="兰白")
    approval_decide(actor=u["office"], task=office_task, approve=True)
    voucher = Voucher.objects.get(application=application)
    scheme.refresh_from_db()
    assert (voucher.amount, scheme.committed) == (Decimal("30000"), Decimal("30000"))
    assert voucher.number.startswith("KJQ2020")


def test_rejection_needs_a_reason_and_issues_nothing(world):
    from innozone.core.approvals import approval_decide

    u = world["users"]
    application = services.application_submit(
        actor=u["enterprise"], scheme=world["scheme"], amount="1000", purpose="检测", category=world["instrument"]
    )
    task = ApprovalTask.objects.get(request=application.approval, approver__name__startswith="兰白")
    with pytest.raises(ValidationFailed):
        approval_decide(actor=u["office"], task=task, approve=False)
    approval_decide(actor=u["office"], task=task, approve=False, comment="材料不全")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert not Voucher.objects.exists()


def test_only_the_named_approver_decides(world):
    from innozone.core.approvals import approval_decide

    u = world["users"]
    application = services.application_submit(
        actor=u["enterprise"], scheme=world["scheme"], amount="1000", purpose="检测", category=world["instrument"]
    )
    task = ApprovalTask.objects.get(request=application.approval, approver__name__startswith="兰州")
    with pytest.raises(Forbidden):
        approval_decide(actor=u["bykjj"], task=task, approve=True)


def test_per_enterprise_cap_is_refused_with_a_reason(world, issue):
    issue(amount="150000")
    with pytest.raises(ValidationFailed) as err:
        services.application_submit(
            actor=world["users"]["enterprise"],
            scheme=world["scheme"],
            amount="60000",
            purpose="检测",
            category=world["instrument"],
        )
    assert "上限" in str(err.value.detail)


def test_budget_is_never_overspent_and_a_refusal_leaves_no_trace(world, issue):
    scheme = world["scheme"]
    Scheme.objects.filter(pk=scheme.pk).update(budget=Decimal("15000"))
    issue(amount="10000")
    application = services.application_submit(
        actor=world["users"]["enterprise2"], scheme=scheme, amount="6000", purpose="检测", category=world["instrument"]
    )
    before = trace(scheme)
    with pytest.raises(Conflict):
        services.voucher_issue(actor=world["users"]["office"], application=application)
    assert trace(scheme) == before
    assert scheme.committed <= scheme.budget


def test_order_reserves_the_subsidised_part_capped_by_the_voucher(world, issue):
    voucher = issue(amount="10000")
    order = services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"], quantity=10)
    ratio = voucher.scheme.rates.get(category=world["sem"].category).subsidy_ratio
    assert order.price_total == world["sem"].price * 10
    assert order.voucher_amount == (order.price_total * ratio).quantize(Decimal("0.01"))
    big = services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"], quantity=100)
    voucher.refresh_from_db()
    assert big.voucher_amount == Decimal("10000") - order.voucher_amount  # only what was left
    assert voucher.remaining == 0
    before = trace(voucher.scheme, voucher)
    with pytest.raises(Conflict):
        services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"], quantity=1)
    assert trace(voucher.scheme, voucher) == before


def test_orders_between_related_parties_are_refused(world, issue):
    voucher = issue()
    enterprise, lab = voucher.enterprise, world["lab"].organization
    Organization.objects.filter(pk=lab.pk).update(legal_representative=enterprise.legal_representative)
    with pytest.raises(ValidationFailed) as err:
        services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"])
    assert "法定代表人相同" in str(err.value.detail)
    Organization.objects.filter(pk=lab.pk).update(legal_representative="另一人")
    # related in the enterprise registry: the lab holds 30 % of the enterprise
    from innozone.enterprises.engine.identity import complete_uscc
    from innozone.enterprises.services import enterprise_register, parties_set

    office = world["users"]["office"]
    lab_code = complete_uscc("12620102MA7W00001")
    enterprise_register(actor=office, organization=lab, data={"uscc": lab_code, "name": lab.name, "region": lab.region})
    data = {"uscc": complete_uscc("91620100MA7W00002"), "name": enterprise.name, "region": enterprise.region}
    entry = enterprise_register(actor=office, organization=enterprise, data=data)
    parties_set(
        actor=office, enterprise=entry, shareholders=[{"name": lab.name, "share": "30", "uscc": lab_code}], people=[]
    )
    with pytest.raises(ValidationFailed) as err:
        services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"])
    assert "持股 30%" in str(err.value.detail)
    assert not Order.objects.exists()


def test_redeem_before_confirmation_and_twice_is_refused(world, issue):
    u = world["users"]
    voucher = issue()
    order = services.order_place(actor=u["enterprise"], voucher=voucher, item=world["sem"], quantity=2)
    with pytest.raises(Conflict):
        services.voucher_redeem(actor=u["provider"], order=order)
    deliver_and_confirm(world, order)
    services.voucher_redeem(actor=u["provider"], order=order)
    before = trace(voucher.scheme, voucher)
    with pytest.raises(Conflict):
        services.voucher_redeem(actor=u["provider"], order=order)
    assert trace(voucher.scheme, voucher) == before
    assert voucher.redeemed == order.voucher_amount


def test_only_the_orders_provider_redeems(world, issue):
    u = world["users"]
    voucher = issue()
    order = services.order_place(actor=u["enterprise"], voucher=voucher, item=world["sem"])
    deliver_and_confirm(world, order)
    with pytest.raises(Forbidden):
        services.voucher_redeem(actor=u["provider2"], order=order)


def test_delivery_needs_contract_or_invoice_and_a_report(world, issue):
    u = world["users"]
    order = services.order_place(actor=u["enterprise"], voucher=issue(), item=world["sem"])
    with pytest.raises(ValidationFailed):
        services.order_deliver(actor=u["provider"], order=order, files=[("report", SimpleUploadedFile("r.pdf", b"x"))])


def test_cancel_and_expiry_return_the_unspent_part_to_the_budget(world, issue):
    u, scheme = world["users"], world["scheme"]
    v1 = issue(amount="10000")
    held = services.order_place(actor=u["enterprise"], voucher=v1, item=world["sem"], quantity=5)  # 2,000 held
    services.voucher_cancel(actor=u["enterprise"], voucher=v1, reason="不再需要")
    scheme.refresh_from_db()
    assert scheme.committed == held.voucher_amount  # the order in flight keeps its part
    services.order_cancel(actor=u["enterprise"], order=held, reason="取消")
    scheme.refresh_from_db()
    assert scheme.committed == 0
    v2 = issue(username="enterprise2", amount="8000")
    import datetime as dt

    from django.utils import timezone

    services.voucher_set_expiry(
        actor=u["office"], voucher=v2, expires_on=timezone.localdate() - dt.timedelta(days=1), reason="测试"
    )
    assert services.vouchers_expire() == 1
    v2.refresh_from_db()
    scheme.refresh_from_db()
    assert (v2.status, v2.released, scheme.committed) == (Voucher.Status.EXPIRED, Decimal("8000"), 0)


def test_refused_redemption_frees_the_part_and_settlement_closes_orders(world, issue):
    u = world["users"]
    voucher = issue(amount="10000")
    a = services.order_place(actor=u["enterprise"], voucher=voucher, item=world["sem"], quantity=2)
    b = services.order_place(actor=u["enterprise"], voucher=voucher, item=world["sem"], quantity=3)
    for order in (a, b):
        deliver_and_confirm(world, order)
        services.voucher_redeem(actor=u["provider"], order=order)
    services.redemption_review(actor=u["office"], redemption=a.redemption, approve=False, note="发票不符")
    services.redemption_review(actor=u["office"], redemption=b.redemption, approve=True)
    voucher.refresh_from_db()
    assert (voucher.redeemed, voucher.reserved) == (b.voucher_amount, b.voucher_amount)
    batch = services.settlement_create(actor=u["office2"], scheme=voucher.scheme)  # not the reviewer
    assert batch.total == b.voucher_amount
    services.settlement_mark_paid(actor=u["office2"], batch=batch)
    b.refresh_from_db()
    assert b.status == Order.Status.SETTLED
    with pytest.raises(ValidationFailed):
        services.settlement_create(actor=u["office2"], scheme=voucher.scheme)  # nothing left to settle


def test_money_must_be_positive_with_two_decimals(world):
    for bad in ("0", "-5", "12.345", "abc", "NaN"):
        with pytest.raises(ValidationFailed):
            parse_money(bad)
    assert parse_money("12.30") == Decimal("12.30")


def test_the_full_demo_has_every_state_and_a_ledger_that_verifies(busy_scheme):
    from innozone.vouchers.models import Redemption

    assert set(Voucher.objects.values_list("status", flat=True)) == set(Voucher.Status.values)
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert set(Redemption.objects.values_list("status", flat=True)) == set(Redemption.Status.values)
    report = verify()
    assert report.ok, report.problems
    assert report.entries == LedgerEntry.objects.count() > 30
