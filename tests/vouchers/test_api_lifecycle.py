"""/api/vouchers and /api/approvals with Bearer tokens: the whole lifecycle from application to settlement,
and Idempotency-Key retries that return the first answer and never apply a change twice."""

from decimal import Decimal

from innozone.core.models import IdempotentRequest
from innozone.vouchers.models import (
    Application,
    Order,
    Redemption,
    Scheme,
    Voucher,
)
from tests.vouchers.api_calls import (
    LONGYUAN,
    api_error,
    approve_on_api,
    confirmed_order,
    deliver_on_api,
    order_part,
    refusal_trace,
    verify_proof,
)

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
    approve_on_api(api, people["lzkjj"], application["id"])
    assert (
        api.as_user(people["enterprise"]).get(f"/api/vouchers/applications/{application['id']}").json()["voucher_id"]
        is None
    )
    approve_on_api(api, people["office"], application["id"])
    issued = api.as_user(people["enterprise"]).get(f"/api/vouchers/applications/{application['id']}").json()
    assert issued["status"] == "approved" and issued["voucher_id"]
    voucher = api.get(f"/api/vouchers/{issued['voucher_id']}").json()
    assert Decimal(voucher["amount"]) == amount == Decimal(voucher["remaining"])
    assert voucher["status"] == "active" and voucher["enterprise"] == LONGYUAN
    assert Scheme.objects.get(pk=scheme.pk).committed == committed_before + amount

    # 3. order
    quantity = Decimal("3")
    part = order_part(Decimal(item["price"]), quantity, ratio, amount)
    response = api.post(f"/api/vouchers/{voucher['id']}/orders", {"item_id": item["id"], "quantity": "3"})
    assert response.status_code == 201, response.content
    order = response.json()
    assert Decimal(order["voucher_amount"]) == part
    assert Decimal(order["price_total"]) == Decimal(item["price"]) * quantity
    assert order["status"] == "placed" and order["provider"] == centre["name"]
    assert Decimal(api.get(f"/api/vouchers/{voucher['id']}").json()["remaining"]) == amount - part

    # 4. deliver (multipart), 5. confirm
    provider_token = api.as_user(people["provider"]).token
    response = deliver_on_api(client, provider_token, order["id"], contract=b"%PDF contract", report=b"%PDF report")
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

    # 7. the office reviews; a second office member settles and pays
    api.as_user(people["office"])
    queue = api.get("/api/vouchers/redemptions").json()
    assert [r["id"] for r in queue] == [redemption["id"]]
    reviewed = api.post(f"/api/vouchers/redemptions/{redemption['id']}/review", {"approve": True, "note": "齐全"})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved"
    # who reviewed may not settle (separation of duties): another office member does
    refused = api.post(f"/api/vouchers/schemes/{scheme.pk}/settlements", {})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    api.as_user(people["office2"])
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


def test_redeem_retry_with_the_same_key_returns_the_first_answer_and_redeems_once(api, busy_people):
    order = confirmed_order(busy_people)
    redeemed_before = order.voucher.redeemed
    api.as_user(busy_people["provider"])
    url = f"/api/vouchers/orders/{order.pk}/redeem"

    first = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 200, first.content
    voucher = Voucher.objects.get(pk=order.voucher_id)
    assert voucher.redeemed == redeemed_before + order.voucher_amount
    after_first = refusal_trace()

    retry = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert retry.status_code == first.status_code
    assert retry.json() == first.json()
    assert Voucher.objects.get(pk=order.voucher_id).redeemed == voucher.redeemed
    assert Redemption.objects.filter(order=order).count() == 1
    assert refusal_trace() == after_first

    # without the key, a second claim is a conflict, not a second redemption
    again = api.post(url, {})
    api_error(again, 409, "already_redeemed")
    assert refusal_trace() == after_first


def test_reusing_a_key_for_another_request_is_a_conflict(api, busy_people):
    order = confirmed_order(busy_people)
    api.as_user(busy_people["provider"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    after = refusal_trace()

    # the same key on another order's redemption
    other = Order.objects.filter(provider=order.provider).exclude(pk=order.pk).first()
    api_error(api.post(f"/api/vouchers/orders/{other.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="k"), 409, "conflict")
    assert refusal_trace() == after

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
    after = refusal_trace()
    body = api_error(api.post(url, {"item_id": item.pk, "quantity": "2"}, HTTP_IDEMPOTENCY_KEY="order-1"), 409)
    assert "Idempotency-Key" in body["message"]
    assert refusal_trace() == after
    assert Order.objects.filter(voucher=voucher, item=item, pk__gte=placed.json()["id"]).count() == 1


def test_keys_belong_to_their_user(api, busy_people):
    """Another user's identical key is another request, not a replay of someone else's answer."""
    order = confirmed_order(busy_people)
    api.as_user(busy_people["provider"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="shared").status_code == 200
    api.as_user(busy_people["enterprise"])
    response = api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}, HTTP_IDEMPOTENCY_KEY="shared")
    api_error(response, 409, "conflict")  # the order is redeemed already: a real answer, not a replay
    assert IdempotentRequest.objects.filter(key="shared").count() == 1


def test_a_refused_call_stores_no_idempotent_answer(api, busy_people):
    order = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.DELIVERED
    ).first()
    api.as_user(busy_people["provider"])
    api_error(api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="early"), 409)
    assert not IdempotentRequest.objects.filter(key="early").exists()
    api.as_user(busy_people["enterprise"])
    assert api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}).status_code == 200
    api.as_user(busy_people["provider"])
    # the same key now does the work, since nothing was recorded for the refusal
    assert api.post(f"/api/vouchers/orders/{order.pk}/redeem", {}, HTTP_IDEMPOTENCY_KEY="early").status_code == 200
    assert Redemption.objects.filter(order=order).count() == 1
