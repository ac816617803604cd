"""The annual evaluation's indicator frameworks and grading rules, as data.

A framework is a list of indicators, each a metric of the yearly figures (`conditions.METRICS` keys that
`YearFigures` holds, plus the derived `tenants_per_1000m2`), a weight (relative; only ratios matter) and a
direction (1: more is better, −1: less is better). Platforms are scored within their group — carrier kinds
(孵化器, 众创空间, 星创天地, 大学科技园) with `carrier`, the others with `research` — by the evaluation engine
(min-max onto 0–100 per indicator, weighted arithmetic mean), so a score says how a platform stands among its
peers that year.

Grading (our choice, documented; research F13): the MOE caps 优秀 at 15 % of the labs evaluated; the municipal
and provincial practice grades 优秀/合格/不合格, gives a year to rectify and revokes after two failures. By
default (`mode: "thresholds"`): 优秀 = score ≥ 85 **and** among the top 15 % of the group (at least one place
when the score qualifies), 良好 = score ≥ 75, 合格 = score ≥ 60, 不合格 below 60. `mode: "shares"` grades by
rank alone: the top `excellent` share 优秀, the next `good` share 良好, the bottom `fail` share 不合格 (MOE: ≥10 %
整改 or 未通过), the rest 合格. A group where no indicator tells platforms apart (one platform alone, or all
equal) has no relative score: each platform is given `no_contrast_score` (60, 合格) — neither grounds for 优秀
nor for 不合格.

Platforms that filed no figures for the year do not take part. Municipal practice revokes them ("not taking
part ⇒ revoked"); by default (`not_filed: "warning"`) they get a warning in their history, and with
`not_filed: "fail"` (or INNOZONE_PLATFORMS_NOT_FILED_FAILS=1, the setting PLATFORMS_NOT_FILED_FAILS) they are
graded 不合格 with score 0, with the consequences of a failure.

A JSON file (`python -m innozone platforms evaluate --framework FILE`, or the API) overrides this: either
`{"carrier": {...}, "research": {...}, "grading": {...}}` (any of the three) or one framework
`{"name": ..., "indicators": [...]}` used for every group.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed

SCORABLE = (
    "rd_staff",
    "projects",
    "rd_spend",
    "outputs",
    "patents",
    "services",
    "service_income",
    "tenants",
    "graduated",
    "area",
    "occupancy",
    "tenants_per_1000m2",
)

FRAMEWORKS: dict[str, dict] = {
    "research": {
        "name": "研发类平台年度评价",
        "indicators": [
            {"metric": "rd_staff", "weight": 2, "direction": 1},
            {"metric": "projects", "weight": 2, "direction": 1},
            {"metric": "rd_spend", "weight": 3, "direction": 1},
            {"metric": "outputs", "weight": 2, "direction": 1},
            {"metric": "patents", "weight": 2, "direction": 1},
            {"metric": "services", "weight": 1, "direction": 1},
            {"metric": "service_income", "weight": 1, "direction": 1},
        ],
    },
    "carrier": {
        "name": "载体类平台年度评价",
        "indicators": [
            {"metric": "tenants", "weight": 3, "direction": 1},
            {"metric": "graduated", "weight": 3, "direction": 1},
            {"metric": "occupancy", "weight": 2, "direction": 1},
            {"metric": "tenants_per_1000m2", "weight": 2, "direction": 1},
            {"metric": "services", "weight": 1, "direction": 1},
            {"metric": "service_income", "weight": 1, "direction": 1},
        ],
    },
}

GRADING: dict = {
    "mode": "thresholds",
    "excellent_share": 0.15,
    "excellent_min": 85,
    "good_min": 75,
    "pass_min": 60,
    "shares": {"excellent": 0.15, "good": 0.35, "fail": 0.10},
    "no_contrast_score": 60,
    "not_filed": "warning",
}

GROUPS = ("research", "carrier")


def default_config() -> dict:
    grading = copy.deepcopy(GRADING)
    if getattr(settings, "PLATFORMS_NOT_FILED_FAILS", False):
        grading["not_filed"] = "fail"
    return {**copy.deepcopy(FRAMEWORKS), "grading": grading}


def _check_framework(fw, where: str, errors: list) -> None:
    if not isinstance(fw, dict) or not isinstance(fw.get("indicators"), list) or not fw["indicators"]:
        errors.append({"field": where, "message": _("须有至少一个指标（indicators）")})
        return
    seen = set()
    for i, ind in enumerate(fw["indicators"], start=1):
        field = f"{where}.indicators[{i}]"
        if not isinstance(ind, dict):
            errors.append({"field": field, "message": _("指标须为对象")})
            continue
        metric, weight, direction = ind.get("metric"), ind.get("weight", 1), ind.get("direction", 1)
        if metric not in SCORABLE:
            errors.append({"field": field, "message": _("未知的指标：%(m)s") % {"m": metric}})
        elif metric in seen:
            errors.append({"field": field, "message": _("指标重复：%(m)s") % {"m": metric}})
        seen.add(metric)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight >= 0:
            errors.append({"field": field, "message": _("权重须为不小于0的数")})
        if direction not in (1, -1):
            errors.append({"field": field, "message": _("方向须为1或-1")})
    if seen and all(isinstance(i, dict) and not i.get("weight", 1) for i in fw["indicators"]):
        errors.append({"field": where, "message": _("权重不能全为0")})


def _check_grading(g, errors: list) -> None:
    if not isinstance(g, dict):
        errors.append({"field": "grading", "message": _("评级规则须为对象")})
        return
    if g.get("mode") not in ("thresholds", "shares"):
        errors.append({"field": "grading.mode", "message": _("评级方式须为 thresholds 或 shares")})
    if g.get("not_filed") not in ("warning", "fail"):
        errors.append({"field": "grading.not_filed", "message": _("未填报的处理须为 warning 或 fail")})
    for key in ("excellent_min", "good_min", "pass_min", "no_contrast_score"):
        v = g.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 100:
            errors.append({"field": f"grading.{key}", "message": _("须为0到100之间的数")})
    shares = g.get("shares")
    if not isinstance(shares, dict) or set(shares) != {"excellent", "good", "fail"}:
        shares = {"": None}
    values = [g.get("excellent_share"), *shares.values()]
    if any(isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1 for v in values):
        errors.append({"field": "grading.shares", "message": _("比例须为0到1之间的数")})


def config_from(data: dict | None) -> dict:
    """The default configuration with `data` laid over it; every problem at once as ValidationFailed."""
    config = default_config()
    if data is None:
        return config
    errors: list[dict] = []
    if not isinstance(data, dict):
        raise ValidationFailed(detail=[{"field": "framework", "message": _("评价体系须为 JSON 对象")}])
    if "indicators" in data:
        _check_framework(data, "framework", errors)
        config.update(dict.fromkeys(GROUPS, data))
    for group in GROUPS:
        if group in data:
            _check_framework(data[group], group, errors)
            config[group] = data[group]
    if "grading" in data:
        grading = {**config["grading"], **data["grading"]} if isinstance(data["grading"], dict) else data["grading"]
        _check_grading(grading, errors)
        config["grading"] = grading
    unknown = sorted(set(data) - {*GROUPS, "grading", "indicators", "name"})
    errors += [{"field": k, "message": _("未知的配置项")} for k in unknown]
    if errors:
        raise ValidationFailed(detail=errors)
    return config


def config_from_file(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ValidationFailed(detail=[{"field": "framework", "message": _("无法读取文件：%(e)s") % {"e": e}}]) from e
    except ValueError as e:
        raise ValidationFailed(
            detail=[{"field": "framework", "message": _("不是有效的 JSON：%(e)s") % {"e": e}}]
        ) from e
    return config_from(data)
