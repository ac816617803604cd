"""Delivery evidence is checked by the rule of progress-report attachments: the file types of
`settings.INNOZONE_ATTACHMENT_TYPES`, at most `settings.INNOZONE_ATTACHMENT_MAX_BYTES`, never empty, with
the same messages. (The plans app keeps its own copy of this check; vouchers may not import plans.)"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.translation import gettext as _


def attachment_problem(upload) -> str | None:
    """Why an uploaded file may not be kept, or None."""
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
