"""Imputation of missing indicator values, column by column (METHODS.md, Impute; COINr `i_*` functions).

Methods: "group-mean" / "group-median" (by a group column: COINr `i_mean_grp` / `i_median_grp` with
impute_by = "column"), "mean" / "median" (of the whole column), "none". There is no silent default:
the pipeline's default is "none" (missing values stay missing and aggregation skips them, re-normalising
the weights of the children present), and COINr's example uses "group-mean" by `EurAsia_group`.
"""

from __future__ import annotations

import pandas as pd

from .results import StepResult

METHODS = ("none", "mean", "median", "group-mean", "group-median")


def impute(data: pd.DataFrame, method: str = "none", *, groups: pd.Series | None = None) -> StepResult:
    """Fill NaN per indicator column with the mean or median of the non-missing values (of the same group).

    With a group method, units whose group is missing are left untouched, and a group with no value in a
    column leaves that column's gaps missing. The record lists the imputed units per indicator.
    """
    if method not in METHODS:
        raise ValueError(f"unknown imputation {method!r}: use one of {', '.join(METHODS)}")
    if method == "none":
        return StepResult("impute", data.copy(), {"method": method, "imputed": {}})
    if method.startswith("group-"):
        if groups is None:
            raise ValueError("group imputation needs a group column")
        how = method.removeprefix("group-")
        fill = data.groupby(groups.reindex(data.index).to_numpy(), dropna=True).transform(how)
        fill.index = data.index
        out = data.fillna(fill)
    else:
        out = data.fillna(getattr(data, method)())
    filled = data.isna() & out.notna()
    imputed = {c: [str(u) for u in out.index[filled[c].to_numpy()]] for c in out.columns if filled[c].any()}
    return StepResult("impute", out, {"method": method, "imputed": imputed})
