"""/api/talent/draws and /api/talent/assignments: panel draws (专家抽取, the office) and review assignments (the
drawn expert: submit a review or declare a conflict, replaced by the next fitting reserve). Same services,
selectors and permissions as the pages; every draw is recorded with its seed, the pool's digest and the result
as a ledger event."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import Field

from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.talent import permissions
from innozone.talent.panel_rules import presets, rules_for
from innozone.talent.selectors import draws as selectors
from innozone.talent.services import draws as services
from innozone.talent.services import reviews

router = Router(tags=["talent"])

RowId = Path(..., ge=1, le=ROW_ID_MAX)


# --- schemas ---------------------------------------------------------------------------------------------


class TalentDrawItemIn(Schema):
    """One item to review: the applicant by its USCC (its registry related parties are conflicts too) and the
    people of the item (applicant, team members: experts related to them are excluded)."""

    ref: str = Field(..., min_length=1, max_length=100)
    field: str = Field(..., min_length=1, max_length=50, description="a field of the market's field list, by name")
    organization_uscc: str = Field("", max_length=18)
    people: list[Annotated[str, Field(max_length=50)]] = Field([], max_length=100)


class TalentDrawIn(Schema):
    purpose: str = Field(..., max_length=200)
    items: list[TalentDrawItemIn] = Field(..., min_length=1, max_length=200)
    size: int | None = Field(None, ge=1, le=99, description="panel size (default: the preset's; odd, at least 5)")
    reserves: int | None = Field(None, ge=0, le=50, description="reserves per item (default: the preset's)")
    seed: str | None = Field(None, max_length=64, description="default: a new random one (returned)")
    preset: str = Field("default", max_length=40, description="panel rules preset")
    assign: bool = Field(True, description="give the panel members review assignments")


class TalentDrawExpertOut(Schema):
    id: int
    name: str
    organization: str
    fields: list[str]


class TalentDrawExclusionOut(Schema):
    id: int
    reason: str
    code: str = ""


class TalentDrawPanelOut(Schema):
    item: str
    experts: list[TalentDrawExpertOut]
    reserves: list[TalentDrawExpertOut]
    excluded: list[TalentDrawExclusionOut]


class TalentDrawOut(Schema):
    id: int
    purpose: str
    seed: str
    pool_digest: str
    pool_size: int
    drawn_at: dt.datetime
    drawn_by: str | None
    panels: list[TalentDrawPanelOut]


class TalentAssignmentOut(Schema):
    """`status`: assigned, submitted, declined, missed."""

    id: int
    draw_id: int
    purpose: str
    item_ref: str
    item_title: str
    status: str
    due_at: dt.datetime
    score: Decimal | None
    recommend: bool | None
    opinion: str
    submitted_at: dt.datetime | None
    declined_reason: str


class TalentAssignmentSubmitIn(Schema):
    score: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=1)
    recommend: bool
    opinion: str = Field(..., max_length=reviews.TEXT_MAX)


class TalentAssignmentDeclineIn(Schema):
    reason: str = Field(..., max_length=300, description="the relation with the item")


# --- draws -----------------------------------------------------------------------------------------------


def _draw_out(draw) -> dict:
    return {
        "id": draw.pk,
        "purpose": draw.purpose,
        "seed": draw.seed,
        "pool_digest": draw.pool_digest,
        "pool_size": draw.pool_size,
        "drawn_at": draw.drawn_at,
        "drawn_by": draw.drawn_by.username if draw.drawn_by_id else None,
        "panels": draw.result.get("panels", []),
    }


@router.post("/draws", response={201: TalentDrawOut}, summary="Office: draw a review panel for every item (recorded)")
def create_draw(request, payload: TalentDrawIn):
    ensure_allowed(permissions.can_run_draw(request.user))
    if payload.preset not in presets():
        raise ValidationFailed(detail=[{"field": "preset", "message": _("未知的抽取规则")}])
    items = [
        services.ItemInput(
            ref=i.ref.strip(),
            field=i.field.strip(),
            uscc=i.organization_uscc.strip().upper(),
            people=[p.strip() for p in i.people if p.strip()],
            title=i.ref.strip(),
        )
        for i in payload.items
    ]
    draw = services.draw_run(
        actor=request.user,
        purpose=payload.purpose,
        items=items,
        rules=rules_for(payload.preset, size=payload.size, reserves=payload.reserves),
        seed=payload.seed or None,
        assign=payload.assign,
    )
    return Status(201, _draw_out(draw))


@router.get("/draws/{int:draw_id}", response=TalentDrawOut, summary="One draw: seed, pool digest, panels")
def get_draw(request, draw_id: int = RowId):
    ensure_allowed(permissions.can_view_experts(request.user))
    return _draw_out(services.draw_get(draw_id))


# --- assignments -----------------------------------------------------------------------------------------


def _assignment_out(a) -> dict:
    return {
        "id": a.pk,
        "draw_id": a.draw_id,
        "purpose": a.draw.purpose,
        "item_ref": a.item_ref,
        "item_title": a.item_title,
        "status": a.status,
        "due_at": a.due_at,
        "score": a.score,
        "recommend": a.recommend,
        "opinion": a.opinion,
        "submitted_at": a.submitted_at,
        "declined_reason": a.declined_reason,
    }


@router.get("/assignments", response=list[TalentAssignmentOut], summary="The logged-in expert's review assignments")
def list_assignments(request):
    ensure_allowed((permissions.is_expert_user(request.user), _("仅专家账号可以查看评审任务")))
    return [_assignment_out(a) for a in selectors.assignments_for_user(request.user)]


@router.post(
    "/assignments/{int:assignment_id}/submit",
    response=TalentAssignmentOut,
    summary="Submit the review (the expert, or the office entering a paper review)",
)
def submit_assignment(request, payload: TalentAssignmentSubmitIn, assignment_id: int = RowId):
    assignment = selectors.assignment_visible(request.user, assignment_id)
    reviews.assignment_submit(
        actor=request.user,
        assignment=assignment,
        score=payload.score,
        recommend=payload.recommend,
        opinion=payload.opinion,
    )
    return _assignment_out(selectors.assignment_visible(request.user, assignment_id))


@router.post(
    "/assignments/{int:assignment_id}/decline",
    response=TalentAssignmentOut,
    summary="The expert declares a conflict: replaced by the next fitting reserve (recorded)",
)
def decline_assignment(request, payload: TalentAssignmentDeclineIn, assignment_id: int = RowId):
    assignment = selectors.assignment_visible(request.user, assignment_id)
    reviews.assignment_decline(actor=request.user, assignment=assignment, reason=payload.reason)
    return _assignment_out(selectors.assignment_visible(request.user, assignment_id))
