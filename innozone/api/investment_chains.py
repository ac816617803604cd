"""/api/investment (chains part): chains with their gap summaries, one chain's links with statuses and reasons
(engine.gaps), the gap links, a link with its enterprises and targets; the office and a chain's lead unit create
and edit chains, links, placements and targets. Same services, selectors and permissions as the pages."""

from __future__ import annotations

from ninja import Path, Query, Router, Schema, Status

from innozone.core.errors import ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.investment.engine import gaps
from innozone.investment.permissions import chains as permissions
from innozone.investment.selectors import chains as selectors
from innozone.investment.selectors.chains import link_row, summary_dict
from innozone.investment.services import chains as services
from innozone.investment.services import chains_placements, targets

router = Router(tags=["investment"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Year = Query(None, ge=2000, le=2100)
Limit = Query(50, ge=1, le=500)
Offset = Query(0, ge=0, le=10**9)


class ChainSummaryOut(Schema):
    links: int
    strong: int
    weak: int
    gaps: int
    key_gaps: int
    key_weak: int
    enterprises: int
    output: str


class ChainOut(Schema):
    id: int
    code: str
    name: str
    lead: int | None
    is_leading: bool
    year: int
    summary: ChainSummaryOut
    open_targets: int = 0


class ChainLinkOut(Schema):
    id: int
    parent: int | None
    depth: int
    segment: str
    name: str
    is_key: bool
    status: str
    enterprises: int
    output: str
    own_enterprises: int
    own_output: str
    min_enterprises: int
    min_output: str | None
    industry_codes: list[str]
    reasons: list[str]
    reason_codes: list[str]


class ChainDetailOut(ChainOut):
    links: list[ChainLinkOut]


class ChainGapOut(ChainLinkOut):
    chain: str


class ChainIn(Schema):
    code: str = ""
    name: str = ""
    description: str = ""
    lead: int | None = None
    is_leading: bool = True
    order: int | None = None


class ChainLinkIn(Schema):
    name: str = ""
    segment: str = ""
    parent: int | None = None
    industry_codes: list[str] | str = []
    min_enterprises: int | None = None
    min_output: str | None = None
    is_key: bool = False
    order: int | None = None


class ChainPlacementIn(Schema):
    organization: int
    year: int
    output_value: str
    products: str = ""
    is_leader: bool = False


class ChainPlacementOut(Schema):
    id: int
    link: int
    organization: int
    organization_name: str
    year: int
    output_value: str
    products: str
    is_leader: bool


class ChainTargetIn(Schema):
    company: str = ""
    uscc: str = ""
    location: str = ""
    ranking: str = ""
    reason: str = ""
    priority: int = 2
    status: str = "identified"
    project: str | None = None


class ChainTargetOut(Schema):
    id: int
    link: int
    chain: str
    company: str
    uscc: str
    location: str
    ranking: str
    reason: str
    priority: int
    status: str
    project: str | None


class ChainLinkDetailOut(Schema):
    link: ChainLinkOut
    chain: str
    year: int
    placements: list[ChainPlacementOut]
    targets: list[ChainTargetOut]


class ChainTargetPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ChainTargetOut]


def _chain_out(chain, year, result, targets_open=0) -> dict:
    return {"id": chain.pk, "code": chain.code, "name": chain.name, "lead": chain.lead_id,
            "is_leading": chain.is_leading, "year": year, "summary": summary_dict(result.summary),
            "open_targets": targets_open}  # fmt: skip


def _placement_out(p) -> dict:
    return {"id": p.pk, "link": p.link_id, "organization": p.organization_id,
            "organization_name": p.organization.name, "year": p.year, "output_value": f"{p.output_value:.2f}",
            "products": p.products, "is_leader": p.is_leader}  # fmt: skip


def _target_out(t) -> dict:
    return {"id": t.pk, "link": t.link_id, "chain": t.link.chain.code, "company": t.company, "uscc": t.uscc,
            "location": t.location, "ranking": t.ranking, "reason": t.reason, "priority": t.priority,
            "status": t.status, "project": t.project.code if t.project_id else None}  # fmt: skip


def _detail(chain, year) -> dict:
    result, links = selectors.chain_gaps(chain, year)
    return {**_chain_out(chain, year, result), "links": [link_row(r, links[r.id]) for r in result.links.values()]}


@router.get("/chains", response=list[ChainOut], summary="Chains with their gap summaries")
def chain_list(request, year: int | None = Year):
    ensure_allowed(permissions.can_view_chains(request.user))
    year = year or selectors.current_year()
    rows = selectors.chains_overview(selectors.chains_for(request.user), year)
    out = []
    for row in rows:
        item = {"id": row.chain.pk, "code": row.chain.code, "name": row.chain.name, "lead": row.chain.lead_id,
                "is_leading": row.chain.is_leading, "year": year, "summary": summary_dict(row.summary),
                "open_targets": row.targets}  # fmt: skip
        out.append(item)
    return out


@router.get("/chains/{chain_id}", response=ChainDetailOut, summary="A chain's links with status and reasons")
def chain_get(request, chain_id: int = RowId, year: int | None = Year):
    chain = selectors.chain_get(request.user, chain_id)
    return _detail(chain, year or selectors.current_year())


@router.get("/gaps", response=list[ChainGapOut], summary="Gap links of every chain or one (code)")
def gap_list(request, chain: str = "", year: int | None = Year):
    ensure_allowed(permissions.can_view_chains(request.user))
    year = year or selectors.current_year()
    qs = selectors.chains_for(request.user)
    if chain:
        qs = qs.filter(code=chain)
    out = []
    for c in qs:
        result, links = selectors.chain_gaps(c, year)
        out += [{"chain": c.code, **link_row(r, links[r.id])} for r in result.links.values() if r.status == gaps.GAP]
    return out


@router.post("/chains", response={201: ChainDetailOut}, summary="Create a chain (the office)")
def chain_create(request, payload: ChainIn):
    chain = services.chain_create(actor=request.user, **payload.dict())
    return Status(201, _detail(chain, selectors.current_year()))


@router.put("/chains/{chain_id}", response=ChainDetailOut, summary="Edit a chain")
def chain_update(request, payload: ChainIn, chain_id: int = RowId):
    chain = selectors.chain_get(request.user, chain_id)
    chain = services.chain_update(actor=request.user, chain=chain, **payload.dict())
    return _detail(chain, selectors.current_year())


@router.delete("/chains/{chain_id}", response={204: None}, summary="Delete a chain no project fills (the office)")
def chain_delete(request, chain_id: int = RowId):
    services.chain_delete(actor=request.user, chain=selectors.chain_get(request.user, chain_id))
    return Status(204, None)


@router.post("/chains/{chain_id}/links", response={201: ChainLinkOut}, summary="Add a link")
def link_create(request, payload: ChainLinkIn, chain_id: int = RowId):
    chain = selectors.chain_get(request.user, chain_id)
    link = services.link_create(actor=request.user, chain=chain, **payload.dict())
    result, links = selectors.chain_gaps(chain)
    return Status(201, link_row(result.links[link.pk], links[link.pk]))


@router.get("/links/{link_id}", response=ChainLinkDetailOut, summary="A link with its enterprises and targets")
def link_get(request, link_id: int = RowId, year: int | None = Year):
    link = selectors.link_get(request.user, link_id)
    year = year or selectors.current_year()
    result, _links = selectors.chain_gaps(link.chain, year)
    return {
        "link": link_row(result.links[link.pk], link),
        "chain": link.chain.code,
        "year": year,
        "placements": [_placement_out(p) for p in selectors.link_placements(link, year)],
        "targets": [_target_out(t) for t in link.targets.select_related("link__chain", "project")],
    }


@router.put("/links/{link_id}", response=ChainLinkOut, summary="Edit a link")
def link_update(request, payload: ChainLinkIn, link_id: int = RowId):
    link = services.link_update(actor=request.user, link=selectors.link_get(request.user, link_id), **payload.dict())
    result, links = selectors.chain_gaps(link.chain)
    return link_row(result.links[link.pk], links[link.pk])


@router.delete("/links/{link_id}", response={204: None}, summary="Delete a link with nothing on it")
def link_delete(request, link_id: int = RowId):
    services.link_delete(actor=request.user, link=selectors.link_get(request.user, link_id))
    return Status(204, None)


@router.post("/links/{link_id}/placements", response={201: ChainPlacementOut}, summary="Place a registry enterprise")
def placement_add(request, payload: ChainPlacementIn, link_id: int = RowId):
    link = selectors.link_get(request.user, link_id)
    placement = chains_placements.placement_add(actor=request.user, link=link, **payload.dict())
    return Status(201, _placement_out(placement))


@router.delete("/placements/{placement_id}", response={204: None}, summary="Remove an enterprise from a link")
def placement_remove(request, placement_id: int = RowId):
    chains_placements.placement_remove(
        actor=request.user, placement=selectors.placement_get(request.user, placement_id)
    )
    return Status(204, None)


@router.get("/targets", response=ChainTargetPageOut, summary="The target list (招商目标库)")
def target_list(request, chain: str = "", status: str = "", q: str = "", limit: int = Limit, offset: int = Offset):
    ensure_allowed(permissions.can_view_chains(request.user))
    qs = selectors.targets_filter(request.user, chain=chain, status=status, q=q)
    items = [_target_out(t) for t in qs[offset : offset + limit]]
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": items}


@router.post("/links/{link_id}/targets", response={201: ChainTargetOut}, summary="Add a target to a link")
def target_create(request, payload: ChainTargetIn, link_id: int = RowId):
    link = selectors.link_get(request.user, link_id)
    target = targets.target_create(actor=request.user, link=link, **payload.dict())
    return Status(201, _target_out(target))


@router.put("/targets/{target_id}", response=ChainTargetOut, summary="Edit a target (status, project …)")
def target_update(request, payload: ChainTargetIn, target_id: int = RowId):
    target = selectors.target_get(request.user, target_id)
    return _target_out(targets.target_update(actor=request.user, target=target, **payload.dict(exclude_unset=True)))


@router.delete("/targets/{target_id}", response={204: None}, summary="Delete a target")
def target_delete(request, target_id: int = RowId):
    targets.target_delete(actor=request.user, target=selectors.target_get(request.user, target_id))
    return Status(204, None)
