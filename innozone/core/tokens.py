"""API tokens: shown once at creation, stored as SHA-256."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user, name: str) -> str:
    """Create a token for `user` and return the plain key (never stored)."""
    key = "iz_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name or "api", prefix=key[:10], key_hash=_hash(key))
    audit.record(actor=actor, action="core.api_token.create", obj=token, summary=f"{user.username}: {name}")
    return key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="core.api_token.revoke", obj=token, summary=token.name)


def user_for_token(key: str):
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
