"""The enterprise's pages: the apply form's refusals (nothing is created), the whole lifecycle through
the forms of the enterprise, the approvers, the provider and the office, and the refusals along it."""

import hashlib
import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse

from innozone.core.models import ApprovalTask, AuditEvent
from innozone.vouchers.models import (
    Application,
    Evidence,
    Order,
    Redemption,
    Scheme,
    ServiceCategory,
    ServiceItem,
    SettlementBatch,
    Voucher,
)
from tests.vouchers.pages import (
    CENT,
    decide_on_page,
    flash_messages,
    login_as,
    open_workbook,
    refusal_trace,
    sheet_rows,
    verify_proof,
    voucher_part,
)

# ---------------------------------------------------------------- the apply form refuses bad input


def _apply_form(scheme, amount):
    category = ServiceCategory.objects.get(code="instrument")
    return {"scheme": scheme.pk, "category": category.pk, "amount": amount, "purpose": "检测新材料样品"}


def test_apply_with_amount_zero_rerenders_with_a_chinese_error_and_creates_nothing(client, scheme, people):
    before = refusal_trace()
    response = login_as(client, people["enterprise"]).post(reverse("vouchers:apply"), _apply_form(scheme, "0"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["amount"]
    assert "大于或等于" in errors["amount"][0]
    assert errors["amount"][0] in response.content.decode()
    assert refusal_trace() == before


def test_apply_over_the_per_enterprise_cap_rerenders_with_the_cap_and_creates_nothing(client, scheme, people):
    login_as(client, people["enterprise"])  # signing in is audited too: count after it
    before = refusal_trace()
    audit_before = AuditEvent.objects.count()
    over = scheme.per_enterprise_cap + 1
    response = client.post(reverse("vouchers:apply"), _apply_form(scheme, str(over)))
    assert response.status_code == 200
    message = f"超过每家企业年度上限 {scheme.per_enterprise_cap} 元"
    assert response.context["form"].errors["amount"] == [message]
    assert message in response.content.decode()
    assert refusal_trace() == before
    assert AuditEvent.objects.count() == audit_before


def test_apply_counts_what_the_enterprise_already_holds_against_the_cap(client, busy_scheme, busy_people):
    longyuan = busy_people["enterprise"].organization
    held = Voucher.objects.filter(scheme=busy_scheme, enterprise=longyuan).aggregate(s=Sum("amount"))["s"]
    released = Voucher.objects.filter(scheme=busy_scheme, enterprise=longyuan).aggregate(s=Sum("released"))["s"]
    room = busy_scheme.per_enterprise_cap - (held - released)
    assert room > 0
    before = refusal_trace()
    login_as(client, busy_people["enterprise"])
    refused = client.post(reverse("vouchers:apply"), _apply_form(busy_scheme, str(room + CENT)))
    assert refused.status_code == 200
    assert "amount" in refused.context["form"].errors
    assert refusal_trace() == before
    accepted = client.post(reverse("vouchers:apply"), _apply_form(busy_scheme, str(room)))
    assert accepted.status_code == 302
    assert Application.objects.filter(enterprise=longyuan, status=Application.Status.SUBMITTED).get().amount == room


def test_apply_by_an_enterprise_without_the_required_qualification_names_it(client, scheme, people):
    xinqu = people["enterprise3"].organization
    xinqu.flags = []
    xinqu.save(update_fields=["flags"])
    before = refusal_trace()
    response = login_as(client, people["enterprise3"]).post(reverse("vouchers:apply"), _apply_form(scheme, "1000"))
    assert response.status_code == 200
    missing = "、".join(scheme.required_flags)
    assert f"企业不具备申领资质：{missing}" in response.content.decode()
    assert refusal_trace() == before


# ---------------------------------------------------------------- the whole lifecycle through the pages


def test_lifecycle_through_the_pages(client, scheme, people):
    enterprise, provider_user, office = people["enterprise"], people["provider"], people["office"]
    amount = Decimal("30000.00")
    ServiceCategory.objects.get(code="instrument")
    committed_before = scheme.committed

    # 1. the enterprise applies
    login_as(client, enterprise)
    assert client.get(reverse("vouchers:apply")).status_code == 200
    response = client.post(reverse("vouchers:apply"), _apply_form(scheme, str(amount)))
    application = Application.objects.get(enterprise=enterprise.organization)
    assert response["Location"] == reverse("vouchers:application", args=[application.pk])
    assert application.amount == amount and application.status == Application.Status.SUBMITTED
    tasks = {t.approver.name: t for t in ApprovalTask.objects.filter(request=application.approval)}
    assert set(tasks) == {"兰州市科学技术局", office.organization.name}

    # 2. the city bureau approves: the office's parallel step still holds the voucher back
    decide_on_page(client, people["lzkjj"], tasks["兰州市科学技术局"])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Voucher.objects.filter(application=application).exists()
    # 白银's bureau is not an approver of a 兰州 enterprise
    bykjj_page = login_as(client, people["bykjj"]).get(reverse("approvals")).content.decode()
    assert reverse("approval_decide", args=[tasks[office.organization.name].pk]) not in bykjj_page
    client.post(reverse("approval_decide", args=[tasks[office.organization.name].pk]), {"decision": "approve"})
    assert ApprovalTask.objects.get(pk=tasks[office.organization.name].pk).status == ApprovalTask.Status.PENDING

    # 3. the office approves too: the voucher is issued and its amount reserved from the budget
    decide_on_page(client, office, tasks[office.organization.name])
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    voucher = Voucher.objects.get(application=application)
    assert voucher.amount == amount and voucher.enterprise_id == enterprise.organization_id
    assert voucher.expires_on <= scheme.valid_until
    scheme.refresh_from_db()
    assert scheme.committed == committed_before + amount
    page = login_as(client, enterprise).get(reverse("vouchers:application", args=[application.pk])).content.decode()
    assert voucher.number in page

    # 4. the enterprise orders a service on the voucher page
    item = ServiceItem.objects.get(provider__organization=provider_user.organization, name__startswith="场发射")
    quantity = Decimal("3")
    part = voucher_part(item, quantity, voucher)
    page = client.get(reverse("vouchers:voucher", args=[voucher.pk])).content.decode()
    assert 'id="order-form"' in page
    response = client.post(reverse("vouchers:voucher", args=[voucher.pk]), {"item": item.pk, "quantity": "3"})
    order = Order.objects.get(voucher=voucher)
    assert response["Location"] == reverse("vouchers:order", args=[order.pk])
    assert order.price_total == item.price * quantity
    assert order.voucher_amount == part
    voucher.refresh_from_db()
    assert voucher.reserved == part

    # 5. the provider delivers with a contract and a report
    contract, report = b"%PDF-1.4 contract of the test", b"%PDF-1.4 SEM report of the test"
    login_as(client, provider_user)
    assert 'id="deliver-form"' in client.get(reverse("vouchers:order", args=[order.pk])).content.decode()
    response = client.post(
        reverse("vouchers:order", args=[order.pk]),
        {
            "action": "deliver",
            "contract": SimpleUploadedFile("合同.pdf", contract, content_type="application/pdf"),
            "report": SimpleUploadedFile("报告.pdf", report, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    digests = dict(Evidence.objects.filter(order=order).values_list("kind", "sha256"))
    assert digests == {"contract": hashlib.sha256(contract).hexdigest(), "report": hashlib.sha256(report).hexdigest()}
    for evidence in Evidence.objects.filter(order=order):
        with evidence.file.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == evidence.sha256

    # the provider cannot redeem before the enterprise confirms
    client.post(reverse("vouchers:order", args=[order.pk]), {"action": "redeem"})
    assert not Redemption.objects.filter(order=order).exists()

    # 6. the enterprise confirms
    login_as(client, enterprise)
    assert 'id="confirm-form"' in client.get(reverse("vouchers:order", args=[order.pk])).content.decode()
    assert client.post(reverse("vouchers:order", args=[order.pk]), {"action": "confirm"}).status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED

    # 7. the provider redeems
    login_as(client, provider_user)
    assert 'id="redeem-form"' in client.get(reverse("vouchers:order", args=[order.pk])).content.decode()
    assert client.post(reverse("vouchers:order", args=[order.pk]), {"action": "redeem"}).status_code == 302
    redemption = Redemption.objects.get(order=order)
    assert redemption.amount == part
    voucher.refresh_from_db()
    assert voucher.redeemed == part
    # a second claim is refused with a message and changes nothing
    before = refusal_trace()
    again = client.post(reverse("vouchers:order", args=[order.pk]), {"action": "redeem"}, follow=True)
    assert any("不能重复兑付" in m or "企业确认服务后" in m for m in flash_messages(again)), flash_messages(again)
    assert refusal_trace() == before
    assert Redemption.objects.filter(order=order).count() == 1

    # 8. the office approves the redemption
    login_as(client, office)
    queue = client.get(reverse("vouchers:office_redemptions")).content.decode()
    assert order.number in queue
    response = client.post(
        reverse("vouchers:office_redemptions"), {"redemption": redemption.pk, "decision": "approve", "note": "齐全"}
    )
    assert response.status_code == 302
    redemption.refresh_from_db()
    order.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED
    assert order.status == Order.Status.REVIEWED
    assert order.number not in client.get(reverse("vouchers:office_redemptions")).content.decode()

    # 9. who reviewed may not batch it; another office member gathers it into a settlement batch
    settlements = f"{reverse('vouchers:office_settlements')}?scheme={scheme.pk}"
    page = client.get(settlements).content.decode()
    assert "审核兑付的人员不能为同一兑付办理结算" in page and 'value="create"' not in page
    refused = client.post(settlements, {"action": "create"}, follow=True)
    assert "审核兑付的人员不能为同一兑付办理结算" in flash_messages(refused)
    assert not SettlementBatch.objects.filter(scheme=scheme).exists()
    login_as(client, people["office2"])
    waiting = client.get(settlements)
    assert waiting.context["waiting"] == 1 and waiting.context["waiting_total"] == part
    assert client.post(settlements, {"action": "create"}).status_code == 302
    batch = SettlementBatch.objects.get(scheme=scheme)
    redemption.refresh_from_db()
    assert redemption.batch_id == batch.pk
    assert batch.total == part
    assert batch.number in client.get(settlements).content.decode()

    # 10. the batch's disbursement list is a workbook naming the provider, the order and the amount
    book = open_workbook(client.get(reverse("vouchers:settlement_export", args=[batch.pk])))
    rows = sheet_rows(book.active)
    lines = [r for r in rows[1:] if r[3] == order.number]
    assert len(lines) == 1
    assert lines[0][1] == provider_user.organization.name
    assert lines[0][4] == voucher.number
    assert Decimal(str(lines[0][6])) == part
    assert rows[-1][1] == "合计" and Decimal(str(rows[-1][6])) == part

    # 11. paid: the order is settled
    client.post(settlements, {"action": "paid", "batch": batch.pk})
    order.refresh_from_db()
    batch.refresh_from_db()
    assert batch.status == SettlementBatch.Status.PAID
    assert order.status == Order.Status.SETTLED

    # 12. the enterprise downloads its proof, and every event verifies against the signed head
    response = login_as(client, enterprise).get(reverse("vouchers:proof", args=[voucher.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{voucher.number}-proof.json"'
    payloads = verify_proof(json.loads(response.content), voucher)
    assert [p["kind"] for p in payloads] == [
        "voucher.issue",
        "order.place",
        "order.deliver",
        "order.confirm",
        "voucher.redeem",
        "redemption.approve",
        "order.settle",
    ]
    voucher.refresh_from_db()
    last = payloads[-1]["data"]["state"]
    assert Decimal(last["amount"]) == voucher.amount == amount
    assert Decimal(last["redeemed"]) == voucher.redeemed == part
    assert payloads[2]["data"]["evidence"] == [
        {"kind": kind, "sha256": digests[kind]} for kind in ("contract", "report")
    ]


def test_enterprise_cannot_decide_its_own_application_and_a_rejection_needs_a_reason(client, scheme, people):
    login_as(client, people["enterprise"]).post(reverse("vouchers:apply"), _apply_form(scheme, "1000"))
    application = Application.objects.get(enterprise=people["enterprise"].organization)
    task = ApprovalTask.objects.get(request=application.approval, approver=people["lzkjj"].organization)
    # the enterprise cannot decide its own application
    login_as(client, people["enterprise"]).post(reverse("approval_decide", args=[task.pk]), {"decision": "approve"})
    task.refresh_from_db()
    assert task.status == ApprovalTask.Status.PENDING
    # rejecting without a reason is refused, with a reason it ends the application without a voucher
    decide_on_page(client, people["lzkjj"], task, approve=False, comment="")
    task.refresh_from_db()
    assert task.status == ApprovalTask.Status.PENDING
    committed = Scheme.objects.get(pk=scheme.pk).committed
    decide_on_page(client, people["lzkjj"], task, approve=False, comment="材料不全")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert not Voucher.objects.filter(application=application).exists()
    assert Scheme.objects.get(pk=scheme.pk).committed == committed


def test_delivery_without_a_report_is_refused(client, busy_people):
    placed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.PLACED
    ).first()
    before = refusal_trace()
    evidence = Evidence.objects.count()
    response = login_as(client, busy_people["provider"]).post(
        reverse("vouchers:order", args=[placed.pk]),
        {"action": "deliver", "contract": SimpleUploadedFile("c.pdf", b"%PDF contract")},
        follow=True,
    )
    assert response.status_code == 200
    assert any("服务报告" in m for m in flash_messages(response)), flash_messages(response)
    assert refusal_trace() == before
    assert Evidence.objects.count() == evidence
