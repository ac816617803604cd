"""Statistics that explain a result: indicator statistics, correlations within and across levels, Cronbach's
alpha, PCA per pillar, and what-if re-weighting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import aggregate
from .framework import Framework
from .pipeline import PipelineResult
from .results import rank_scores
from .treat import kurtosis, skewness


def indicator_stats(frame: pd.DataFrame) -> pd.DataFrame:
    """Per column: count, missing, min, max, mean, median, sd (n − 1), skewness and kurtosis (as in Treat)."""
    x = frame.to_numpy(dtype=float)
    stats = pd.DataFrame(
        {
            "n": np.sum(~np.isnan(x), axis=0),
            "missing": np.sum(np.isnan(x), axis=0),
            "min": np.nanmin(x, axis=0),
            "max": np.nanmax(x, axis=0),
            "mean": np.nanmean(x, axis=0),
            "median": np.nanmedian(x, axis=0),
            "sd": np.nanstd(x, axis=0, ddof=1),
            "skew": [skewness(x[:, j]) for j in range(x.shape[1])],
            "kurt": [kurtosis(x[:, j]) for j in range(x.shape[1])],
        },
        index=pd.Index(frame.columns, name="iCode"),
    )
    return stats


def correlations(scores: pd.DataFrame, codes: list[str], with_codes: list[str] | None = None) -> pd.DataFrame:
    """Pearson correlations (pairwise complete) of `codes` with `with_codes` (default: among themselves),
    e.g. the indicators of one pillar (within a level) or indicators against pillars (across levels)."""
    others = with_codes or codes
    corr = scores[list(dict.fromkeys([*codes, *others]))].corr(method="pearson")
    return corr.loc[codes, others]


def level_correlations(result: PipelineResult, level: int, with_level: int | None = None) -> pd.DataFrame:
    """Correlations between all codes of one level and those of another (default: the same level)."""
    fw = result.dataset.framework
    codes = lambda lv: fw.indicators if lv == 1 else fw.aggregates(lv)  # noqa: E731
    return correlations(result.scores, codes(level), codes(with_level or level))


def parent_correlations(result: PipelineResult) -> pd.DataFrame:
    """Each indicator and aggregate against its parent: whether every part is reflected in the whole."""
    fw = result.dataset.framework
    rows = [
        {"iCode": c, "parent": fw.parent[c], "r": result.scores[c].corr(result.scores[fw.parent[c]])}
        for c in fw.codes
        if fw.parent.get(c)
    ]
    return pd.DataFrame(rows).set_index("iCode")


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """α = k/(k − 1)·(1 − Σ var(x_i) / var(Σ x_i)) on complete rows (Cronbach 1951, Psychometrika 16)."""
    x = frame.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    if k < 2 or x.shape[0] < 2:
        return float("nan")
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def pca(frame: pd.DataFrame) -> dict:
    """Principal components of the correlation matrix (complete rows): eigenvalues (descending), the share of
    variance each explains, and loadings (eigenvector·√eigenvalue, signed so most PC1 loadings are positive)."""
    corr = np.corrcoef(frame.dropna().to_numpy(dtype=float), rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    vectors = vectors * np.where(vectors.sum(axis=0) < 0, -1, 1)
    loadings = vectors * np.sqrt(np.clip(values, 0, None))
    columns = [f"PC{i + 1}" for i in range(len(values))]
    return {
        "eigenvalues": values,
        "explained": values / values.sum(),
        "loadings": pd.DataFrame(loadings, index=frame.columns, columns=columns),
    }


def pca_by_pillar(normalised: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per pillar (level 2) with ≥ 2 indicators: the share of variance PC1 explains and how many eigenvalues
    exceed 1 (Kaiser's rule): one dominant component supports summing the pillar into one number."""
    rows = []
    for pillar in framework.aggregates(2):
        kids = framework.children(pillar)
        if len(kids) < 2:
            continue
        res = pca(normalised[kids])
        rows.append(
            {
                "pillar": pillar,
                "indicators": len(kids),
                "pc1_explained": float(res["explained"][0]),
                "eigen_above_1": int(np.sum(res["eigenvalues"] > 1)),
            }
        )
    return pd.DataFrame(rows).set_index("pillar")


def what_if(result: PipelineResult, weights: dict[str, float]) -> pd.DataFrame:
    """Change some weights, re-aggregate the same normalised data and show each unit's rank shift
    (positive = moved up). Unknown codes or negative weights are refused."""
    fw = result.dataset.framework.with_weights({**result.weights, **weights})
    scores = aggregate(result.steps["normalise"].data, result.settings.aggregate, framework=fw).data
    code = fw.index_code
    frame = pd.DataFrame(
        {
            "uCode": scores.index,
            "score_before": result.scores[code].to_numpy(),
            "score_after": scores[code].to_numpy(),
            "rank_before": result.ranks.to_numpy(),
            "rank_after": rank_scores(scores[code].to_numpy()),
        }
    )
    frame["shift"] = frame["rank_before"] - frame["rank_after"]
    return frame.sort_values("rank_after", kind="stable").reset_index(drop=True)
