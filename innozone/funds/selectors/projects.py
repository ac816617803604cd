"""Reads of funded projects, scoped to what the user may see (the same rules as permissions/projects.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from innozone.core.errors import NotFound, ensure_allowed
from innozone.core.permissions import sees_all, visible_region_ids

from ..models import Award, ChangeRequest, Inspection, ProgressReport, Project, Repayment, Tranche
from ..permissions import projects as permissions


def projects_for(user) -> QuerySet[Project]:
    qs = Project.objects.select_related(
        "organization", "award", "award__budget_line", "award__budget_line__programme", "award__application"
    )
    if not user.is_authenticated:
        return qs.none()
    if sees_all(user) or permissions.is_finance(user):
        return qs
    regions = visible_region_ids(user) or []
    return qs.filter(Q(organization_id=user.organization_id) | Q(organization__region_id__in=regions))


def project_search(user, *, q: str = "", status: str = "", programme: str = "", year: str = "") -> QuerySet[Project]:
    qs = projects_for(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(organization__name__icontains=q))
    if status in Project.Status.values:
        qs = qs.filter(status=status)
    if str(programme).isdigit():
        qs = qs.filter(award__budget_line__programme_id=int(programme))
    if str(year).isdigit():
        qs = qs.filter(award__letter_date__year=int(year))
    return qs.order_by("-id")


def project_visible(user, project_id: int) -> Project:
    found = projects_for(user).filter(pk=project_id).first() if user.is_authenticated else None
    if found is None:
        # office/auditor see everything; an existing project the user may not see is a 404 like a missing one
        raise NotFound()
    ensure_allowed(permissions.can_view_project(user, found))
    return found


def awards_without_project() -> QuerySet[Award]:
    return (
        Award.objects.filter(project__isnull=True)
        .select_related("application", "application__applicant", "budget_line", "budget_line__programme")
        .order_by("-letter_date", "id")
    )


def tranche_queue(user, *, status: str = "") -> QuerySet[Tranche]:
    """Tranches for the office and finance: requested and approved ones first."""
    qs = Tranche.objects.select_related("project", "project__organization", "approval").order_by(
        "status", "-requested_at"
    )
    if status in Tranche.Status.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=[Tranche.Status.REQUESTED, Tranche.Status.APPROVED])
    return qs


def tranche_visible(user, tranche_id: int) -> Tranche:
    tranche = Tranche.objects.select_related("project").filter(pk=tranche_id).first()
    if tranche is None:
        raise NotFound()
    project_visible(user, tranche.project_id)
    return tranche


def project_parts(project: Project) -> dict:
    """Everything the project page shows besides the project itself."""
    return {
        "budget": list(project.budget_items.order_by("id")),
        "milestones": list(project.milestones.all()),
        "tranches": list(project.tranches.select_related("approval").order_by("seq")),
        "matching": list(project.matching.select_related("region").order_by("paid_on", "id")),
        "repayments": list(project.repayments.order_by("created_at")),
        "reports": list(project.reports.order_by("due_on")),
        "changes": list(project.changes.select_related("approval").order_by("requested_at")),
        "inspections": list(project.inspections.order_by("applied_on", "id")),
        "performance": list(project.performance.order_by("year")),
        "sanctions": list(project.sanctions.order_by("starts_on")),
    }


def report_get(user, report_id: int) -> ProgressReport:
    report = ProgressReport.objects.filter(pk=report_id).first()
    if report is None:
        raise NotFound()
    project_visible(user, report.project_id)
    return report


def change_get(user, change_id: int) -> ChangeRequest:
    change = ChangeRequest.objects.filter(pk=change_id).first()
    if change is None:
        raise NotFound()
    project_visible(user, change.project_id)
    return change


def inspection_get(user, inspection_id: int) -> Inspection:
    found = Inspection.objects.filter(pk=inspection_id).first()
    if found is None:
        raise NotFound()
    project_visible(user, found.project_id)
    return found


def repayment_get(user, repayment_id: int) -> Repayment:
    found = Repayment.objects.filter(pk=repayment_id).first()
    if found is None:
        raise NotFound()
    project_visible(user, found.project_id)
    return found
