"""What changed in a returned application since the office returned it (shown at the next formal check)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from innozone.core import audit
from innozone.core.models import AuditEvent

from ..models import Application, FormalCheck

SNAPSHOT_FIELDS = [
    "title",
    "field",
    "amount",
    "total_budget",
    "answers",
    "budget",
    "team_person_ids",
    "leader_person_id",
]
LABELS = {
    "title": _l("项目名称"),
    "field": _l("技术领域"),
    "amount": _l("申请资助（元）"),
    "total_budget": _l("项目总投入（元）"),
    "budget": _l("经费预算"),
    "team_person_ids": _l("项目团队"),
    "leader_person_id": _l("项目负责人"),
    "files": _l("申报材料"),
    "co_applicants": _l("合作单位"),
}


def application_snapshot(app: Application) -> dict:
    """What the applicant can change, as JSON."""
    snap = audit.snapshot(app, SNAPSHOT_FIELDS)
    snap["files"] = sorted(f"{f.key}:{f.name}" for f in app.files.all())
    snap["co_applicants"] = sorted(c.organization_id for c in app.co_applicants.all())
    return snap


def last_return(app: Application) -> FormalCheck | None:
    return app.checks.filter(outcome=FormalCheck.Outcome.RETURN).order_by("-checked_at", "-id").first()


def changes_since_return(app: Application) -> list[str]:
    """The labels of what differs from the application as it was returned ([] when never returned)."""
    event = (
        AuditEvent.objects.filter(
            action="funds.application.check.return", object_type="funds.Application", object_id=str(app.pk)
        )
        .order_by("-id")
        .first()
    )
    if event is None or not event.before:
        return []
    now = audit.json_safe(application_snapshot(app))
    changed = []
    labels = {f["key"]: f["label"] for f in app.call.form or []}
    for key, value in now.items():
        if key == "answers":
            old = event.before.get("answers") or {}
            changed += [
                labels.get(k, k) for k in sorted(set(old) | set(value or {})) if old.get(k) != (value or {}).get(k)
            ]
        elif event.before.get(key) != value:
            changed.append(str(LABELS.get(key, key)))
    return changed
