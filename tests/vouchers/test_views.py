"""The voucher pages: every role against every page, other enterprises' vouchers stay hidden, the apply
form's refusals, the whole lifecycle through the forms, the ledger proof download and the Excel exports."""

import datetime as dt
import hashlib
import io
import json
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.core.models import ApprovalTask, AuditEvent, User
from innozone.ledger import merkle, signing
from innozone.ledger.models import LedgerEntry, LedgerState
from innozone.vouchers.models import (
    Application,
    CategoryRate,
    Evidence,
    Order,
    Provider,
    Redemption,
    Scheme,
    ServiceCategory,
    ServiceItem,
    SettlementBatch,
    Voucher,
)

ENTERPRISES = {"enterprise", "enterprise2", "enterprise3"}
PROVIDERS = {"provider", "provider2"}
OFFICE_VIEW = {"office", "leader", "auditor"}
APPROVERS = {"lzkjj", "bykjj"}
EVERYONE = ENTERPRISES | PROVIDERS | OFFICE_VIEW | APPROVERS
CENT = Decimal("0.01")


# ---------------------------------------------------------------- fixtures and helpers


def _login(client, user):
    client.force_login(user)
    return client


def _ledger_size() -> int:
    state = LedgerState.objects.filter(id=1).first()
    return state.size if state else 0


def _trace():
    """What a refused operation must leave unchanged."""
    return {
        "applications": Application.objects.count(),
        "vouchers": list(
            Voucher.objects.order_by("pk").values_list("pk", "amount", "redeemed", "reserved", "released")
        ),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
        "committed": list(Scheme.objects.order_by("pk").values_list("pk", "committed")),
        "ledger": _ledger_size(),
        "tasks": ApprovalTask.objects.count(),
    }


def _expected_part(item: ServiceItem, quantity: Decimal, voucher: Voucher) -> Decimal:
    """The voucher part of an order, from the seed's rule: price × quantity × the category's subsidy
    ratio, cut to the cent, never more than the voucher has left."""
    ratio = CategoryRate.objects.get(scheme=voucher.scheme, category=item.category).subsidy_ratio
    part = (item.price * quantity * ratio).quantize(CENT, rounding=ROUND_DOWN)
    return min(part, voucher.amount - voucher.released - voucher.reserved)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def verify_proof(body: dict, voucher: Voucher) -> list[dict]:
    """Check a voucher proof as an outsider would: the head's Ed25519 signature, then every event's leaf
    hash (SHA-256(0x00 ‖ payload)) and audit path against the signed root (RFC 9162 §2.1.3.2).
    Returns the decoded payloads."""
    head = body["signed_head"]
    root = bytes.fromhex(head["root_hash"])
    tree_head = signing.TreeHead(tree_size=head["tree_size"], root_hash=root, timestamp=head["timestamp"])
    assert signing.verify_head(
        signing.from_base64(head["public_key"]),
        tree_head,
        signing.from_base64(head["signature"]),
        origin=head["origin"],
    ), "the tree head's signature does not verify"
    assert body["voucher"] == voucher.number
    stored = list(LedgerEntry.objects.filter(subject_type="vouchers.Voucher", subject_id=voucher.pk).order_by("index"))
    assert [e["index"] for e in body["events"]] == [e.index for e in stored]
    assert body["events"], "a voucher has at least its issue event"
    payloads = []
    for event in body["events"]:
        leaf = merkle.leaf_hash(event["payload"].encode())
        assert leaf.hex() == event["leaf_hash"]
        assert event["tree_size"] == head["tree_size"]
        path = [bytes.fromhex(h) for h in event["audit_path"]]
        assert merkle.verify_inclusion(leaf, event["index"], event["tree_size"], path, root), event["index"]
        # the check has teeth: one changed byte of the payload no longer verifies
        forged = merkle.leaf_hash(event["payload"].replace('"kind"', '"kinD"').encode())
        assert not merkle.verify_inclusion(forged, event["index"], event["tree_size"], path, root)
        payload = json.loads(event["payload"])
        assert payload["subject"] == f"vouchers.Voucher:{voucher.pk}"
        payloads.append(payload)
    return payloads


def _decide(client, user, task, *, approve=True, comment="同意"):
    _login(client, user)
    page = client.get(reverse("approvals"))
    assert page.status_code == 200
    assert reverse("approval_decide", args=[task.pk]) in page.content.decode()
    decision = "approve" if approve else "reject"
    response = client.post(reverse("approval_decide", args=[task.pk]), {"decision": decision, "comment": comment})
    assert response.status_code == 302
    return response


# ---------------------------------------------------------------- who may see what


def _pages(scheme):
    """(name, url, {username: expected status}); every user not listed gets `default`."""
    voucher = (
        Voucher.objects.filter(scheme=scheme, enterprise__name="甘肃陇原新材料科技有限公司").order_by("pk").first()
    )
    order = voucher.orders.filter(provider__organization__name="甘肃省分析测试中心（演示）").order_by("pk").first()
    application = voucher.application
    batch = SettlementBatch.objects.filter(scheme=scheme).order_by("pk").first()
    assert voucher and order and application and batch, "the demo has a settled order of 陇原 at 分析测试中心"
    owner_and_office = {"enterprise": 200} | dict.fromkeys(OFFICE_VIEW, 200)
    office = dict.fromkeys(OFFICE_VIEW, 200)
    return [
        (
            "home",
            reverse("vouchers:home"),
            dict.fromkeys(ENTERPRISES, 200) | dict.fromkeys(OFFICE_VIEW, 302) | dict.fromkeys(PROVIDERS, 302),
            403,
        ),
        ("apply", reverse("vouchers:apply"), dict.fromkeys(ENTERPRISES, 200), 403),
        ("application", reverse("vouchers:application", args=[application.pk]), owner_and_office | {"lzkjj": 200}, 404),
        ("voucher", reverse("vouchers:voucher", args=[voucher.pk]), owner_and_office, 404),
        ("proof", reverse("vouchers:proof", args=[voucher.pk]), owner_and_office, 404),
        ("order", reverse("vouchers:order", args=[order.pk]), owner_and_office | {"provider": 200}, 404),
        ("provider", reverse("vouchers:provider"), dict.fromkeys(PROVIDERS, 200), 302),
        ("office", reverse("vouchers:office"), office, 403),
        ("office_vouchers", reverse("vouchers:office_vouchers"), office, 403),
        ("office_redemptions", reverse("vouchers:office_redemptions"), office, 403),
        ("office_settlements", reverse("vouchers:office_settlements"), office, 403),
        ("office_providers", reverse("vouchers:office_providers"), office, 403),
        ("settlement_export", reverse("vouchers:settlement_export", args=[batch.pk]), office, 403),
        ("ledger", reverse("ledger:public"), dict.fromkeys(EVERYONE, 200), 403),
        ("approvals", reverse("approvals"), dict.fromkeys(EVERYONE, 200), 403),
    ]


def test_every_role_against_every_voucher_page(client, busy_scheme, busy_people):
    failures = []
    for name, url, expected, default in _pages(busy_scheme):
        for username in sorted(EVERYONE):
            _login(client, busy_people[username])
            status = client.get(url).status_code
            if status != expected.get(username, default):
                failures.append(f"{name} as {username}: {status} (expected {expected.get(username, default)})")
        client.logout()
        response = client.get(url)
        if name == "ledger":  # the public face of the ledger needs no account
            if response.status_code != 200:
                failures.append(f"ledger anonymous: {response.status_code}")
        elif response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{name} anonymous: {response.status_code}")
    assert failures == []


def test_home_sends_office_and_providers_to_their_pages(client, busy_people):
    for username in OFFICE_VIEW:
        assert _login(client, busy_people[username]).get(reverse("vouchers:home"))["Location"] == reverse(
            "vouchers:office"
        )
    for username in PROVIDERS:
        assert _login(client, busy_people[username]).get(reverse("vouchers:home"))["Location"] == reverse(
            "vouchers:provider"
        )


def test_a_user_who_is_not_a_provider_is_sent_to_registration(client, busy_people):
    response = _login(client, busy_people["enterprise"]).get(reverse("vouchers:provider"))
    assert response["Location"] == reverse("vouchers:provider_register")


def test_pages_render_each_users_own_figures(client, busy_scheme, busy_people):
    longyuan = busy_people["enterprise"].organization
    mine = Voucher.objects.filter(enterprise=longyuan)
    home = _login(client, busy_people["enterprise"]).get(reverse("vouchers:home")).content.decode()
    for v in mine:
        assert v.number in home
    for v in Voucher.objects.exclude(enterprise=longyuan):
        assert v.number not in home

    provider = Provider.objects.get(organization=busy_people["provider"].organization)
    workbench = _login(client, busy_people["provider"]).get(reverse("vouchers:provider")).content.decode()
    for o in Order.objects.filter(provider=provider):
        assert o.number in workbench
    for o in Order.objects.exclude(provider=provider):
        assert o.number not in workbench
    for item in provider.items.all():
        assert item.name in workbench

    office = _login(client, busy_people["office"]).get(reverse("vouchers:office"), {"scheme": busy_scheme.pk})
    cards = office.content.decode()
    assert str(busy_scheme.budget) in cards
    assert str(busy_scheme.budget - busy_scheme.committed) in cards
    assert office.context["pending"] == Redemption.objects.filter(status=Redemption.Status.PENDING).count()

    everything = _login(client, busy_people["auditor"]).get(reverse("vouchers:office_vouchers")).content.decode()
    for v in Voucher.objects.all():
        assert v.number in everything
    active = client.get(reverse("vouchers:office_vouchers"), {"status": "active"}).content.decode()
    for v in Voucher.objects.all():
        assert (v.number in active) == (v.status == Voucher.Status.ACTIVE)


def test_ledger_page_shows_the_current_signed_head(client, busy_scheme):
    page = client.get(reverse("ledger:public")).content.decode()
    head = json.loads(client.get(reverse("ledger:head")).content)
    assert head["tree_size"] == _ledger_size()
    assert head["root_hash"] in page
    assert f">{head['tree_size']}<" in page


def test_approvals_page_lists_only_the_tasks_of_the_users_organization(client, busy_people):
    waiting = ApprovalTask.objects.filter(status=ApprovalTask.Status.PENDING).select_related("approver")
    assert waiting, "the demo leaves one application waiting"
    for username in ("lzkjj", "bykjj", "office", "enterprise3", "provider"):
        user = busy_people[username]
        page = _login(client, user).get(reverse("approvals")).content.decode()
        for task in waiting:
            shown = reverse("approval_decide", args=[task.pk]) in page
            assert shown == (task.approver_id == user.organization_id), (username, task.approver.name)


# ---------------------------------------------------------------- one enterprise never sees another's


def test_enterprise_never_sees_another_enterprises_voucher_or_order(client, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan).order_by("pk").first()
    order = voucher.orders.order_by("pk").first()
    _login(client, busy_people["enterprise2"])
    for url in (
        reverse("vouchers:voucher", args=[voucher.pk]),
        reverse("vouchers:proof", args=[voucher.pk]),
        reverse("vouchers:order", args=[order.pk]),
        reverse("vouchers:application", args=[voucher.application_id]),
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get(reverse("vouchers:home")).content.decode()
    assert voucher.number not in listed
    assert order.number not in listed


def test_enterprise_cannot_act_on_another_enterprises_voucher_or_order(client, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan, status=Voucher.Status.ACTIVE).order_by("pk").first()
    delivered = Order.objects.filter(voucher__enterprise=longyuan, status=Order.Status.DELIVERED).first()
    item = ServiceItem.objects.filter(provider__organization=busy_people["provider"].organization).first()
    before = _trace()
    _login(client, busy_people["enterprise2"])
    assert (
        client.post(reverse("vouchers:voucher", args=[voucher.pk]), {"item": item.pk, "quantity": "1"}).status_code
        == 404
    )
    assert client.post(reverse("vouchers:order", args=[delivered.pk]), {"action": "confirm"}).status_code == 404
    assert client.post(reverse("vouchers:cancel", args=[voucher.pk]), {"reason": "不要了"}).status_code == 404
    assert _trace() == before


def test_another_provider_cannot_see_or_redeem_an_order(client, busy_people):
    confirmed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.CONFIRMED
    ).first()
    assert confirmed is not None, "the demo has a confirmed order of 分析测试中心"
    before = _trace()
    _login(client, busy_people["provider2"])
    assert client.get(reverse("vouchers:order", args=[confirmed.pk])).status_code == 404
    assert client.post(reverse("vouchers:order", args=[confirmed.pk]), {"action": "redeem"}).status_code == 404
    assert _trace() == before


def test_read_only_roles_cannot_review_or_settle(client, busy_scheme, busy_people):
    pending = Redemption.objects.filter(status=Redemption.Status.PENDING).first()
    assert pending is not None
    before = _trace()
    batches = SettlementBatch.objects.count()
    for username in ("leader", "auditor"):
        _login(client, busy_people[username])
        response = client.post(
            reverse("vouchers:office_redemptions"), {"redemption": pending.pk, "decision": "approve"}
        )
        assert response.status_code == 403
        response = client.post(
            f"{reverse('vouchers:office_settlements')}?scheme={busy_scheme.pk}", {"action": "create"}
        )
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING
    assert SettlementBatch.objects.count() == batches
    assert _trace() == before


# ---------------------------------------------------------------- the apply form refuses bad input


def _apply_form(scheme, amount):
    category = ServiceCategory.objects.get(code="instrument")
    return {"scheme": scheme.pk, "category": category.pk, "amount": amount, "purpose": "检测新材料样品"}


def test_apply_with_amount_zero_rerenders_with_a_chinese_error_and_creates_nothing(client, scheme, people):
    before = _trace()
    response = _login(client, people["enterprise"]).post(reverse("vouchers:apply"), _apply_form(scheme, "0"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["amount"]
    assert "大于或等于" in errors["amount"][0]
    assert errors["amount"][0] in response.content.decode()
    assert _trace() == before


def test_apply_over_the_per_enterprise_cap_rerenders_with_the_cap_and_creates_nothing(client, scheme, people):
    before = _trace()
    audit_before = AuditEvent.objects.count()
    over = scheme.per_enterprise_cap + 1
    response = _login(client, people["enterprise"]).post(reverse("vouchers:apply"), _apply_form(scheme, str(over)))
    assert response.status_code == 200
    message = f"超过每家企业年度上限 {scheme.per_enterprise_cap} 元"
    assert response.context["form"].errors["amount"] == [message]
    assert message in response.content.decode()
    assert _trace() == before
    assert AuditEvent.objects.count() == audit_before


def test_apply_counts_what_the_enterprise_already_holds_against_the_cap(client, busy_scheme, busy_people):
    longyuan = busy_people["enterprise"].organization
    held = Voucher.objects.filter(scheme=busy_scheme, enterprise=longyuan).aggregate(s=Sum("amount"))["s"]
    released = Voucher.objects.filter(scheme=busy_scheme, enterprise=longyuan).aggregate(s=Sum("released"))["s"]
    room = busy_scheme.per_enterprise_cap - (held - released)
    assert room > 0
    before = _trace()
    _login(client, busy_people["enterprise"])
    refused = client.post(reverse("vouchers:apply"), _apply_form(busy_scheme, str(room + CENT)))
    assert refused.status_code == 200
    assert "amount" in refused.context["form"].errors
    assert _trace() == before
    accepted = client.post(reverse("vouchers:apply"), _apply_form(busy_scheme, str(room)))
    assert accepted.status_code == 302
    assert Application.objects.filter(enterprise=longyuan, status=Application.Status.SUBMITTED).get().amount == room


def test_apply_by_an_enterprise_without_the_required_qualification_names_it(client, scheme, people):
    xinqu = people["enterprise3"].organization
    xinqu.flags = []
    xinqu.save(update_fields=["flags"])
    before = _trace()
    response = _login(client, people["enterprise3"]).post(reverse("vouchers:apply"), _apply_form(scheme, "1000"))
    assert response.status_code == 200
    missing = "、".join(scheme.required_flags)
    assert f"企业不具备申领资质：{missing}" in response.content.decode()
    assert _trace() == before


# ---------------------------------------------------------------- the whole lifecycle through the pages


def test_lifecycle_through_the_pages(client, scheme, people):
    enterprise, provider_user, office = people["enterprise"], people["provider"], people["office"]
    amount = Decimal("30000.00")
    ServiceCategory.objects.get(code="instrument")
    committed_before = scheme.committed

    # 1. the enterprise applies
    _login(client, enterprise)
    assert client.get(reverse("vouchers:apply")).status_code == 200
    response = client.post(reverse("vouchers:apply"), _apply_form(scheme, str(amount)))
    application = Application.objects.get(enterprise=enterprise.organization)
    assert response["Location"] == reverse("vouchers:application", args=[application.pk])
    assert application.amount == amount and application.status == Application.Status.SUBMITTED
    tasks = {t.approver.name: t for t in ApprovalTask.objects.filter(request=application.approval)}
    assert set(tasks) == {"兰州市科学技术局", office.organization.name}

    # 2. the city bureau approves: the office's parallel step still holds the voucher back
    _decide(client, people["lzkjj"], tasks["兰州市科学技术局"])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Voucher.objects.filter(application=application).exists()
    # 白银's bureau is not an approver of a 兰州 enterprise
    bykjj_page = _login(client, people["bykjj"]).get(reverse("approvals")).content.decode()
    assert reverse("approval_decide", args=[tasks[office.organization.name].pk]) not in bykjj_page
    client.post(reverse("approval_decide", args=[tasks[office.organization.name].pk]), {"decision": "approve"})
    assert ApprovalTask.objects.get(pk=tasks[office.organization.name].pk).status == ApprovalTask.Status.PENDING

    # 3. the office approves too: the voucher is issued and its amount reserved from the budget
    _decide(client, office, tasks[office.organization.name])
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    voucher = Voucher.objects.get(application=application)
    assert voucher.amount == amount and voucher.enterprise_id == enterprise.organization_id
    assert voucher.expires_on <= scheme.valid_until
    scheme.refresh_from_db()
    assert scheme.committed == committed_before + amount
    page = _login(client, enterprise).get(reverse("vouchers:application", args=[application.pk])).content.decode()
    assert voucher.number in page

    # 4. the enterprise orders a service on the voucher page
    item = ServiceItem.objects.get(provider__organization=provider_user.organization, name__startswith="场发射")
    quantity = Decimal("3")
    part = _expected_part(item, quantity, voucher)
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
    _login(client, provider_user)
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
    _login(client, enterprise)
    assert 'id="confirm-form"' in client.get(reverse("vouchers:order", args=[order.pk])).content.decode()
    assert client.post(reverse("vouchers:order", args=[order.pk]), {"action": "confirm"}).status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED

    # 7. the provider redeems
    _login(client, provider_user)
    assert 'id="redeem-form"' in client.get(reverse("vouchers:order", args=[order.pk])).content.decode()
    assert client.post(reverse("vouchers:order", args=[order.pk]), {"action": "redeem"}).status_code == 302
    redemption = Redemption.objects.get(order=order)
    assert redemption.amount == part
    voucher.refresh_from_db()
    assert voucher.redeemed == part
    # a second claim is refused with a message and changes nothing
    before = _trace()
    again = client.post(reverse("vouchers:order", args=[order.pk]), {"action": "redeem"}, follow=True)
    assert any("不能重复兑付" in m or "企业确认服务后" in m for m in _messages(again)), _messages(again)
    assert _trace() == before
    assert Redemption.objects.filter(order=order).count() == 1

    # 8. the office approves the redemption
    _login(client, office)
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

    # 9. the office gathers it into a settlement batch
    settlements = f"{reverse('vouchers:office_settlements')}?scheme={scheme.pk}"
    waiting = client.get(settlements)
    assert waiting.context["waiting"] == 1 and waiting.context["waiting_total"] == part
    assert client.post(settlements, {"action": "create"}).status_code == 302
    batch = SettlementBatch.objects.get(scheme=scheme)
    redemption.refresh_from_db()
    assert redemption.batch_id == batch.pk
    assert batch.total == part
    assert batch.number in client.get(settlements).content.decode()

    # 10. the batch's disbursement list is a workbook naming the provider, the order and the amount
    book = _workbook(client.get(reverse("vouchers:settlement_export", args=[batch.pk])))
    rows = _rows(book.active)
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
    response = _login(client, enterprise).get(reverse("vouchers:proof", args=[voucher.pk]))
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
    _login(client, people["enterprise"]).post(reverse("vouchers:apply"), _apply_form(scheme, "1000"))
    application = Application.objects.get(enterprise=people["enterprise"].organization)
    task = ApprovalTask.objects.get(request=application.approval, approver=people["lzkjj"].organization)
    # the enterprise cannot decide its own application
    _login(client, people["enterprise"]).post(reverse("approval_decide", args=[task.pk]), {"decision": "approve"})
    task.refresh_from_db()
    assert task.status == ApprovalTask.Status.PENDING
    # rejecting without a reason is refused, with a reason it ends the application without a voucher
    _decide(client, people["lzkjj"], task, approve=False, comment="")
    task.refresh_from_db()
    assert task.status == ApprovalTask.Status.PENDING
    committed = Scheme.objects.get(pk=scheme.pk).committed
    _decide(client, people["lzkjj"], task, approve=False, comment="材料不全")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert not Voucher.objects.filter(application=application).exists()
    assert Scheme.objects.get(pk=scheme.pk).committed == committed


def test_delivery_without_a_report_is_refused(client, busy_people):
    placed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.PLACED
    ).first()
    before = _trace()
    evidence = Evidence.objects.count()
    response = _login(client, busy_people["provider"]).post(
        reverse("vouchers:order", args=[placed.pk]),
        {"action": "deliver", "contract": SimpleUploadedFile("c.pdf", b"%PDF contract")},
        follow=True,
    )
    assert response.status_code == 200
    assert any("服务报告" in m for m in _messages(response)), _messages(response)
    assert _trace() == before
    assert Evidence.objects.count() == evidence


# ---------------------------------------------------------------- proofs and exports


def test_every_demo_vouchers_proof_verifies(client, busy_people):
    _login(client, busy_people["auditor"])
    for voucher in Voucher.objects.all():
        response = client.get(reverse("vouchers:proof", args=[voucher.pk]))
        payloads = verify_proof(json.loads(response.content), voucher)
        assert payloads[0]["kind"] == "voucher.issue"
        state = payloads[-1]["data"]["state"]
        assert (state["status"], Decimal(state["redeemed"]), Decimal(state["released"])) == (
            voucher.status,
            voucher.redeemed,
            voucher.released,
        )


def test_office_vouchers_export_lists_every_voucher_and_honours_the_filter(client, busy_people):
    _login(client, busy_people["office"])
    book = _workbook(client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx"}))
    rows = _rows(book.active)
    assert rows[0][0] == "券号"
    by_number = {r[0]: r for r in rows[1:]}
    vouchers = {v.number: v for v in Voucher.objects.select_related("enterprise")}
    assert set(by_number) == set(vouchers)
    for number, v in vouchers.items():
        row = by_number[number]
        assert row[2] == v.enterprise.name
        assert [Decimal(str(x)) for x in row[3:7]] == [v.amount, v.redeemed, v.reserved, v.released]
        assert row[7] == v.get_status_display()
        assert row[9] == v.expires_on.isoformat()
    cancelled = _rows(
        _workbook(client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx", "status": "cancelled"})).active
    )
    assert {r[0] for r in cancelled[1:]} == {v.number for v in vouchers.values() if v.status == "cancelled"}


def test_dashboard_export_adds_up_to_the_vouchers_and_redemptions(client, busy_scheme, busy_people):
    _login(client, busy_people["leader"])
    book = _workbook(client.get(reverse("vouchers:office"), {"scheme": busy_scheme.pk, "format": "xlsx"}))
    assert book.sheetnames == ["预算执行", "按类别", "按城市", "服务机构排名"]
    burn = _rows(book["预算执行"])
    assert burn[0] == ("月份", "累计发放（元）", "累计兑付（元）", "预算余额（元）")
    months = [r[0] for r in burn[1:]]
    assert months == sorted(months) and months
    issued = Voucher.objects.filter(scheme=busy_scheme).aggregate(s=Sum("amount"))["s"]
    claimed = (
        Redemption.objects.filter(voucher__scheme=busy_scheme)
        .exclude(status=Redemption.Status.REFUSED)
        .aggregate(s=Sum("amount"))["s"]
    )
    last = burn[-1]
    assert Decimal(str(last[1])) == issued
    assert Decimal(str(last[2])) == claimed
    assert Decimal(str(last[3])) == busy_scheme.budget - claimed
    top = _rows(book["服务机构排名"])[1:]
    assert sum(Decimal(str(r[1])) for r in top) == claimed
    assert sum(r[2] for r in top) == Redemption.objects.exclude(status=Redemption.Status.REFUSED).count()
    cities = _rows(book["按城市"])[1:]
    assert sum(Decimal(str(r[1])) for r in cities) == issued


# ---------------------------------------------------------------- query counts


def _more_vouchers(scheme, n: int):
    """Vouchers of every demo enterprise, so a per-row query would show."""
    enterprises = [u.organization for u in User.objects.filter(username__in=sorted(ENTERPRISES))]
    now = timezone.now()
    for i in range(n):
        Voucher.objects.create(
            number=f"QC{i:05d}",
            scheme=scheme,
            enterprise=enterprises[i % len(enterprises)],
            amount=Decimal("1000"),
            issued_at=now,
            expires_on=timezone.localdate() + dt.timedelta(days=30),
        )


# session, user, unread notices, the user's organization (header), COUNT(vouchers), one page of vouchers
OFFICE_VOUCHERS_QUERIES = 6


def test_office_vouchers_list_query_count_does_not_grow_with_rows(
    client, busy_scheme, busy_people, django_assert_max_num_queries
):
    _login(client, busy_people["office"])
    client.get(reverse("vouchers:office_vouchers"))  # the session's first hit may load extra state
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        small = client.get(reverse("vouchers:office_vouchers"))
    _more_vouchers(busy_scheme, 40)
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        big = client.get(reverse("vouchers:office_vouchers"))
    assert len(big.context["page"].object_list) == len(small.context["page"].object_list) + 40
    with django_assert_max_num_queries(OFFICE_VOUCHERS_QUERIES):
        export = client.get(reverse("vouchers:office_vouchers"), {"format": "xlsx"})
    assert len(_rows(_workbook(export).active)) == Voucher.objects.count() + 1


# ---------------------------------------------------------------- known app bugs (strict: they flip when fixed)


def test_missing_settlement_batch_is_404(client, busy_people):
    _login(client, busy_people["office"])
    missing = (SettlementBatch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("vouchers:settlement_export", args=[missing])).status_code == 404


def test_a_malformed_scheme_parameter_is_not_a_server_error(client, busy_scheme, busy_people):
    _login(client, busy_people["office"])
    assert client.get(reverse("vouchers:office"), {"scheme": "abc"}).status_code in (200, 404)


def test_read_only_roles_cannot_register_their_organization_as_a_provider(client, busy_people):
    category = ServiceCategory.objects.get(code="instrument")
    for username in ("auditor", "leader"):
        user = busy_people[username]
        response = _login(client, user).post(
            reverse("vouchers:provider_register"),
            {"qualifications": "无", "contact": "0931", "categories": [category.pk]},
        )
        assert response.status_code == 403
        assert not Provider.objects.filter(organization=user.organization).exists()


def test_the_403_page_gives_the_reason(client, busy_people):
    response = _login(client, busy_people["enterprise"]).get(reverse("vouchers:office"))
    assert response.status_code == 403
    assert "创新券管理页面仅对办公室、领导和审计员开放" in response.content.decode()


def test_approval_decision_does_not_redirect_to_another_site(client, busy_people):
    task = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.PENDING, approver=busy_people["lzkjj"].organization
    ).first()
    response = _login(client, busy_people["lzkjj"]).post(
        reverse("approval_decide", args=[task.pk]), {"decision": "approve", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
