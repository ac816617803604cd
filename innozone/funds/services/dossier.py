"""The auditors' project dossier: one ZIP with `project.json` (the application's answers and budget, reviews and
scores, the decision and the award, the agreement, budget, milestones, tranches with their approval history,
matching funds, repayments, reports, changes, inspections, performance, sanctions), `ledger.json` (every
money record's events with inclusion proofs against the signed head) and the documents (tranche evidence,
application files). Office, leaders, auditors and finance get any project; a project's organization its own.

Also the enterprise dossier's section (core.dossier): the organization's fund applications and projects."""

from __future__ import annotations

import io
import json
import os
import zipfile

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.audit import json_safe
from innozone.core.errors import ensure_allowed
from innozone.core.permissions import sees_all
from innozone.ledger.services import subject_proof

from ..models import Application, Decision, Project
from ..permissions import projects as permissions

PROJECT_FIELDS = (
    "number",
    "title",
    "status",
    "starts_on",
    "ends_on",
    "extended_to",
    "agreement_no",
    "agreement_signed_on",
)
MILESTONE = ("title", "deliverable", "due_on", "done_on", "evidence")
PERFORMANCE = ("year", "patents", "products", "revenue", "jobs", "note")
REPAYMENT = ("id", "amount", "reason", "due_on", "status", "paid_on", "reference")
REPORT = ("period", "due_on", "status", "text", "spent", "submitted_at", "reviewed_note")


def _row(obj, fields) -> dict:
    return {f: json_safe(getattr(obj, f)) for f in fields}


def _history(subject) -> list[dict]:
    return [
        {
            "stage": t.stage,
            "approver": t.approver.name,
            "status": t.status,
            "decided_by": t.decided_by.username if t.decided_by_id else "",
            "decided_at": json_safe(t.decided_at),
            "comment": t.comment,
        }
        for t in approvals.history(subject)
    ]


def dossier_data(project: Project) -> dict:
    award = project.award
    application = award.application
    reviews = [
        {
            "expert": r.expert_name,
            "status": r.status,
            "total": json_safe(r.total),
            "opinion": r.opinion,
            "recommend": r.recommend,
            "scores": [
                {"criterion": s.criterion.name, "weight": json_safe(s.criterion.weight), "score": json_safe(s.score)}
                for s in r.scores.select_related("criterion")
            ],
        }
        for r in application.reviews.all()
    ]
    decision = Decision.objects.filter(application=application).select_related("meeting").first()
    return {
        "exported_at": json_safe(timezone.now()),
        "project": {**_row(project, PROJECT_FIELDS), "id": project.pk, "organization": project.organization.name},
        "application": {
            "id": application.pk,
            "number": application.number,
            "title": application.title,
            "applicant": application.applicant.name,
            "call": str(application.call),
            "amount": json_safe(application.amount),
            "total_budget": json_safe(application.total_budget),
            "answers": application.answers,
            "budget": application.budget,
            "eligibility": application.eligibility,
            "recommendations": [
                {
                    "stage": r.stage,
                    "organization": r.organization.name,
                    "recommended": r.recommended,
                    "rank": r.rank,
                    "note": r.note,
                }
                for r in application.recommendations.select_related("organization")
            ],
            "reviews": reviews,
        },
        "decision": (
            {
                "outcome": decision.outcome,
                "amount": json_safe(decision.amount),
                "note": decision.note,
                "meeting": decision.meeting.name,
                "held_on": json_safe(decision.meeting.held_on),
            }
            if decision
            else None
        ),
        "award": {
            "id": award.pk,
            "amount": json_safe(award.amount),
            "letter_no": award.letter_no,
            "letter_date": json_safe(award.letter_date),
            "budget_line": str(award.budget_line),
        },
        "budget": [_row(b, ("category", "fiscal", "own")) for b in project.budget_items.all()],
        "milestones": [
            _row(m, ("title", "deliverable", "due_on", "done_on", "evidence")) for m in project.milestones.all()
        ],
        "tranches": [
            {
                **_row(t, ("id", "seq", "amount", "status", "note", "paid_on", "payment_ref", "requested_at")),
                "evidence": os.path.basename(t.evidence.name) if t.evidence else "",
                "approval": _history(t),
            }
            for t in project.tranches.order_by("seq")
        ],
        "matching": [
            {**_row(m, ("id", "amount", "paid_on", "reference")), "region": m.region.name}
            for m in project.matching.select_related("region")
        ],
        "repayments": [_row(r, REPAYMENT) for r in project.repayments.all()],
        "reports": [_row(r, REPORT) for r in project.reports.all()],
        "changes": [
            {**_row(c, ("kind", "new_end", "budget", "reason", "status", "requested_at")), "approval": _history(c)}
            for c in project.changes.all()
        ],
        "inspections": [
            _row(i, ("kind", "applied_on", "draw_id", "held_on", "outcome", "opinion", "rectify_until"))
            for i in project.inspections.all()
        ],
        "performance": [
            _row(p, ("year", "patents", "products", "revenue", "jobs", "note")) for p in project.performance.all()
        ],
        "sanctions": [_row(s, ("reason", "starts_on", "ends_on", "lifted")) for s in project.sanctions.all()],
    }


def ledger_proofs(project: Project) -> dict:
    out = {"award": subject_proof("funds.Award", project.award_id)}
    for kind, rows in (
        ("tranches", project.tranches.all()),
        ("matching", project.matching.all()),
        ("repayments", project.repayments.all()),
    ):
        out[kind] = {str(r.pk): subject_proof(f"funds.{r.__class__.__name__}", r.pk) for r in rows}
    return out


def _add_file(archive: zipfile.ZipFile, folder: str, field) -> None:
    if not field:
        return
    try:
        with field.open("rb") as f:
            archive.writestr(f"{folder}/{os.path.basename(field.name)}", f.read())
    except OSError:
        archive.writestr(f"{folder}/{os.path.basename(field.name)}.missing.txt", _("文件缺失"))


def dossier_zip(*, actor, project: Project) -> bytes:
    """The ZIP of one project (see the module's docstring)."""
    ensure_allowed(permissions.can_export_dossier(actor, project))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        dump = lambda data: json.dumps(data, ensure_ascii=False, indent=2, default=str)  # noqa: E731
        archive.writestr("project.json", dump(dossier_data(project)))
        archive.writestr("ledger.json", dump(ledger_proofs(project)))
        for tranche in project.tranches.order_by("seq"):
            _add_file(archive, f"tranches/{tranche.seq}", tranche.evidence)
        for upload in project.award.application.files.all():
            _add_file(archive, "application", upload.file)
    audit.record(actor=actor, action="funds.project.dossier", obj=project, summary=project.number)
    return buffer.getvalue()


# --- the enterprise dossier's section ---------------------------------------------------------------------


def dossier_section(organization_id: int, user):
    """The organization's fund applications and projects, for the office/leaders/auditors and itself."""
    if not user.is_authenticated or not (sees_all(user) or user.organization_id == organization_id):
        return None
    rows = []
    for project in Project.objects.filter(organization_id=organization_id).order_by("-id"):
        rows.append(
            {
                _("类型"): _("资助项目"),
                _("编号"): project.number,
                _("名称"): project.title,
                _("状态"): project.get_status_display(),
                "_url": reverse("funds:project", args=[project.pk]),
            }
        )
    for application in Application.objects.filter(applicant_id=organization_id).exclude(status="draft").order_by("-id"):
        rows.append(
            {
                _("类型"): _("项目申报"),
                _("编号"): application.number,
                _("名称"): application.title,
                _("状态"): application.get_status_display(),
            }
        )
    return rows
