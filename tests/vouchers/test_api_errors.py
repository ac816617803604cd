"""/api/vouchers refusals as `{code, message, detail}` errors (401, 403, 404, 409, 422) that change nothing,
and that each user lists only what it may see."""

from innozone.core.models import ApprovalTask
from innozone.ledger.models import LedgerEntry
from innozone.vouchers.models import (
    Application,
    Order,
    Redemption,
    SettlementBatch,
    Voucher,
)
from tests.vouchers.api_calls import api_error, confirmed_order, deliver_on_api, refusal_trace, verify_proof

# ---------------------------------------------------------------- errors


def test_unauthenticated_calls_get_401(client, busy_scheme):
    api_error(client.get("/api/vouchers/"), 401, "unauthenticated")
    api_error(client.get("/api/vouchers/", HTTP_AUTHORIZATION="Bearer iz_not-a-token"), 401, "unauthenticated")


def test_forbidden_calls_get_403_and_change_nothing(api, busy_scheme, busy_people):
    before = refusal_trace()
    body = api_error(
        api.as_user(busy_people["provider"]).post(
            "/api/vouchers/applications",
            {"scheme_id": busy_scheme.pk, "category": "instrument", "amount": "1000", "purpose": "检测"},
        ),
        403,
        "forbidden",
    )
    assert body["message"] == "只有企业用户可以申领创新券"
    api_error(api.as_user(busy_people["enterprise"]).get("/api/vouchers/redemptions"), 403, "forbidden")
    api_error(api.get(f"/api/vouchers/dashboard?scheme_id={busy_scheme.pk}"), 403, "forbidden")
    pending = Redemption.objects.filter(status=Redemption.Status.PENDING).first()
    for username in ("leader", "auditor", "provider"):
        api_error(
            api.as_user(busy_people[username]).post(
                f"/api/vouchers/redemptions/{pending.pk}/review", {"approve": True}
            ),
            403,
            "forbidden",
        )
        api_error(api.post(f"/api/vouchers/schemes/{busy_scheme.pk}/settlements", {}), 403, "forbidden")
    # the enterprise may not redeem its own order, the provider may not confirm it
    confirmed = confirmed_order(busy_people)
    api_error(api.as_user(busy_people["enterprise"]).post(f"/api/vouchers/orders/{confirmed.pk}/redeem", {}), 403)
    delivered = Order.objects.filter(voucher=confirmed.voucher, status=Order.Status.DELIVERED).first()
    api_error(api.as_user(busy_people["provider"]).post(f"/api/vouchers/orders/{delivered.pk}/confirm", {}), 403)
    # an approver of another city cannot decide a 兰州 enterprise's task
    task = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.PENDING, approver=busy_people["lzkjj"].organization
    ).first()
    body = api_error(
        api.as_user(busy_people["bykjj"]).post(f"/api/approvals/{task.pk}/decide", {"approve": True}), 403, "forbidden"
    )
    assert task.approver.name in body["message"]
    assert refusal_trace() == before


def test_other_enterprises_objects_are_404(api, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan).order_by("pk").first()
    order = Order.objects.filter(voucher=voucher, status=Order.Status.DELIVERED).first()
    before = refusal_trace()
    api.as_user(busy_people["enterprise2"])
    for url in (
        f"/api/vouchers/{voucher.pk}",
        f"/api/vouchers/{voucher.pk}/proof",
        f"/api/vouchers/orders/{order.pk}",
        f"/api/vouchers/applications/{voucher.application_id}",
    ):
        api_error(api.get(url), 404, "not_found")
    api_error(api.post(f"/api/vouchers/orders/{order.pk}/confirm", {}), 404, "not_found")
    api_error(api.post(f"/api/vouchers/{voucher.pk}/orders", {"item_id": order.item_id}), 404, "not_found")
    api_error(api.post(f"/api/vouchers/{voucher.pk}/cancel", {"reason": "不要了"}), 404, "not_found")
    api_error(api.as_user(busy_people["office"]).post("/api/approvals/999999/decide", {"approve": True}), 404)
    assert refusal_trace() == before


def test_conflicts_get_409(api, busy_people):
    placed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.PLACED
    ).first()
    before = refusal_trace()
    body = api_error(api.as_user(busy_people["enterprise"]).post(f"/api/vouchers/orders/{placed.pk}/confirm", {}), 409)
    assert body["message"] == "服务机构登记交付后才能确认"
    settled = Order.objects.filter(status=Order.Status.SETTLED).first()
    api_error(api.post(f"/api/vouchers/orders/{settled.pk}/cancel", {"reason": "晚了"}), 409, "conflict")
    paid = SettlementBatch.objects.filter(status=SettlementBatch.Status.PAID).first()
    api_error(
        api.as_user(busy_people["office2"]).post(f"/api/vouchers/settlements/{paid.pk}/paid", {}), 409, "conflict"
    )
    decided = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.APPROVED, approver=busy_people["office"].organization
    ).first()
    # a task decided before is refused (today as 403 "该审批环节当前不可办理", arguably a 409)
    assert api.post(f"/api/approvals/{decided.pk}/decide", {"approve": True}).status_code in (403, 409)
    assert refusal_trace() == before


def test_invalid_input_gets_422_naming_the_field(api, scheme, people):
    before = refusal_trace()
    api.as_user(people["enterprise"])
    body = api_error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": "0", "purpose": "检测"},
        ),
        422,
        "invalid",
    )
    assert any("amount" in d["field"] for d in body["detail"]), body
    over = scheme.per_enterprise_cap + 1
    body = api_error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": str(over), "purpose": "检测"},
        ),
        422,
        "invalid",
    )
    assert {"field": "amount", "message": f"超过每家企业年度上限 {scheme.per_enterprise_cap} 元"} in body["detail"]
    body = api_error(
        api.post(
            "/api/vouchers/applications",
            {"scheme_id": scheme.pk, "category": "instrument", "amount": "1000", "purpose": "   "},
        ),
        422,
        "invalid",
    )
    assert {"field": "purpose", "message": "请填写用途"} in body["detail"]
    api_error(api.post("/api/vouchers/applications", {"scheme_id": scheme.pk}), 422, "invalid")
    assert refusal_trace() == before


def test_rejecting_without_a_reason_is_422_and_with_one_ends_the_application(api, scheme, people):
    api.as_user(people["enterprise"])
    response = api.post(
        "/api/vouchers/applications",
        {"scheme_id": scheme.pk, "category": "instrument", "amount": "1000", "purpose": "检测"},
    )
    application = Application.objects.get(pk=response.json()["id"])
    task = ApprovalTask.objects.get(request=application.approval, approver=people["office"].organization)
    api.as_user(people["office"])
    body = api_error(api.post(f"/api/approvals/{task.pk}/decide", {"approve": False}), 422, "invalid")
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
    before = refusal_trace()
    token = api.as_user(busy_people["provider"]).token
    body = api_error(deliver_on_api(client, token, placed.pk, contract=b"%PDF contract only"), 422, "invalid")
    assert body["detail"][0]["field"] == "files"
    assert refusal_trace() == before


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
