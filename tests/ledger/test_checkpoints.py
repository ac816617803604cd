"""Signed heads leave the system and are watched from outside (RFC 9162 §11.3): `ledger verify` refuses a
log its stored heads do not cover; checkpoints in the transparency-dev text format go to an outbox and
`/ledger/checkpoint`; a witness holding only the public key catches a history rewritten with the database
AND the key; the key can come from the environment and, in production, never from the data folder."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from innozone.ledger import merkle, services, signing
from innozone.ledger.models import LedgerEntry, LedgerNode, LedgerState, SignedHead
from tests.ledger.test_storage import run_verify


@pytest.fixture
def full_demo(busy_scheme, settings, tmp_path):
    settings.LEDGER_OUTBOX = tmp_path / "outbox"
    settings.LEDGER_POST_URL = ""
    services.head_sign_current()
    return LedgerEntry.objects.count()


def rebuild_from_payloads() -> None:
    """What whoever holds the database does after editing payloads: recompute leaves, nodes and frontier."""
    LedgerNode.objects.all().delete()
    frontier = merkle.Frontier()
    for entry in LedgerEntry.objects.order_by("index"):
        leaf = merkle.leaf_hash(entry.payload.encode())
        LedgerEntry.objects.filter(index=entry.index).update(leaf_hash=leaf)
        inner = [LedgerNode(level=n.level, index=n.index, hash=n.hash) for n in frontier.append(leaf) if n.level]
        LedgerNode.objects.bulk_create(inner)
    LedgerState.objects.filter(id=1).update(size=frontier.size, frontier=frontier.to_hex())


def rewrite_entry(index: int) -> None:
    entry = LedgerEntry.objects.get(index=index)
    LedgerEntry.objects.filter(index=index).update(payload=entry.payload.replace('"data":{', '"data":{"x":1,', 1))
    rebuild_from_payloads()


# ---------------------------------------------------------------- (a) heads must cover the log


def test_deleted_heads_and_a_recomputed_log_fail_verify(full_demo):
    SignedHead.objects.all().delete()
    rewrite_entry(3)
    code, text = run_verify()
    assert code == 1 and f"no signed head covers the {full_demo} entries" in text


def test_a_gap_between_signed_heads_fails_verify(full_demo, settings):
    settings.LEDGER_MAX_MERGE_DELAY = 3600
    old = timezone.now() - dt.timedelta(days=3)
    LedgerEntry.objects.update(created_at=old)
    SignedHead.objects.all().delete()
    head = services.head_sign_current()  # covers everything, but three days after the entries
    code, text = run_verify()
    assert code == 1 and f"entries 0–{head.tree_size - 1}" in text and "more than 3600 s" in text


def test_entries_left_uncovered_too_long_fail_verify(full_demo, settings):
    settings.LEDGER_MAX_MERGE_DELAY = 3600
    size = full_demo
    LedgerEntry.objects.filter(index__gte=size - 2).update(created_at=timezone.now() - dt.timedelta(days=2))
    SignedHead.objects.all().delete()  # the only head left covers all but the last two entries
    key = services.signing_key()
    root = merkle.MemoryTree(
        bytes(e) for e in LedgerEntry.objects.order_by("index").values_list("leaf_hash", flat=True)
    )
    th = signing.TreeHead(size - 2, root.root(size - 2), int(timezone.now().timestamp() * 1000))
    SignedHead.objects.create(
        tree_size=th.tree_size,
        root_hash=th.root_hash,
        timestamp=th.timestamp,
        signature=signing.sign_head(key, th, origin=settings.LEDGER_ORIGIN),
        public_key=signing.public_key_bytes(key),
    )
    code, text = run_verify()
    assert code == 1 and f"entries {size - 2}–{size - 1}" in text and "not covered by any signed head" in text


def test_untouched_demo_is_covered(full_demo):
    code, text = run_verify()
    assert code == 0, text


# ---------------------------------------------------------------- (b) checkpoints leave the system


def test_checkpoint_text_format_verifies_with_the_public_key_only(full_demo, settings):
    head = SignedHead.objects.latest("tree_size")
    text = services.checkpoint_text(head)
    lines = text.split("\n")
    assert lines[0] == settings.LEDGER_ORIGIN and lines[1] == str(head.tree_size)
    assert signing.from_base64(lines[2]) == bytes(head.root_hash)
    assert lines[4] == "" and lines[5].startswith(f"\u2014 {settings.LEDGER_ORIGIN} ")
    origin, parsed = signing.parse_checkpoint(text, bytes(head.public_key))
    assert (origin, parsed.tree_size, parsed.root_hash) == (settings.LEDGER_ORIGIN, head.tree_size, head.root_hash)
    with pytest.raises(ValueError, match="signature"):
        signing.parse_checkpoint(text.replace(lines[1], str(head.tree_size + 1), 1), bytes(head.public_key))


def test_checkpoint_command_writes_each_new_head_to_the_outbox(full_demo, settings):
    out = StringIO()
    call_command("ledger", "checkpoint", stdout=out)
    outbox = Path(settings.LEDGER_OUTBOX)
    written = sorted(p.name for p in outbox.glob("*-*.checkpoint"))
    assert len(written) == SignedHead.objects.count() >= 1
    latest = (outbox / "latest.checkpoint").read_text()
    assert latest == services.checkpoint_text(SignedHead.objects.latest("tree_size"))
    call_command("ledger", "checkpoint", stdout=StringIO())
    assert sorted(p.name for p in outbox.glob("*-*.checkpoint")) == written  # nothing new, nothing rewritten


def test_checkpoint_task_runs_the_same_publication(full_demo, settings):
    from innozone.ledger.tasks import checkpoint

    result = checkpoint.enqueue()
    assert result.return_value["written"]
    assert (Path(settings.LEDGER_OUTBOX) / "latest.checkpoint").exists()


def test_checkpoint_page_serves_the_latest_as_text(client, full_demo):
    response = client.get("/ledger/checkpoint")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    head = SignedHead.objects.latest("tree_size")
    assert response.content.decode() == services.checkpoint_text(head)


# ---------------------------------------------------------------- (e) the served head is recomputed


def test_a_stored_head_that_the_log_does_not_give_is_not_served(client, api, full_demo):
    from innozone.core.models import User

    head = SignedHead.objects.latest("tree_size")
    SignedHead.objects.filter(pk=head.pk).update(root_hash=bytes(32))
    for url in ("/ledger/head.json", "/ledger/checkpoint", "/ledger/"):
        assert client.get(url).status_code == 503, url
    response = api.as_user(User.objects.get(username="enterprise")).get("/api/ledger/head")
    assert response.status_code == 503 and response.json()["code"] == "ledger_inconsistent"
    assert SignedHead.objects.filter(root_hash=head.root_hash).count() == 0


def test_a_frontier_the_nodes_do_not_give_is_neither_served_nor_signed(client, full_demo):
    state = LedgerState.objects.get(id=1)
    LedgerState.objects.filter(id=1).update(frontier=["00" * 32 for _ in state.frontier])
    SignedHead.objects.all().delete()
    assert client.get("/ledger/head.json").status_code == 503
    assert not SignedHead.objects.exists()


# ---------------------------------------------------------------- (c) the witness


def witness(store: Path, *extra: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ledger", "witness", "--store", str(store), "--db", *extra, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def public_key_file(full_demo, tmp_path):
    out = StringIO()
    call_command("ledger", "public-key", stdout=out)
    path = tmp_path / "ledger.pub"
    path.write_text(out.getvalue())
    return path


def test_witness_accepts_a_log_that_only_grows(full_demo, public_key_file, tmp_path):
    store = tmp_path / "witness"
    assert witness(store, "--public-key", str(public_key_file))[0] == 0
    from innozone.vouchers import services as voucher_services
    from innozone.vouchers.models import Voucher

    voucher = Voucher.objects.filter(status="active").first()
    office = voucher.scheme.issuer.users.first()
    voucher_services.voucher_set_expiry(actor=office, voucher=voucher, expires_on=voucher.expires_on, reason="核对")
    code, text = witness(store)  # the public key was stored on first use
    assert code == 0 and f"{full_demo} → {full_demo + 1}" in text


def test_witness_catches_a_rewrite_made_with_the_database_and_the_key(full_demo, public_key_file, tmp_path):
    store = tmp_path / "witness"
    assert witness(store, "--public-key", str(public_key_file))[0] == 0
    rewrite_entry(5)
    SignedHead.objects.all().delete()
    services.head_sign_current()  # re-signed with the platform's own key
    code, text = witness(store)
    assert code == 1 and f"size {full_demo}" in text and "rewritten" in text


def test_witness_catches_a_rewrite_hidden_behind_new_entries(full_demo, public_key_file, tmp_path):
    store = tmp_path / "witness"
    assert witness(store, "--public-key", str(public_key_file))[0] == 0
    rewrite_entry(5)
    from innozone.vouchers import services as voucher_services
    from innozone.vouchers.models import Voucher

    voucher = Voucher.objects.filter(status="active").first()
    office = voucher.scheme.issuer.users.first()
    voucher_services.voucher_set_expiry(actor=office, voucher=voucher, expires_on=voucher.expires_on, reason="核对")
    SignedHead.objects.all().delete()
    code, text = witness(store)
    assert code == 1 and "not consistent" in text and f"size {full_demo}" in text


def test_witness_refuses_a_checkpoint_signed_with_another_key(full_demo, public_key_file, tmp_path, settings):
    store = tmp_path / "witness"
    assert witness(store, "--public-key", str(public_key_file))[0] == 0
    settings.LEDGER_KEY_FILE = tmp_path / "other.pem"
    SignedHead.objects.all().delete()
    code, text = witness(store)
    assert code == 1 and "signature" in text


def test_witness_needs_a_public_key_the_first_time(full_demo, tmp_path):
    code, text = witness(tmp_path / "witness")
    assert code == 1 and "--public-key" in text


# ---------------------------------------------------------------- (d) where the key comes from


def test_key_from_the_environment_signs_the_heads(full_demo, settings, tmp_path):
    key = signing.generate_key_file(tmp_path / "env.pem")
    settings.LEDGER_KEY_PEM = (tmp_path / "env.pem").read_text()
    settings.LEDGER_KEY_FILE = tmp_path / "absent" / "never-created.pem"
    SignedHead.objects.all().delete()
    head = services.head_sign_current()
    assert bytes(head.public_key) == signing.public_key_bytes(key)
    assert not settings.LEDGER_KEY_FILE.exists()


def test_production_refuses_a_key_file_in_the_data_folder(full_demo, settings, tmp_path):
    settings.PRODUCTION = True
    settings.LEDGER_KEY_PEM = ""
    settings.VAR_DIR = tmp_path
    settings.LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.pem"
    with pytest.raises(ImproperlyConfigured, match="INNOZONE_LEDGER_KEY"):
        services.signing_key()


def test_public_key_command_prints_a_pem_the_witness_reads(public_key_file):
    raw = signing.load_public_key(public_key_file.read_bytes())
    assert raw == signing.public_key_bytes(services.signing_key())
    assert json.dumps(signing.to_base64(raw))


# ---------------------------------------------------------------- over HTTP (urlopen answered by the test client)


class _Answer:
    def __init__(self, response):
        self.response = response

    def __enter__(self):
        assert self.response.status_code == 200, self.response.content
        return self

    def __exit__(self, *exc):
        return False

    def read(self):
        return self.response.content


def test_witness_over_http_reads_the_public_pages_only(client, full_demo, public_key_file, tmp_path, monkeypatch):
    seen = []

    def urlopen(url, timeout):
        path = url.removeprefix("https://innozone.example")
        seen.append(path)
        return _Answer(client.get(path))

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    store = tmp_path / "witness"
    call_command(
        "ledger",
        "witness",
        "--store",
        str(store),
        "--url",
        "https://innozone.example/",
        "--public-key",
        str(public_key_file),
    )
    rewrite_entry(5)
    from innozone.vouchers import services as voucher_services
    from innozone.vouchers.models import Voucher

    voucher = Voucher.objects.filter(status="active").first()
    office = voucher.scheme.issuer.users.first()
    voucher_services.voucher_set_expiry(actor=office, voucher=voucher, expires_on=voucher.expires_on, reason="核对")
    SignedHead.objects.all().delete()
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("ledger", "witness", "--store", str(store), "--url", "https://innozone.example", stderr=err)
    assert "not consistent" in err.getvalue()
    assert seen == ["/ledger/checkpoint", "/ledger/checkpoint", f"/ledger/consistency/{full_demo}/{full_demo + 1}.json"]


def test_checkpoints_are_posted_once_and_a_failed_post_is_retried(full_demo, settings, monkeypatch):
    settings.LEDGER_POST_URL = "https://archive.example/checkpoints"
    posted, fail = [], [True]

    def urlopen(request, timeout):
        if fail[0]:
            raise OSError("archive down")
        posted.append((request.full_url, request.get_method(), request.data.decode()))
        return _Answer(type("R", (), {"status_code": 200, "content": b""})())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    with pytest.raises(OSError):
        call_command("ledger", "checkpoint", stdout=StringIO())
    fail[0] = False
    call_command("ledger", "checkpoint", stdout=StringIO())
    call_command("ledger", "checkpoint", stdout=StringIO())
    head = SignedHead.objects.latest("tree_size")
    assert posted == [("https://archive.example/checkpoints", "POST", services.checkpoint_text(head))]
