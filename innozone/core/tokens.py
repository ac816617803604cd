"""API tokens: shown once at creation, stored as SHA-256; optionally expiring and read-only."""

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .errors import Forbidden, ValidationFailed
from .models import ApiToken

#: what a read-only token may do: read
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user, name: str, expires_at: datetime | None = None, read_only: bool = False) -> str:
    """Create a token for `user` and return the plain key (never stored). Only the owner creates a token."""
    if actor.pk != user.pk:
        raise Forbidden(_("令牌只能由账号本人生成"))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(detail=[{"field": "expires_at", "message": _("有效期须晚于现在")}])
    key = "iz_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or "api",
        prefix=key[:10],
        key_hash=_hash(key),
        expires_at=expires_at,
        read_only=read_only,
    )
    scope = _("只读") if read_only else _("读写")
    audit.record(actor=actor, action="core.api_token.create", obj=token, summary=f"{user.username}: {name} ({scope})")
    return key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="core.api_token.revoke", obj=token, summary=token.name)


def user_for_token(key: str, *, method: str = "GET"):
    """The user of a live token (None: unknown, revoked, expired or inactive user → 401). A read-only token
    used for a write raises Forbidden (403)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.read_only and method.upper() not in READ_METHODS:
        raise Forbidden(_("只读令牌不能修改数据"))
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
