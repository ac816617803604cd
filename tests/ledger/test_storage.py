"""The stored ledger: proofs from the database verify with the pure RFC 9162 verifier; signed heads;
and `ledger verify` catches every kind of tampering, naming the first bad entry."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from innozone.ledger import merkle, selectors, services, signing
from innozone.ledger.models import LedgerEntry, LedgerNode, LedgerState, SignedHead
from innozone.vouchers.models import Voucher


@pytest.fixture
def full_demo(busy_scheme):
    """The voucher demo with activity (restored by the harness) and a signed head over it."""
    services.head_sign_current()
    return LedgerEntry.objects.count()


def run_verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ledger", "verify", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def test_every_stored_inclusion_proof_verifies_against_the_root(full_demo):
    size = full_demo
    root = selectors.root_at(size)
    for index in range(size):
        proof = selectors.inclusion(index, size)
        payload = LedgerEntry.objects.get(index=index).payload.encode()
        leaf = merkle.leaf_hash(payload)
        assert proof["leaf_hash"] == leaf.hex()
        assert merkle.verify_inclusion(leaf, index, size, [bytes.fromhex(h) for h in proof["audit_path"]], root)


def test_consistency_between_two_signed_heads(full_demo):
    old = SignedHead.objects.latest("tree_size")
    from innozone.vouchers import services as voucher_services

    voucher = Voucher.objects.filter(status="active").first()
    office = voucher.scheme.issuer.users.first()
    voucher_services.voucher_set_expiry(actor=office, voucher=voucher, expires_on=voucher.expires_on, reason="核对")
    new = services.head_sign_current()
    assert new.tree_size == old.tree_size + 1
    proof = selectors.consistency(old.tree_size, new.tree_size)
    assert merkle.verify_consistency(
        old.tree_size,
        new.tree_size,
        bytes(old.root_hash),
        bytes(new.root_hash),
        [bytes.fromhex(h) for h in proof["proof"]],
    )


def test_cli_head_is_signed_with_the_configured_key(full_demo, settings):
    out = StringIO()
    call_command("ledger", "head", stdout=out)
    head = json.loads(out.getvalue())
    assert set(head) >= {"tree_size", "root_hash", "timestamp", "signature", "public_key"}
    key = signing.load_key(settings.LEDGER_KEY_FILE)
    assert signing.from_base64(head["public_key"]) == signing.public_key_bytes(key)
    th = signing.TreeHead(head["tree_size"], bytes.fromhex(head["root_hash"]), head["timestamp"])
    assert signing.verify_head(signing.public_key_bytes(key), th, signing.from_base64(head["signature"]))
    assert head["root_hash"] == selectors.root_at(head["tree_size"]).hex()


def test_cli_prove_prints_the_issue_shape(full_demo):
    out = StringIO()
    call_command("ledger", "prove", "5", stdout=out)
    body = json.loads(out.getvalue())
    assert set(body) == {"index", "tree_size", "leaf_hash", "audit_path"}
    assert body["index"] == 5 and body["tree_size"] == full_demo


def test_untouched_ledger_verifies(full_demo):
    code, text = run_verify()
    assert code == 0 and f"{full_demo} entries" in text


def _raw(sql, params=()):
    with connection.cursor() as c:
        c.execute(sql, params)


def test_edited_payload_is_named(full_demo):
    entry = LedgerEntry.objects.get(index=7)
    LedgerEntry.objects.filter(index=7).update(payload=entry.payload.replace('"data":{', '"data":{"x":1,', 1))
    code, text = run_verify()
    assert code == 1 and "entry 7" in text.splitlines()[0]


def test_deleted_entry_is_named(full_demo):
    LedgerEntry.objects.filter(index=11).delete()
    code, text = run_verify()
    assert code == 1 and "entry 11 is missing" in text


def test_reordered_entries_are_named(full_demo):
    a, b = LedgerEntry.objects.get(index=3), LedgerEntry.objects.get(index=4)
    with transaction.atomic():
        LedgerEntry.objects.filter(index=3).update(payload=b.payload, leaf_hash=bytes(b.leaf_hash))
        LedgerEntry.objects.filter(index=4).update(payload=a.payload, leaf_hash=bytes(a.leaf_hash))
    code, text = run_verify()
    assert code == 1 and "entry 3" in text.splitlines()[0]


def test_truncated_log_is_caught_by_the_signed_head(full_demo):
    last = full_demo - 1
    LedgerEntry.objects.filter(index=last).delete()
    LedgerNode.objects.all().delete()  # even with the derived rows cleaned up and the state rewound …
    frontier = merkle.Frontier()
    for leaf in LedgerEntry.objects.order_by("index").values_list("leaf_hash", flat=True):
        frontier.append(bytes(leaf))
    LedgerState.objects.filter(id=1).update(size=frontier.size, frontier=frontier.to_hex())
    code, text = run_verify()
    assert code == 1 and f"signed head at size {full_demo}" in text and "truncated" in text


def test_voucher_record_changed_behind_the_platform_is_named(full_demo):
    voucher = Voucher.objects.filter(status="active").first()
    _raw("UPDATE vouchers_voucher SET amount = amount + 1 WHERE id = %s", [voucher.pk])
    code, text = run_verify()
    assert code == 1 and f"vouchers.Voucher {voucher.pk}" in text


def test_voucher_deleted_behind_the_platform_is_named(full_demo):
    voucher = Voucher.objects.filter(status="expired").first()  # the demo's expired voucher has no orders
    _raw("DELETE FROM vouchers_voucher WHERE id = %s", [voucher.pk])
    code, text = run_verify()
    assert code == 1 and f"vouchers.Voucher {voucher.pk}: recorded in the ledger but deleted" in text
