"""/api/investment (projects part): the pipeline — projects (list with the board's filters, one, create, move,
note, drop), funds in place, fairs with follow-up rates, the board's columns. Same services, selectors and
permissions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Path, Query, Router, Schema, Status

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.investment.permissions import projects as permissions
from innozone.investment.selectors import fairs as fair_selectors
from innozone.investment.selectors import projects as selectors
from innozone.investment.services import fairs as fair_services
from innozone.investment.services import funds as funds_services
from innozone.investment.services import projects as services

router = Router(tags=["investment"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


class InvestmentProjectOut(Schema):
    id: int
    code: str
    name: str
    stage: str
    status: str
    source: str
    fair_id: int | None
    link_id: int | None
    park_id: int
    responsible_id: int
    responsible_person: str
    investor: str
    investor_location: str
    industry_code: str
    planned_investment: Decimal
    signed_on: dt.date | None
    contract_no: str
    signed_investment: Decimal | None
    enterprise_id: int | None
    registered_on: dt.date | None
    started_on: dt.date | None
    producing_on: dt.date | None
    full_on: dt.date | None
    last_progress_on: dt.date
    dropped_reason: str


class InvestmentProjectPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[InvestmentProjectOut]


class InvestmentEventOut(Schema):
    stage: str
    on: dt.date
    note: str


class InvestmentFundsMonthOut(Schema):
    month: dt.date
    fixed: Decimal
    working: Decimal
    total: Decimal
    cumulative: Decimal


class InvestmentProjectDetailOut(InvestmentProjectOut):
    events: list[InvestmentEventOut]
    funds: list[InvestmentFundsMonthOut]
    funds_total: Decimal


class InvestmentProjectIn(Schema):
    name: str
    investor: str
    investor_location: str = ""
    source: str
    fair: int | None = None
    link: int | None = None
    park: int
    responsible: int | None = None
    responsible_person: str = ""
    industry_code: str = ""
    planned_investment: str
    description: str = ""


class InvestmentMoveIn(Schema):
    stage: str
    signed_on: dt.date | None = None
    registered_on: dt.date | None = None
    started_on: dt.date | None = None
    producing_on: dt.date | None = None
    full_on: dt.date | None = None
    enterprise: str | None = None  # organization id or USCC
    signed_investment: str | None = None
    contract_no: str = ""
    note: str = ""


class InvestmentNoteIn(Schema):
    note: str
    on: dt.date | None = None


class InvestmentDropIn(Schema):
    reason: str


class InvestmentFundsIn(Schema):
    month: str  # YYYY-MM
    amount: str
    kind: str = "fixed"
    origin: str = ""
    note: str = ""


class InvestmentFundsOut(Schema):
    id: int
    project_id: int
    month: dt.date
    kind: str
    amount: Decimal
    origin: str


class InvestmentColumnOut(Schema):
    stage: str
    label: str
    count: int
    planned: Decimal
    signed: Decimal


class InvestmentFairOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    projects: int
    signed: int
    signed_investment: Decimal
    in_place: Decimal
    funds_rate: Decimal | None
    started_rate: Decimal | None
    producing_rate: Decimal | None
    as_of: dt.date
    interim: bool


class InvestmentFairIn(Schema):
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    location: str = ""


def _visible(request, pk: int):
    return selectors.project_visible(request.user, pk)


def _detail(project):
    funds = selectors.funds_by_month(project)
    data = {f: getattr(project, f) for f in InvestmentProjectOut.model_fields}
    data["events"] = list(selectors.timeline(project))
    data["funds"] = funds
    data["funds_total"] = funds[-1]["cumulative"] if funds else Decimal(0)
    return data


def _filters(**kw) -> selectors.Filters:
    return selectors.Filters.from_query({k: v for k, v in kw.items() if v not in (None, "")})


@router.get("/projects", response=InvestmentProjectPageOut, summary="Projects the user sees, with the board's filters")
def project_list(
    request, park: int | None = None, chain: int | None = None, link: int | None = None, source: str = "",
    fair: int | None = None, responsible: int | None = None, status: str = "active", stage: str = "", q: str = "",
    stalled: bool = False, limit: int = Limit, offset: int = Offset,
):  # fmt: skip
    """`status`: active (default), dropped or all; `stalled`: only projects without progress in
    INNOZONE_INVESTMENT_STALLED_DAYS days."""
    ensure_allowed(permissions.can_view_pipeline(request.user))
    f = _filters(park=park, chain=chain, link=link, source=source, fair=fair, responsible=responsible, status=status,
                 q=q, stalled="1" if stalled else "")  # fmt: skip
    qs = selectors.filtered(selectors.projects_for(request.user), f)
    if stage:
        qs = qs.filter(stage=stage)
    qs = qs.order_by("-last_progress_on", "-pk")
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


@router.get("/board", response=list[InvestmentColumnOut], summary="The board's columns: count and money per stage")
def board(request, park: int | None = None, chain: int | None = None, source: str = "", fair: int | None = None,
          responsible: int | None = None, status: str = "active"):  # fmt: skip
    ensure_allowed(permissions.can_view_pipeline(request.user))
    f = _filters(park=park, chain=chain, source=source, fair=fair, responsible=responsible, status=status)
    return selectors.board(selectors.filtered(selectors.projects_for(request.user), f), per_page=1)


@router.get(
    "/projects/{project_id}", response=InvestmentProjectDetailOut, summary="A project: timeline and funds by month"
)
def project_get(request, project_id: int = RowId):
    return _detail(_visible(request, project_id))


@router.post("/projects", response={201: InvestmentProjectDetailOut}, summary="Register a lead (线索)")
def project_create(request, payload: InvestmentProjectIn):
    project = services.project_create(actor=request.user, data=payload.dict())
    return Status(201, _detail(_visible(request, project.pk)))


@router.post(
    "/projects/{project_id}/move", response=InvestmentProjectDetailOut, summary="Move to a later stage with its dates"
)
def project_move(request, payload: InvestmentMoveIn, project_id: int = RowId):
    project = _visible(request, project_id)
    data = payload.dict()
    dates = {k: data.pop(k) for k in ("signed_on", "registered_on", "started_on", "producing_on", "full_on")}
    services.project_move(actor=request.user, project=project, dates=dates, **data)
    return _detail(_visible(request, project_id))


@router.post("/projects/{project_id}/notes", response={201: InvestmentEventOut}, summary="A progress note")
def project_note(request, payload: InvestmentNoteIn, project_id: int = RowId):
    event = services.project_note(actor=request.user, project=_visible(request, project_id), **payload.dict())
    return Status(201, event)


@router.post(
    "/projects/{project_id}/drop", response=InvestmentProjectDetailOut, summary="Drop the project with a reason"
)
def project_drop(request, payload: InvestmentDropIn, project_id: int = RowId):
    services.project_drop(actor=request.user, project=_visible(request, project_id), reason=payload.reason)
    return _detail(_visible(request, project_id))


@router.post(
    "/projects/{project_id}/funds",
    response={201: InvestmentFundsOut},
    summary="Report or correct the funds in place of a month and kind",
)
def funds_report(request, payload: InvestmentFundsIn, project_id: int = RowId):
    row = funds_services.funds_report(actor=request.user, project=_visible(request, project_id), **payload.dict())
    return Status(201, row)


@router.get("/fairs", response=list[InvestmentFairOut], summary="Fairs with the follow-up rates a year later")
def fair_list(request, kind: str = "", year: int | None = None):
    ensure_allowed(permissions.can_view_pipeline(request.user))
    rows = fair_selectors.follow_up(fair_selectors.fairs_list(kind=kind, year=year)[:200],
                                    projects_qs=selectors.projects_for(request.user))  # fmt: skip
    return [_fair_out(r) for r in rows]


def _fair_out(r: dict) -> dict:
    f = r["fair"]
    return {"id": f.pk, "name": f.name, "kind": f.kind, "year": f.year, "starts_on": f.starts_on, "ends_on": f.ends_on,
            **{k: r[k] for k in ("projects", "signed", "signed_investment", "in_place", "funds_rate", "started_rate",
                                 "producing_rate", "as_of", "interim")}}  # fmt: skip


@router.post("/fairs", response={201: InvestmentFairOut}, summary="Add a fair (the office)")
def fair_create(request, payload: InvestmentFairIn):
    fair = fair_services.fair_create(actor=request.user, **payload.dict())
    return Status(201, _fair_out(fair_selectors.follow_up([fair])[0]))
