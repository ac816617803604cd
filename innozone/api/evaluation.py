"""/api/evaluation: published rankings, unit profiles, what-if, and (for the zone office) new runs."""

from ninja import Field, Router, Schema, Status

from innozone.core.errors import ensure_allowed
from innozone.evaluation import selectors, services
from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.permissions import can_view_evaluation

router = Router(tags=["evaluation"])


class EvaluationRunOut(Schema):
    id: int
    title: str
    dataset: str = Field(..., alias="dataset.name")
    published: bool
    engine_version: str
    created_at: str

    @staticmethod
    def resolve_created_at(run) -> str:
        return run.created_at.isoformat()


class EvaluationRunDetailOut(EvaluationRunOut):
    settings: dict
    input_digest: str
    ranking: list[dict]
    sensitivity: list[dict] | dict | None

    @staticmethod
    def resolve_ranking(run) -> list[dict]:
        return selectors.ranking_records(run)


class EvaluationRunIn(Schema):
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


class EvaluationWhatIfIn(Schema):
    weights: dict[str, float]


@router.get(
    "/runs",
    response=list[EvaluationRunOut],
    summary="Evaluation runs you may see (published ones, or all for the office)",
)
def list_runs(request):
    ensure_allowed(can_view_evaluation(request.user))
    return selectors.runs_for(request.user)[:200]


@router.get(
    "/runs/{run_id}",
    response=EvaluationRunDetailOut,
    summary="A run: ranking with pillar scores and rank intervals, settings, sensitivity",
)
def get_run(request, run_id: int):
    return selectors.run_get(request.user, run_id)


@router.get("/runs/{run_id}/units/{code}", summary="One unit's profile: pillar scores against the median")
def get_unit(request, run_id: int, code: str):
    return selectors.unit_profile(selectors.run_get(request.user, run_id), code)


@router.post("/runs/{run_id}/what-if", summary="Rank shifts if some weights changed (nothing is stored)")
def what_if(request, run_id: int, payload: EvaluationWhatIfIn):
    shifts = services.run_what_if(selectors.run_get(request.user, run_id), payload.weights)
    return shifts.to_dict("records")


@router.post(
    "/datasets/{dataset_id}/runs",
    response={201: EvaluationRunDetailOut},
    summary="Compute and store a run (zone office)",
)
def create_run(request, dataset_id: int, payload: EvaluationRunIn):
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
    return Status(201, run)
