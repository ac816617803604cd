"""Signed tree heads: the documented message, Ed25519 round trip, tampering, and the key file."""

import dataclasses
import hashlib
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from innozone.ledger.signing import (
    ORIGIN,
    TreeHead,
    from_base64,
    generate_key_file,
    head_message,
    load_key,
    load_or_create_key,
    parse_head_message,
    public_key_bytes,
    sign_head,
    to_base64,
    verify_head,
)

# RFC 8032 §7.1, TEST 1.
RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")

# The root of the empty tree in the Merkle test vectors, as they spell it.
EMPTY_ROOT_B64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

HEAD = TreeHead(tree_size=1234, root_hash=hashlib.sha256(b"").digest(), timestamp=1_700_000_000_123)


def _flip(data: bytes, bit: int = 0) -> bytes:
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def test_head_message_is_the_documented_checkpoint_body():
    expected = f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\n".encode()
    assert head_message(HEAD) == expected
    zero = TreeHead(tree_size=0, root_hash=bytes(32), timestamp=0)
    assert head_message(zero, origin="example.org/log") == b"example.org/log\n0\n" + b"A" * 43 + b"=\ntimestamp 0\n"


def test_origin_must_be_one_line():
    for origin in ("", "two\nlines"):
        with pytest.raises(ValueError):
            head_message(HEAD, origin=origin)


def test_public_key_bytes_are_the_raw_rfc8032_key():
    assert public_key_bytes(Ed25519PrivateKey.from_private_bytes(RFC8032_SECRET)) == RFC8032_PUBLIC


def test_a_head_is_signed_over_exactly_its_message():
    key = Ed25519PrivateKey.from_private_bytes(RFC8032_SECRET)
    signature = sign_head(key, HEAD)
    assert len(signature) == 64
    assert signature == key.sign(f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\n".encode())
    assert verify_head(RFC8032_PUBLIC, HEAD, signature)


def test_sign_and_verify_round_trip():
    key = Ed25519PrivateKey.generate()
    assert verify_head(public_key_bytes(key), HEAD, sign_head(key, HEAD))


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": 1235},
        {"tree_size": 1233},
        {"root_hash": _flip(HEAD.root_hash)},
        {"root_hash": _flip(HEAD.root_hash, 255)},
        {"timestamp": 1_700_000_000_124},
    ],
    ids=["size+1", "size-1", "root-first-bit", "root-last-bit", "timestamp+1"],
)
def test_a_changed_head_fails(change):
    key = Ed25519PrivateKey.generate()
    signature = sign_head(key, HEAD)
    assert not verify_head(public_key_bytes(key), dataclasses.replace(HEAD, **change), signature)


def test_a_changed_signature_origin_or_key_fails():
    key = Ed25519PrivateKey.generate()
    signature = sign_head(key, HEAD)
    public = public_key_bytes(key)
    assert not verify_head(public, HEAD, _flip(signature, 100))
    assert not verify_head(public, HEAD, signature[:-1])
    assert not verify_head(public, HEAD, signature, origin="another.log/v1")
    assert not verify_head(public_key_bytes(Ed25519PrivateKey.generate()), HEAD, signature)
    assert not verify_head(public[:31], HEAD, signature)


def test_tree_heads_are_frozen_and_checked():
    with pytest.raises(dataclasses.FrozenInstanceError):
        HEAD.tree_size = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        TreeHead(tree_size=-1, root_hash=bytes(32), timestamp=0)
    with pytest.raises(ValueError):
        TreeHead(tree_size=1, root_hash=bytes(31), timestamp=0)
    with pytest.raises(ValueError):
        TreeHead(tree_size=1, root_hash=bytes(32), timestamp=-1)


def test_a_published_message_parses_back():
    assert parse_head_message(head_message(HEAD)) == (ORIGIN, HEAD)
    assert parse_head_message(head_message(HEAD, origin="example.org/log")) == ("example.org/log", HEAD)


@pytest.mark.parametrize(
    "message",
    [
        f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123",  # no final newline
        f"{ORIGIN}\n01234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\n",  # leading zero
        f"{ORIGIN}\n+1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\n",
        f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\nextra\n",
        f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64[:-2]}V=\ntimestamp 1700000000123\n",  # unused base64 bits set
        f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64[:-1]}\ntimestamp 1700000000123\n",  # padding missing
        f"{ORIGIN}\n1234\n{to_base64(bytes(31))}\ntimestamp 1700000000123\n",  # 31-byte root
        f"{ORIGIN}\n1234\n{EMPTY_ROOT_B64}\ntime 1700000000\n",
        f"\n1234\n{EMPTY_ROOT_B64}\ntimestamp 1700000000123\n",
    ],
)
def test_a_non_canonical_message_is_refused(message):
    with pytest.raises(ValueError):
        parse_head_message(message.encode())


def test_base64_is_standard_and_strict():
    assert from_base64(EMPTY_ROOT_B64) == hashlib.sha256(b"").digest()
    assert to_base64(hashlib.sha256(b"").digest()) == EMPTY_ROOT_B64
    for text in ("not base64!", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=", "abc"):
        with pytest.raises(ValueError):
            from_base64(text)


def test_key_file_is_private_pkcs8_pem_in_new_directories(tmp_path):
    path = tmp_path / "keys" / "ledger" / "signing.pem"
    key = generate_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pem = path.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----\n")  # PKCS #8, unencrypted
    assert public_key_bytes(load_key(path)) == public_key_bytes(key)
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]


def test_an_existing_key_is_never_replaced(tmp_path):
    path = tmp_path / "signing.pem"
    generate_key_file(path)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        generate_key_file(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["signing.pem"]


def test_load_or_create_key_creates_once(tmp_path):
    path = tmp_path / "var" / "signing.pem"
    first = load_or_create_key(path)
    second = load_or_create_key(path)
    assert public_key_bytes(first) == public_key_bytes(second)
    head_signature = sign_head(first, HEAD)
    assert verify_head(public_key_bytes(second), HEAD, head_signature)


def test_a_key_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "ec.pem"
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    with pytest.raises(TypeError):
        load_or_create_key(path)
