"""The whole construction as one call: denominate → impute → screen → treat → normalise → weight →
aggregate → rank, with every intermediate data set and record kept.

The default order is the one of COINr's ASEM example (`build_example_coin`): imputation before
screening. `screen_first=True` screens on the raw availability instead, so units missing too much are
dropped before anything is imputed for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from .aggregate import aggregate as aggregate_step
from .denominate import denominate as denominate_step
from .framework import Dataset
from .impute import impute as impute_step
from .io import read_coinr
from .normalise import method_from_name
from .normalise import normalise as normalise_step
from .results import StepResult, rank_frame, rank_scores
from .screen import screen as screen_step
from .treat import treat as treat_step
from .weights import weights_for


@dataclass(frozen=True)
class Settings:
    """The assumptions of one run.

    impute: "none" (the default), "mean", "median", "group-mean:COLUMN" or "group-median:COLUMN".
    screen: the data availability threshold (None = no screening). treat: "none" or "winsorise".
    normalise: "minmax" (onto `range_`), "zscore" (mean and sd `m_sd`), "rank", "borda", "prank",
    "fracmax", "dist2max" or "dist2targ" (iMeta's Target). aggregate: "amean", "gmean" or "hmean", or a
    dict level → one of those to aggregate each level its own way.
    weighting: "manual" (iMeta's Weight, overridden by `weights`), "equal" or "pca".
    """

    denominate: bool = False
    screen: float | None = None
    impute: str = "none"
    treat: str = "none"
    winmax: int = 5
    normalise: str = "minmax"
    range_: tuple[float, float] = (0.0, 100.0)
    m_sd: tuple[float, float] = (0.0, 1.0)
    aggregate: str | dict = "amean"
    weights: dict = field(default_factory=dict)
    weighting: str = "manual"
    screen_first: bool = False

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["range"], out["m_sd"], out["weights"] = list(out.pop("range_")), list(self.m_sd), dict(self.weights)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        """The inverse of `as_dict`; keys it does not know (e.g. a stored run's seed) are ignored, missing ones
        take their defaults."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if "range" in data:
            values["range_"] = tuple(data["range"])
        if "m_sd" in data:
            values["m_sd"] = tuple(data["m_sd"])
        return cls(**values)


@dataclass(frozen=True)
class PipelineResult:
    dataset: Dataset
    settings: Settings
    steps: dict[str, StepResult]  # in the order run
    weights: dict[str, float]  # the weights used, every code
    scores: pd.DataFrame  # units × (normalised indicators + every aggregate)
    ranks: pd.Series  # rank of the index (1 = best, ties = minimum rank)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Step name → data after that step ("raw" first)."""
        return {"raw": self.dataset.data, **{name: s.data for name, s in self.steps.items()}}

    @property
    def records(self) -> dict[str, dict]:
        """Step name → what the step did."""
        return {name: s.record for name, s in self.steps.items()}

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: uCode, every aggregate (pillars … index) and the index's Rank."""
        frame = self.scores[self.dataset.framework.aggregates()].copy()
        frame["Rank"] = self.ranks.astype("Int64")
        frame.insert(0, "uCode", frame.index)
        return frame.reset_index(drop=True)

    def rank_frame(self) -> pd.DataFrame:
        """The rank of every unit at every level (indicators and aggregates)."""
        return rank_frame(self.scores)


def _impute_args(spec: str, dataset: Dataset) -> tuple[str, pd.Series | None]:
    method, _, column = spec.partition(":")
    if not method.startswith("group-"):
        return method, None
    if column not in dataset.groups.columns:
        raise ValueError(f"group column {column!r} is not in the data")
    return method, dataset.groups[column]


def prepare(dataset: Dataset, settings: Settings, *, units: pd.Index | None = None) -> dict[str, StepResult]:
    """The steps before normalisation. With `units`, screening is replaced by keeping exactly those units
    (so that alternative imputations in an uncertainty analysis rank the same units)."""
    fw = dataset.framework
    done: dict[str, StepResult] = {}
    data = dataset.data

    def run(result: StepResult) -> pd.DataFrame:
        done[result.step] = result
        return result.data

    def do_screen(data: pd.DataFrame) -> pd.DataFrame:
        if units is not None:
            return run(StepResult("screen", data.loc[units], {"kept": "given units"}))
        return run(screen_step(data, dat_thresh=settings.screen)) if settings.screen is not None else data

    if settings.denominate:
        data = run(denominate_step(data, dataset.denominators, by=fw.denominator))
    if settings.screen_first:
        data = do_screen(data)
    method, groups = _impute_args(settings.impute, dataset)
    if method != "none":
        data = run(impute_step(data, method, groups=groups))
    if not settings.screen_first:
        data = do_screen(data)
    if settings.treat != "none":
        data = run(treat_step(data, settings.treat, winmax=settings.winmax))
    return done


def normalise_with(data: pd.DataFrame, dataset: Dataset, settings: Settings) -> StepResult:
    fw = dataset.framework
    method = method_from_name(settings.normalise, range_=settings.range_, m_sd=settings.m_sd, targets=fw.target)
    return normalise_step(data, method, directions=fw.direction)


def run_pipeline(data, meta=None, *, settings: Settings | None = None, **assumptions) -> PipelineResult:
    """Build the index. `data` is a `Dataset`, or COINr's iData with `meta` its iMeta (files or frames).

    The assumptions are `Settings` fields, given as `settings=` or as keywords, e.g.
    `run_pipeline(idata, imeta, denominate=True, impute="group-mean:EurAsia_group", screen=0.9,
    treat="winsorise", normalise="minmax", range_=(0, 100), aggregate="amean")` (COINr's ASEM example).
    `run_pipeline(dataset, settings)` is accepted too (the platform's services call it so).
    """
    if isinstance(data, Dataset):
        if isinstance(meta, Settings) and settings is None:
            meta, settings = None, meta
        if meta is not None:
            raise TypeError("meta is given with iData tables, not with a Dataset")
        dataset = data
    else:
        if meta is None:
            raise TypeError("iData needs its iMeta")
        dataset = read_coinr(data, meta)
    if settings is not None and assumptions:
        raise TypeError("give either settings= or keyword assumptions, not both")
    settings = settings or Settings(**assumptions)
    fw = dataset.framework
    steps = prepare(dataset, settings)
    prepared = steps[list(steps)[-1]].data if steps else dataset.data
    steps["normalise"] = normalise_with(prepared, dataset, settings)
    normalised = steps["normalise"].data
    weights = weights_for(settings.weighting, fw, overrides=settings.weights, normalised=normalised)
    steps["aggregate"] = aggregate_step(normalised, settings.aggregate, framework=fw, weights=weights)
    scores = steps["aggregate"].data
    ranks = pd.Series(rank_scores(scores[fw.index_code].to_numpy()), index=scores.index, name="Rank")
    return PipelineResult(dataset, settings, steps, weights, scores, ranks)


def year_over_year(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """One run per year of the Time column. Rows: uCode, Time, index score and rank, and the change
    against the unit's previous year (score: later − earlier; rank: earlier − later, positive = moved up)."""
    if dataset.time is None:
        raise ValueError("the data has no Time column")
    code = dataset.framework.index_code
    frames = []
    for year in dataset.years:
        res = run_pipeline(dataset.for_year(year), settings=settings)
        frames.append(
            pd.DataFrame({"uCode": res.scores.index, "Time": year, "score": res.scores[code], "rank": res.ranks})
        )
    out = pd.concat(frames, ignore_index=True).sort_values(["uCode", "Time"], ignore_index=True)
    out["score_change"] = out.groupby("uCode")["score"].diff()
    out["rank_change"] = -out.groupby("uCode")["rank"].diff()
    return out
