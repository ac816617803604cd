"""Sign-in and the Django admin reach the audit trail: logins, logouts and failed logins, and every admin
change whatever the app's admin class (Django's LogEntry is the one record every admin view writes)."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import audit

_ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


def _client(request) -> dict:
    return {"ip": request.META.get("REMOTE_ADDR", "")} if request is not None else {}


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="core.login", obj=user, summary=user.username, after=_client(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="core.logout", obj=user, summary=user.username, after=_client(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    """Records the username tried (Django has already masked the password in `credentials`; it is not kept)."""
    username = str(credentials.get("username", ""))[:64]
    audit.record(
        actor=None,
        action="core.login_failed",
        object_type="core.User",
        object_id=username,
        summary=username,
        after=_client(request),
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def _admin_logged(sender, instance: LogEntry, created: bool, **kwargs):
    if created:
        mirror_admin_entry(instance)


def mirror_admin_entry(entry: LogEntry):
    """The audit row of one admin change: who, which object, and Django's description of the change."""
    content_type = entry.content_type
    event = audit.record(
        actor=entry.user,
        action=_ADMIN_ACTIONS[entry.action_flag],
        object_type=f"{content_type.app_label}.{content_type.model_class().__name__}" if content_type else "",
        object_id=entry.object_id or "",
        summary=f"{entry.object_repr}: {entry.get_change_message()}",
    )
    entry.audit_event = event
    return event
