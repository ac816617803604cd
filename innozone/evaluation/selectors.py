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
