"""/api/plans: plans, tasks, indicators, progress reports and plan import. Same services, selectors and
permissions as the pages; each operation parses, calls one of them and serialises with a schema."""

import datetime as dt
from decimal import Decimal

from django.core.paginator import Paginator
from ninja import Field, Router, Schema, Status

from innozone.core.errors import ensure_allowed
from innozone.plans import importing, selectors, services
from innozone.plans.exports import plan_structure

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    year: int
    title: str
    report_frequency: str
    task_count: int


class PlanUnitOut(Schema):
    """A unit responsible for a task (from a selectors.ResponsibilityRef)."""

    id: int = Field(alias="organization_id")
    name: str = Field(alias="organization.name")
    as_written: str = Field(alias="name_as_written")


class PlanTaskOut(Schema):
    """A task with its status (from a selectors.TaskRow)."""

    id: int = Field(alias="task.pk")
    number: str = Field(alias="task.number")
    section: str | None
    text: str = Field(alias="task.text")
    deadline: dt.date | None = Field(alias="task.deadline")
    status: str
    status_label: str
    lead: list[PlanUnitOut]
    implementing: list[PlanUnitOut]
    cooperating: list[PlanUnitOut]
    accepted_reports: int = Field(alias="accepted")
    pending_reports: int = Field(alias="pending")
    late_units: list[str]

    @staticmethod
    def resolve_section(row) -> str | None:
        return str(row.task.section) if row.task.section else None

    @staticmethod
    def resolve_status(row) -> str:
        return row.status.value


class PlanSplitOut(Schema):
    label: str
    target: Decimal
    total: Decimal = Field(description="The authoritative figure (reported, or the live source's when so set)")
    reported: Decimal = Field(description="Accepted quantities reported for this region")
    registry: Decimal | None = Field(
        None, description="The indicator's live source for this region and those under it; null: no source"
    )


class PlanIndicatorOut(Schema):
    """An indicator against its accepted total (from a selectors.IndicatorRow)."""

    id: int = Field(alias="indicator.pk")
    task: str | None
    name: str = Field(alias="indicator.name")
    unit: str = Field(alias="indicator.unit")
    comparator: str = Field(alias="indicator.comparator")
    target: Decimal = Field(alias="indicator.target")
    total: Decimal = Field(description="The authoritative figure: `reported` or `registry` as `authoritative` says")
    reported: Decimal = Field(description="Accepted quantities reported")
    registry: Decimal | None = Field(
        None, description="The live source's figure for the plan's year (e.g. enterprises newly recognised)"
    )
    source: str = Field("", alias="indicator.source", examples=["enterprises:高新技术企业"])
    authoritative: str = Field(
        alias="indicator.authoritative", description="Which figure counts: reported or source", examples=["reported"]
    )
    met: bool
    split: list[PlanSplitOut] = Field(alias="splits")

    @staticmethod
    def resolve_task(row) -> str | None:
        return row.indicator.task.number if row.indicator.task_id else None


class PlanQuantityIn(Schema):
    indicator_id: int
    value: Decimal = Field(ge=0)
    region_id: int | None = None


class PlanReportIn(Schema):
    period: str = Field(examples=["2020-Q1"])
    progress: str = Field(examples=["in_progress"])
    narrative: str
    quantities: list[PlanQuantityIn] = []


class PlanQuantityOut(Schema):
    indicator_id: int
    indicator: str = Field(alias="indicator.name")
    region: str | None
    value: Decimal

    @staticmethod
    def resolve_region(quantity) -> str | None:
        return quantity.region.name if quantity.region_id else None


class PlanReportOut(Schema):
    id: int
    task_id: int
    task_number: str = Field(alias="task.number")
    organization: str = Field(alias="organization.name")
    period: str
    status: str
    progress: str
    narrative: str
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    review_comment: str
    quantities: list[PlanQuantityOut]

    @staticmethod
    def resolve_quantities(report) -> list:
        return list(report.quantities.all())


class PlanReviewIn(Schema):
    comment: str = ""


class PlanReportPage(Schema):
    """One page of reports (from a Django paginator page)."""

    count: int = Field(alias="paginator.count")
    page: int = Field(alias="number")
    pages: int = Field(alias="paginator.num_pages")
    items: list[PlanReportOut] = Field(alias="object_list")


class PlanParseIn(Schema):
    text: str = Field(min_length=1, max_length=500_000, description="the plan document as plain text")
    year: int | None = Field(None, description="plan year, when the text does not say")


class PlanImportIn(PlanParseIn):
    title: str = ""
    issuer: str = ""
    structure: dict | None = Field(None, description="a reviewed structure (as `plan export` prints); default: parse")
    units: dict[str, int | None] = Field(default_factory=dict, description="unit name → organization id; null = new")
    create_units: bool = Field(False, description="create organizations for names that match none")
    dry_run: bool = False


class PlanImportOut(Schema):
    """What an import saved, or would save (`dry_run`: then `id` is null)."""

    id: int | None
    year: int
    title: str
    tasks: int
    indicators: int
    new_units: list[str]
    dry_run: bool


@router.get("/", response=list[PlanOut], summary="List plans")
def list_plans(request):
    ensure_allowed(selectors.can_view_plan(request.user))
    return selectors.plans_for(request.user)


@router.get("/{int:plan_id}", summary="A plan's full structure (as `plan export` prints it)")
def get_plan(request, plan_id: int):
    return plan_structure(selectors.plan_get(request.user, plan_id))


@router.get("/{plan_id}/tasks", response=list[PlanTaskOut], summary="Tasks with status; filter by unit, role, status")
def list_tasks(
    request,
    plan_id: int,
    unit: int | None = None,
    role: str = "",
    status: str = "",
    q: str = "",
    as_of: dt.date | None = None,
):
    return selectors.plan_tasks(request.user, plan_id, as_of=as_of, unit_id=unit, role=role, status=status, query=q)


@router.get("/{plan_id}/indicators", response=list[PlanIndicatorOut], summary="Targets against accepted totals")
def list_indicators(request, plan_id: int):
    return selectors.plan_indicators(request.user, plan_id)


@router.get("/tasks/{task_id}", response=PlanTaskOut, summary="One task")
def get_task(request, task_id: int):
    return selectors.task_progress(request.user, task_id).row


@router.get("/tasks/{task_id}/reports", response=PlanReportPage, summary="Reports on a task you may see")
def list_task_reports(request, task_id: int, page: int = 1):
    reports = selectors.task_reports(request.user, selectors.task_get(request.user, task_id))
    return Paginator(reports, 50).get_page(page)


@router.post("/tasks/{task_id}/reports", response={201: PlanReportOut}, summary="File your unit's report")
def file_report(request, task_id: int, payload: PlanReportIn):
    report = services.report_submit(
        actor=request.user,
        task=selectors.task_get(request.user, task_id),
        period=payload.period,
        progress=payload.progress,
        narrative=payload.narrative,
        quantities=[services.QuantityInput(q.indicator_id, q.value, q.region_id) for q in payload.quantities],
    )
    return Status(201, selectors.report_get(request.user, report.pk))


@router.get("/reports/review-queue", response=list[PlanReportOut], summary="Reports waiting for your review")
def review_queue(request):
    ensure_allowed(selectors.can_view_plan(request.user))
    return selectors.review_queue(request.user).prefetch_related("quantities__indicator", "quantities__region")[:200]


@router.get("/reports/{report_id}", response=PlanReportOut, summary="One report")
def get_report(request, report_id: int):
    return selectors.report_get(request.user, report_id)


@router.post("/reports/{report_id}/accept", response=PlanReportOut, summary="Accept a report (lead unit / office)")
def accept_report(request, report_id: int, payload: PlanReviewIn):
    report = selectors.report_get(request.user, report_id)
    services.report_accept(actor=request.user, report=report, comment=payload.comment)
    return selectors.report_get(request.user, report_id)


@router.post("/reports/{report_id}/return", response=PlanReportOut, summary="Return a report with a comment")
def return_report(request, report_id: int, payload: PlanReviewIn):
    report = selectors.report_get(request.user, report_id)
    services.report_return(actor=request.user, report=report, comment=payload.comment)
    return selectors.report_get(request.user, report_id)


@router.post("/import/parse", summary="Parse a plan document: tasks, units by role, targets, deadlines, unit matches")
def parse_plan(request, payload: PlanParseIn):
    return importing.plan_import_preview(actor=request.user, text=payload.text, year=payload.year).as_dict()


@router.post(
    "/import",
    response={200: PlanImportOut, 201: PlanImportOut},
    summary="Import a plan document (or a reviewed structure)",
)
def import_plan(request, payload: PlanImportIn):
    result = importing.plan_import(
        actor=request.user,
        text=payload.text,
        structure=payload.structure,
        year=payload.year,
        title=payload.title,
        issuer=payload.issuer,
        units=payload.units,
        create_units=payload.create_units,
        dry_run=payload.dry_run,
    )
    return Status(200 if result.dry_run else 201, result)
