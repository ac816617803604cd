"""Resident ID numbers of the talent pool: validated with their GB 11643 check character (`stdnum.cn.ric`),
stored only encrypted (Fernet) and as a keyed hash (HMAC-SHA256) for finding the same person twice.

Both keys are derived with HKDF-SHA256 from `settings.INNOZONE_TALENT_KEY` when it is set, else from
`settings.SECRET_KEY` (info b"innozone-talent-id" for encryption, b"innozone-talent-hash" for the hash).
Rotating that secret makes the stored numbers unreadable: set INNOZONE_TALENT_KEY to keep them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

ID_LENGTH = 18


def normalize(text: str | None) -> str:
    return (text or "").strip().upper()


def id_number_problem(text: str | None) -> str | None:
    """Why `text` is not a valid resident ID number (a message), or None."""
    number = normalize(text)
    if not number:
        return _("身份证号码为空")
    try:
        ric.validate(number)
    except InvalidChecksum:
        return _("身份证号码校验位不符")
    except InvalidLength:
        return _("身份证号码应为 18 位，实为 %(n)s 位") % {"n": len(number)}
    except ValidationError:
        return _("身份证号码格式不正确（出生日期或地区码无效）")
    return None


def complete_id_number(body17: str) -> str:
    """The full number for its first 17 digits (demo data): the check character computed by stdnum."""
    return body17 + ric.calc_check_digit(body17 + "0")


@functools.cache
def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode("utf-8"))


def _secret() -> str:
    return getattr(settings, "INNOZONE_TALENT_KEY", "") or settings.SECRET_KEY


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(_secret(), b"innozone-talent-id")))


def id_hash(number: str) -> str:
    """The keyed hash kept for de-duplication (hex HMAC-SHA256 of the normalised number)."""
    key = _derive(_secret(), b"innozone-talent-hash")
    return hmac.new(key, normalize(number).encode("ascii"), hashlib.sha256).hexdigest()


def encrypt(number: str) -> str:
    return _fernet().encrypt(normalize(number).encode("ascii")).decode("ascii")


def decrypt(token: str) -> str | None:
    """The number in clear, or None (no number, or encrypted under another key)."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None


def mask(number: str | None) -> str:
    """6201**********123X: the region's first four digits and the last four."""
    if not number:
        return ""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def id_number_masked(person) -> str:
    """The masked number of a person of the pool (empty without one). Show it to the office only."""
    return mask(decrypt(person.id_encrypted))


def id_number_clear(person) -> str | None:
    """The number in clear: for `services.people.person_id_reveal` (audited) and the registry match only."""
    return decrypt(person.id_encrypted)


def registry_person_key(person) -> str | None:
    """The enterprise registry's key for this person (sha256 hex of the normalised ID number, as
    `enterprises.engine.identity.person_key` computes it for directors and supervisors), or None."""
    number = decrypt(person.id_encrypted) if person is not None else None
    if not number:
        return None
    return hashlib.sha256(number.encode("ascii")).hexdigest()
