"""The whole pipeline as one call, with every intermediate data set and record kept."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import steps
from .framework import Dataset


@dataclass(frozen=True)
class Settings:
    """The assumptions of one run. `impute` is "none", "mean", "median", "group-mean:COLUMN" or
    "group-median:COLUMN"; `treat` is "none" or "winsorise"; `normalise` is "minmax", "zscore", "rank" or
    "dist2targ"; `aggregate` is "amean", "gmean" or "hmean"."""

    denominate: bool = False
    screen: float | None = None
    impute: str = "none"
    treat: str = "none"
    winmax: int = 5
    normalise: str = "minmax"
    range_: tuple[float, float] = (0.0, 100.0)
    m_sd: tuple[float, float] = (0.0, 1.0)
    aggregate: str = "amean"
    weights: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "denominate": self.denominate,
            "screen": self.screen,
            "impute": self.impute,
            "treat": self.treat,
            "winmax": self.winmax,
            "normalise": self.normalise,
            "range": list(self.range_),
            "m_sd": list(self.m_sd),
            "aggregate": self.aggregate,
            "weights": dict(self.weights),
        }


@dataclass(frozen=True)
class PipelineResult:
    dataset: Dataset
    settings: Settings
    frames: dict  # step name -> units × indicators after that step
    records: dict  # step name -> what the step did
    scores: pd.DataFrame  # units × (normalised indicators + every aggregate)
    ranks: pd.Series  # rank of the top-level index (1 = best, ties = min)

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: uCode, every aggregate (pillars … Index) and Rank."""
        fw = self.dataset.framework
        frame = self.scores[fw.aggregates()].copy()
        frame["Rank"] = self.ranks.astype("Int64")
        frame.insert(0, "uCode", frame.index)
        return frame.reset_index(drop=True)


def _impute_args(spec: str, dataset: Dataset):
    method, _, column = spec.partition(":")
    groups = None
    if method.startswith("group-"):
        if column not in dataset.groups.columns:
            raise ValueError(f"group column {column!r} is not in the data")
        groups = dataset.groups[column]
    return method, groups


def prepare(dataset: Dataset, settings: Settings) -> tuple[dict, dict]:
    """Denominate → screen → impute → treat: the data before normalisation."""
    fw = dataset.framework
    frames, records = {"raw": dataset.data}, {}
    data = dataset.data
    if settings.denominate:
        data, records["denominate"] = steps.denominate(data, dataset.denominators, fw.denominator)
        frames["denominated"] = data
    if settings.screen is not None:
        data, records["screen"] = steps.screen_units(data, settings.screen)
        frames["screened"] = data
    if settings.impute != "none":
        method, groups = _impute_args(settings.impute, dataset)
        data, records["impute"] = steps.impute(data, method, groups)
        frames["imputed"] = data
    if settings.treat == "winsorise":
        data, records["treat"] = steps.treat(data, winmax=settings.winmax)
        frames["treated"] = data
    elif settings.treat != "none":
        raise ValueError(f"unknown treatment {settings.treat!r}")
    return frames, records


def normalise_with(data: pd.DataFrame, dataset: Dataset, settings: Settings):
    fw = dataset.framework
    params = {}
    if settings.normalise == "minmax":
        params["range_"] = settings.range_
    elif settings.normalise == "zscore":
        params["m_sd"] = settings.m_sd
    elif settings.normalise == "dist2targ":
        params["targets"] = fw.target
    return steps.normalise(data, fw.direction, settings.normalise, **params)


def run_pipeline(dataset: Dataset, settings: Settings | None = None, **kwargs) -> PipelineResult:
    """Run every step; keyword arguments are `Settings` fields (e.g. normalise="zscore")."""
    settings = settings or Settings(**kwargs)
    frames, records = prepare(dataset, settings)
    data = frames[list(frames)[-1]]
    normalised, records["normalise"] = normalise_with(data, dataset, settings)
    frames["normalised"] = normalised
    scores, records["aggregate"] = steps.aggregate(normalised, dataset.framework, settings.aggregate, settings.weights)
    index = dataset.framework.index_code
    ranks = pd.Series(steps.rank_scores(scores[index].to_numpy()), index=scores.index, name="Rank")
    return PipelineResult(dataset, settings, frames, records, scores, ranks)
