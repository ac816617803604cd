"""/api/plans: plans, tasks, indicators and progress reports. Same services and permissions as the pages."""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import Router, Schema, Status
from pydantic import BaseModel, Field

from innozone.core.errors import Forbidden
from innozone.plans import selectors, services
from innozone.plans.exports import plan_structure
from innozone.plans.models import Report

router = Router(tags=["plans"])


class PlanOut(BaseModel):
    id: int
    year: int
    title: str
    report_frequency: str
    task_count: int


class UnitOut(BaseModel):
    id: int
    name: str
    as_written: str


class TaskOut(BaseModel):
    id: int
    number: str
    section: str | None
    text: str
    deadline: dt.date | None
    status: str
    status_label: str
    lead: list[UnitOut]
    implementing: list[UnitOut]
    cooperating: list[UnitOut]
    accepted_reports: int
    pending_reports: int
    late_units: list[str]


class SplitOut(BaseModel):
    label: str
    target: Decimal
    total: Decimal


class IndicatorOut(BaseModel):
    id: int
    task: str | None
    name: str
    unit: str
    comparator: str
    target: Decimal
    total: Decimal
    met: bool
    split: list[SplitOut]


class QuantityIn(Schema):
    indicator_id: int
    value: Decimal = Field(ge=0)
    region_id: int | None = None


class ReportIn(Schema):
    period: str = Field(examples=["2020-Q1"])
    progress: str = Field(examples=["in_progress"])
    narrative: str
    quantities: list[QuantityIn] = []


class QuantityOut(BaseModel):
    indicator_id: int
    indicator: str
    region: str | None
    value: Decimal


class ReportOut(BaseModel):
    id: int
    task_id: int
    task_number: str
    organization: str
    period: str
    status: str
    progress: str
    narrative: str
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    review_comment: str
    quantities: list[QuantityOut]


class ReviewIn(Schema):
    comment: str = ""


class Page(BaseModel):
    count: int
    page: int
    pages: int


class ReportPage(Page):
    items: list[ReportOut]


def _require_supervision(user) -> None:
    allowed, reason = selectors.can_view_plan(user)
    if not allowed:
        raise Forbidden(reason)


def _unit(r) -> dict:
    return {"id": r.organization_id, "name": r.organization.name, "as_written": r.name_as_written}


def _task_out(row) -> dict:
    t = row.task
    return {
        "id": t.pk,
        "number": t.number,
        "section": str(t.section) if t.section else None,
        "text": t.text,
        "deadline": t.deadline,
        "status": row.status.value,
        "status_label": row.status_label,
        "lead": [_unit(r) for r in row.lead],
        "implementing": [_unit(r) for r in row.implementing],
        "cooperating": [_unit(r) for r in row.cooperating],
        "accepted_reports": row.accepted,
        "pending_reports": row.pending,
        "late_units": row.late_units,
    }


def _report_out(r: Report) -> dict:
    return {
        "id": r.pk,
        "task_id": r.task_id,
        "task_number": r.task.number,
        "organization": r.organization.name,
        "period": r.period,
        "status": r.status,
        "progress": r.progress,
        "narrative": r.narrative,
        "submitted_at": r.submitted_at,
        "reviewed_at": r.reviewed_at,
        "review_comment": r.review_comment,
        "quantities": [
            {
                "indicator_id": q.indicator_id,
                "indicator": q.indicator.name,
                "region": q.region.name if q.region_id else None,
                "value": q.value,
            }
            for q in r.quantities.all()
        ],
    }


@router.get("/", response=list[PlanOut], summary="List plans")
def list_plans(request):
    _require_supervision(request.user)
    return [
        {
            "id": p.pk,
            "year": p.year,
            "title": p.title,
            "report_frequency": p.report_frequency,
            "task_count": p.task_count,
        }
        for p in selectors.plans_for(request.user)
    ]


@router.get("/{int:plan_id}", summary="A plan's full structure (as `plan export` prints it)")
def get_plan(request, plan_id: int):
    return plan_structure(selectors.plan_get(request.user, plan_id))


@router.get("/{plan_id}/tasks", response=list[TaskOut], summary="Tasks with status; filter by unit, role, status")
def list_tasks(
    request,
    plan_id: int,
    unit: int | None = None,
    role: str = "",
    status: str = "",
    q: str = "",
    as_of: dt.date | None = None,
):
    from innozone.core.models import Organization

    plan = selectors.plan_get(request.user, plan_id)
    progress = selectors.plan_progress(plan, as_of=as_of)
    org = Organization.objects.filter(pk=unit).first() if unit else None
    rows = selectors.filter_task_rows(progress.tasks, unit=org, role=role, status=status, query=q)
    return [_task_out(r) for r in rows]


@router.get("/{plan_id}/indicators", response=list[IndicatorOut], summary="Targets against accepted totals")
def list_indicators(request, plan_id: int):
    plan = selectors.plan_get(request.user, plan_id)
    return [
        {
            "id": i.indicator.pk,
            "task": i.indicator.task.number if i.indicator.task_id else None,
            "name": i.indicator.name,
            "unit": i.indicator.unit,
            "comparator": i.indicator.comparator,
            "target": i.indicator.target,
            "total": i.total,
            "met": i.met,
            "split": [{"label": s.label, "target": s.target, "total": s.total} for s in i.splits],
        }
        for i in selectors._indicator_rows(plan)
    ]


@router.get("/tasks/{task_id}", response=TaskOut, summary="One task")
def get_task(request, task_id: int):
    task = selectors.task_get(request.user, task_id)
    row = next(r for r in selectors.plan_progress(task.plan).tasks if r.task.pk == task.pk)
    return _task_out(row)


@router.get("/tasks/{task_id}/reports", response=ReportPage, summary="Reports on a task you may see")
def list_task_reports(request, task_id: int, page: int = 1):
    task = selectors.task_get(request.user, task_id)
    pages = Paginator(selectors.task_reports(request.user, task), 50)
    current = pages.get_page(page)
    return {
        "count": pages.count,
        "page": current.number,
        "pages": pages.num_pages,
        "items": [_report_out(r) for r in current],
    }


@router.post("/tasks/{task_id}/reports", response={201: ReportOut}, summary="File your unit's report")
def file_report(request, task_id: int, payload: ReportIn):
    task = selectors.task_get(request.user, task_id)
    report = services.report_submit(
        actor=request.user,
        task=task,
        period=payload.period,
        progress=payload.progress,
        narrative=payload.narrative,
        quantities=[services.QuantityInput(q.indicator_id, q.value, q.region_id) for q in payload.quantities],
    )
    return Status(201, _report_out(selectors.report_get(request.user, report.pk)))


@router.get("/reports/review-queue", response=list[ReportOut], summary="Reports waiting for your review")
def review_queue(request):
    _require_supervision(request.user)
    return [
        _report_out(r)
        for r in selectors.review_queue(request.user).prefetch_related("quantities__indicator", "quantities__region")[
            :200
        ]
    ]


@router.get("/reports/{report_id}", response=ReportOut, summary="One report")
def get_report(request, report_id: int):
    return _report_out(selectors.report_get(request.user, report_id))


@router.post("/reports/{report_id}/accept", response=ReportOut, summary="Accept a report (lead unit / office)")
def accept_report(request, report_id: int, payload: ReviewIn):
    report = selectors.report_get(request.user, report_id)
    services.report_accept(actor=request.user, report=report, comment=payload.comment)
    return _report_out(selectors.report_get(request.user, report_id))


@router.post("/reports/{report_id}/return", response=ReportOut, summary="Return a report with a comment")
def return_report(request, report_id: int, payload: ReviewIn):
    report = selectors.report_get(request.user, report_id)
    services.report_return(actor=request.user, report=report, comment=payload.comment)
    return _report_out(selectors.report_get(request.user, report_id))


# ---------------------------------------------------------------- plan import


class ParseIn(BaseModel):
    text: str = Field(min_length=1, max_length=500_000, description="the plan document as plain text")
    year: int | None = Field(None, description="plan year, when the text does not say")


class ImportIn(ParseIn):
    title: str = ""
    issuer: str = ""
    structure: dict | None = Field(None, description="a reviewed structure (as `plan export` prints); default: parse")
    units: dict[str, int | None] = Field(default_factory=dict, description="unit name → organization id; null = new")
    create_units: bool = Field(False, description="create organizations for names that match none")
    dry_run: bool = False


def _require_import(user):
    from innozone.core.errors import ensure_allowed
    from innozone.plans.permissions import can_import_plan

    ensure_allowed(can_import_plan(user))


@router.post("/import/parse", summary="Parse a plan document: tasks, units by role, targets, deadlines, unit matches")
def parse_plan(request, payload: ParseIn):
    from innozone.plans.importing import parse_document, resolve_units

    _require_import(request.user)
    parsed = parse_document(payload.text, year=payload.year)
    body = parsed.as_dict(spans=True)
    body["units"] = [r.as_dict() for r in resolve_units(parsed.unit_names()).values()]
    return body


@router.post("/import", response={200: dict, 201: dict}, summary="Import a plan document (or a reviewed structure)")
def import_plan(request, payload: ImportIn):
    from django.db import transaction

    from innozone.core.errors import ValidationFailed
    from innozone.plans.importing import (
        guess_kind,
        parse_document,
        resolve_units,
        structure_from_parsed,
        structure_unit_names,
    )

    _require_import(request.user)
    if payload.structure is not None:
        structure = payload.structure
    else:
        parsed = parse_document(payload.text, year=payload.year)
        structure = structure_from_parsed(parsed, year=payload.year, title=payload.title, issuer=payload.issuer)
    names = structure_unit_names(structure)
    auto = resolve_units([n for n in names if n not in payload.units])
    resolution = {
        n: payload.units.get(n) if n in payload.units else (auto[n].organization.pk if auto[n].organization else None)
        for n in names
    }
    unmatched = [n for n, pk in resolution.items() if pk is None]
    if unmatched and not payload.create_units:
        raise ValidationFailed(
            detail=[{"field": n, "message": "找不到对应机构 / no matching organization"} for n in unmatched]
        )
    with transaction.atomic():
        plan = services.plan_import(
            actor=request.user,
            structure=structure,
            source_text=payload.text,
            resolution=resolution,
            new_kinds={n: guess_kind(n) for n in unmatched},
        )
        body = {
            "id": plan.pk,
            "year": plan.year,
            "title": plan.title,
            "tasks": plan.tasks.count(),
            "indicators": plan.indicators.count(),
            "new_units": unmatched,
            "dry_run": payload.dry_run,
        }
        if payload.dry_run:
            transaction.set_rollback(True)
            body["id"] = None
            return Status(200, body)
    return Status(201, body)
