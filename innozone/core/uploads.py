"""Uploaded Office files checked before any reader opens them.

An .xlsx or a .docx is a zip archive: a few hundred KB can declare hundreds of MB of XML (a "zip bomb"),
which openpyxl, pandas or python-docx would inflate in memory for minutes. `archive_check` reads only the
archive's central directory — nothing is inflated — and refuses, with a message naming the file:

- a file that is not a zip archive;
- more entries than INNOZONE_UPLOAD_MAX_ENTRIES (default 2000; a workbook or document has a few dozen);
- a declared uncompressed total above INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES (default 50 MiB);
- an entry larger than 1 MiB that inflates more than INNOZONE_UPLOAD_MAX_RATIO times (default 100, the
  ratio Apache POI's ZipSecureFile allows; Office XML deflates about 5–20 : 1).

Python's zipfile never yields more than an entry's declared size, so the declared sizes bound what a
reader can inflate (OWASP File Upload Cheat Sheet; Apache POI `ZipSecureFile`).
"""

import os
import zipfile
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ValidationFailed

_MIB = 1024 * 1024
_RATIO_GRACE_BYTES = _MIB  # small entries may compress well without harm


def archive_check(upload, *, name: str) -> None:
    """Refuse `upload` (bytes, a path or a seekable file object, left at its position) named `name` when
    it is not a zip archive or is over a limit; raises `ValidationFailed` with field "file"."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        with zipfile.ZipFile(BytesIO(upload) if isinstance(upload, bytes) else upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        _refuse(_("“%(n)s”不是有效的 Excel 或 Word 文件（无法作为压缩包读取）") % {"n": name}, e)
    finally:
        if position is not None:
            upload.seek(position)
    most = settings.INNOZONE_UPLOAD_MAX_ENTRIES
    if len(entries) > most:
        _refuse(
            _("“%(n)s”包含 %(count)s 个内部文件，超过上限 %(max)s 个，已拒绝")
            % {"n": name, "count": len(entries), "max": most}
        )
    limit = settings.INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES
    if sum(e.file_size for e in entries) > limit:
        _refuse(_("“%(n)s”解压后超过 %(mb)s MB，已拒绝；请拆分或精简后再上传") % {"n": name, "mb": limit // _MIB})
    ratio = settings.INNOZONE_UPLOAD_MAX_RATIO
    for e in entries:
        if e.file_size > _RATIO_GRACE_BYTES and e.file_size > ratio * max(e.compress_size, 1):
            _refuse(
                _("“%(n)s”中的 %(entry)s 压缩比异常（%(ratio)s 倍，上限 %(max)s 倍），已拒绝")
                % {"n": name, "entry": e.filename, "ratio": e.file_size // max(e.compress_size, 1), "max": ratio}
            )


def _refuse(message: str, cause: Exception | None = None):
    raise ValidationFailed(message, detail=[{"field": "file", "message": message}]) from cause


def attachment_problem(upload) -> str | None:
    """Why an uploaded attachment (a progress report's file, a voucher delivery's contract or report) may not
    be kept, or None: a file type of `settings.INNOZONE_ATTACHMENT_TYPES`, at most
    `settings.INNOZONE_ATTACHMENT_MAX_BYTES`, never empty."""
    name = upload.name
    if os.path.splitext(name)[1].lower() not in settings.INNOZONE_ATTACHMENT_TYPES:
        allowed = " ".join(sorted(settings.INNOZONE_ATTACHMENT_TYPES))
        return _("“%(n)s”的文件类型不允许；允许：%(a)s") % {"n": name, "a": allowed}
    if upload.size > settings.INNOZONE_ATTACHMENT_MAX_BYTES:
        limit = settings.INNOZONE_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        return _("“%(n)s”超过%(m)sMB上限") % {"n": name, "m": limit}
    if upload.size == 0:
        return _("“%(n)s”是空文件") % {"n": name}
    return None
