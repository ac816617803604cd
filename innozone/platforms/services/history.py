"""The history of a platform or a team: one Event row per change, beside the audit trail."""

from ..models import Event, Platform


def event_add(*, actor, subject, action: str, before: str = "", after: str = "", note: str = "") -> Event:
    target = {"platform": subject} if isinstance(subject, Platform) else {"team": subject}
    return Event.objects.create(
        **target,
        action=action,
        from_status=before,
        to_status=after,
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
