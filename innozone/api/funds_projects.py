"""/api/funds/projects: funded projects — created from awards, the agreement, tranches (requested, decided
staff → finance, paid), matching funds, repayments, progress reports, change requests, mid-term checks and
acceptance, the burn-down, matching totals and the auditors' dossier (ZIP). Same services, selectors and
permissions as the pages; money is yuan with two decimals (strings out, strings in), dates ISO 8601."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from ninja import Path, Query, Router, Schema, Status

from innozone.core.errors import NotFound, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.funds.permissions import projects as permissions
from innozone.funds.selectors import money
from innozone.funds.selectors import projects as selectors
from innozone.funds.services import dossier, inspections, matching, monitoring, projects, tranches

router = Router(tags=["funds"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)


class FundProjectOut(Schema):
    id: int
    number: str
    title: str
    organization_id: int
    organization: str
    award_id: int
    award_amount: Decimal
    starts_on: dt.date
    ends_on: dt.date
    extended_to: dt.date | None
    agreement_no: str
    agreement_signed_on: dt.date | None
    status: str
    status_label: str

    @staticmethod
    def resolve_organization(p) -> str:
        return p.organization.name

    @staticmethod
    def resolve_award_amount(p) -> Decimal:
        return p.award.amount

    @staticmethod
    def resolve_status_label(p) -> str:
        return str(p.get_status_display())


class FundProjectPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FundProjectOut]


class FundProjectIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    title: str = ""
    budget: list[dict] | None = None
    milestones: list[dict] | None = None


class FundProjectSignIn(Schema):
    agreement_no: str
    signed_on: dt.date


class FundProjectTrancheOut(Schema):
    id: int
    project_id: int
    seq: int
    amount: Decimal
    status: str
    note: str
    stage: int | None
    paid_on: dt.date | None
    payment_ref: str

    @staticmethod
    def resolve_stage(t) -> int | None:
        return t.approval.stage if t.approval_id else None


class FundProjectTranchePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FundProjectTrancheOut]


class FundProjectTrancheIn(Schema):
    amount: str
    note: str = ""


class FundProjectDecisionIn(Schema):
    approve: bool
    note: str = ""


class FundProjectPayIn(Schema):
    paid_on: dt.date
    payment_ref: str


class FundProjectMatchingIn(Schema):
    amount: str
    paid_on: dt.date
    reference: str = ""


class FundProjectReportIn(Schema):
    text: str
    spent: str
    outputs: str = ""


class FundProjectChangeIn(Schema):
    kind: str
    reason: str
    new_end: dt.date | None = None
    budget: list[dict] | None = None


class FundProjectChangeOut(Schema):
    id: int
    project_id: int
    kind: str
    status: str
    new_end: dt.date | None


class FundProjectInspectionIn(Schema):
    kind: str


class FundProjectInspectionRecordIn(Schema):
    held_on: dt.date
    outcome: str
    opinion: str
    recover_all: bool = False


class FundProjectInspectionOut(Schema):
    id: int
    project_id: int
    kind: str
    draw_id: int | None
    held_on: dt.date | None
    outcome: str


class FundProjectStatusOut(Schema):
    id: int
    status: str


class FundProjectBurnOut(Schema):
    programme: str
    subject: str
    source: str
    budget: Decimal
    awarded: Decimal
    paid: Decimal
    remaining: Decimal


class FundProjectMatchingOut(Schema):
    project_id: int
    number: str
    city: str
    expected: Decimal
    paid: Decimal
    outstanding: Decimal


@router.get("/projects", response=FundProjectPageOut, summary="Funded projects the user may see")
def project_list(
    request,
    q: str = "",
    status: str = "",
    programme: str = "",
    year: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    ensure_allowed(permissions.can_view_projects(request.user))
    qs = selectors.project_search(request.user, q=q, status=status, programme=programme, year=year)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


@router.post("/awards/{award_id}/project", response={201: FundProjectOut}, summary="Create the project of an award")
def project_create(request, payload: FundProjectIn, award_id: int = RowId):
    ensure_allowed(permissions.can_manage_projects(request.user))
    award = selectors.awards_without_project().filter(pk=award_id).first()
    if award is None:
        raise NotFound()
    return Status(201, projects.project_create(actor=request.user, award=award, **payload.dict()))


@router.get("/projects/{project_id}", response=FundProjectOut, summary="One funded project")
def project_get(request, project_id: int = RowId):
    return selectors.project_visible(request.user, project_id)


@router.post("/projects/{project_id}/sign", response=FundProjectOut, summary="Sign the agreement (任务书)")
def project_sign(request, payload: FundProjectSignIn, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    return projects.project_sign(actor=request.user, project=project, **payload.dict())


@router.get("/projects/{project_id}/tranches", response=list[FundProjectTrancheOut], summary="A project's tranches")
def project_tranches(request, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    return list(project.tranches.select_related("approval").order_by("seq"))


@router.post(
    "/projects/{project_id}/tranches",
    response={201: FundProjectTrancheOut},
    summary="Request a tranche (staff → finance)",
)
def tranche_request(request, payload: FundProjectTrancheIn, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    return Status(201, tranches.tranche_request(actor=request.user, project=project, **payload.dict()))


@router.get("/projects-tranches", response=FundProjectTranchePageOut, summary="The tranche queue (office, finance)")
def tranche_queue(
    request, status: str = "", limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10**9)
):
    ensure_allowed(permissions.can_view_money(request.user))
    qs = selectors.tranche_queue(request.user, status=status)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


@router.post("/tranches/{tranche_id}/decide", response=FundProjectTrancheOut, summary="Decide the current stage")
def tranche_decide(request, payload: FundProjectDecisionIn, tranche_id: int = RowId):
    tranche = selectors.tranche_visible(request.user, tranche_id)
    return tranches.tranche_decide(actor=request.user, tranche=tranche, **payload.dict())


@router.post("/tranches/{tranche_id}/pay", response=FundProjectTrancheOut, summary="Record the payment (finance)")
def tranche_pay(request, payload: FundProjectPayIn, tranche_id: int = RowId):
    tranche = selectors.tranche_visible(request.user, tranche_id)
    return tranches.tranche_pay(actor=request.user, tranche=tranche, **payload.dict())


@router.post("/projects/{project_id}/matching", response={201: FundProjectStatusOut}, summary="Record matching funds")
def matching_record(request, payload: FundProjectMatchingIn, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    row = matching.matching_record(actor=request.user, project=project, **payload.dict())
    return Status(201, {"id": row.pk, "status": "paid"})


@router.post("/project-reports/{report_id}/submit", response=FundProjectStatusOut, summary="Submit a progress report")
def report_submit(request, payload: FundProjectReportIn, report_id: int = RowId):
    report = selectors.report_get(request.user, report_id)
    return monitoring.report_submit(actor=request.user, report=report, **payload.dict())


@router.post("/project-reports/{report_id}/review", response=FundProjectStatusOut, summary="Accept or return a report")
def report_review(request, payload: FundProjectDecisionIn, report_id: int = RowId):
    report = selectors.report_get(request.user, report_id)
    return monitoring.report_review(actor=request.user, report=report, **payload.dict())


@router.post("/projects/{project_id}/changes", response={201: FundProjectChangeOut}, summary="Request a change")
def change_request(request, payload: FundProjectChangeIn, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    return Status(201, monitoring.change_request(actor=request.user, project=project, **payload.dict()))


@router.post("/project-changes/{change_id}/decide", response=FundProjectChangeOut, summary="Decide a change (office)")
def change_decide(request, payload: FundProjectDecisionIn, change_id: int = RowId):
    change = selectors.change_get(request.user, change_id)
    return monitoring.change_decide(actor=request.user, change=change, **payload.dict())


@router.post(
    "/projects/{project_id}/inspections", response={201: FundProjectInspectionOut}, summary="Open a check or acceptance"
)
def inspection_open(request, payload: FundProjectInspectionIn, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    return Status(201, inspections.inspection_open(actor=request.user, project=project, kind=payload.kind))


@router.post("/project-inspections/{inspection_id}/draw", response=FundProjectInspectionOut, summary="Draw the panel")
def inspection_draw(request, inspection_id: int = RowId):
    found = selectors.inspection_get(request.user, inspection_id)
    inspections.inspection_draw(actor=request.user, inspection=found)
    found.refresh_from_db()
    return found


@router.post(
    "/project-inspections/{inspection_id}/record", response=FundProjectInspectionOut, summary="Record the outcome"
)
def inspection_record(request, payload: FundProjectInspectionRecordIn, inspection_id: int = RowId):
    found = selectors.inspection_get(request.user, inspection_id)
    return inspections.inspection_record(actor=request.user, inspection=found, **payload.dict())


@router.get("/projects-burn-down", response=list[FundProjectBurnOut], summary="Budget, awarded, paid by budget line")
def burn_down(request, year: int = Query(None, ge=2000, le=2100)):
    ensure_allowed(permissions.can_view_money(request.user))
    return [{**r, "programme": str(r["programme"])} for r in money.burn_rows(year=year)]


@router.get("/projects-matching", response=list[FundProjectMatchingOut], summary="Matching funds per project")
def matching_list(request):
    ensure_allowed(permissions.can_view_money(request.user))
    return [{**r, "project_id": r["project"].pk, "number": r["project"].number} for r in money.matching_rows()]


@router.get("/projects/{project_id}/dossier", summary="The auditors' dossier (ZIP of JSON and documents)")
def project_dossier(request, project_id: int = RowId):
    project = selectors.project_visible(request.user, project_id)
    response = HttpResponse(dossier.dossier_zip(actor=request.user, project=project), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="project-{project.number}.zip"'
    return response
