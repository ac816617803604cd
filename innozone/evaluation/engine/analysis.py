"""Statistics that explain a result: indicator statistics, correlations, Cronbach's alpha, PCA, what-if,
year-over-year movement."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import steps
from .framework import Dataset
from .pipeline import PipelineResult, Settings, run_pipeline


def indicator_stats(frame: pd.DataFrame) -> pd.DataFrame:
    """Per column: count, missing, min, max, mean, median, sd (n−1), skewness and kurtosis (e1071 type 2)."""
    rows = []
    for col in frame.columns:
        x = frame[col].to_numpy(dtype=float)
        rows.append(
            {
                "iCode": col,
                "n": int(np.sum(~np.isnan(x))),
                "missing": int(np.sum(np.isnan(x))),
                "min": np.nanmin(x),
                "max": np.nanmax(x),
                "mean": np.nanmean(x),
                "median": np.nanmedian(x),
                "sd": np.nanstd(x, ddof=1),
                "skew": steps.skewness(x),
                "kurt": steps.kurtosis(x),
            }
        )
    return pd.DataFrame(rows).set_index("iCode")


def correlations(scores: pd.DataFrame, codes: list[str], with_codes: list[str] | None = None) -> pd.DataFrame:
    """Pearson correlations (pairwise complete) between `codes` and `with_codes` (default: themselves)."""
    corr = scores[list(dict.fromkeys(codes + (with_codes or [])))].corr(method="pearson")
    return corr.loc[codes, with_codes or codes]


def parent_correlations(result: PipelineResult) -> pd.DataFrame:
    """Each indicator and aggregate against its parent: the check that every part pulls its weight."""
    fw = result.dataset.framework
    rows = [
        {"iCode": c, "parent": fw.parent[c], "r": result.scores[c].corr(result.scores[fw.parent[c]])}
        for c in fw.codes
        if fw.parent.get(c)
    ]
    return pd.DataFrame(rows).set_index("iCode")


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """α = k/(k−1)·(1 − Σ var_i / var_total) on complete rows (Cronbach 1951)."""
    x = frame.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    if k < 2 or x.shape[0] < 2:
        return float("nan")
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def pca(frame: pd.DataFrame) -> dict:
    """Principal components of the correlation matrix (complete rows): eigenvalues, explained share, loadings."""
    x = frame.dropna().to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    corr = np.corrcoef(z, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    vectors = vectors * np.where(vectors.sum(axis=0) < 0, -1, 1)  # sign: mostly positive loadings
    return {
        "eigenvalues": values,
        "explained": values / values.sum(),
        "loadings": pd.DataFrame(vectors, index=frame.columns, columns=[f"PC{i + 1}" for i in range(len(values))]),
    }


def pca_weights(normalised: pd.DataFrame, framework) -> dict[str, float]:
    """Weights from the first principal component of each group of siblings: |loading|, summing to 1 per group.

    (The JRC handbook's PCA weighting, simplified to the first component; groups of one child keep weight 1.)
    """
    weights = {}
    for parent in framework.aggregates(2):
        kids = framework.children(parent)
        if len(kids) < 2:
            weights.update(dict.fromkeys(kids, 1.0))
            continue
        loadings = pca(normalised[kids])["loadings"]["PC1"].abs()
        weights.update((loadings / loadings.sum()).to_dict())
    return weights


def what_if(result: PipelineResult, weights: dict[str, float]) -> pd.DataFrame:
    """Change some weights, re-aggregate the same normalised data, and show each unit's rank shift."""
    fw = result.dataset.framework
    new_w = dict(result.settings.weights)
    new_w.update(weights)
    scores, _ = steps.aggregate(result.frames["normalised"], fw, result.settings.aggregate, new_w)
    new_ranks = steps.rank_scores(scores[fw.index_code].to_numpy())
    frame = pd.DataFrame(
        {
            "uCode": scores.index,
            "score_before": result.scores[fw.index_code].to_numpy(),
            "score_after": scores[fw.index_code].to_numpy(),
            "rank_before": result.ranks.to_numpy(),
            "rank_after": new_ranks,
        }
    )
    frame["shift"] = frame["rank_before"] - frame["rank_after"]  # positive = moved up
    return frame.sort_values("rank_after").reset_index(drop=True)


def year_over_year(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """Run the pipeline for each year in the data's Time column: score, rank and change against the year before."""
    if dataset.time is None:
        raise ValueError("the data has no Time column")
    frames = []
    for year in sorted(dataset.time.unique()):
        res = run_pipeline(dataset.for_year(year), settings)
        code = dataset.framework.index_code
        frames.append(
            pd.DataFrame(
                {
                    "uCode": res.scores.index,
                    "year": year,
                    "score": res.scores[code].to_numpy(),
                    "rank": res.ranks.to_numpy(),
                }
            )
        )
    out = pd.concat(frames).sort_values(["uCode", "year"]).reset_index(drop=True)
    out["score_change"] = out.groupby("uCode")["score"].diff()
    out["rank_change"] = -out.groupby("uCode")["rank"].diff()  # positive = moved up
    return out
