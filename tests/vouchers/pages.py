"""What the voucher page tests share: the roles, logging in, the trace a refusal must leave unchanged,
the seed's rule for an order's voucher part, flash messages, workbooks and the outsider's proof check."""

import io
import json
from decimal import ROUND_DOWN, Decimal

from django.urls import reverse
from openpyxl import load_workbook

from innozone.core.models import ApprovalTask
from innozone.ledger import merkle, signing
from innozone.ledger.models import LedgerEntry, LedgerState
from innozone.vouchers.models import (
    Application,
    CategoryRate,
    Order,
    Scheme,
    ServiceItem,
    Voucher,
)

ENTERPRISES = {"enterprise", "enterprise2", "enterprise3"}
PROVIDERS = {"provider", "provider2"}
OFFICE_VIEW = {"office", "leader", "auditor"}
APPROVERS = {"lzkjj", "bykjj"}
EVERYONE = ENTERPRISES | PROVIDERS | OFFICE_VIEW | APPROVERS
CENT = Decimal("0.01")


# ---------------------------------------------------------------- fixtures and helpers


def login_as(client, user):
    client.force_login(user)
    return client


def ledger_size() -> int:
    state = LedgerState.objects.filter(id=1).first()
    return state.size if state else 0


def refusal_trace():
    """What a refused operation must leave unchanged."""
    return {
        "applications": Application.objects.count(),
        "vouchers": list(
            Voucher.objects.order_by("pk").values_list("pk", "amount", "redeemed", "reserved", "released")
        ),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
        "committed": list(Scheme.objects.order_by("pk").values_list("pk", "committed")),
        "ledger": ledger_size(),
        "tasks": ApprovalTask.objects.count(),
    }


def voucher_part(item: ServiceItem, quantity: Decimal, voucher: Voucher) -> Decimal:
    """The voucher part of an order, from the seed's rule: price × quantity × the category's subsidy
    ratio, cut to the cent, never more than the voucher has left."""
    ratio = CategoryRate.objects.get(scheme=voucher.scheme, category=item.category).subsidy_ratio
    part = (item.price * quantity * ratio).quantize(CENT, rounding=ROUND_DOWN)
    return min(part, voucher.amount - voucher.released - voucher.reserved)


def flash_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def open_workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet) -> list[tuple]:
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


def decide_on_page(client, user, task, *, approve=True, comment="同意"):
    login_as(client, user)
    page = client.get(reverse("approvals"))
    assert page.status_code == 200
    assert reverse("approval_decide", args=[task.pk]) in page.content.decode()
    decision = "approve" if approve else "reject"
    response = client.post(reverse("approval_decide", args=[task.pk]), {"decision": decision, "comment": comment})
    assert response.status_code == 302
    return response
