"""/api/talent: the talent pool (人才库) and the expert pool (专家库) — people, experts, declared relations,
the expert committee; panel draws and review assignments in talent_draws.py. Same services, selectors and
permissions as the pages. ID numbers are accepted on registration and never returned, except masked
(6201**********123X) to the office."""

import datetime as dt

from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.talent import identity, permissions
from innozone.talent.selectors import experts as expert_selectors
from innozone.talent.selectors import people as people_selectors
from innozone.talent.services import experts as expert_services
from innozone.talent.services import people as people_services

from .talent_draws import router as draws_router

router = Router(tags=["talent"])
router.add_router("", draws_router)  # /draws, /assignments

RowId = Path(..., ge=1, le=ROW_ID_MAX)
OptionalId = Query(None, ge=1, le=ROW_ID_MAX)


# --- schemas ---------------------------------------------------------------------------------------------


class TalentHonourOut(Schema):
    id: int
    name: str
    level: str
    year: int | None


class TalentIntroductionOut(Schema):
    id: int
    host_id: int
    host: str
    mode: str
    starts_on: dt.date
    ends_on: dt.date | None
    project: str


class TalentPersonOut(Schema):
    """`id_number_masked` is given to the office only (null for everyone else)."""

    id: int
    name: str
    gender: str
    birth_year: int
    education: str
    title: str
    field: str
    employer_id: int | None
    employer: str | None
    region_id: int | None
    region: str | None
    honours: list[TalentHonourOut]
    introductions: list[TalentIntroductionOut] = []
    id_number_masked: str | None = None
    nationality: str = "CN"
    work_permit_no: str = ""
    work_permit_until: dt.date | None = None
    is_demo: bool


class TalentPersonPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[TalentPersonOut]


class TalentHonourIn(Schema):
    honour_id: int = Field(..., ge=1, le=ROW_ID_MAX)
    year: int | None = Field(None, ge=1900, le=2100)


class TalentPersonIn(Schema):
    name: str = Field(..., max_length=50)
    gender: str = Field(..., max_length=1, description="M or F")
    birth_year: int = Field(..., ge=1, le=9999)
    education: str = Field(..., max_length=10)
    title: str = Field("none", max_length=15)
    field: str = Field(..., max_length=30)
    employer_id: int | None = Field(None, ge=1, le=ROW_ID_MAX, description="an organization of the registry")
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX, description="default: the employer's region")
    honours: list[TalentHonourIn] = Field([], max_length=20)
    id_number: str = Field(
        "", max_length=30, description="resident ID number (Chinese citizens); stored encrypted, never returned"
    )
    nationality: str = Field("CN", max_length=2, description="ISO 3166-1 alpha-2")
    work_permit_no: str = Field("", max_length=30, description="foreign experts: work permit number")
    work_permit_until: dt.date | None = Field(None, description="foreign experts: the permit's end")


class ExpertFieldOut(Schema):
    id: int
    name: str


class ExpertOut(Schema):
    id: int
    name: str
    person_id: int | None
    kind: str
    title: str
    employer_id: int | None
    organization: str
    region_id: int | None
    fields: list[ExpertFieldOut]
    available: bool
    unavailable_until: dt.date | None
    status: str
    is_demo: bool

    @staticmethod
    def resolve_organization(e) -> str:
        return e.organization_name

    @staticmethod
    def resolve_fields(e) -> list:
        return list(e.fields.all())


class ExpertCreditOut(Schema):
    score: int
    assignments: int
    submitted: int
    late: int
    declined: int
    missed: int
    rated: int
    average_rating: float | None


class ExpertDetailOut(ExpertOut):
    credit: ExpertCreditOut

    @staticmethod
    def resolve_credit(e) -> dict:
        c = expert_selectors.credit_score(e)
        return {**c.__dict__, "average_rating": float(c.average_rating) if c.average_rating is not None else None}


class ExpertPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ExpertOut]


class ExpertIn(Schema):
    person_id: int | None = Field(None, ge=1, le=ROW_ID_MAX, description="from the talent pool")
    name: str = Field("", max_length=50, description="for an expert from outside the pool")
    kind: str = Field("technical", max_length=12)
    title: str | None = Field(None, max_length=15)
    employer_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    employer_name: str = Field("", max_length=200, description="an employer outside the registry")
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    field_ids: list[int] = Field(..., max_length=20)
    available: bool = True
    unavailable_until: dt.date | None = None
    phone: str = Field("", max_length=30)


class ExpertPatchIn(Schema):
    name: str | None = Field(None, max_length=50)
    kind: str | None = Field(None, max_length=12)
    title: str | None = Field(None, max_length=15)
    employer_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    employer_name: str | None = Field(None, max_length=200)
    region_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    field_ids: list[int] | None = Field(None, max_length=20)
    available: bool | None = None
    unavailable_until: dt.date | None = None
    phone: str | None = Field(None, max_length=30)


class ExpertRelationOut(Schema):
    id: int
    kind: str
    organization_id: int | None
    organization_name: str
    person_name: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    note: str

    @staticmethod
    def resolve_organization_name(r) -> str:
        return r.organization.name if r.organization_id else r.organization_name


class ExpertRelationIn(Schema):
    kind: str = Field(..., max_length=15)
    organization_id: int | None = Field(None, ge=1, le=ROW_ID_MAX)
    organization_name: str = Field("", max_length=200)
    person_name: str = Field("", max_length=50)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    note: str = Field("", max_length=200)


class ExpertCommitteeMemberOut(Schema):
    expert_id: int
    name: str
    role: str
    term_start: dt.date
    term_end: dt.date

    @staticmethod
    def resolve_name(m) -> str:
        return m.expert.name


class ExpertCommitteeOut(Schema):
    id: int
    name: str
    term_start: dt.date
    term_end: dt.date
    members: list[ExpertCommitteeMemberOut]

    @staticmethod
    def resolve_members(c) -> list:
        return expert_selectors.committee_members(c)


# --- people ----------------------------------------------------------------------------------------------


def _person_out(user, p, *, detail: bool = False) -> dict:
    out = {
        "id": p.pk,
        "name": p.name,
        "gender": p.gender,
        "birth_year": p.birth_year,
        "education": p.education,
        "title": p.title,
        "field": p.field,
        "employer_id": p.employer_id,
        "employer": p.employer.name if p.employer_id else None,
        "region_id": p.region_id,
        "region": p.region.name if p.region_id else None,
        "honours": [
            {"id": r.honour_id, "name": r.honour.name, "level": r.honour.level, "year": r.year}
            for r in p.honour_rows.all()
        ],
        "nationality": p.nationality,
        "work_permit_no": p.work_permit_no,
        "work_permit_until": p.work_permit_until,
        "is_demo": p.is_demo,
    }
    if detail:
        out["introductions"] = [
            {
                "id": i.pk,
                "host_id": i.host_id,
                "host": i.host.name,
                "mode": i.mode,
                "starts_on": i.starts_on,
                "ends_on": i.ends_on,
                "project": i.project,
            }
            for i in p.introductions.all()
        ]
    if permissions.can_see_id_number(user)[0]:
        out["id_number_masked"] = identity.id_number_masked(p) or None
    return out


@router.get("/people", response=TalentPersonPageOut, summary="The people of the talent pool you may see, filtered")
def list_people(
    request,
    q: str = Query("", max_length=100, description="name or employer"),
    field: str = Query("", max_length=30),
    honour: int | None = OptionalId,
    employer: int | None = OptionalId,
    region: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="region (and what lies under it)"),
    young: bool = Query(False, description="young talent only (at most 35 this year)"),
    foreign: bool = Query(False, description="foreign experts only (nationality not CN)"),
    permit_expiring: bool = Query(False, description="foreign experts whose work permit ends within 90 days"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    ensure_allowed(permissions.can_view_talent(request.user))
    found = people_selectors.people_search(
        people_selectors.people_for(request.user),
        q=q,
        field=field,
        honour=honour,
        employer=employer,
        region=region,
        young=young,
        foreign=foreign,
        permit_expiring=permit_expiring,
    )
    rows = people_selectors.people_rows(found).order_by("id")[offset : offset + limit]
    items = [_person_out(request.user, p) for p in rows]
    return {"count": found.count(), "limit": limit, "offset": offset, "items": items}


@router.get("/people/{int:person_id}", response=TalentPersonOut, summary="One person of the talent pool")
def get_person(request, person_id: int = RowId):
    person = people_selectors.person_visible(request.user, person_id)
    return _person_out(request.user, person, detail=True)


@router.post("/people", response={201: TalentPersonOut}, summary="Register a person (the office, or the employer)")
def create_person(request, payload: TalentPersonIn):
    data = payload.model_dump()
    data["employer"] = data.pop("employer_id")
    data["region"] = data.pop("region_id")
    data["honours"] = [(h["honour_id"], h["year"]) for h in data["honours"]]
    person = people_services.person_create(actor=request.user, data=data)
    return Status(201, _person_out(request.user, people_selectors.person_visible(request.user, person.pk), detail=True))


# --- experts ---------------------------------------------------------------------------------------------


def _expert_data(payload: Schema, *, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial)
    for name in ("person", "employer", "region"):
        if f"{name}_id" in data:
            data[name] = data.pop(f"{name}_id")
    if "field_ids" in data:
        data["fields"] = data.pop("field_ids") or []
    if data.get("title") is None:
        data.pop("title", None)
    return {k: v for k, v in data.items() if not (partial and v is None and k not in ("employer", "region"))}


@router.get("/experts", response=ExpertPageOut, summary="The expert pool (office, leaders, auditors), filtered")
def list_experts(
    request,
    q: str = Query("", max_length=100, description="name or employer"),
    field: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="a field of the market's field list"),
    kind: str = Query("", max_length=12, description="technical, financial, management, legal"),
    region: int | None = Query(None, ge=1, le=ROW_ID_MAX),
    status: str = Query("", max_length=10, description="active, suspended, removed"),
    available: bool | None = Query(None),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    ensure_allowed(permissions.can_view_experts(request.user))
    found = expert_selectors.expert_search(
        expert_selectors.experts_for(request.user),
        q=q,
        field=field,
        kind=kind,
        region=region,
        status=status,
        available=available,
    )
    return {"count": found.count(), "limit": limit, "offset": offset, "items": list(found[offset : offset + limit])}


@router.get("/experts/{int:expert_id}", response=ExpertDetailOut, summary="One expert with the review record")
def get_expert(request, expert_id: int = RowId):
    return expert_selectors.expert_visible(request.user, expert_id)


@router.post("/experts", response={201: ExpertDetailOut}, summary="Office: add an expert (from the pool or outside)")
def create_expert(request, payload: ExpertIn):
    expert = expert_services.expert_create(actor=request.user, data=_expert_data(payload, partial=False))
    return Status(201, expert_selectors.expert_visible(request.user, expert.pk))


@router.patch("/experts/{int:expert_id}", response=ExpertDetailOut, summary="Office: change an expert")
def update_expert(request, payload: ExpertPatchIn, expert_id: int = RowId):
    expert = expert_selectors.expert_visible(request.user, expert_id)
    expert_services.expert_update(actor=request.user, expert=expert, data=_expert_data(payload, partial=True))
    return expert_selectors.expert_visible(request.user, expert_id)


@router.get(
    "/experts/{int:expert_id}/relations", response=list[ExpertRelationOut], summary="An expert's declared relations"
)
def list_relations(request, expert_id: int = RowId):
    return expert_selectors.relations_of(expert_selectors.expert_visible(request.user, expert_id))


@router.post(
    "/experts/{int:expert_id}/relations",
    response={201: ExpertRelationOut},
    summary="Declare a relation (the expert themself, or the office)",
)
def declare_relation(request, payload: ExpertRelationIn, expert_id: int = RowId):
    expert = expert_selectors.expert_visible(request.user, expert_id)
    data = payload.model_dump()
    data["organization"] = data.pop("organization_id")
    return Status(201, expert_services.relation_declare(actor=request.user, expert=expert, data=data))


@router.get("/committees", response=list[ExpertCommitteeOut], summary="The expert committees with their members")
def list_committees(request):
    ensure_allowed(permissions.can_view_experts(request.user))
    return list(expert_selectors.committees_all())
