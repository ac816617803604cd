"""/api/enterprises: the enterprise registry (企业库) for programs — profiles, related parties, yearly figures,
qualifications, the self-assessment, the cultivation pipeline and the office's bulk import. Same services,
selectors and permissions as the pages; money is yuan with two decimals (strings out, strings or numbers in),
dates are ISO 8601."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from innozone.core.errors import Forbidden, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.permissions import is_office_admin
from innozone.enterprises import permissions, selectors, services

from .enterprises_schemas import (
    ROW_ID_MAX,
    EnterpriseAssessmentOut,
    EnterpriseCultivationAdvanceIn,
    EnterpriseCultivationEnterIn,
    EnterpriseCultivationOut,
    EnterpriseDetailOut,
    EnterpriseFiguresIn,
    EnterpriseFiguresOut,
    EnterpriseImportOut,
    EnterpriseIn,
    EnterprisePageOut,
    EnterprisePartiesIn,
    EnterprisePartiesOut,
    EnterprisePatchIn,
    EnterpriseQualificationIn,
    EnterpriseQualificationOut,
    EnterpriseRelatedOut,
    EnterpriseRevokeIn,
)

router = Router(tags=["enterprises"])

RowId = Path(..., ge=1, le=ROW_ID_MAX)
AS_OF = Query(None, description="assessment date (default today)")


# --- helpers ---------------------------------------------------------------------------------------------


def _visible_entries(user):
    ensure_allowed(permissions.can_view_registry(user))
    return selectors.enterprises_for(user)


def _entry(user, enterprise_id: int, *, to_show: bool = False):
    """An entry the user may see (404 otherwise); `to_show` loads what the profile shows in a few queries (not
    for a write: a service would read the prefetched rows as they were before it wrote)."""
    found = _visible_entries(user).filter(pk=enterprise_id)
    if to_show:
        found = found.select_related("cultivation__recommended_by").prefetch_related(
            "qualifications", "former_names", "figures"
        )
    found = found.first()
    if found is None:
        raise NotFound()
    return found


def _iso(value):
    """Dates go to the services as text, so their range checks apply (a year 9999 is a message, not a 500)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _profile_data(payload: Schema, *, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial, exclude={"organization_id"})
    for name in ("region", "park"):
        if f"{name}_id" in data:
            data[name] = data.pop(f"{name}_id")
    if "registered_on" in data:
        data["registered_on"] = _iso(data["registered_on"])
    return data


def _parties(e) -> dict:
    return {"shareholders": list(e.shareholders.all()), "people": list(e.key_people.all())}


# --- operations ------------------------------------------------------------------------------------------


@router.get("/", response=EnterprisePageOut, summary="The registry entries you may see, filtered, one page")
def list_enterprises(
    request,
    q: str = Query("", max_length=100, description="name, former name or USCC"),
    region: int | None = Query(None, ge=1, le=ROW_ID_MAX, description="region or park id (and what lies under it)"),
    field: str = Query("", max_length=30, description="technical field"),
    qualification: str = Query("", max_length=20, description="a qualification valid today, e.g. hnte"),
    size: str = Query("", max_length=10, description="large, medium, small, micro"),
    stage: str = Query("", max_length=20, description="cultivation stage, e.g. coaching"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    found = selectors.enterprise_search(
        _visible_entries(request.user),
        q=q,
        region=region,
        field=field,
        qualification=qualification,
        size=size,
        stage=stage,
    )
    items = list(
        found.select_related("cultivation").prefetch_related("qualifications").order_by("id")[offset : offset + limit]
    )
    return {"count": found.count(), "limit": limit, "offset": offset, "items": items}


@router.post("/", response={201: EnterpriseDetailOut}, summary="Register an enterprise or institution by its USCC")
def register(request, payload: EnterpriseIn):
    organization = None
    if payload.organization_id is not None and is_office_admin(request.user):
        organization = Organization.objects.filter(pk=payload.organization_id).first()
        if organization is None:
            raise NotFound()
    entry = services.enterprise_register(
        actor=request.user, data=_profile_data(payload, partial=False), organization=organization
    )
    return Status(201, _entry(request.user, entry.pk, to_show=True))


@router.get(
    "/related", response=EnterpriseRelatedOut, summary="Office and city/park staff: are two organizations related?"
)
def related(
    request,
    a: int = Query(..., ge=1, le=ROW_ID_MAX, description="organization id"),
    b: int = Query(..., ge=1, le=ROW_ID_MAX, description="organization id"),
):
    user = request.user
    if not (permissions.sees_all(user) or permissions.staff_region(user)):
        raise Forbidden(_("只有办公室和市、园区工作人员可以查询关联关系"))
    reason = selectors.related(a, b)
    return {"a": a, "b": b, "related": reason is not None, "reason": reason}


@router.get("/by-uscc/{uscc}", response=EnterpriseDetailOut, summary="One entry by its 统一社会信用代码")
def by_uscc(request, uscc: str = Path(..., max_length=40)):
    found = _visible_entries(request.user).filter(uscc=uscc.strip().upper()).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return _entry(request.user, found, to_show=True)


@router.post(
    "/import",
    response=EnterpriseImportOut,
    summary="Office: import a workbook (sheets 企业 and 年度数据) or a CSV; all or nothing",
    description="Every bad row of every sheet is listed in one 422 (`detail`: sheet, row, field, message) and "
    "nothing is saved. With `dry_run` the file is checked and counted but nothing is saved either way.",
)
def import_file(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    ensure_allowed(permissions.can_import(request.user))
    sheets = services.read_workbook(file.read(), file.name or "")
    result = services.enterprises_import(actor=request.user, sheets=sheets, dry_run=dry_run)
    return {"dry_run": dry_run, **result}


@router.post(
    "/qualifications/{int:qualification_id}/revoke",
    response=EnterpriseQualificationOut,
    summary="Office: revoke a qualification, with the reason",
)
def revoke(request, payload: EnterpriseRevokeIn, qualification_id: int = RowId):
    ensure_allowed(permissions.can_view_registry(request.user))
    qualification = selectors.qualification_visible(request.user, qualification_id)
    return services.qualification_revoke(actor=request.user, qualification=qualification, reason=payload.reason)


@router.post(
    "/cultivation/{int:cultivation_id}/advance",
    response=EnterpriseCultivationOut,
    summary="Office or the enterprise's park/city: move to the next stage of the pipeline",
)
def advance(request, payload: EnterpriseCultivationAdvanceIn, cultivation_id: int = RowId):
    entry = _visible_entries(request.user).select_related("cultivation").filter(cultivation__pk=cultivation_id).first()
    if entry is None:
        raise NotFound()
    data = payload.model_dump(exclude={"stage"})
    data["issued_on"] = _iso(data["issued_on"]) or ""
    data["batch_year"] = data["batch_year"] or ""
    return services.cultivation_advance(
        actor=request.user, cultivation=entry.cultivation, stage=payload.stage, data=data
    )


@router.get("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="One entry's profile")
def get_enterprise(request, enterprise_id: int = RowId):
    return _entry(request.user, enterprise_id, to_show=True)


@router.patch("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="Change an entry's profile")
def update(request, payload: EnterprisePatchIn, enterprise_id: int = RowId):
    entry = _entry(request.user, enterprise_id)
    services.enterprise_update(actor=request.user, enterprise=entry, data=_profile_data(payload, partial=True))
    return _entry(request.user, enterprise_id, to_show=True)


@router.put(
    "/{int:enterprise_id}/parties",
    response=EnterprisePartiesOut,
    summary="Replace the shareholders and key people",
)
def set_parties(request, payload: EnterprisePartiesIn, enterprise_id: int = RowId):
    entry = _entry(request.user, enterprise_id)
    services.parties_set(
        actor=request.user,
        enterprise=entry,
        shareholders=[s.model_dump() for s in payload.shareholders],
        people=[p.model_dump() for p in payload.people],
    )
    return _parties(entry)


@router.get("/{int:enterprise_id}/figures", response=list[EnterpriseFiguresOut], summary="Yearly figures, every source")
def list_figures(request, enterprise_id: int = RowId):
    return list(_entry(request.user, enterprise_id).figures.all())


@router.post(
    "/{int:enterprise_id}/figures",
    response={201: EnterpriseFiguresOut},
    summary="File one year's figures (replacing the same year and source)",
)
def file_figures(request, payload: EnterpriseFiguresIn, enterprise_id: int = RowId):
    entry = _entry(request.user, enterprise_id)
    return Status(201, services.figures_file(actor=request.user, enterprise=entry, data=payload.model_dump()))


@router.get(
    "/{int:enterprise_id}/qualifications",
    response=list[EnterpriseQualificationOut],
    summary="Qualifications in every state (valid, expired, revoked)",
)
def list_qualifications(request, enterprise_id: int = RowId):
    return list(_entry(request.user, enterprise_id).qualifications.all())


@router.post(
    "/{int:enterprise_id}/qualifications",
    response={201: EnterpriseQualificationOut},
    summary="Office: record a qualification",
)
def record_qualification(request, payload: EnterpriseQualificationIn, enterprise_id: int = RowId):
    entry = _entry(request.user, enterprise_id)
    data = payload.model_dump()
    data["issued_on"], data["valid_until"] = _iso(data["issued_on"]), _iso(data["valid_until"])
    return Status(201, services.qualification_record(actor=request.user, enterprise=entry, data=data))


@router.get(
    "/{int:enterprise_id}/assessment",
    response=EnterpriseAssessmentOut,
    summary="Self-assessment against the 高企 and 科小 rules from the registry's figures",
)
def assessment(
    request,
    enterprise_id: int = RowId,
    as_of: dt.date | None = AS_OF,
    innovation_score: int | None = Query(None, ge=0, le=100, description="the experts' 创新能力 score, if known"),
):
    entry = _entry(request.user, enterprise_id, to_show=True)
    if as_of is not None and not 1900 <= as_of.year <= 2100:
        raise ValidationFailed(detail=[{"field": "as_of", "message": _("日期超出范围")}])
    result = selectors.self_assessment(entry, as_of=as_of, innovation_score=innovation_score)
    years = sorted(selectors.figures_by_year(entry), reverse=True)
    missing = ""
    if result.hnte is None:
        missing = _("缺少 %(y)s 年度经营数据或成立日期，无法评价") % {"y": result.as_of.year - 1}
    return {
        "enterprise_id": entry.pk,
        "uscc": entry.uscc,
        "name": entry.name,
        "as_of": result.as_of,
        "years": years,
        "ready_for_hnte": result.ready_for_hnte,
        "missing": missing,
        "hnte": result.hnte.as_dict() if result.hnte else None,
        "tsme": result.tsme.as_dict() if result.tsme else None,
    }


@router.post(
    "/{int:enterprise_id}/cultivation",
    response={201: EnterpriseCultivationOut},
    summary="Park, city or office: enter the enterprise into the 高企 cultivation pipeline",
)
def enter_cultivation(request, payload: EnterpriseCultivationEnterIn, enterprise_id: int = RowId):
    entry = _entry(request.user, enterprise_id)
    return Status(201, services.cultivation_enter(actor=request.user, enterprise=entry, note=payload.note))
