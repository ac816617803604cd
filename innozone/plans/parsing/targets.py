"""Quantified targets in a task's text: “开发100个以上新产品（兰州80、白银20）”.

Comparators (documented in docs/plan-import.md):
  以上, 不少于, 不低于, 至少                  → ">="
  超过, 高于, 突破                           → ">"
  以下, 以内, 不超过, 低于, 控制在             → "<="
  达到, 实现, 完成 or a plain figure          → "="
The indicator is the noun counted: after the figure (“100个以上新产品”) or, when nothing follows
it, before the verb (“科技创新投入达到100亿元以上”). A bracket right after is a split by place.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Span, Target

UNITS = sorted(
    [
        "亿元",
        "万元",
        "千元",
        "元",
        "个百分点",
        "百分点",
        "%",
        "个",
        "家",
        "项",
        "人次",
        "人",
        "名",
        "户",
        "所",
        "座",
        "条",
        "件",
        "台",
        "套",
        "篇",
        "次",
        "场",
        "批",
        "万人",
        "万亩",
        "亩",
        "公里",
        "平方公里",
        "万平方米",
        "平方米",
        "万吨",
        "吨",
        "万千瓦",
        "千瓦",
        "兆瓦",
        "倍",
        "亿",
        "万",
        "株",
        "头",
        "只",
    ],
    key=len,
    reverse=True,
)
NUM = r"\d+(?:\.\d+)?"
TARGET_RE = re.compile(
    r"(?P<pre>不少于|不低于|不超过|超过|至少|达到|突破|高于|低于|控制在|实现|完成)?\s*"
    r"(?<![\d.第])(?P<num>" + NUM + r")\s*(?P<unit>" + "|".join(map(re.escape, UNITS)) + r")"
    r"(?P<post>以上|以下|以内|左右)?(?![\d年号月日])"
)
NOUN_AFTER_RE = re.compile(r"的?([\u4e00-\u9fffA-Za-z]{2,14}?)(?=[,;。、()\s并和及与或]|以上|$)")
SPLIT_ITEM_RE = re.compile(
    r"^\s*([\u4e00-\u9fff]{2,8}?)\s*(" + NUM + r")\s*(" + "|".join(map(re.escape, UNITS)) + r")?\s*$"
)
LEADING_MODIFIERS = (
    "各类",
    "全年",
    "年度内",
    "年度",
    "全省",
    "全市",
    "全区",
    "力争",
    "确保",
    "累计",
    "其中",
    "使",
    "推动",
)
# “三年内认定市级众创空间60家以上”: the time phrase and the verb are not part of the indicator
LEADING_PHRASE_RE = re.compile(
    r"^(?:(?:到|至)?\d{4}年(?:底|末)?|[一二三四五六七八九十两\d]+年内|年内|今年|全年|年度内)?"
    r"(?:认定|培育|新增|建成|建设|引进|开发|完成|实现|打造|争创|创建|力争|确保|新建|组建|培养|举办|招引|落地)*"
)
STOP_BEFORE = re.compile(r"[,;。、()\s]")


def find_targets(norm: str, start: int, end: int) -> tuple[list[Target], list[Span]]:
    targets, spans, skip_until = [], [], start
    for m in TARGET_RE.finditer(norm, start, end):
        if m.start("num") < skip_until:
            continue
        unit = m.group("unit")
        if unit in ("亿", "万") and not m.group("post"):
            continue  # a bare 亿/万 is part of a larger figure, not a unit of its own
        after = m.end()
        noun_after = NOUN_AFTER_RE.match(norm, after, end)
        split, split_span = {}, None
        if noun_after and noun_after.group(1) and not noun_after.group(1).startswith(("以上", "左右")):
            indicator, ind_span = noun_after.group(1), (noun_after.start(1), noun_after.end(1))
            split, split_span = _split_after(norm, noun_after.end(), end, unit)
        else:
            indicator, ind_span = _noun_before(norm, start, m.start("pre") if m.group("pre") else m.start("num"))
            split, split_span = _split_after(norm, after, end, unit)
        if not indicator:
            continue
        value = Decimal(m.group("num"))
        targets.append(Target(indicator, value, unit, _comparator(m.group("pre"), m.group("post")), split))
        spans.append(Span(m.start("num"), m.end(), "target", indicator))
        spans.append(Span(ind_span[0], ind_span[1], "indicator", indicator))
        if split_span:
            spans.append(Span(split_span[0], split_span[1], "split", indicator))
            skip_until = split_span[1]
    return targets, spans


def _comparator(pre: str | None, post: str | None) -> str:
    if post == "以上" or pre in ("不少于", "不低于", "至少"):
        return ">="
    if post in ("以下", "以内") or pre in ("不超过", "低于", "控制在"):
        return "<="
    if pre in ("超过", "高于", "突破"):
        return ">"
    return "="


def _noun_before(norm: str, floor: int, at: int) -> tuple[str, tuple[int, int]]:
    s = at
    while s > floor and not STOP_BEFORE.match(norm[s - 1]):
        s -= 1
    text = norm[s:at]
    for verb in ("增长到", "提高到", "提升到", "增加到", "保持在", "稳定在", "增长", "提高", "增加", "下降", "降低"):
        if text.endswith(verb) and len(text) > len(verb) + 1:
            text, at = text[: -len(verb)], at - len(verb)
            break
    lead = LEADING_PHRASE_RE.match(text)
    if lead and lead.end() < len(text) - 1:
        text, s = text[lead.end() :], s + lead.end()
    changed = True
    while changed:
        changed = False
        for mod in LEADING_MODIFIERS:
            if text.startswith(mod) and len(text) > len(mod) + 1:
                text, s, changed = text[len(mod) :], s + len(mod), True
    if not 2 <= len(text) <= 16 or re.search(r"\d", text):
        return "", (s, at)
    return text, (s, at)


def _split_after(norm: str, at: int, end: int, unit: str) -> tuple[dict, tuple[int, int] | None]:
    """(兰州80、白银20) right after the target."""
    if at >= end or norm[at] != "(":
        return {}, None
    close = norm.find(")", at, end)
    if close < 0:
        return {}, None
    items = re.split(r"[、,;]", norm[at + 1 : close])
    split = {}
    for item in items:
        m = SPLIT_ITEM_RE.match(item)
        if not m or (m.group(3) and m.group(3) != unit):
            return {}, None
        split[m.group(1)] = Decimal(m.group(2))
    return split, (at, close + 1)
