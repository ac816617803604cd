"""/api/onestop (cases part): cases (submit with materials and 容缺, list, detail with timeline, branches and
clock), the department's acts (accept, refuse, 补正, pause/resume, extend, decide), a parallel department's
branch decision, the applicant's acts (answer a 补正, supply 容缺 materials, withdraw, rate), the result PDF and
the ratings. Same services, selectors and permissions as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from innozone.core import workdays
from innozone.core.errors import NotFound, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.onestop.exports import cases as exports
from innozone.onestop.permissions import cases as permissions
from innozone.onestop.selectors import cases as selectors
from innozone.onestop.selectors import ratings as rating_selectors
from innozone.onestop.services import cases as services
from innozone.onestop.services import cases_handling as handling
from innozone.onestop.services import ratings as ratings

router = Router(tags=["onestop"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


class ClockOut(Schema):
    limit: int
    used: int
    remaining: int
    due_on: dt.date | None
    level: str
    paused: bool
    late: bool


class CaseOut(Schema):
    id: int
    number: str
    item_id: int
    item_code: str
    item_name: str
    department: str
    applicant: str
    title: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    limit_days: int
    due_on: dt.date | None
    extended: bool
    deferred: bool
    deferred_until: dt.date | None
    used_days: int | None
    result_number: str
    clock: ClockOut | None


class EventOut(Schema):
    at: dt.datetime
    action: str
    text: str
    organization: str | None


class BranchOut(Schema):
    id: int
    department: str
    status: str
    comment: str
    decided_at: dt.datetime | None


class CorrectionItem(Schema):
    material: str
    problem: str


class CorrectionOut(Schema):
    id: int
    items: list[CorrectionItem]
    issued_at: dt.datetime
    answered_at: dt.datetime | None
    answer_note: str


class PauseOut(Schema):
    reason: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str


class CaseMaterialOut(Schema):
    id: int
    name: str
    uploaded_at: dt.datetime


class RatingOut(Schema):
    id: int
    case_number: str
    department: str
    level: int
    dimensions: dict
    comment: str
    rated_at: dt.datetime
    rectify_due: dt.date | None
    rectified_at: dt.datetime | None
    reply: str


class CaseDetailOut(CaseOut):
    refusal_reason: str
    decision_note: str
    extension_reason: str
    events: list[EventOut]
    branches: list[BranchOut]
    corrections: list[CorrectionOut]
    pauses: list[PauseOut]
    materials: list[CaseMaterialOut]
    missing_deferred: list[str]
    rating: RatingOut | None


class CasePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CaseOut]


class ReasonIn(Schema):
    reason: str = ""


class NoteIn(Schema):
    note: str = ""


class CorrectIn(Schema):
    items: list[CorrectionItem]


class PauseIn(Schema):
    reason: str
    note: str = ""


class ExtendIn(Schema):
    days: int
    reason: str


class DecideIn(Schema):
    approve: bool
    note: str = ""


class BranchIn(Schema):
    approve: bool
    comment: str = ""


class RatingIn(Schema):
    level: int
    dimensions: dict[str, int]
    comment: str = ""


class ReplyIn(Schema):
    reply: str


def _clock(state) -> dict | None:
    if state is None:
        return None
    return {k: getattr(state, k) for k in ("limit", "used", "remaining", "due_on", "level", "paused", "late")}


def _case(case, state) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "item_id": case.item_id,
        "item_code": case.item.code,
        "item_name": case.item.name,
        "department": case.item.department.name,
        "applicant": case.applicant.name,
        "title": case.title,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "decided_at": case.decided_at,
        "limit_days": case.limit_days,
        "due_on": case.due_on,
        "extended": case.extended,
        "deferred": case.deferred,
        "deferred_until": case.deferred_until,
        "used_days": case.used_days,
        "result_number": case.result_number,
        "clock": _clock(state),
    }


def _rating(r) -> dict:
    return {
        "id": r.pk,
        "case_number": r.case.number,
        "department": r.department.name,
        "level": r.level,
        "dimensions": r.dimensions,
        "comment": r.comment,
        "rated_at": r.rated_at,
        "rectify_due": r.rectify_due,
        "rectified_at": r.rectified_at,
        "reply": r.reply,
    }


def _detail(user, case_id: int) -> dict:
    case = selectors.case_get(user, case_id)
    rating = getattr(case, "rating", None) if hasattr(case, "rating") else None
    return {
        **_case(case, selectors.clock_of(case)),
        "refusal_reason": case.refusal_reason,
        "decision_note": case.decision_note,
        "extension_reason": case.extension_reason,
        "events": [
            {
                "at": e.at,
                "action": e.action,
                "text": e.text,
                "organization": e.organization.name if e.organization else None,
            }
            for e in case.events.select_related("organization")
        ],
        "branches": [
            {
                "id": t.pk,
                "department": t.approver.name,
                "status": t.status,
                "comment": t.comment,
                "decided_at": t.decided_at,
            }
            for t in handling.branches_of(case)
        ],
        "corrections": list(case.corrections.all()),
        "pauses": list(case.pauses.all()),
        "materials": list(case.materials.all()),
        "missing_deferred": [m.name for m in services.deferred_missing(case)]
        if case.deferred and not case.deferred_done_at
        else [],
        "rating": _rating(rating) if rating else None,
    }


@router.get("/cases", response=CasePageOut, summary="Cases the caller may see (filters; ?mine=1: own organization's)")
def case_list(
    request,
    q: str = "",
    status: str = "",
    department: str = "",
    item: str = "",
    mine: bool = False,
    limit: int = Limit,
    offset: int = Offset,
):
    qs = selectors.cases_mine(request.user) if mine else selectors.cases_for(request.user)
    qs = selectors.case_search(qs, q=q, status=status, department=department, item=item)
    is_workday = workdays.calendar()
    rows = selectors.with_clocks(qs[offset : offset + limit], is_workday=is_workday)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": [_case(c, c.clock) for c in rows]}


@router.post("/cases", response={201: CaseDetailOut}, summary="Submit a case (multipart: materials and 容缺)")
def case_submit(
    request,
    item_id: Form[int],
    contact: Form[str],
    phone: Form[str],
    title: Form[str] = "",
    description: Form[str] = "",
    material_ids: Form[list[int]] = None,
    deferred_ids: Form[list[int]] = None,
    promise: Form[bool] = False,
    deferred_until: Form[dt.date] = None,
    files: File[list[UploadedFile]] = None,
):
    """`files[i]` is the upload of the item material `material_ids[i]`; `deferred_ids` are left for later under
    容缺 (with `promise` and `deferred_until`)."""
    item = selectors.item_get(item_id)
    uploads = dict(zip(material_ids or [], files or [], strict=False))
    case = services.case_submit(
        actor=request.user,
        item=item,
        title=title,
        contact=contact,
        phone=phone,
        description=description,
        files=uploads,
        deferred_ids=deferred_ids or [],
        promise=promise,
        deferred_until=deferred_until,
    )
    return Status(201, _detail(request.user, case.pk))


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="A case: timeline, branches, clock, 补正, rating")
def case_get(request, case_id: int = RowId):
    return _detail(request.user, case_id)


@router.get(
    "/cases/{case_id}/clock", response=ClockOut | None, summary="The case's legal clock (null before acceptance)"
)
def case_clock(request, case_id: int = RowId):
    return _clock(selectors.clock_of(selectors.case_get(request.user, case_id)))


def _act(request, case_id: int, action):
    action(selectors.case_get(request.user, case_id))
    return _detail(request.user, case_id)


@router.post("/cases/{case_id}/accept", response=CaseDetailOut, summary="Department: accept (受理); starts the clock")
def case_accept(request, payload: NoteIn, case_id: int = RowId):
    return _act(request, case_id, lambda c: services.case_accept(actor=request.user, case=c, note=payload.note))


@router.post("/cases/{case_id}/refuse", response=CaseDetailOut, summary="Department: refuse (不予受理) with a reason")
def case_refuse(request, payload: ReasonIn, case_id: int = RowId):
    return _act(request, case_id, lambda c: services.case_refuse(actor=request.user, case=c, reason=payload.reason))


@router.post("/cases/{case_id}/correct", response=CaseDetailOut, summary="Department: 补正 with the complete list")
def case_correct(request, payload: CorrectIn, case_id: int = RowId):
    items = [i.model_dump() for i in payload.items]
    return _act(request, case_id, lambda c: services.case_correct(actor=request.user, case=c, items=items))


@router.post("/cases/{case_id}/answer", response=CaseDetailOut, summary="Applicant: answer the 补正 with files")
def case_answer(request, case_id: int = RowId, note: Form[str] = "", files: File[list[UploadedFile]] = None):
    return _act(
        request, case_id, lambda c: services.case_answer(actor=request.user, case=c, note=note, files=list(files or []))
    )


@router.post("/cases/{case_id}/supply", response=CaseDetailOut, summary="Applicant: supply the 容缺 materials")
def case_supply(
    request, case_id: int = RowId, material_ids: Form[list[int]] = None, files: File[list[UploadedFile]] = None
):
    uploads = dict(zip(material_ids or [], files or [], strict=False))
    return _act(request, case_id, lambda c: services.case_supply(actor=request.user, case=c, files=uploads))


@router.post("/cases/{case_id}/withdraw", response=CaseDetailOut, summary="Applicant: withdraw before the decision")
def case_withdraw(request, payload: ReasonIn, case_id: int = RowId):
    return _act(request, case_id, lambda c: services.case_withdraw(actor=request.user, case=c, reason=payload.reason))


@router.post("/cases/{case_id}/pause", response=CaseDetailOut, summary="Department: pause the clock (as allowed)")
def case_pause(request, payload: PauseIn, case_id: int = RowId):
    return _act(
        request,
        case_id,
        lambda c: handling.case_pause(actor=request.user, case=c, reason=payload.reason, note=payload.note),
    )


@router.post("/cases/{case_id}/resume", response=CaseDetailOut, summary="Department: resume the clock")
def case_resume(request, case_id: int = RowId):
    return _act(request, case_id, lambda c: handling.case_resume(actor=request.user, case=c))


@router.post("/cases/{case_id}/extend", response=CaseDetailOut, summary="Department: extend the limit once")
def case_extend(request, payload: ExtendIn, case_id: int = RowId):
    return _act(
        request,
        case_id,
        lambda c: handling.case_extend(actor=request.user, case=c, days=payload.days, reason=payload.reason),
    )


@router.post("/cases/{case_id}/decide", response=CaseDetailOut, summary="Department: decide (准予 / 不予办理)")
def case_decide(request, payload: DecideIn, case_id: int = RowId):
    return _act(
        request,
        case_id,
        lambda c: handling.case_decide(actor=request.user, case=c, approve=payload.approve, note=payload.note),
    )


@router.post(
    "/cases/{case_id}/branches/{task_id}", response=CaseDetailOut, summary="Parallel department: decide its branch"
)
def case_branch(request, payload: BranchIn, case_id: int = RowId, task_id: int = RowId):
    return _act(
        request,
        case_id,
        lambda c: handling.branch_decide(
            actor=request.user, case=c, task_id=task_id, approve=payload.approve, comment=payload.comment
        ),
    )


@router.get("/cases/{case_id}/result.pdf", summary="The result document (PDF) of a decided case")
def case_result(request, case_id: int = RowId):
    case = selectors.case_get(request.user, case_id)
    if not selectors.is_decided(case):
        raise NotFound()
    response = HttpResponse(exports.result_pdf(case, selectors.clock_of(case)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.result_number}.pdf"'
    return response


@router.post("/cases/{case_id}/rating", response={201: RatingOut}, summary="Applicant: rate a finished case once")
def rating_create(request, payload: RatingIn, case_id: int = RowId):
    case = selectors.case_get(request.user, case_id)
    rating = ratings.rating_create(
        actor=request.user, case=case, level=payload.level, dimensions=payload.dimensions, comment=payload.comment
    )
    return Status(201, _rating(rating))


@router.post("/cases/{case_id}/rating/reply", response=RatingOut, summary="Department: reply to / rectify a rating")
def rating_reply(request, payload: ReplyIn, case_id: int = RowId):
    case = selectors.case_get(request.user, case_id)
    if not hasattr(case, "rating"):
        raise NotFound()
    return _rating(ratings.rating_reply(actor=request.user, rating=case.rating, reply=payload.reply))


@router.get("/ratings", response=list[RatingOut], summary="Ratings (好差评) the caller may see")
def rating_list(request, level: str = "", pending: bool = False, limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_ratings(request.user))
    qs = rating_selectors.ratings_search(
        rating_selectors.ratings_for(request.user), level=level, pending="1" if pending else ""
    )
    return [_rating(r) for r in qs[offset : offset + limit]]
