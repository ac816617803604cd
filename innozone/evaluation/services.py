"""Writes for the evaluation module: imports, runs and publication, each one transaction with its audit row."""

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.money import MAX_VALUE, parse_decimal
from innozone.core.regions import RegionTree
from innozone.core.sources import named_exists, named_missing, named_totals, total_within
from innozone.core.uploads import archive_check

from .engine import ENGINE_VERSION, FrameworkError, read_coinr, run_pipeline
from .engine.analysis import what_if
from .engine.io import read_table as engine_read_table
from .engine.pipeline import Settings
from .engine.sensitivity import sensitivity
from .engine.uncertainty import Alternatives, uncertainty
from .models import DataSet, Framework, Run
from .permissions import can_manage_evaluation


def _require_manager(actor) -> None:
    """actor=None is the system itself (seed data, command line), which needs no role."""
    if actor is None:
        return
    allowed, reason = can_manage_evaluation(actor)
    if not allowed:
        raise Forbidden(reason)


def read_table(upload) -> pd.DataFrame:
    """An uploaded CSV or Excel file as a data frame (read by the engine's `read_table`); an Excel file
    only once its archive passed `archive_check`."""
    name = getattr(upload, "name", str(upload))
    suffix = Path(name).suffix.lower()
    if suffix not in {".xlsx", ".xlsm", ".csv"}:
        raise ValidationFailed(detail=[{"field": "file", "message": _("“%(n)s”不是 CSV 或 Excel 文件") % {"n": name}}])
    if suffix != ".csv":
        archive_check(upload, name=name)
    try:
        return engine_read_table(upload, name=name)
    except Exception as e:  # a damaged file: say so instead of failing
        raise ValidationFailed(
            detail=[{"field": "file", "message": _("无法读取“%(n)s”：%(e)s") % {"n": name, "e": e}}]
        ) from e


def _plain(value):
    """A JSON-safe Python scalar: NaN → None, numpy numbers → Python numbers (floats keep every digit)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe rows (NaN → None), exact: stored floats reproduce bit for bit."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _problems(e: FrameworkError) -> list[dict]:
    return [
        {"field": p["table"], "row": p.get("row"), "column": p.get("column"), "message": p["message"]}
        for p in e.problems
    ]


def engine_dataset(dataset: DataSet):
    return read_coinr(pd.DataFrame(dataset.rows), pd.DataFrame(dataset.framework.meta))


@transaction.atomic
def framework_import(
    *,
    actor,
    name: str,
    meta: pd.DataFrame,
    data: pd.DataFrame,
    dataset_name: str,
    year: int | None = None,
    description: str = "",
    is_demo: bool = False,
) -> DataSet:
    """Import a framework (iMeta) with its first data set (iData). Both are checked together; on any problem
    nothing is saved and every problem is reported."""
    _require_manager(actor)
    errors = []
    name, dataset_name = (name or "").strip(), (dataset_name or "").strip()
    if not name:
        errors.append({"field": "name", "message": _("请填写指标体系名称")})
    elif Framework.objects.filter(name=name).exists():
        errors.append({"field": "name", "message": _("已有同名指标体系")})
    if not dataset_name:
        errors.append({"field": "dataset_name", "message": _("请填写数据集名称")})
    try:
        read_coinr(data, meta)
    except FrameworkError as e:
        errors.extend(_problems(e))
    if errors:
        raise ValidationFailed(detail=errors)
    framework = Framework.objects.create(
        name=name, description=description, meta=_records(meta), is_demo=is_demo, created_by=actor
    )
    dataset = DataSet.objects.create(
        framework=framework, name=dataset_name, year=year, rows=_records(data), is_demo=is_demo, created_by=actor
    )
    audit.record(
        actor=actor,
        action="evaluation.framework.import",
        obj=framework,
        summary=name,
        after={"indicators": int((meta["Type"] == "Indicator").sum()), "units": len(data)},
    )
    return dataset


@transaction.atomic
def dataset_import(*, actor, framework: Framework, name: str, data: pd.DataFrame, year: int | None = None) -> DataSet:
    """Another year's (or region's) data for an existing framework, checked against it first."""
    _require_manager(actor)
    errors = []
    if not (name or "").strip():
        errors.append({"field": "dataset_name", "message": _("请填写数据集名称")})
    elif framework.datasets.filter(name=name.strip()).exists():
        errors.append({"field": "dataset_name", "message": _("该指标体系下已有同名数据集")})
    try:
        read_coinr(data, pd.DataFrame(framework.meta))
    except FrameworkError as e:
        errors.extend(_problems(e))
    if errors:
        raise ValidationFailed(detail=errors)
    dataset = DataSet.objects.create(
        framework=framework, name=name.strip(), year=year, rows=_records(data), created_by=actor
    )
    audit.record(
        actor=actor, action="evaluation.dataset.import", obj=dataset, summary=dataset.name, after={"units": len(data)}
    )
    return dataset


def _digest(dataset: DataSet, settings: dict) -> str:
    payload = json.dumps(
        [dataset.framework.meta, dataset.rows, settings, ENGINE_VERSION],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


UA_ALTERNATIVES = Alternatives(
    normalise=({"normalise": "minmax", "range_": (1.0, 100.0)}, {"normalise": "zscore", "m_sd": (10.0, 2.0)}),
    aggregate=("amean", "gmean"),
    weight_noise=0.25,
)


@transaction.atomic
def run_create(
    *,
    actor,
    dataset: DataSet,
    title: str,
    settings: Settings,
    uncertainty_runs: int = 0,
    sensitivity_runs: int = 0,
    seed: int = 0,
) -> Run:
    """Compute an evaluation and store everything needed to reproduce and explain it."""
    _require_manager(actor)
    if not (title or "").strip():
        raise ValidationFailed(detail=[{"field": "title", "message": _("请填写标题")}])
    if not 0 <= uncertainty_runs <= 20000 or not 0 <= sensitivity_runs <= 4096:
        raise ValidationFailed(detail=[{"field": "uncertainty_runs", "message": _("模拟次数超出范围")}])
    low, high = settings.range_
    limit = float(MAX_VALUE)
    if not -limit < low < high < limit:  # an empty range scores every unit NaN, a huge one overflows (NaN: refused)
        raise ValidationFailed(detail=[{"field": "range", "message": _("上限必须大于下限")}])
    data = engine_dataset(dataset)
    try:
        result = run_pipeline(data, settings)
    except ValueError as e:
        raise ValidationFailed(detail=[{"field": "settings", "message": str(e)}]) from e
    frame = result.to_frame()
    frame.insert(1, "uName", frame["uCode"].map(data.names))
    ua = sa = None
    if uncertainty_runs:
        res = uncertainty(data, settings, UA_ALTERNATIVES, n=uncertainty_runs, rng=np.random.default_rng(seed))
        ua = _records(res.to_frame())
    if sensitivity_runs:
        res = sensitivity(
            data, settings, UA_ALTERNATIVES, n=sensitivity_runs, rng=np.random.default_rng(seed), by_unit=False
        )
        sa = _records(res.to_frame())
    scores = result.scores.copy()
    scores.insert(0, "uCode", scores.index)
    records = {k: v for k, v in result.records.items() if k in ("screen", "impute", "treat", "denominate")}
    run = Run.objects.create(
        dataset=dataset,
        title=title.strip(),
        settings={
            **settings.as_dict(),
            "seed": seed,
            "uncertainty_runs": uncertainty_runs,
            "sensitivity_runs": sensitivity_runs,
        },
        engine_version=ENGINE_VERSION,
        input_digest=_digest(dataset, settings.as_dict()),
        results={
            "columns": list(frame.columns),
            "rows": [[_plain(v) for v in row] for row in frame.itertuples(index=False)],
        },
        scores=_records(scores),
        uncertainty=ua,
        sensitivity=sa,
        records=json.loads(json.dumps(records, default=str)),
        created_by=actor,
    )
    audit.record(actor=actor, action="evaluation.run.create", obj=run, summary=run.title, after=run.settings)
    return run


@transaction.atomic
def run_publish(*, actor, run: Run, published: bool = True) -> Run:
    _require_manager(actor)
    before = {"published": run.published}
    run.published = published
    run.save(update_fields=["published"])
    audit.record(
        actor=actor,
        action="evaluation.run.publish" if published else "evaluation.run.unpublish",
        obj=run,
        summary=run.title,
        before=before,
        after={"published": published},
    )
    return run


def run_settings(run: Run) -> Settings:
    return Settings.from_dict(run.settings)


def run_reproduce(run: Run) -> pd.DataFrame:
    """Recompute a stored run from its stored inputs and settings (for the reproducibility check)."""
    return run_pipeline(engine_dataset(run.dataset), run_settings(run)).to_frame()


def run_what_if(run: Run, weights: dict[str, float]) -> pd.DataFrame:
    """Rank shifts if some weights changed (nothing is stored). Unknown codes or weights that are negative
    or beyond `core.money.MAX_VALUE` are refused."""
    data = engine_dataset(run.dataset)
    codes = set(data.framework.codes)
    errors = [{"field": c, "message": _("没有代码为“%(c)s”的指标或维度") % {"c": c}} for c in weights if c not in codes]
    for code, weight in weights.items():  # refused: negative, not finite, or so large the scores overflow
        parse_decimal(weight, field=code, errors=errors)
    if errors:
        raise ValidationFailed(detail=errors)
    shifts = what_if(run_pipeline(data, run_settings(run)), weights)
    shifts.insert(1, "uName", shifts["uCode"].map(data.names))
    return shifts


def live_sources(framework: Framework) -> dict[str, str]:
    """Indicators whose values come from the platform: iMeta column `Source`, e.g. "plans:高新技术企业"."""
    return {
        r["iCode"]: str(r["Source"]).strip()
        for r in framework.meta
        if r.get("Type") == "Indicator" and r.get("Source") and str(r["Source"]).strip()
    }


def _unit_regions(rows: list[dict], tree: RegionTree) -> dict[str, int | None]:
    """Each unit's region id, by its name (uName) as a region's name or short name."""
    return {row["uCode"]: tree.resolve(str(row.get("uName") or "")) for row in rows}


@transaction.atomic
def dataset_build_live(*, actor, base: DataSet, year: int, name: str) -> DataSet:
    """A new data set: the units and values of `base`, with every indicator that has a `Source` recomputed
    from the platform's own data for `year` (plan progress: accepted quantities reported by units located in
    the evaluated region or park, or in any region under it)."""
    _require_manager(actor)
    framework = base.framework
    sources = live_sources(framework)
    errors = []
    if not sources:
        errors.append({"field": "Source", "message": _("该指标体系没有来自平台数据的指标（iMeta 的 Source 列）")})
    if not (name or "").strip():
        errors.append({"field": "dataset_name", "message": _("请填写数据集名称")})
    elif framework.datasets.filter(name=name.strip()).exists():
        errors.append({"field": "dataset_name", "message": _("该指标体系下已有同名数据集")})
    known: dict[str, set[str]] = {}
    for code, text in sources.items():
        if not named_exists(text, year, keys_seen=known):
            message = named_missing(text, year)
            errors.append({"field": code, "message": message or _("暂不支持的数据来源“%(s)s”") % {"s": text}})
    tree = RegionTree.load()
    units = _unit_regions(base.rows, tree)
    errors += [
        {"field": "uName", "row": code, "message": _("评价对象“%(c)s”对应不到行政区或园区") % {"c": code}}
        for code, region in units.items()
        if region is None
    ]
    if errors:
        raise ValidationFailed(detail=errors)
    rows = [dict(r) for r in base.rows]
    for code, text in sources.items():
        totals = named_totals(text, year)
        for row in rows:
            row[code] = float(total_within(totals, units[row["uCode"]], tree))
    dataset = DataSet.objects.create(
        framework=framework,
        name=name.strip(),
        year=year,
        rows=rows,
        source_name=_("平台数据（%(n)s 项实时指标）") % {"n": len(sources)},
        is_demo=base.is_demo,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="evaluation.dataset.live",
        obj=dataset,
        summary=dataset.name,
        after={"live": sources, "base": base.pk, "year": year},
    )
    return dataset
