"""/api/platforms/evaluation: platform kinds and their recognition conditions (with source and certainty), the
condition self-check of a platform, its yearly figures (file, read), the office's annual evaluation and a
year's results. Same services, selectors and permissions as the pages."""

from decimal import Decimal

from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from innozone.core.errors import NotFound, ensure_allowed
from innozone.core.selectors import ROW_ID_MAX
from innozone.platforms import permissions
from innozone.platforms.selectors import conditions as cond_sel
from innozone.platforms.selectors import evaluation as sel
from innozone.platforms.services import evaluation as evaluation_service
from innozone.platforms.services import figures as figures_service

router = Router(tags=["platforms"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)
Number = str | int | float | None


class PlatformConditionOut(Schema):
    id: int
    level: str
    tier: str
    metric: str
    label: str
    op: str
    threshold: Decimal
    unit: str
    source: str
    certainty: str = Field(description="V verified, P partly verified, U unverified")
    valid_from: str | None = None
    valid_to: str | None = None

    @staticmethod
    def resolve_valid_from(c):
        return c.valid_from.isoformat() if c.valid_from else None

    @staticmethod
    def resolve_valid_to(c):
        return c.valid_to.isoformat() if c.valid_to else None


class PlatformKindOut(Schema):
    id: int
    code: str
    name: str
    carrier: bool
    conditions: list[PlatformConditionOut]

    @staticmethod
    def resolve_conditions(k):
        return list(k.conditions.all())


class PlatformCheckIn(Schema):
    level: str | None = Field(None, max_length=10, description="default: the platform's level")
    tier: str | None = Field(None, max_length=20, description="default: the platform's tier")
    hardship: bool = Field(False, description="艰苦边远地区: reducible thresholds 20 % lower")
    figures: dict[str, Number] = Field(default_factory=dict, description="metric → value; over the latest year's")


class PlatformCheckRowOut(Schema):
    condition_id: int
    metric: str
    label: str
    unit: str
    value: Decimal | None
    threshold: Decimal
    reduced: bool
    met: bool | None = Field(description="null: the figure is missing")
    gap: Decimal | None
    via: str
    source: str
    certainty: str


class PlatformFiguresIn(Schema):
    rd_staff: Number = None
    projects: Number = None
    rd_spend: Number = Field(None, description="yuan, two decimals")
    outputs: Number = None
    patents: Number = None
    services: Number = None
    service_income: Number = Field(None, description="yuan, two decimals")
    tenants: Number = None
    graduated: Number = None
    area: Number = Field(None, description="m²")
    occupancy: Number = Field(None, description="percent, 0–100")


class PlatformFiguresOut(Schema):
    platform_id: int
    year: int
    rd_staff: int
    projects: int
    rd_spend: str
    outputs: int
    patents: int
    services: int
    service_income: str
    tenants: int | None
    graduated: int | None
    area: Decimal | None
    occupancy: Decimal | None

    @staticmethod
    def resolve_rd_spend(f):
        return f"{f.rd_spend:.2f}"

    @staticmethod
    def resolve_service_income(f):
        return f"{f.service_income:.2f}"


class PlatformAssessmentRunIn(Schema):
    year: int = Field(..., ge=2000, le=9999)
    kind: str | None = Field(None, max_length=40, description="a kind's code; default every kind")
    framework: dict | None = Field(None, description="frameworks and grading as in platforms/frameworks.py")
    dry_run: bool = False


class PlatformAssessmentRowOut(Schema):
    platform: int
    name: str
    kind: str
    group: str
    score: str
    rank: int
    grade: str
    consequence: str
    status: str


class PlatformAbsentOut(Schema):
    platform: int
    name: str
    kind: str


class PlatformAssessmentRunOut(Schema):
    year: int
    dry_run: bool
    results: list[PlatformAssessmentRowOut]
    absent: list[PlatformAbsentOut]
    counts: dict[str, int]


class PlatformAssessmentOut(Schema):
    platform_id: int
    name: str
    kind: str
    year: int
    score: str
    rank: int
    grade: str
    consequence: str

    @staticmethod
    def resolve_name(a):
        return a.platform.name

    @staticmethod
    def resolve_kind(a):
        return a.platform.kind.code

    @staticmethod
    def resolve_score(a):
        return f"{a.score:.2f}"


def _platform(user, platform_id: int):
    ensure_allowed(permissions.can_view_platforms(user))
    return sel.platform_visible(user, platform_id)


@router.get("/kinds", response=list[PlatformKindOut], summary="Platform kinds with their recognition conditions")
def kinds(request):
    ensure_allowed(permissions.can_view_platforms(request.user))
    return list(cond_sel.kinds_with_conditions())


@router.post(
    "/platforms/{int:platform_id}/check",
    response=list[PlatformCheckRowOut],
    summary="Check a platform's figures against its recognition conditions (nothing is saved)",
)
def check(request, payload: PlatformCheckIn, platform_id: int = RowId):
    platform = _platform(request.user, platform_id)
    latest = sel.figures_of(platform)[:1]
    figures = {**(sel.figures_dict(latest[0]) if latest else {}), **payload.figures}
    subject = (platform.kind, payload.level or platform.level, platform.tier if payload.tier is None else payload.tier)
    rows = cond_sel.condition_check(subject, figures, hardship=payload.hardship)
    return [
        {
            **{k: r[k] for k in ("metric", "label", "unit", "value", "threshold", "reduced", "met", "gap", "via")},
            "condition_id": r["condition"]["id"],
            "label": r["condition"]["label"],
            "source": r["condition"]["source"],
            "certainty": r["condition"]["certainty"],
        }
        for r in rows
    ]


@router.get("/platforms/{int:platform_id}/figures", response=list[PlatformFiguresOut], summary="Yearly figures")
def figures_list(request, platform_id: int = RowId):
    return sel.figures_of(_platform(request.user, platform_id))


@router.put(
    "/platforms/{int:platform_id}/figures/{int:year}",
    response=PlatformFiguresOut,
    summary="Host or office: file or correct a year's figures (every problem in one 422)",
)
def figures_put(request, payload: PlatformFiguresIn, platform_id: int = RowId, year: int = Path(..., ge=1, le=9999)):
    platform = _platform(request.user, platform_id)
    return figures_service.figures_file(actor=request.user, platform=platform, year=year, **payload.model_dump())


@router.post(
    "/assessments/run",
    response=PlatformAssessmentRunOut,
    summary="Office: run the annual evaluation for a year (a rerun replaces the year's results)",
)
def run(request, payload: PlatformAssessmentRunIn):
    kind = None
    if payload.kind:
        kind = next((k for k in cond_sel.kinds_with_conditions(active_only=False) if k.code == payload.kind), None)
        if kind is None:
            raise NotFound()
    outcome = evaluation_service.assessment_run(
        actor=request.user, year=payload.year, kind=kind, framework=payload.framework, dry_run=payload.dry_run
    )
    return {**outcome, "dry_run": payload.dry_run}


@router.get("/assessments", response=list[PlatformAssessmentOut], summary="A year's assessments, best first")
def assessments(request, year: int = Query(None, ge=2000, le=9999, description="default: last year")):
    ensure_allowed(permissions.can_view_platforms(request.user))
    return list(sel.assessments_for(request.user, year or timezone.localdate().year - 1))
