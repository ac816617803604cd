"""/api/cooperation (partners part): partners (list with filters, detail, create, update), agreements (list
with the expiry state, create, update), projects (list, create, update), joint labs / 国际科技合作基地 with their
partners, foreign experts, statistics by country. Same services, selectors and permissions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Path, Query, Router, Schema, Status

from innozone.cooperation.permissions import partners as perms
from innozone.cooperation.selectors import partners as selectors
from innozone.cooperation.services import partners as services
from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX

router = Router(tags=["cooperation"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


class CoopPartnerOut(Schema):
    id: int
    name: str
    name_local: str
    kind: str
    country: str
    country_name: str
    city: str
    belt_and_road: bool
    website: str
    agreements: int = 0
    projects: int = 0


class CoopPartnerIn(Schema):
    name: str
    name_local: str = ""
    kind: str
    country: str
    city: str = ""
    belt_and_road: bool | None = None
    website: str = ""


class CoopPartnerPatch(Schema):
    name: str | None = None
    name_local: str | None = None
    kind: str | None = None
    country: str | None = None
    city: str | None = None
    belt_and_road: bool | None = None
    website: str | None = None


class CoopPartnerPage(Schema):
    count: int
    items: list[CoopPartnerOut]


class CoopAgreementOut(Schema):
    id: int
    partner_id: int
    partner: str
    organization_id: int
    organization: str
    title: str
    kind: str
    signed_on: dt.date
    expires_on: dt.date | None
    status: str
    expiry_state: str
    days_left: int | None
    summary: str


class CoopAgreementIn(Schema):
    partner: int
    organization: int | None = None
    title: str
    kind: str
    signed_on: dt.date
    expires_on: dt.date | None = None
    status: str = "active"
    summary: str = ""


class CoopAgreementPage(Schema):
    count: int
    items: list[CoopAgreementOut]


class CoopProjectOut(Schema):
    id: int
    partner_id: int
    partner: str
    country: str
    organization_id: int
    organization: str
    agreement_id: int | None
    title: str
    kind: str
    field: str
    starts_on: dt.date
    ends_on: dt.date | None
    amount: Decimal | None
    status: str
    listing_id: int | None


class CoopProjectIn(Schema):
    partner: int
    organization: int | None = None
    agreement: int | None = None
    title: str
    kind: str
    field: str = ""
    starts_on: dt.date
    ends_on: dt.date | None = None
    amount: str | None = None
    status: str = "active"
    listing_id: int | None = None


class CoopProjectPage(Schema):
    count: int
    items: list[CoopProjectOut]


class CoopBasePartnerOut(Schema):
    id: int
    partner_id: int
    partner: str
    country: str
    since: dt.date | None


class CoopBaseOut(Schema):
    id: int
    name: str
    kind: str
    host: str
    partners: list[CoopBasePartnerOut]


class CoopBaseLinkIn(Schema):
    partner: int
    since: dt.date | None = None


class CoopExpertOut(Schema):
    id: int
    name: str
    nationality: str
    employer: str
    work_permit_no: str
    work_permit_until: dt.date | None


class CoopCountryOut(Schema):
    country: str
    name: str
    belt_and_road: bool
    partners: int
    agreements: int
    active_agreements: int
    projects: int
    amount: Decimal
    experts: int


class CoopStatsOut(Schema):
    rows: list[CoopCountryOut]
    totals: dict
    belt_and_road: dict
    share: dict


def _partner(p) -> dict:
    return {
        **{
            f: getattr(p, f)
            for f in ("id", "name", "name_local", "kind", "country", "city", "belt_and_road", "website")
        },
        "country_name": selectors.country_name(p.country),
        "agreements": getattr(p, "n_agreements", 0),
        "projects": getattr(p, "n_projects", 0),
    }


def _agreement(a) -> dict:
    e = selectors.expiry(a)
    return {
        **{f: getattr(a, f) for f in ("id", "partner_id", "organization_id", "title", "kind", "signed_on")},
        **{f: getattr(a, f) for f in ("expires_on", "status", "summary")},
        "partner": a.partner.name,
        "organization": a.organization.name,
        "expiry_state": e["state"],
        "days_left": e["days_left"],
    }


def _project(p) -> dict:
    fields = ("id", "partner_id", "organization_id", "agreement_id", "title", "kind", "field", "starts_on")
    return {
        **{f: getattr(p, f) for f in fields},
        **{f: getattr(p, f) for f in ("ends_on", "amount", "status", "listing_id")},
        "partner": p.partner.name,
        "country": p.partner.country,
        "organization": p.organization.name,
    }


@router.get("/partners", response=CoopPartnerPage, summary="Foreign partners: filters country, kind, Belt-and-Road")
def partner_list(
    request, q: str = "", country: str = "", kind: str = "", belt_and_road: str = "", limit: int = Limit,
    offset: int = Offset,
):  # fmt: skip
    ensure_allowed(perms.can_view_cooperation(request.user))
    qs = selectors.partners_search(q=q, country=country, kind=kind, belt_and_road=belt_and_road)
    return {"count": qs.count(), "items": [_partner(p) for p in qs[offset : offset + limit]]}


@router.get("/partners/{partner_id}", response=CoopPartnerOut, summary="A foreign partner")
def partner_get(request, partner_id: int = RowId):
    ensure_allowed(perms.can_view_cooperation(request.user))
    p = selectors.partners_search().filter(pk=selectors.partner_get(partner_id).pk).first()
    return _partner(p)


@router.post("/partners", response={201: CoopPartnerOut}, summary="Add a foreign partner")
def partner_create(request, payload: CoopPartnerIn):
    p = services.partner_create(actor=request.user, data=payload.dict())
    return Status(201, _partner(p))


@router.patch("/partners/{partner_id}", response=CoopPartnerOut, summary="Edit a foreign partner (the office)")
def partner_update(request, payload: CoopPartnerPatch, partner_id: int = RowId):
    p = selectors.partner_get(partner_id)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    return _partner(services.partner_update(actor=request.user, partner=p, data=data))


@router.get("/agreements", response=CoopAgreementPage, summary="Cooperation agreements (expiring: within the warning)")
def agreement_list(
    request, q: str = "", status: str = "", expiring: bool = False, limit: int = Limit, offset: int = Offset
):
    ensure_allowed(perms.can_view_cooperation(request.user))
    qs = selectors.agreements_search(request.user, q=q, status=status, expiring=expiring)
    return {"count": qs.count(), "items": [_agreement(a) for a in qs[offset : offset + limit]]}


@router.post("/agreements", response={201: CoopAgreementOut}, summary="Record a cooperation agreement")
def agreement_create(request, payload: CoopAgreementIn):
    return Status(201, _agreement(services.agreement_create(actor=request.user, data=payload.dict())))


@router.put("/agreements/{agreement_id}", response=CoopAgreementOut, summary="Edit a cooperation agreement")
def agreement_update(request, payload: CoopAgreementIn, agreement_id: int = RowId):
    a = selectors.agreement_visible(request.user, agreement_id)
    return _agreement(services.agreement_update(actor=request.user, agreement=a, data=payload.dict()))


@router.get("/projects", response=CoopProjectPage, summary="International projects")
def project_list(request, q: str = "", kind: str = "", status: str = "", limit: int = Limit, offset: int = Offset):
    ensure_allowed(perms.can_view_cooperation(request.user))
    qs = selectors.projects_search(request.user, q=q, kind=kind, status=status)
    return {"count": qs.count(), "items": [_project(p) for p in qs[offset : offset + limit]]}


@router.post("/projects", response={201: CoopProjectOut}, summary="Record an international project")
def project_create(request, payload: CoopProjectIn):
    return Status(201, _project(services.project_create(actor=request.user, data=payload.dict())))


@router.put("/projects/{project_id}", response=CoopProjectOut, summary="Edit an international project")
def project_update(request, payload: CoopProjectIn, project_id: int = RowId):
    p = selectors.project_visible(request.user, project_id)
    return _project(services.project_update(actor=request.user, project=p, data=payload.dict()))


@router.get("/bases", response=list[CoopBaseOut], summary="Joint labs and 国际科技合作基地 with their partners")
def base_list(request):
    ensure_allowed(perms.can_view_cooperation(request.user))
    return [
        {
            "id": b.pk,
            "name": b.name,
            "kind": b.kind.code,
            "host": b.host.name if b.host_id else "",
            "partners": [
                {
                    "id": link.pk,
                    "partner_id": link.partner_id,
                    "partner": link.partner.name,
                    "country": link.partner.country,
                    "since": link.since,
                }
                for link in b.partner_links
            ],
        }
        for b in selectors.bases_for(request.user)
    ]


@router.post("/bases/{platform_id}/partners", response={201: CoopBasePartnerOut}, summary="Add a base's partner")
def base_partner_add(request, payload: CoopBaseLinkIn, platform_id: int = RowId):
    link = services.base_partner_add(
        actor=request.user, platform_id=platform_id, partner_id=payload.partner, since=payload.since
    )
    p = link.partner
    return Status(
        201, {"id": link.pk, "partner_id": p.pk, "partner": p.name, "country": p.country, "since": link.since}
    )


@router.get("/experts", response=list[CoopExpertOut], summary="Foreign experts in the talent pool (work permits)")
def expert_list(request, limit: int = Limit, offset: int = Offset):
    ensure_allowed(perms.can_view_cooperation(request.user))
    return [
        {
            "id": p.pk,
            "name": p.name,
            "nationality": p.nationality,
            "employer": p.employer.name if p.employer_id else "",
            "work_permit_no": p.work_permit_no,
            "work_permit_until": p.work_permit_until,
        }
        for p in selectors.foreign_experts(request.user)[offset : offset + limit]
    ]


@router.get("/stats", response=CoopStatsOut, summary="Statistics by country (Belt-and-Road share)")
def stats(request):
    ensure_allowed(perms.can_view_stats(request.user))
    data = selectors.stats_by_country(request.user)
    return {**data, "totals": {k: str(v) for k, v in data["totals"].items()}, "belt_and_road": {
        k: str(v) for k, v in data["belt_and_road"].items()}}  # fmt: skip
