"""/api/evaluation: published rankings, unit profiles, what-if, and (for the zone office) new runs."""

from ninja import Router, Schema, Status
from pydantic import BaseModel, Field

from innozone.evaluation import selectors, services
from innozone.evaluation.engine.pipeline import Settings

router = Router(tags=["evaluation"])


class RunSummary(BaseModel):
    id: int
    title: str
    dataset: str
    published: bool
    engine_version: str
    created_at: str


class RunIn(Schema):
    title: str
    denominate: bool = False
    screen: float | None = Field(default=None, ge=0, le=1)
    impute: str = "none"
    treat: str = "winsorise"
    normalise: str = "minmax"
    range: tuple[float, float] = (0.0, 100.0)
    aggregate: str = "amean"
    uncertainty_runs: int = Field(default=0, ge=0, le=20000)
    sensitivity_runs: int = Field(default=0, ge=0, le=4096)


class WhatIfIn(Schema):
    weights: dict[str, float]


def _summary(run) -> dict:
    return {
        "id": run.pk,
        "title": run.title,
        "dataset": run.dataset.name,
        "published": run.published,
        "engine_version": run.engine_version,
        "created_at": run.created_at.isoformat(),
    }


def _detail(run) -> dict:
    table = selectors.ranking(run)
    return {
        **_summary(run),
        "settings": run.settings,
        "input_digest": run.input_digest,
        "ranking": [{k: (None if v != v else v) for k, v in row.items()} for row in table.to_dict("records")],
        "sensitivity": run.sensitivity,
    }


@router.get(
    "/runs", response=list[RunSummary], summary="Evaluation runs you may see (published ones, or all for the office)"
)
def list_runs(request):
    from innozone.core.errors import Forbidden
    from innozone.evaluation.permissions import can_view_evaluation

    allowed, reason = can_view_evaluation(request.user)
    if not allowed:
        raise Forbidden(reason)
    return [_summary(r) for r in selectors.runs_for(request.user)[:200]]


@router.get("/runs/{run_id}", summary="A run: ranking with pillar scores and rank intervals, settings, sensitivity")
def get_run(request, run_id: int):
    return _detail(selectors.run_get(request.user, run_id))


@router.get("/runs/{run_id}/units/{code}", summary="One unit's profile: pillar scores against the median")
def get_unit(request, run_id: int, code: str):
    return selectors.unit_profile(selectors.run_get(request.user, run_id), code)


@router.post("/runs/{run_id}/what-if", summary="Rank shifts if some weights changed (nothing is stored)")
def what_if(request, run_id: int, payload: WhatIfIn):
    shifts = services.run_what_if(selectors.run_get(request.user, run_id), payload.weights)
    return shifts.to_dict("records")


@router.post("/datasets/{dataset_id}/runs", response={201: dict}, summary="Compute and store a run (zone office)")
def create_run(request, dataset_id: int, payload: RunIn):
    dataset = selectors.dataset_get(request.user, dataset_id)
    settings = Settings(
        denominate=payload.denominate,
        screen=payload.screen,
        impute=payload.impute,
        treat=payload.treat,
        normalise=payload.normalise,
        range_=tuple(payload.range),
        aggregate=payload.aggregate,
    )
    run = services.run_create(
        actor=request.user,
        dataset=dataset,
        title=payload.title,
        settings=settings,
        uncertainty_runs=payload.uncertainty_runs,
        sensitivity_runs=payload.sensitivity_runs,
    )
    return Status(201, _detail(run))
