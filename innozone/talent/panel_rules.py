"""Panel rules (专家抽取规则) as configuration: presets by purpose, each citing where it comes from.
A deployment overrides or adds presets with the setting INNOZONE_PANEL_RULES (JSON: {name: {size, reserves,
shares: [{kind, at_least, fraction}], yearly_cap, per_organization, window_years}})."""

from __future__ import annotations

import json

from django.conf import settings

from .engine.draw import PanelRules, Share

PRESETS: dict[str, dict] = {
    # 高新技术企业认定: panels of ≥ 5 experts, ≥ 60 % technical and ≥ 1 financial (工作指引, 国科发火〔2016〕195号);
    # odd size as in 招标投标法 第三十七条; a yearly cap of 10 reviews (Qingdao's expert-pool rule); the 3-year
    # window of 政府采购法实施条例 第九条.
    "default": {
        "size": 5,
        "reserves": 2,
        "shares": [{"kind": "technical", "fraction": 0.6}, {"kind": "financial", "at_least": 1}],
        "yearly_cap": 10,
        "per_organization": 1,
        "window_years": 3,
    },
    # platform and team recognition: the default panel
    "recognition": {},
    # special funds (issue 14) will add theirs
}


def presets() -> dict[str, dict]:
    merged = {name: {**PRESETS["default"], **values} for name, values in PRESETS.items()}
    extra = getattr(settings, "INNOZONE_PANEL_RULES", "") or ""
    if extra:
        for name, values in json.loads(extra).items():
            merged[name] = {**merged.get(name, PRESETS["default"]), **values}
    return merged


def rules_for(purpose: str = "default", **overrides) -> PanelRules:
    """The engine's rules for a preset, with explicit overrides (size, reserves …) where given (not None)."""
    values = dict(presets().get(purpose) or presets()["default"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    shares = tuple(Share(**s) for s in values.pop("shares", []))
    allowed = {"size", "reserves", "min_size", "odd", "yearly_cap", "per_organization", "window_years"}
    return PanelRules(shares=shares, **{k: v for k, v in values.items() if k in allowed})


def rules_as_dict(rules: PanelRules) -> dict:
    return {
        "size": rules.size,
        "reserves": rules.reserves,
        "min_size": rules.min_size,
        "odd": rules.odd,
        "shares": [{"kind": s.kind, "at_least": s.at_least, "fraction": s.fraction} for s in rules.shares],
        "yearly_cap": rules.yearly_cap,
        "per_organization": rules.per_organization,
        "window_years": rules.window_years,
    }


def rules_from_dict(values: dict) -> PanelRules:
    """The rules a draw recorded (`rules_as_dict`), back as the engine's."""
    values = dict(values)
    shares = tuple(Share(**s) for s in values.pop("shares", []))
    allowed = {"size", "reserves", "min_size", "odd", "yearly_cap", "per_organization", "window_years"}
    return PanelRules(shares=shares, **{k: v for k, v in values.items() if k in allowed})
