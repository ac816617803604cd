"""Settings for the test suite: the real settings with fast hashing, mail kept in memory, and every file
the tests write (uploads, the ledger key) in one temporary folder per test process."""

import tempfile
from pathlib import Path

from innozone.settings import *  # noqa: F403

_TMP = Path(tempfile.mkdtemp(prefix="innozone-test-"))
MEDIA_ROOT = _TMP / "media"
LEDGER_KEY_FILE = _TMP / "keys" / "ledger.pem"
LEDGER_OUTBOX = _TMP / "ledger-outbox"
STATIC_ROOT = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # the tests use an in-memory database; this file only answers commands such as makemigrations --check
    DATABASES["default"]["NAME"] = _TMP / "innozone.sqlite3"  # noqa: F405
