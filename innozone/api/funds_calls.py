"""/api/funds (calls part): programmes, calls and their stage moves, eligibility for the caller's organization
or a USCC, applications (start, save with the version, co-applicants, submit, withdraw), the formal check and
the recommendation chain. Same services, selectors and permissions as the pages."""

from __future__ import annotations

from ninja import Path, Query, Router, Status

from innozone.core.errors import Forbidden, NotFound, ensure_allowed
from innozone.core.permissions import sees_all
from innozone.core.selectors import ROW_ID_MAX
from innozone.funds.permissions import calls as permissions
from innozone.funds.selectors import applications as app_selectors
from innozone.funds.selectors import calls as selectors
from innozone.funds.selectors.calls_eligibility import eligibility_of, organizations_for_usccs
from innozone.funds.services import applications, applications_submit, calls, calls_stages, checks, programmes
from innozone.funds.services import recommendations as recs

from .funds_calls_schemas import (
    FundCallApplicationOut,
    FundCallApplicationPageOut,
    FundCallCheckIn,
    FundCallCheckOut,
    FundCallCoIn,
    FundCallEligibilityOut,
    FundCallIn,
    FundCallOut,
    FundCallPageOut,
    FundCallProblemOut,
    FundCallProgrammeDetailOut,
    FundCallProgrammeIn,
    FundCallProgrammeOut,
    FundCallRecommendationOut,
    FundCallRecommendIn,
    FundCallSaveIn,
    FundCallStageIn,
    FundCallStartIn,
)

router = Router(tags=["funds"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


def _page(qs, limit, offset):
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


def _programme_detail(p):
    p.lines = selectors.budget_lines(p)
    p.total = selectors.programme_total(p)
    p.remaining = selectors.programme_remaining(p)
    return p


@router.get("/programmes", response=list[FundCallProgrammeOut], summary="Programmes (专项)")
def programme_list(request):
    ensure_allowed(permissions.can_view_funds(request.user))
    return list(selectors.programmes_for(request.user))


@router.get(
    "/programmes/{programme_id}", response=FundCallProgrammeDetailOut, summary="A programme with its budget lines"
)
def programme_get(request, programme_id: int = RowId):
    ensure_allowed(permissions.can_view_funds(request.user))
    return _programme_detail(selectors.programme_get(request.user, programme_id))


@router.post("/programmes", response={201: FundCallProgrammeDetailOut}, summary="Create a programme (the office)")
def programme_create(request, payload: FundCallProgrammeIn):
    return Status(201, _programme_detail(programmes.programme_create(actor=request.user, **payload.dict())))


@router.put("/programmes/{programme_id}", response=FundCallProgrammeDetailOut, summary="Edit a programme (the office)")
def programme_update(request, payload: FundCallProgrammeIn, programme_id: int = RowId):
    programme = selectors.programme_get(request.user, programme_id)
    return _programme_detail(programmes.programme_update(actor=request.user, programme=programme, **payload.dict()))


@router.get("/calls", response=FundCallPageOut, summary="Calls the user may see (drafts: the office and readers)")
def call_list(request, q: str = "", stage: str = "", programme: str = "", limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_funds(request.user))
    return _page(
        selectors.call_search(selectors.calls_for(request.user), q=q, stage=stage, programme=programme), limit, offset
    )


@router.get("/calls/{call_id}", response=FundCallOut, summary="A call")
def call_get(request, call_id: int = RowId):
    return selectors.call_get(request.user, call_id)


@router.post("/programmes/{programme_id}/calls", response={201: FundCallOut}, summary="Create a call (draft)")
def call_create(request, payload: FundCallIn, programme_id: int = RowId):
    programme = selectors.programme_get(request.user, programme_id)
    return Status(201, calls.call_create(actor=request.user, programme=programme, **payload.dict()))


@router.put("/calls/{call_id}", response=FundCallOut, summary="Edit a draft call")
def call_update(request, payload: FundCallIn, call_id: int = RowId):
    call = selectors.call_get(request.user, call_id)
    return calls.call_update(actor=request.user, call=call, **payload.dict())


@router.post("/calls/{call_id}/stage", response=FundCallOut, summary="Move a call: open, close, review, cancel")
def call_stage(request, payload: FundCallStageIn, call_id: int = RowId):
    call = selectors.call_get(request.user, call_id)
    moves = {
        "open": lambda: calls_stages.call_open(actor=request.user, call=call),
        "close": lambda: calls_stages.call_close(actor=request.user, call=call),
        "review": lambda: calls_stages.call_start_review(actor=request.user, call=call),
        "cancel": lambda: calls_stages.call_cancel(actor=request.user, call=call, reason=payload.reason),
    }
    if payload.move not in moves:
        raise NotFound()
    return moves[payload.move]()


@router.get(
    "/calls/{call_id}/eligibility", response=FundCallEligibilityOut, summary="Eligibility of the caller or a USCC"
)
def call_eligibility(request, call_id: int = RowId, uscc: str = ""):
    call = selectors.call_get(request.user, call_id)
    if uscc:
        if not (sees_all(request.user) or permissions.is_recommending_user(request.user)):
            raise Forbidden()
        org = organizations_for_usccs([uscc]).get(uscc.strip().upper())
        if org is None:
            raise NotFound()
    else:
        org = request.user.organization
        if org is None:
            raise NotFound()
    ok, rows = eligibility_of(call, org)
    return {"organization_id": org.pk, "uscc": uscc.strip().upper(), "eligible": ok, "rules": rows}


@router.get("/applications", response=FundCallApplicationPageOut, summary="Applications the user may see")
def application_list(request, q: str = "", status: str = "", call: str = "", limit: int = Limit, offset: int = Offset):
    qs = app_selectors.application_search(app_selectors.applications_for(request.user), q=q, status=status, call=call)
    return _page(qs, limit, offset)


@router.get(
    "/applications/mine", response=FundCallApplicationPageOut, summary="The caller's organization's applications"
)
def application_mine(request, limit: int = Limit, offset: int = Offset):
    return _page(app_selectors.applications_mine(request.user), limit, offset)


@router.post("/calls/{call_id}/applications", response={201: FundCallApplicationOut}, summary="Start a draft")
def application_start(request, payload: FundCallStartIn, call_id: int = RowId):
    call = selectors.call_get(request.user, call_id)
    return Status(201, applications.application_start(actor=request.user, call=call, title=payload.title))


@router.get("/applications/{application_id}", response=FundCallApplicationOut, summary="An application")
def application_get(request, application_id: int = RowId):
    return app_selectors.application_get(request.user, application_id)


@router.post(
    "/applications/{application_id}/save",
    response=FundCallApplicationOut,
    summary="Save (refused from an older version: 409)",
)
def application_save(request, payload: FundCallSaveIn, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    return applications.application_save(
        actor=request.user, application=app, version=payload.version, data=payload.data
    )


@router.post(
    "/applications/{application_id}/co-applicants", response=FundCallApplicationOut, summary="Replace the co-applicants"
)
def application_co(request, payload: FundCallCoIn, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    applications.application_set_co_applicants(actor=request.user, application=app, rows=payload.rows)
    app.refresh_from_db()
    return app


@router.get(
    "/applications/{application_id}/problems",
    response=list[FundCallProblemOut],
    summary="What keeps it from submission",
)
def application_problems(request, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    ensure_allowed(permissions.can_view_application(request.user, app))
    return [{"field": p["field"], "message": str(p["message"])} for p in applications_submit.application_problems(app)]


@router.post(
    "/applications/{application_id}/submit", response=FundCallApplicationOut, summary="Submit (every problem listed)"
)
def application_submit(request, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    return applications_submit.application_submit(actor=request.user, application=app)


@router.post(
    "/applications/{application_id}/withdraw", response=FundCallApplicationOut, summary="Withdraw before the check"
)
def application_withdraw(request, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    return applications_submit.application_withdraw(actor=request.user, application=app)


@router.get("/checks", response=FundCallApplicationPageOut, summary="The formal-check queue (the office)")
def check_queue(request, limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_checks(request.user))
    return _page(app_selectors.check_queue(request.user), limit, offset)


@router.post(
    "/applications/{application_id}/check",
    response={201: FundCallCheckOut},
    summary="Accept, return with the list, or reject",
)
def application_check(request, payload: FundCallCheckIn, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    return Status(201, checks.application_check(actor=request.user, application=app, **payload.dict()))


@router.get(
    "/recommendations", response=FundCallApplicationPageOut, summary="Applications at the caller's stage of the chain"
)
def recommendation_queue(request, done: bool = False, limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_recommendations(request.user))
    return _page(app_selectors.recommendation_queue(request.user, done=done), limit, offset)


@router.post(
    "/applications/{application_id}/recommend",
    response={201: FundCallRecommendationOut},
    summary="Recommend or not (quota)",
)
def application_recommend(request, payload: FundCallRecommendIn, application_id: int = RowId):
    app = app_selectors.application_get(request.user, application_id)
    return Status(201, recs.application_recommend(actor=request.user, application=app, **payload.dict()))
