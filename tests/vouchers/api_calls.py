"""What the voucher API tests share: the trace a refusal must leave unchanged, the `{code, message, detail}`
error check, evidence uploads, the seed's rule for an order's voucher part, the outsider's proof check and
approving through /api/approvals."""

import json
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.models import ApprovalTask
from innozone.ledger import merkle, signing
from innozone.ledger.models import LedgerState
from innozone.vouchers.models import (
    Application,
    Order,
    Redemption,
    Scheme,
    Voucher,
)

CENT = Decimal("0.01")
LONGYUAN = "甘肃陇原新材料科技有限公司"


def ledger_size() -> int:
    state = LedgerState.objects.filter(id=1).first()
    return state.size if state else 0


def refusal_trace():
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
        "ledger": ledger_size(),
    }


def api_error(response, status: int, code: str | None = None) -> dict:
    """An API error: the status, and exactly {code, message, detail} with a non-empty message."""
    assert response.status_code == status, (response.status_code, response.content.decode())
    body = response.json()
    assert set(body) == {"code", "message", "detail"}, body
    assert isinstance(body["detail"], list)
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


def deliver_on_api(client, token: str, order_id: int, **files):
    return client.post(
        f"/api/vouchers/orders/{order_id}/deliver",
        {k: SimpleUploadedFile(f"{k}.pdf", v, content_type="application/pdf") for k, v in files.items()},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def order_part(price: Decimal, quantity: Decimal, ratio: Decimal, left: Decimal) -> Decimal:
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


def approve_on_api(api, user, application_id: int) -> dict:
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


def confirmed_order(busy_people) -> Order:
    order = (
        Order.objects.filter(provider__organization=busy_people["provider"].organization, status=Order.Status.CONFIRMED)
        .select_related("voucher")
        .first()
    )
    assert order is not None, "the demo has an order the provider may redeem"
    return order
