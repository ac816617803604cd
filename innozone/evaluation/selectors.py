import pandas as pd

from innozone.core.errors import Forbidden, NotFound
from innozone.core.permissions import is_office_admin
from innozone.core.roles import Role

from .models import DataSet, Framework, Run
from .permissions import can_view_evaluation, can_view_run


def runs_for(user):
    if not can_view_evaluation(user)[0]:
        return Run.objects.none()
    qs = Run.objects.select_related("dataset", "dataset__framework", "created_by")
    if is_office_admin(user) or user.role == Role.AUDITOR:
        return qs
    return qs.filter(published=True)


def run_get(user, run_id: int) -> Run:
    allowed, reason = can_view_evaluation(user)
    if not allowed:
        raise Forbidden(reason)
    run = Run.objects.select_related("dataset", "dataset__framework").filter(pk=run_id).first()
    if run is None or not can_view_run(user, run)[0]:
        raise NotFound()  # an unpublished run does not exist for those who may not see it
    return run


def frameworks_for(user):
    if not can_view_evaluation(user)[0]:
        return Framework.objects.none()
    return Framework.objects.prefetch_related("datasets")


def dataset_get(user, dataset_id: int) -> DataSet:
    allowed, reason = can_view_evaluation(user)
    if not allowed:
        raise Forbidden(reason)
    dataset = DataSet.objects.select_related("framework").filter(pk=dataset_id).first()
    if dataset is None:
        raise NotFound()
    return dataset


def ranking(run: Run) -> pd.DataFrame:
    """The stored result table, with the rank interval when an uncertainty analysis was run."""
    frame = pd.DataFrame(run.results["rows"], columns=run.results["columns"])
    if run.uncertainty:
        ua = pd.DataFrame(run.uncertainty).set_index("uCode")
        for col in ("Median", "Q5", "Q95"):
            frame[col] = frame["uCode"].map(ua[col])
    return frame.sort_values(["Rank", "uCode"], na_position="last").reset_index(drop=True)


def node_names(run: Run) -> dict[str, str]:
    return {row["iCode"]: row.get("iName") or row["iCode"] for row in run.dataset.framework.meta}


def pillars(run: Run) -> list[str]:
    meta = run.dataset.framework.meta
    top = max(int(r["Level"]) for r in meta if r.get("Level") not in (None, ""))
    return [r["iCode"] for r in meta if r.get("Type") == "Aggregate" and r.get("Level") and int(r["Level"]) < top]


def ranking_records(run: Run) -> list[dict]:
    """The ranking as JSON-ready rows (NaN as null)."""
    return [{k: (None if v != v else v) for k, v in row.items()} for row in ranking(run).to_dict("records")]


def unit_profile(run: Run, code: str) -> dict:
    """A unit's pillar scores against the median of all units, and its strongest and weakest indicators."""
    scores = pd.DataFrame(run.scores).set_index("uCode")
    if code not in scores.index:
        raise NotFound()
    meta = {r["iCode"]: r for r in run.dataset.framework.meta}
    indicators = [c for c, r in meta.items() if r.get("Type") == "Indicator" and c in scores.columns]
    unit = scores.loc[code]
    ranks = scores[indicators].rank(ascending=False, method="min")
    ordered = sorted(indicators, key=lambda c: (ranks.at[code, c], -unit[c]))
    return {
        "pillars": [
            {"code": p, "name": meta[p].get("iName", p), "score": unit[p], "median": scores[p].median()}
            for p in pillars(run)
        ],
        "strongest": [
            {"code": c, "name": meta[c].get("iName", c), "score": unit[c], "rank": int(ranks.at[code, c])}
            for c in ordered[:3]
        ],
        "weakest": [
            {"code": c, "name": meta[c].get("iName", c), "score": unit[c], "rank": int(ranks.at[code, c])}
            for c in ordered[-3:][::-1]
        ],
        "units": len(scores),
    }


def previous_run(user, run: Run) -> Run | None:
    """The latest visible run of the same framework on an earlier year's data."""
    if run.dataset.year is None:
        return None
    return (
        runs_for(user)
        .filter(dataset__framework=run.dataset.framework, dataset__year__lt=run.dataset.year)
        .order_by("-dataset__year", "-created_at")
        .first()
    )


def effective_weights(run: Run) -> dict[str, float]:
    """Each indicator's share of the index: the product of its relative weights up the tree."""
    meta = {r["iCode"]: r for r in run.dataset.framework.meta if r.get("Type") in ("Indicator", "Aggregate")}
    weights = {c: float(r.get("Weight") or 1) for c, r in meta.items()}
    weights.update(run.settings.get("weights") or {})
    children: dict[str, list[str]] = {}
    for code, r in meta.items():
        if r.get("Parent"):
            children.setdefault(r["Parent"], []).append(code)

    def share(code: str) -> float:
        parent = meta[code].get("Parent")
        if not parent:
            return 1.0
        siblings = children[parent]
        return weights[code] / sum(weights[s] for s in siblings) * share(parent)

    return {c: share(c) for c, r in meta.items() if r.get("Type") == "Indicator"}


def compare_runs(run: Run, previous: Run) -> list[dict]:
    """Per unit: rank and index change since `previous`, and the three indicators that moved the index most
    (change of the normalised score × the indicator's share of the index)."""
    now = pd.DataFrame(run.scores).set_index("uCode")
    before = pd.DataFrame(previous.scores).set_index("uCode")
    ranks_now = ranking(run).set_index("uCode")
    ranks_before = ranking(previous).set_index("uCode")
    names = node_names(run)
    shares = effective_weights(run)
    index = next(r["iCode"] for r in run.dataset.framework.meta if r.get("Type") == "Aggregate" and not r.get("Parent"))
    rows = []
    for code in ranks_now.index:
        row = {
            "uCode": code,
            "uName": ranks_now.at[code, "uName"],
            "rank": int(ranks_now.at[code, "Rank"]),
            "index": float(now.at[code, index]),
        }
        if code in before.index:
            row["rank_before"] = int(ranks_before.at[code, "Rank"])
            row["rank_change"] = row["rank_before"] - row["rank"]  # positive = moved up
            row["index_change"] = row["index"] - float(before.at[code, index])
            effects = {
                c: (now.at[code, c] - before.at[code, c]) * s
                for c, s in shares.items()
                if c in now.columns and c in before.columns and pd.notna(now.at[code, c] - before.at[code, c])
            }
            top = sorted(effects.items(), key=lambda kv: -abs(kv[1]))[:3]
            row["drivers"] = [{"code": c, "name": names.get(c, c), "effect": float(v)} for c, v in top]
        rows.append(row)
    return rows
