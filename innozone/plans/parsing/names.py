"""Matching a unit name as written (省科技厅) to a registered organization (甘肃省科学技术厅).

Exact names and aliases are matched by the caller; this module adds the fuzzy step: the name and
each candidate are expanded with the common abbreviations of Chinese government bodies and
compared with rapidfuzz; the best candidate above the threshold wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

ABBREVIATIONS = {
    "发展改革委": "发展和改革委员会",
    "发改委": "发展和改革委员会",
    "科技厅": "科学技术厅",
    "科技局": "科学技术局",
    "工信厅": "工业和信息化厅",
    "工信局": "工业和信息化局",
    "人社厅": "人力资源和社会保障厅",
    "人社局": "人力资源和社会保障局",
    "市场监管局": "市场监督管理局",
    "住建厅": "住房和城乡建设厅",
    "住建局": "住房和城乡建设局",
    "卫生健康委": "卫生健康委员会",
    "卫健委": "卫生健康委员会",
    "国资委": "人民政府国有资产监督管理委员会",
    "网信办": "委网络安全和信息化委员会办公室",
    "政务服务局": "政务服务管理局",
    "自创区": "自主创新示范区",
    "管委会": "管理委员会",
    "高新区": "高新技术产业开发区",
    "经开区": "经济技术开发区",
}
THRESHOLD = 88


@dataclass(frozen=True)
class NameMatch:
    candidate: str
    score: float


def expand(name: str, province: str = "甘肃省") -> str:
    """The long form: 省科技厅 → 甘肃省科学技术厅."""
    out = name.strip()
    for short, long in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if short in out and long not in out:
            out = out.replace(short, long)
    if out.startswith("省") and not out.startswith(province):
        out = province + out[1:]
    return out


def best_match(name: str, candidates: list[str], *, province: str = "甘肃省") -> NameMatch | None:
    """The candidate (as given) whose expanded form is closest to the expanded name, if close enough."""
    if not candidates:
        return None
    expanded = [expand(c, province) for c in candidates]
    hit = process.extractOne(expand(name, province), expanded, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
    if hit is None:
        return None
    _, score, index = hit
    return NameMatch(candidates[index], float(score))
