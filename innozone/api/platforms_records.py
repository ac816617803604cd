"""/api/platforms: platform records and recognition applications (apply, the application with its stage,
decide the current stage, draw the review panel). Same services, selectors and permissions as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Path, Query, Router, Schema

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.platforms import permissions
from innozone.platforms.selectors import platforms as selectors
from innozone.platforms.selectors import teams as team_selectors
from innozone.platforms.services import recognition, records

router = Router(tags=["platforms"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)


class PlatformOut(Schema):
    id: int
    name: str
    kind: str
    kind_name: str
    level: str
    tier: str
    host_id: int
    host: str
    region_id: int
    field: str
    status: str
    recognised_on: dt.date | None
    document_number: str

    @staticmethod
    def resolve_kind(p) -> str:
        return p.kind.code

    @staticmethod
    def resolve_kind_name(p) -> str:
        return p.kind.name

    @staticmethod
    def resolve_host(p) -> str:
        return p.host.name


class PlatformPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PlatformOut]


class PlatformIn(Schema):
    name: str
    kind_id: int
    level: str
    tier: str = ""
    field: str = ""
    description: str = ""
    host_id: int | None = None


class PlatformRecognitionIn(Schema):
    level: str
    statement: str
    tier: str = ""


class PlatformRecognitionOut(Schema):
    id: int
    platform_id: int | None
    team_id: int | None
    level: str
    status: str
    stage: int | None
    document_number: str
    recognised_on: dt.date | None
    draw_id: int | None

    @staticmethod
    def resolve_stage(r) -> int | None:
        return r.approval.stage if r.approval_id else None


class PlatformDecisionIn(Schema):
    approve: bool
    comment: str = ""
    document_number: str = ""
    recognised_on: dt.date | None = None


class PlatformDrawIn(Schema):
    seed: str | None = None


@router.get("/", response=PlatformPageOut, summary="Platforms the user may see (filters as on the list page)")
def platform_list(
    request,
    q: str = "",
    kind: str = "",
    level: str = "",
    status: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    ensure_allowed(permissions.can_view_platforms(request.user))
    qs = selectors.platform_search(request.user, q=q, kind=kind, level=level, status=status)
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


@router.post("/", response={201: PlatformOut}, summary="Register a platform (status 培育)")
def platform_create(request, payload: PlatformIn):
    data = payload.dict()
    host_id = data.pop("host_id") or request.user.organization_id
    return 201, records.platform_create(actor=request.user, host_id=host_id, **data)


@router.get("/{platform_id}", response=PlatformOut, summary="One platform")
def platform_get(request, platform_id: int = RowId):
    return selectors.platform_visible(request.user, platform_id)


@router.post("/{platform_id}/recognitions", response={201: PlatformRecognitionOut}, summary="Apply for recognition")
def platform_apply(request, payload: PlatformRecognitionIn, platform_id: int = RowId):
    platform = selectors.platform_visible(request.user, platform_id)
    return 201, recognition.recognition_apply(actor=request.user, platform=platform, **payload.dict())


@router.post(
    "/teams/{team_id}/recognitions", response={201: PlatformRecognitionOut}, summary="Apply for a team's recognition"
)
def team_apply(request, payload: PlatformRecognitionIn, team_id: int = RowId):
    team = team_selectors.team_visible(request.user, team_id)
    return 201, recognition.recognition_apply(actor=request.user, team=team, **payload.dict())


@router.get("/recognitions/{recognition_id}", response=PlatformRecognitionOut, summary="A recognition application")
def recognition_get(request, recognition_id: int = RowId):
    return selectors.recognition_visible(request.user, recognition_id)


@router.post(
    "/recognitions/{recognition_id}/decide",
    response=PlatformRecognitionOut,
    summary="Decide the current stage (the city recommends; the office checks, passes the review, recognises)",
)
def recognition_decide(request, payload: PlatformDecisionIn, recognition_id: int = RowId):
    found = selectors.recognition_visible(request.user, recognition_id)
    return recognition.recognition_decide(actor=request.user, recognition=found, **payload.dict())


@router.post(
    "/recognitions/{recognition_id}/draw",
    response=PlatformRecognitionOut,
    summary="Draw the review panel (office; recorded in the ledger; not redone)",
)
def recognition_draw(request, payload: PlatformDrawIn, recognition_id: int = RowId):
    found = selectors.recognition_visible(request.user, recognition_id)
    recognition.recognition_draw(actor=request.user, recognition=found, seed=payload.seed)
    found.refresh_from_db()
    return found
