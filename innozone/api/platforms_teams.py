"""/api/platforms/teams: innovation teams (创新团队) — records with leader and members from the talent pool,
members, outputs, funding (office; a ledger event each) and status. Same services, selectors and permissions
as the pages; money is yuan with two decimals (strings out, strings or numbers in), dates ISO 8601."""

import datetime as dt
from decimal import Decimal

from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.platforms import permissions
from innozone.platforms.selectors import teams as selectors
from innozone.platforms.services import teams as services

router = Router(tags=["platforms"])

RowId = Path(..., ge=1, le=ROW_ID_MAX)


# --- schemas ---------------------------------------------------------------------------------------------


class TeamOut(Schema):
    """A team as listed: `level` national/province/city/district; `status` cultivating/recognised/revoked;
    `introduced` true for a team brought in (引进), false for one grown locally (培育)."""

    id: int
    name: str
    leader_id: int
    leader: str
    host_id: int
    host: str
    region_id: int
    region: str
    field: str
    level: str
    introduced: bool
    status: str
    recognised_on: dt.date | None
    document_number: str
    is_demo: bool

    @staticmethod
    def resolve_leader(t) -> str:
        return t["leader"] if isinstance(t, dict) else t.leader.name

    @staticmethod
    def resolve_host(t) -> str:
        return t["host"] if isinstance(t, dict) else t.host.name

    @staticmethod
    def resolve_region(t) -> str:
        return t["region"] if isinstance(t, dict) else t.region.name


class TeamPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[TeamOut]


class TeamMemberOut(Schema):
    person_id: int
    name: str
    role: str
    title: str
    employer: str | None
    honours: list[str]
    leader: bool


class TeamOutputOut(Schema):
    id: int
    year: int
    kind: str
    title: str
    count: int


class TeamFundingOut(Schema):
    id: int
    year: int
    source: str
    amount: str

    @staticmethod
    def resolve_amount(row) -> str:
        return f"{row.amount:.2f}"


class TeamDetailOut(TeamOut):
    description: str
    members: list[TeamMemberOut]
    outputs: list[TeamOutputOut]
    funding: list[TeamFundingOut]
    funding_total: str


class TeamIn(Schema):
    """A new team. `host_id`: an organization of the enterprise registry (a host's own user: its own);
    `region_id` defaults to the host's park or region; the leader is a member too."""

    name: str = Field(max_length=200)
    host_id: int = Field(ge=1, le=ROW_ID_MAX)
    leader_id: int = Field(ge=1, le=ROW_ID_MAX)
    member_ids: list[int] = Field(default_factory=list, max_length=200)
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    field: str = Field("", max_length=30)
    level: str = Field("province", max_length=10, examples=["province"])
    introduced: bool = False
    description: str = Field("", max_length=2000)


class TeamPatchIn(Schema):
    """The fields to change (only those sent); `member_ids` are added, never removed (remove one by one)."""

    name: str | None = Field(None, max_length=200)
    host_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    leader_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    member_ids: list[int] | None = Field(None, max_length=200)
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    field: str | None = Field(None, max_length=30)
    level: str | None = Field(None, max_length=10)
    introduced: bool | None = None
    description: str | None = Field(None, max_length=2000)


class TeamMemberIn(Schema):
    person_id: int = Field(ge=1, le=ROW_ID_MAX)
    role: str = Field("", max_length=60)


class TeamOutputIn(Schema):
    year: int = Field(ge=1990, le=2100)
    kind: str = Field(max_length=12, examples=["patent"], description="paper, patent, achievement, standard, …")
    title: str = Field(max_length=200)
    count: int = Field(1, ge=1, le=10**6)


class TeamFundingIn(Schema):
    year: int = Field(ge=1990, le=2100)
    source: str = Field(max_length=100)
    amount: Decimal = Field(gt=0, max_digits=17, decimal_places=2, description="yuan")


class TeamStatusIn(Schema):
    status: str = Field(max_length=12, examples=["revoked"], description="revoked, or cultivating to restore")
    reason: str = Field(max_length=300)


# --- helpers ---------------------------------------------------------------------------------------------


def _team(user, team_id: int):
    team = selectors.team_get(team_id)
    ensure_allowed(permissions.can_view(user, team))
    return team


def _detail(team) -> dict:
    d = selectors.team_detail(team)
    members = [
        {
            "person_id": m.person_id,
            "name": m.person.name,
            "role": m.role,
            "title": m.person.title,
            "employer": m.person.employer.name if m.person.employer_id else None,
            "honours": [h.honour.name for h in m.person.honour_rows.all()],
            "leader": m.person_id == team.leader_id,
        }
        for m in d.members
    ]
    outputs = [o for _year, rows in d.outputs_by_year for o in rows]
    return {
        **TeamOut.from_orm(team).model_dump(),
        "description": team.description,
        "members": members,
        "outputs": outputs,
        "funding": d.funding,
        "funding_total": f"{d.funding_total:.2f}",
    }


def _data(payload: Schema, *, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial)
    for name in ("host", "leader", "region"):
        if f"{name}_id" in data:
            data[name] = data.pop(f"{name}_id")
    if "member_ids" in data:
        data["members"] = data.pop("member_ids") or []
    return data


# --- operations ------------------------------------------------------------------------------------------


@router.get("/", response=TeamPageOut, summary="The teams you may see, filtered, one page")
def list_teams(
    request,
    q: str = Query("", max_length=100, description="team, leader or host name"),
    field: str = Query("", max_length=30),
    status: str = Query("", max_length=12, description="cultivating, recognised, revoked"),
    region: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="region id (and what lies under it)"),
    host: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="host organization id"),
    level: str = Query("", max_length=10),
    introduced: bool | None = Query(None),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    ensure_allowed(permissions.can_view_platforms(request.user))
    found = selectors.team_search(
        selectors.teams_for(request.user),
        q=q,
        field=field,
        status=status,
        region=region,
        host=host,
        level=level,
        introduced=introduced,
    ).order_by("id")
    return {"count": found.count(), "limit": limit, "offset": offset, "items": list(found[offset : offset + limit])}


@router.post("/", response={201: TeamDetailOut}, summary="Register a team (office, or a host for itself)")
def create_team(request, payload: TeamIn):
    team = services.team_create(actor=request.user, data=_data(payload, partial=False))
    return Status(201, _detail(selectors.team_get(team.pk)))


@router.get("/{int:team_id}", response=TeamDetailOut, summary="One team with members, outputs and funding")
def get_team(request, team_id: int = RowId):
    return _detail(_team(request.user, team_id))


@router.patch("/{int:team_id}", response=TeamDetailOut, summary="Change a team's record")
def update_team(request, payload: TeamPatchIn, team_id: int = RowId):
    team = _team(request.user, team_id)
    services.team_update(actor=request.user, team=team, data=_data(payload, partial=True))
    return _detail(selectors.team_get(team_id))


@router.post("/{int:team_id}/members", response={201: TeamDetailOut}, summary="Add a member from the talent pool")
def add_member(request, payload: TeamMemberIn, team_id: int = RowId):
    team = _team(request.user, team_id)
    services.team_member_add(actor=request.user, team=team, data={"person": payload.person_id, "role": payload.role})
    return Status(201, _detail(team))


@router.delete(
    "/{int:team_id}/members/{int:person_id}", response={204: None}, summary="Remove a member (never the leader)"
)
def remove_member(request, team_id: int = RowId, person_id: int = RowId):
    team = _team(request.user, team_id)
    services.team_member_remove(actor=request.user, team=team, person_id=person_id)
    return Status(204, None)


@router.post("/{int:team_id}/outputs", response={201: TeamOutputOut}, summary="Record an output")
def add_output(request, payload: TeamOutputIn, team_id: int = RowId):
    team = _team(request.user, team_id)
    return Status(201, services.team_output_add(actor=request.user, team=team, data=payload.model_dump()))


@router.post("/{int:team_id}/funding", response={201: TeamFundingOut}, summary="Office: record funding received")
def add_funding(request, payload: TeamFundingIn, team_id: int = RowId):
    team = _team(request.user, team_id)
    return Status(201, services.team_funding_add(actor=request.user, team=team, data=payload.model_dump()))


@router.post("/{int:team_id}/status", response=TeamOut, summary="Office: revoke (撤销) or restore, with the reason")
def change_status(request, payload: TeamStatusIn, team_id: int = RowId):
    team = _team(request.user, team_id)
    services.team_status_change(actor=request.user, team=team, status=payload.status, reason=payload.reason)
    return selectors.team_get(team_id)
