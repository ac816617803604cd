"""Who must report on a task. The progress table, the late-report reminders and the task page all ask here.

Lead and implementing units file a report every period. Cooperating units support the task without
reporting on it, and a group (单位组, 领导小组) reports through its member units, never as itself.
"""

from django.db.models import QuerySet

from innozone.core.models import Organization

from .models import Responsibility

GROUP_KINDS = (Organization.Kind.GROUP, Organization.Kind.LEADING_GROUP)


def must_report(role: str, organization_kind: str) -> bool:
    """Whether a unit with this role on a task, of this kind, must file a report every period."""
    return role != Responsibility.Role.COOPERATING and organization_kind not in GROUP_KINDS


def reporting_responsibilities(responsibilities: QuerySet) -> QuerySet:
    """The responsibilities whose unit must report (`must_report`, as a database filter)."""
    return responsibilities.exclude(role=Responsibility.Role.COOPERATING).exclude(organization__kind__in=GROUP_KINDS)
