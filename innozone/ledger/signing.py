"""Signed tree heads: Ed25519 signatures over the size and root of the ledger's Merkle log.

A tree head is only evidence if it leaves the database it vouches for (RFC 9162 §11.3): the key lives in a
file outside the database, and every signed head is published so that the stored log can later be checked
against it with a consistency proof.

The signed message is a checkpoint body in the C2SP ``tlog-checkpoint`` text format, UTF-8, every line
ending in a newline, with one extension line for the time:

    <origin>\\n                      the log's name, e.g. "innozone.ledger/v1"
    <tree size>\\n                   decimal, no sign or leading zeros
    <base64 of the 32-byte root>\\n  standard alphabet, padded
    timestamp <milliseconds>\\n      since 1970-01-01T00:00:00Z, decimal (as RFC 9162's TreeHeadDataV2)

The origin binds a signature to one log, so a head of another log signed with the same key is not
accepted here. The signature is Ed25519 (RFC 8032) over exactly these bytes.

Published, a head is a checkpoint (C2SP ``tlog-checkpoint`` in a ``signed-note``, as transparency-dev's
witnesses read it): the body above, a blank line, then one signature line per signer,
``— <key name> <base64 of the 4-byte key ID and the signature>``, the key name being the origin and the
key ID the first four bytes of SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key).
"""

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ORIGIN = "innozone.ledger/v1"
ROOT_SIZE = 32
_HEAD = re.compile(r"([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/=]+)\ntimestamp (0|[1-9][0-9]*)\n")


def to_base64(data: bytes) -> str:
    """Standard base64 with padding (RFC 4648 §4), as checkpoints and the Merkle test vectors use."""
    return base64.b64encode(data).decode("ascii")


def from_base64(text: str) -> bytes:
    """Strict inverse of ``to_base64``: ValueError on characters outside the alphabet or bad padding."""
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64: {text!r}") from exc


@dataclass(frozen=True)
class TreeHead:
    """The size and root hash (RFC 9162 §2.1.1) of the log at a time, milliseconds since the epoch."""

    tree_size: int
    root_hash: bytes
    timestamp: int

    def __post_init__(self) -> None:
        if self.tree_size < 0 or self.timestamp < 0:
            raise ValueError("tree_size and timestamp must not be negative")
        if len(self.root_hash) != ROOT_SIZE:
            raise ValueError(f"root_hash must be {ROOT_SIZE} bytes")


def head_message(head: TreeHead, *, origin: str = ORIGIN) -> bytes:
    """The canonical bytes that are signed for a tree head (format in the module docstring)."""
    if not origin or "\n" in origin:
        raise ValueError("origin must be one non-empty line")
    body = f"{origin}\n{head.tree_size}\n{to_base64(head.root_hash)}\ntimestamp {head.timestamp}\n"
    return body.encode("utf-8")


def parse_head_message(message: bytes) -> tuple[str, TreeHead]:
    """(origin, head) from a message made by ``head_message``, e.g. a published checkpoint body.

    Only the canonical form is accepted, so a head has exactly one message: ValueError otherwise."""
    match = _HEAD.fullmatch(message.decode("utf-8"))
    if match is None:
        raise ValueError("not a tree head message")
    origin, size, root_b64, timestamp = match.groups()
    head = TreeHead(tree_size=int(size), root_hash=from_base64(root_b64), timestamp=int(timestamp))
    if head_message(head, origin=origin) != message:
        raise ValueError("tree head message is not canonical")
    return origin, head


def sign_head(key: Ed25519PrivateKey, head: TreeHead, *, origin: str = ORIGIN) -> bytes:
    """The 64-byte Ed25519 signature of ``head_message(head)``."""
    return key.sign(head_message(head, origin=origin))


def verify_head(public_key: bytes, head: TreeHead, signature: bytes, *, origin: str = ORIGIN) -> bool:
    """Whether ``signature`` is the signature of this head by the raw 32-byte Ed25519 ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, head_message(head, origin=origin))
    except (InvalidSignature, ValueError):
        return False
    return True


def key_id(name: str, public_key: bytes) -> bytes:
    """The signed-note key ID of an Ed25519 key (algorithm byte 0x01)."""
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4]


def checkpoint_text(head: TreeHead, signature: bytes, public_key: bytes, *, origin: str = ORIGIN) -> str:
    """The signed checkpoint of a head, as published to the outbox and on ``/ledger/checkpoint``."""
    body = head_message(head, origin=origin).decode()
    return f"{body}\n\u2014 {origin} {to_base64(key_id(origin, public_key) + signature)}\n"


def parse_checkpoint(text: str, public_key: bytes) -> tuple[str, TreeHead]:
    """(origin, head) of a checkpoint signed by ``public_key`` under the origin's name; ValueError naming
    what is wrong otherwise (not a checkpoint, no signature by this key, a signature that does not verify)."""
    body, blank, signatures = text.partition("\n\n")
    if not blank:
        raise ValueError("not a checkpoint: no blank line before the signatures")
    origin, head = parse_head_message((body + "\n").encode())
    wanted = key_id(origin, public_key)
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[:2] != ["\u2014", origin]:
            continue  # another signer's line (a witness's cosignature) or not a signature
        raw = from_base64(parts[2])
        if raw[:4] == wanted:
            if not verify_head(public_key, head, raw[4:], origin=origin):
                raise ValueError(f"checkpoint at size {head.tree_size}: the signature does not verify")
            return origin, head
    raise ValueError(f"checkpoint at size {head.tree_size}: no signature by this public key")


def public_key_pem(key: Ed25519PrivateKey) -> str:
    """The public key as PEM (SubjectPublicKeyInfo): what a witness is given."""
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def load_public_key(data: bytes) -> bytes:
    """The raw 32-byte Ed25519 public key from a PEM public key or its base64 (as the head JSON shows it)."""
    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        key = serialization.load_pem_public_key(text)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    raw = from_base64(text.decode("ascii"))
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return raw


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    """The raw 32-byte public key (RFC 8032 §5.1.5), the form published beside the signed heads."""
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def generate_key_file(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Create a new key as unencrypted PKCS #8 PEM, readable by its owner only (mode 0600).

    Never replaces a key (FileExistsError), since heads signed with it must stay verifiable. The file is
    written beside its final name and linked into place, so no reader ever sees a half-written key."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), 0o600)  # in case a crashed run left this file with other permissions
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        os.link(partial, path)
    finally:
        partial.unlink()
    return key


def load_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Read a PEM private key; TypeError if it is not an Ed25519 key."""
    return load_key_pem(Path(path).read_bytes(), source=str(path))


def load_key_pem(pem: bytes, *, source: str = "the PEM") -> Ed25519PrivateKey:
    """A PEM private key given as bytes (e.g. from an environment variable); TypeError if not Ed25519."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{source} does not hold an Ed25519 private key")
    return key


def load_or_create_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """The key in ``path``, created on first use (by whichever process gets there first)."""
    if Path(path).exists():
        return load_key(path)
    try:
        return generate_key_file(path)
    except FileExistsError:
        return load_key(path)
