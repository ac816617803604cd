"""/api/vouchers and /api/approvals with Bearer tokens: the whole lifecycle, Idempotency-Key retries, the
`{code, message, detail}` errors, and that an enterprise only ever lists its own vouchers."""

import json
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.models import ApprovalTask, IdempotentRequest
from innozone.ledger import merkle, signing
from innozone.ledger.models import LedgerEntry, LedgerState
from innozone.vouchers.models import (
    Application,
    Order,
    Redemption,
    Scheme,
    SettlementBatch,
    Voucher,
)

CENT = Decimal("0.01")
LONGYUAN = "甘肃陇原新材料科技有限公司"


def _ledger_size() -> int:
    state = LedgerState.objects.filter(id=1).first()
    return state.size if state else 0


def _trace():
    """What a refused call must leave unchanged."""
    return {
        "applications": list(Application.objects.order_by("pk").values_list("pk", "status")),
        "vouchers": list(
            Voucher.objects.order_by("pk").values_list("pk", "redeemed", "reserved", "released", "status")
        ),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
        "redemptions": list(Redemption.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(ApprovalTask.objects.order_by("pk").values_list("pk", "status")),
        "committed": list(Scheme.objects.order_by("pk").values_list("pk", "committed")),
        "ledger": _ledger_size(),
    }


def _error(response, status: int, code: str | None = None) -> dict:
    """An API error: the status, and exactly {code, message, detail} with a non-empty message."""
    assert response.status_code == status, (response.status_code, response.content.decode())
    body = response.json()
    assert set(body) == {"code", "message", "detail"}, body
    assert isinstance(body["detail"], list)
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


def _deliver(client, token: str, order_id: int, **files):
    return client.post(
        f"/api/vouchers/orders/{order_id}/deliver",
        {k: SimpleUploadedFile(f"{k}.pdf", v, content_type="application/pdf") for k, v in files.items()},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _part(price: Decimal, quantity: Decimal, ratio: Decimal, left: Decimal) -> Decimal:
    """The seed's rule for the voucher part of an order."""
    return min((price * quantity * ratio).quantize(CENT, rounding=ROUND_DOWN), left)


def verify_proof(body: dict, voucher_number: str) -> list[dict]:
    """Every event of the proof verifies against the signed head (RFC 9162 §2.1.3.2); the head's
    signature verifies with its public key. Returns the decoded payloads."""
    head = body["signed_head"]
    root = bytes.fromhex(head["root_hash"])
    tree_head = signing.TreeHead(tree_size=head["tree_size"], root_hash=root, timestamp=head["timestamp"])
    assert signing.verify_head(
        signing.from_base64(head["public_key"]),
        tree_head,
        signing.from_base64(head["signature"]),
        origin=head["origin"],
    )
    assert body["voucher"] == voucher_number
    assert body["events"]
    payloads = []
    for event in body["events"]:
        leaf = merkle.leaf_hash(event["payload"].encode())
        path = [bytes.fromhex(h) for h in event["audit_path"]]
        assert leaf.hex() == event["leaf_hash"]
        assert merkle.verify_inclusion(leaf, event["index"], event["tree_size"], path, root), event["index"]
        assert not merkle.verify_inclusion(leaf, event["index"], event["tree_size"], path, bytes(32))
        payloads.append(json.loads(event["payload"]))
    return payloads


def _approve_on_api(api, user, application_id: int) -> dict:
    """The user's organization's pending task for the application, decided yes through the API."""
    request_id = Application.objects.get(pk=application_id).approval_id
    pending = api.as_user(user).get("/api/approvals/pending")
    assert pending.status_code == 200
    mine = [t for t in pending.json() if t["request_id"] == request_id]
    assert len(mine) == 1, pending.json()
    response = api.post(f"/api/approvals/{mine[0]['id']}/decide", {"approve": True, "comment": "同意"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    return mine[0]


# ---------------------------------------------------------------- the lifecycle


def test_lifecycle_through_the_api(api, client, scheme, people):
    amount = Decimal("30000.00")
    committed_before = scheme.committed

    # what the enterprise reads before applying: the scheme's rates and the providers' prices
    api.as_user(people["enterprise"])
    schemes = api.get("/api/vouchers/schemes").json()
    offered = next(s for s in schemes if s["id"] == scheme.pk)
    ratio = Decimal(next(r["subsidy_ratio"] for r in offered["rates"] if r["category"] == "instrument"))
    providers = api.get("/api/vouchers/providers").json()
    centre = next(p for p in providers if p["name"] == people["provider"].organization.name)
    item = next(i for i in centre["items"] if i["category"] == "instrument")
    assert all(p["status"] == "approved" for p in providers)

    # 1. apply
    response = api.post(
        "/api/vouchers/applications",
        {"scheme_id": scheme.pk, "category": "instrument", "amount": str(amount), "purpose": "材料检测"},
    )
    assert response.status_code == 201, response.content
    application = response.json()
    assert application["status"] == "submitted" and application["voucher_id"] is None
    assert Decimal(application["amount"]) == amount and application["enterprise"] == LONGYUAN

    # 2. the two parallel approvers: the city bureau, then the zone office
    bykjj_pending = api.as_user(people["bykjj"]).get("/api/approvals/pending").json()
    assert all(t["request_id"] != Application.objects.get(pk=application["id"]).approval_id for t in bykjj_pending)
    _approve_on_api(api, people["lzkjj"], application["id"])
    assert (
        api.as_user(people["enterprise"]).get(f"/api/vouchers/applications/{application['id']}").json()["voucher_id"]
        is None
    )
    _approve_on_api(api, people["office"], application["id"])
    issued = api.as_user(people["enterprise"]).get(f"/api/vouchers/applications/{application['id']}").json()
    assert issued["status"] == "approved" and issued["voucher_id"]
    voucher = api.get(f"/api/vouchers/{issued['voucher_id']}").json()
    assert Decimal(voucher["amount"]) == amount == Decimal(voucher["remaining"])
    assert voucher["status"] == "active" and voucher["enterprise"] == LONGYUAN
    assert Scheme.objects.get(pk=scheme.pk).committed == committed_before + amount

    # 3. order
    quantity = Decimal("3")
    part = _part(Decimal(item["price"]), quantity, ratio, amount)
    response = api.post(f"/api/vouchers/{voucher['id']}/orders", {"item_id": item["id"], "quantity": "3"})
    assert response.status_code == 201, response.content
    order = response.json()
    assert Decimal(order["voucher_amount"]) == part
    assert Decimal(order["price_total"]) == Decimal(item["price"]) * quantity
    assert order["status"] == "placed" and order["provider"] == centre["name"]
    assert Decimal(api.get(f"/api/vouchers/{voucher['id']}").json()["remaining"]) == amount - part

    # 4. deliver (multipart), 5. confirm
    provider_token = api.as_user(people["provider"]).token
    response = _deliver(client, provider_token, order["id"], contract=b"%PDF contract", report=b"%PDF report")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delivered"
    confirmed = api.as_user(people["enterprise"]).post(f"/api/vouchers/orders/{order['id']}/confirm", {})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"

    # 6. redeem
    redeemed = api.as_user(people["provider"]).post(f"/api/vouchers/orders/{order['id']}/redeem", {})
    assert redeemed.status_code == 200, redeemed.content
    redemption = redeemed.json()
    assert Decimal(redemption["amount"]) == part and redemption["status"] == "pending"
    assert redemption["order_id"] == order["id"] and redemption["voucher_id"] == voucher["id"]

    # 7. the office reviews, settles and pays
    api.as_user(people["office"])
    queue = api.get("/api/vouchers/redemptions").json()
    assert [r["id"] for r in queue] == [redemption["id"]]
    reviewed = api.post(f"/api/vouchers/redemptions/{redemption['id']}/review", {"approve": True, "note": "齐全"})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved"
    batch = api.post(f"/api/vouchers/schemes/{scheme.pk}/settlements", {})
    assert batch.status_code == 201, batch.content
    assert Decimal(batch.json()["total"]) == part and batch.json()["items"] == 1
    paid = api.post(f"/api/vouchers/settlements/{batch.json()['id']}/paid", {})
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert api.get(f"/api/vouchers/orders/{order['id']}").json()["status"] == "settled"

    # 8. the dashboard counts the claim; the proof verifies
    dashboard = api.get(f"/api/vouchers/dashboard?scheme_id={scheme.pk}").json()
    assert Decimal(str(dashboard["totals"]["redeemed"])) == part
    assert Decimal(str(dashboard["totals"]["issued"])) == amount
    proof = api.as_user(people["enterprise"]).get(f"/api/vouchers/{voucher['id']}/proof")
    assert proof.status_code == 200
    payloads = verify_proof(proof.json(), voucher["number"])
    assert [p["kind"] for p in payloads] == [
        "voucher.issue",
        "order.place",
        "order.deliver",
        "order.confirm",
        "voucher.redeem",
        "redemption.approve",
        "order.settle",
    ]
    assert Decimal(payloads[-1]["data"]["state"]["redeemed"]) == part
    final = api.get(f"/api/vouchers/{voucher['id']}").json()
    assert Decimal(final["redeemed"]) == part
    assert Decimal(final["remaining"]) == amount - part


# ---------------------------------------------------------------- Idempotency-Key


def _confirmed_order(busy_people) -> Order:
    order = (
        Order.objects.filter(provider__organization=busy_people["provider"].organization, status=Order.Status.CONFIRMED)
        .select_related("voucher")
        .first()
    )
    assert order is not None, "the demo has an order the provider may redeem"
    return order


def test_redeem_retry_with_the_same_key_returns_the_first_answer_and_redeems_once(api, busy_people):
    order = _confirmed_order(busy_people)
    redeemed_before = order.voucher.redeemed
    api.as_user(busy_people["provider"])
    url = f"/api/vouchers/orders/{order.pk}/redeem"

    first = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 200, first.content
    voucher = Voucher.objects.get(pk=order.voucher_id)
    assert voucher.redeemed == redeemed_before + order.voucher_amount
    after_first = _trace()

    retry = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert retry.status_code == first.status_code
    assert retry.json() == first.json()
    assert Voucher.objects.get(pk=order.voucher_id).redeemed == voucher.redeemed
    assert Redemption.objects.filter(order=order).count() == 1
    assert _trace() == after_first

    # without the key, a second claim is a conflict, not a second redemption
    again = api.post(url, {})
    _error(again, 409, "already_redeemed")
    assert _trace() == after_first


def test_reusing_a_key_for_another_request_is_a_conflict(api, busy_people):
    order = _confirmed_order(busy_people)
    api.as_user(busy_people["provider"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    after = _trace()

    # the same key on another order's redemption
    other = Order.objects.filter(provider=order.provider).exclude(pk=order.pk).first()
    _error(api.post(f"/api/vouchers/orders/{other.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="k"), 409, "conflict")
    assert _trace() == after

    # the same key for an order with another body
    enterprise = busy_people["enterprise"]
    voucher = Voucher.objects.filter(enterprise=enterprise.organization, status=Voucher.Status.ACTIVE).first()
    assert voucher is not None
    item = order.item
    api.as_user(enterprise)
    url = f"/api/vouchers/{voucher.pk}/orders"
    placed = api.post(url, {"item_id": item.pk, "quantity": "1"}, HTTP_IDEMPOTENCY_KEY="order-1")
    assert placed.status_code == 201, placed.content
    assert api.post(url, {"item_id": item.pk, "quantity": "1"}, HTTP_IDEMPOTENCY_KEY="order-1").json() == placed.json()
    after = _trace()
    body = _error(api.post(url, {"item_id": item.pk, "quantity": "2"}, HTTP_IDEMPOTENCY_KEY="order-1"), 409)
    assert "Idempotency-Key" in body["message"]
    assert _trace() == after
    assert Order.objects.filter(voucher=voucher, item=item, pk__gte=placed.json()["id"]).count() == 1


def test_keys_belong_to_their_user(api, busy_people):
    """Another user's identical key is another request, not a replay of someone else's answer."""
    order = _confirmed_order(busy_people)
    api.as_user(busy_people["provider"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="shared").status_code == 200
    api.as_user(busy_people["enterprise"])
    response = api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}, HTTP_IDEMPOTENCY_KEY="shared")
    _error(response, 409, "conflict")  # the order is redeemed already: a real answer, not a replay
    assert IdempotentRequest.objects.filter(key="shared").count() == 1


def test_a_refused_call_stores_no_idempotent_answer(api, busy_people):
    order = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.DELIVERED
    ).first()
    api.as_user(busy_people["provider"])
    _error(api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="early"), 409)
    assert not IdempotentRequest.objects.filter(key="early").exists()
    api.as_user(busy_people["enterprise"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}).status_code == 200
    api.as_user(busy_people["provider"])
    # the same key now does the work, since nothing was recorded for the refusal
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="early").status_code == 200
    assert Redemption.objects.filter(order=order).count() == 1


# ---------------------------------------------------------------- errors


def test_unauthenticated_calls_get_401(client, busy_scheme):
    _error(client.get("/api/vouchers/"), 401, "unauthenticated")
    _error(client.get("/api/vouchers/", HTTP_AUTHORIZATION="Bearer iz_not-a-token"), 401, "unauthenticated")


def test_forbidden_calls_get_403_and_change_nothing(api, busy_scheme, busy_people):
    before = _trace()
    body = _error(
        api.as_user(busy_people["provider"]).post(
            "/api/vouchers/applications",
            {"scheme_id": busy_scheme.pk, "category": "instrument", "amount": "1000", "purpose": "检测"},
        ),
        403,
        "forbidden",
    )
    assert body["message"] == "只有企业用户可以申领创新券"
    _error(api.as_user(busy_people["enterprise"]).get("/api/vouchers/redemptions"), 403, "forbidden")
    _error(api.get(f"/api/vouchers/dashboard?scheme_id={busy_scheme.pk}"), 403, "forbidden")
    pending = Redemption.objects.filter(status=Redemption.Status.PENDING).first()
    for username in ("leader", "auditor", "provider"):
        _error(
            api.as_user(busy_people[username]).post(
                f"/api/vouchers/redemptions/{pending.pk}/review", {"approve": True}
            ),
            403,
            "forbidden",
        )
        _error(api.post(f"/api/vouchers/schemes/{busy_scheme.pk}/settlements", {}), 403, "forbidden")
    # the enterprise may not redeem its own order, the provider may not confirm it
    confirmed = _confirmed_order(busy_people)
    _error(api.as_user(busy_people["enterprise"]).post(f"/api/vouchers/orders/{confirmed.pk}/redeem", {}), 403)
    delivered = Order.objects.filter(voucher=confirmed.voucher, status=Order.Status.DELIVERED).first()
    _error(api.as_user(busy_people["provider"]).post(f"/api/vouchers/orders/{delivered.pk}/confirm", {}), 403)
    # an approver of another city cannot decide a 兰州 enterprise's task
    task = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.PENDING, approver=busy_people["lzkjj"].organization
    ).first()
    body = _error(
        api.as_user(busy_people["bykjj"]).post(f"/api/approvals/{task.pk}/decide", {"approve": True}), 403, "forbidden"
    )
    assert task.approver.name in body["message"]
    assert _trace() == before


def test_other_enterprises_objects_are_404(api, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan).order_by("pk").first()
    order = Order.objects.filter(voucher=voucher, status=Order.Status.DELIVERED).first()
    before = _trace()
    api.as_user(busy_people["enterprise2"])
    for url in (
        f"/api/vouchers/{voucher.pk}",
        f"/api/vouchers/{voucher.pk}/proof",
        f"/api/vouchers/orders/{order.pk}",
        f"/api/vouchers/applications/{voucher.application_id}",
    ):
        _error(api.get(url), 404, "not_found")
    _error(api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}), 404, "not_found")
    _error(api.post(f"/api/vouchers/{voucher.pk}/orders", {"item_id": order.item_id}), 404, "not_found")
    _error(api.post(f"/api/vouchers/{voucher.pk}/cancel", {"reason": "不要了"}), 404, "not_found")
    _error(api.as_user(busy_people["office"]).post("/api/approvals/999999/decide", {"approve": True}), 404)
    assert _trace() == before


def test_conflicts_get_409(api, busy_people):
    placed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.PLACED
    ).first()
    before = _trace()
    body = _error(api.as_user(busy_people["enterprise"]).post(f"/api/vouchers/orders/{placed.pk}/confirm", {}), 409)
    assert body["message"] == "服务机构登记交付后才能确认"
    settled = Order.objects.filter(status=Order.Status.SETTLED).first()
    _error(api.post(f"/api/vouchers/orders/{settled.pk}/cancel", {"reason": "晚了"}), 409, "conflict")
    paid = SettlementBatch.objects.filter(status=SettlementBatch.Status.PAID).first()
    _error(api.as_user(busy_people["office"]).post(f"/api/vouchers/settlements/{paid.pk}/paid", {}), 409, "conflict")
    decided = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.APPROVED, approver=busy_people["office"].organization
    ).first()
    # a task decided before is refused (today as 403 "该审批环节当前不可办理", arguably a 409)
    assert api.post(f"/api/approvals/{decided.pk}/decide", {"approve": True}).status_code in (403, 409)
    assert _trace() == before


def test_invalid_input_gets_422_naming_the_field(api, scheme, people):
    before = _trace()
    api.as_user(people["enterprise"])
    body = _error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": "0", "purpose": "检测"},
        ),
        422,
        "invalid",
    )
    assert any("amount" in d["field"] for d in body["detail"]), body
    over = scheme.per_enterprise_cap + 1
    body = _error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": str(over), "purpose": "检测"},
        ),
        422,
        "invalid",
    )
    assert {"field": "amount", "message": f"超过每家企业年度上限 {scheme.per_enterprise_cap} 元"} in body["detail"]
    body = _error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": "1000", "purpose": "   "},
        ),
        422,
        "invalid",
    )
    assert {"field": "purpose", "message": "请填写用途"} in body["detail"]
    _error(api.post("/api/vouchers/applications", {"scheme_id": scheme.pk}), 422, "invalid")
    assert _trace() == before


def test_rejecting_without_a_reason_is_422_and_with_one_ends_the_application(api, scheme, people):
    api.as_user(people["enterprise"])
    response = api.post(
        "/api/vouchers/applications",
        {"scheme_id": scheme.pk, "category": "instrument", "amount": "1000", "purpose": "检测"},
    )
    application = Application.objects.get(pk=response.json()["id"])
    task = ApprovalTask.objects.get(request=application.approval, approver=people["office"].organization)
    api.as_user(people["office"])
    body = _error(api.post(f"/api/approvals/{task.pk}/decide", {"approve": False}), 422, "invalid")
    assert body["detail"][0]["field"] == "comment"
    assert ApprovalTask.objects.get(pk=task.pk).status == ApprovalTask.Status.PENDING
    rejected = api.post(f"/api/approvals/{task.pk}/decide", {"approve": False, "comment": "预算用途不明确"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert not Voucher.objects.filter(application=application).exists()


def test_delivery_without_evidence_is_422(api, client, busy_people):
    placed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.PLACED
    ).first()
    before = _trace()
    token = api.as_user(busy_people["provider"]).token
    body = _error(_deliver(client, token, placed.pk, contract=b"%PDF contract only"), 422, "invalid")
    assert body["detail"][0]["field"] == "files"
    assert _trace() == before


# ---------------------------------------------------------------- who sees which vouchers


def test_enterprise_lists_only_its_own_vouchers_orders_and_applications(api, busy_people):
    for username in ("enterprise", "enterprise2", "enterprise3"):
        org = busy_people[username].organization
        api.as_user(busy_people[username])
        listed = api.get("/api/vouchers/").json()
        assert {v["id"] for v in listed} == set(Voucher.objects.filter(enterprise=org).values_list("pk", flat=True))
        assert {v["enterprise"] for v in listed} <= {org.name}
        orders = api.get("/api/vouchers/orders").json()
        assert {o["id"] for o in orders} == set(
            Order.objects.filter(voucher__enterprise=org).values_list("pk", flat=True)
        )
        applications = api.get("/api/vouchers/applications").json()
        assert {a["id"] for a in applications} == set(
            Application.objects.filter(enterprise=org).values_list("pk", flat=True)
        )
        active = api.get("/api/vouchers/?status=active").json()
        assert {v["id"] for v in active} == set(
            Voucher.objects.filter(enterprise=org, status="active").values_list("pk", flat=True)
        )
    everything = api.as_user(busy_people["auditor"]).get("/api/vouchers/").json()
    assert {v["id"] for v in everything} == set(Voucher.objects.values_list("pk", flat=True))
    assert api.as_user(busy_people["lzkjj"]).get("/api/vouchers/").json() == []


def test_provider_lists_only_its_own_orders(api, busy_people):
    for username in ("provider", "provider2"):
        org = busy_people[username].organization
        orders = api.as_user(busy_people[username]).get("/api/vouchers/orders").json()
        assert orders
        assert {o["id"] for o in orders} == set(
            Order.objects.filter(provider__organization=org).values_list("pk", flat=True)
        )


def test_approver_lists_only_applications_it_decides(api, busy_people):
    for username in ("lzkjj", "bykjj"):
        org = busy_people[username].organization
        listed = api.as_user(busy_people[username]).get("/api/vouchers/applications").json()
        expected = set(
            Application.objects.filter(approval__tasks__approver=org).values_list("pk", flat=True).distinct()
        )
        assert expected
        assert {a["id"] for a in listed} == expected


def test_proof_of_every_demo_voucher_verifies(api, busy_people):
    api.as_user(busy_people["office"])
    for voucher in Voucher.objects.all():
        payloads = verify_proof(api.get(f"/api/vouchers/{voucher.pk}/proof").json(), voucher.number)
        assert (
            len(payloads) == LedgerEntry.objects.filter(subject_type="vouchers.Voucher", subject_id=voucher.pk).count()
        )
        assert payloads[-1]["data"]["state"]["status"] == voucher.status


def test_a_page_past_the_last_is_empty(api, busy_people):
    api.as_user(busy_people["office"])
    first = api.get("/api/vouchers/?page=1").json()
    assert len(first) == Voucher.objects.count() < 100
    assert api.get("/api/vouchers/?page=2").json() == []
