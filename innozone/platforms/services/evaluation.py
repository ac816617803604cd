"""The annual evaluation of platforms: score the year's figures with an indicator framework (the evaluation
engine: min-max onto 0–100, weighted arithmetic mean), grade, and apply the consequences.

- Taking part: every recognised, operating or rectifying platform (optionally of one kind) that filed figures
  for the year; the others are listed as not taking part (see `frameworks` for how they are treated).
- Consequences: 不合格 ⇒ warning and status 整改; 不合格 two years in a row ⇒ removal and status 撤销; a platform
  under 整改 that passes returns to 运行.
- A rerun for the same year replaces the year's assessments, but a platform's status is changed by the
  evaluation of a year at most once: the first run's change is recorded in the assessment (`detail.applied`)
  and a rerun keeps it without applying anything again (the office corrects a status in the records).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.evaluation.engine import FrameworkError, run_pipeline

from .. import conditions, frameworks, permissions
from ..models import Assessment, Event, Platform
from ..selectors import evaluation as sel
from .history import event_add

Grade, Consequence, Status = Assessment.Grade, Assessment.Consequence, Platform.Status
INDEX = "Index"


def _frame(platforms, figures: dict, indicators: list[dict]) -> tuple[pd.DataFrame, list[str]]:
    """Units × metrics of the year; metrics that do not tell platforms apart (fewer than two distinct values)
    are left out (min-max is undefined on them)."""
    rows = {}
    for p in platforms:
        values = conditions.derived(sel.figures_dict(figures[p.pk]))
        rows[str(p.pk)] = {
            i["metric"]: float(v) if (v := conditions.number(values.get(i["metric"]))) is not None else math.nan
            for i in indicators
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[i["metric"] for i in indicators])
    flat = [c for c in frame.columns if frame[c].dropna().nunique() < 2]
    return frame.drop(columns=flat), flat


def score_group(platforms, figures: dict, framework: dict, no_contrast: float) -> tuple[dict[int, dict], list[str]]:
    """platform id → {"score": Decimal, "indicators": {metric: normalised}, "values": raw}, and the flat metrics."""
    indicators = [i for i in framework["indicators"] if i.get("weight", 1)]
    frame, flat = _frame(platforms, figures, indicators)
    weights = {i["metric"]: float(i.get("weight", 1)) for i in indicators if i["metric"] in frame.columns}
    scores: dict[str, float] = {}
    normalised = pd.DataFrame(index=frame.index)
    if weights and len(frame) > 1:
        meta = pd.DataFrame(
            [
                {
                    "iCode": m,
                    "Level": 1,
                    "Parent": INDEX,
                    "Direction": int(i.get("direction", 1)),
                    "Weight": w,
                    "Type": "Indicator",
                }
                for m, w in weights.items()
                for i in indicators
                if i["metric"] == m
            ]
            + [{"iCode": INDEX, "Level": 2, "Parent": None, "Direction": 1, "Weight": 1, "Type": "Aggregate"}]
        )
        data = frame.reset_index(names="uCode")
        try:
            result = run_pipeline(data, meta, normalise="minmax", range_=(0.0, 100.0), aggregate="amean")
        except FrameworkError as e:
            raise ValidationFailed(detail=[{"field": "framework", "message": str(e)}]) from e
        scores = result.scores[INDEX].to_dict()
        normalised = result.scores[list(weights)]
    out = {}
    for p in platforms:
        key = str(p.pk)
        if not weights or len(frame) < 2:
            score = no_contrast
        else:
            score = scores.get(key, math.nan)
            score = 0.0 if score is None or math.isnan(score) else score
        out[p.pk] = {
            "score": Decimal(str(round(score, 2))).quantize(Decimal("0.01")),
            "indicators": {m: (None if math.isnan(v) else round(float(v), 2)) for m, v in normalised.loc[key].items()}
            if key in normalised.index
            else {},
            "values": {m: (None if math.isnan(v) else v) for m, v in frame.loc[key].items()} if len(frame) else {},
        }
    return out, flat


def grade_all(scored: dict[int, Decimal], grading: dict) -> dict[int, tuple[int, str]]:
    """platform id → (rank, grade) within one group (rank 1 = best, ties share the best rank)."""
    n = len(scored)
    ranks = {pid: 1 + sum(1 for s in scored.values() if s > mine) for pid, mine in scored.items()}
    out = {}
    for pid, score in scored.items():
        rank = ranks[pid]
        if grading["mode"] == "shares":
            shares = grading["shares"]
            top, good, fail = (math.floor(n * shares[k]) for k in ("excellent", "good", "fail"))
            if rank <= max(1, top):
                grade = Grade.EXCELLENT
            elif rank <= max(1, top) + good:
                grade = Grade.GOOD
            elif fail and rank > n - fail:
                grade = Grade.FAIL
            else:
                grade = Grade.PASS
        elif score >= Decimal(str(grading["excellent_min"])) and rank <= max(
            1, math.floor(n * grading["excellent_share"])
        ):
            grade = Grade.EXCELLENT
        elif score >= Decimal(str(grading["good_min"])):
            grade = Grade.GOOD
        elif score >= Decimal(str(grading["pass_min"])):
            grade = Grade.PASS
        else:
            grade = Grade.FAIL
        out[pid] = (rank, grade)
    return out


def _consequence(platform, grade: str, previous: str | None) -> tuple[str, str]:
    """(consequence, the status it leads to)."""
    if grade == Grade.FAIL:
        if previous == Grade.FAIL:
            return Consequence.REMOVAL, Status.REVOKED
        return Consequence.WARNING, Status.RECTIFYING
    if platform.status == Status.RECTIFYING:
        return Consequence.NONE, Status.OPERATING
    return Consequence.NONE, platform.status


def _apply(*, actor, platform, year: int, grade: str, consequence: str, to_status: str, old) -> dict:
    """Change the status once per year; returns what was applied (kept in the assessment's detail)."""
    if old is not None and "applied" in old.detail:
        return old.detail["applied"]
    applied = {"from": platform.status, "to": to_status, "consequence": consequence}
    if to_status != platform.status:
        Platform.objects.filter(pk=platform.pk).update(status=to_status, updated_at=timezone.now())
        audit.record(
            actor=actor,
            action="platform.status_by_evaluation",
            obj=platform,
            summary=_("%(y)s年度评价：%(p)s 状态改为%(s)s")
            % {"y": year, "p": platform.name, "s": Status(to_status).label},
            before={"status": platform.status},
            after={"status": to_status},
        )
    return applied


def _event(*, actor, platform, year: int, grade: str, consequence: str, applied: dict, changed: bool) -> None:
    if not changed:
        return
    note = _("%(y)s年度评价：%(g)s") % {"y": year, "g": Grade(grade).label}
    if consequence != Consequence.NONE:
        note += _("，%(c)s") % {"c": Consequence(consequence).label}
    moved = applied["to"] != applied["from"]
    event_add(
        actor=actor,
        subject=platform,
        action="evaluation",
        before=applied["from"] if moved else "",
        after=applied["to"] if moved else "",
        note=note,
    )


def _absent_warning(*, actor, platform, year: int) -> bool:
    note = _("%(y)s年度未填报年度数据，未参加年度评价") % {"y": year}
    if Event.objects.filter(platform=platform, action="evaluation_absent", note=note).exists():
        return False
    event_add(actor=actor, subject=platform, action="evaluation_absent", note=note)
    return True


def assessment_run(*, actor, year, kind=None, framework: dict | None = None, dry_run: bool = False) -> dict:
    """Score, grade and apply consequences for `year`. `framework`: a configuration as `frameworks.config_from`
    takes (None: the defaults). With `dry_run` nothing is saved. Returns {"year", "results": [row…],
    "absent": [{"platform", "name"}…], "counts": {grade: n}}, rows best first within each group."""
    ensure_allowed(permissions.can_manage(actor))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(detail=[{"field": "year", "message": _("年度须为四位数字")}]) from None
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationFailed(detail=[{"field": "year", "message": _("年度须在2000年到今年之间")}])
    config = frameworks.config_from(framework)
    with transaction.atomic():
        outcome = _run(actor=actor, year=year, kind=kind, config=config)
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _run(*, actor, year: int, kind, config: dict) -> dict:
    grading = config["grading"]
    ids = list(sel.assessed_platforms(year, kind).values_list("pk", flat=True))  # DISTINCT cannot be locked
    platforms = list(
        Platform.objects.select_related("kind", "host", "region")
        .filter(pk__in=ids)
        .order_by("id")
        .select_for_update(of=("self",))
    )
    figures = sel.figures_by_platform(year, [p.pk for p in platforms])
    existing = {a.platform_id: a for a in Assessment.objects.filter(year=year, platform__in=platforms)}
    absent = [p for p in platforms if p.pk not in figures]
    fail_absent = grading["not_filed"] == "fail"
    results = []
    for group in frameworks.GROUPS:
        members = [p for p in platforms if p.pk in figures and p.kind.carrier == (group == "carrier")]
        missing = [p for p in absent if p.kind.carrier == (group == "carrier")] if fail_absent else []
        if not members and not missing:
            continue
        scored, flat = score_group(members, figures, config[group], grading["no_contrast_score"])
        graded = grade_all({pid: s["score"] for pid, s in scored.items()}, grading)
        for p in missing:
            scored[p.pk] = {"score": Decimal("0.00"), "indicators": {}, "values": {}, "not_filed": True}
            graded[p.pk] = (len(members) + 1, Grade.FAIL)
        for p in [*members, *missing]:
            rank, grade = graded[p.pk]
            detail = {
                "group": group,
                "framework": config[group].get("name", group),
                "flat": flat,
                **{k: v for k, v in scored[p.pk].items() if k != "score"},
            }
            results.append(
                _settle(
                    actor=actor,
                    platform=p,
                    year=year,
                    score=scored[p.pk]["score"],
                    rank=rank,
                    grade=grade,
                    detail=detail,
                    old=existing.get(p.pk),
                )
            )
    scored_ids = {r["platform"] for r in results}
    Assessment.objects.filter(year=year, platform__in=platforms).exclude(platform_id__in=scored_ids).delete()
    if not fail_absent:
        for p in absent:
            _absent_warning(actor=actor, platform=p, year=year)
    counts = {g: sum(1 for r in results if r["grade"] == g) for g in Grade.values}
    audit.record(
        actor=actor,
        action="platform.assessment_run",
        object_type="platforms.Assessment",
        object_id=year,
        summary=_("%(y)s年度平台评价：%(n)s个平台参评，%(a)s个未填报")
        % {"y": year, "n": len(results), "a": len(absent)},
        after={"counts": counts, "grading": grading, "kind": getattr(kind, "pk", kind)},
    )
    results.sort(key=lambda r: (r["group"], r["rank"], r["platform"]))
    return {
        "year": year,
        "results": results,
        "absent": [{"platform": p.pk, "name": p.name, "kind": p.kind.name} for p in absent],
        "counts": counts,
        "grading": grading,
    }


def _settle(*, actor, platform, year, score, rank, grade, detail, old) -> dict:
    """Write one assessment, apply its consequence once, note it in the history."""
    consequence, to_status = _consequence(platform, grade, sel.previous_grade(platform.pk, year))
    applied = _apply(
        actor=actor, platform=platform, year=year, grade=grade, consequence=consequence, to_status=to_status, old=old
    )
    detail["applied"] = applied
    if applied["consequence"] != consequence:
        detail["rerun_consequence"] = consequence
    Assessment.objects.update_or_create(
        platform=platform,
        year=year,
        defaults={
            "score": score,
            "rank": rank,
            "grade": grade,
            "consequence": applied["consequence"],
            "detail": audit.json_safe(detail),
            "run_by": actor,
        },
    )
    changed = old is None or old.grade != grade
    _event(
        actor=actor,
        platform=platform,
        year=year,
        grade=grade,
        consequence=applied["consequence"],
        applied=applied,
        changed=changed,
    )
    return {
        "platform": platform.pk,
        "name": platform.name,
        "kind": platform.kind.name,
        "group": detail["group"],
        "score": str(score),
        "rank": rank,
        "grade": str(grade),
        "consequence": str(applied["consequence"]),
        "status": str(applied["to"]),
    }
