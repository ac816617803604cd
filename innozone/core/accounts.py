"""Accounts: the office unlocks, resets passwords and changes roles; every user changes their own password.

Each write is one audited service. The office never learns a password it did not set, and a password it set
must be changed at the user's next login (`core.middleware.PasswordChangeRequiredMiddleware`).
"""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit
from .errors import ValidationFailed, ensure_allowed
from .models import User
from .permissions import can_manage_account
from .roles import Role


def locked_accounts() -> list[dict]:
    """Usernames locked by too many wrong passwords now: {username, failures, last_attempt}, newest first."""
    since = timezone.now() - timezone.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return list(rows)


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Clear the failed logins of `user` so they can log in again at once; returns how many were cleared."""
    ensure_allowed(can_manage_account(actor, user))
    cleared = axes_reset(username=user.username)
    audit.record(actor=actor, action="core.user.unlock", obj=user, summary=user.username, after={"cleared": cleared})
    return cleared


def _check_password(user: User, password: str, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationFailed(detail=[{"field": field, "message": str(m)} for m in e.messages]) from e


@transaction.atomic
def user_reset_password(*, actor, user: User, password: str) -> None:
    """The office sets a temporary password (no e-mail on the intranet); the user must change it at next
    login. The password validators apply; the password itself is never recorded."""
    ensure_allowed(can_manage_account(actor, user))
    _check_password(user, password, "password")
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    axes_reset(username=user.username)
    audit.record(actor=actor, action="core.user.password_reset", obj=user, summary=user.username)


@transaction.atomic
def user_password_change(*, actor, password: str) -> None:
    """A user changes their own password (the old one was checked by the form); clears the reset flag."""
    _check_password(actor, password, "new_password1")
    actor.set_password(password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="core.user.password_change", obj=actor, summary=actor.username)


@transaction.atomic
def user_set_role(*, actor, user: User, role: str, reason: str) -> None:
    """A role changes only here, with a reason, by the office, never on one's own account."""
    ensure_allowed(can_manage_account(actor, user))
    problems = []
    if role not in Role.values:
        problems.append({"field": "role", "message": _("未知的角色")})
    if not reason.strip():
        problems.append({"field": "reason", "message": _("请填写修改角色的理由")})
    if problems:
        raise ValidationFailed(detail=problems)
    before = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit.record(
        actor=actor,
        action="core.user.set_role",
        obj=user,
        summary=f"{user.username}: {reason.strip()}"[:300],
        before={"role": before},
        after={"role": role, "reason": reason.strip()},
    )
