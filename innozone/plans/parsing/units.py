"""Responsible units in a task's annotation: which text is an annotation, which role, which names.

Styles read (after `text.normalise`, so full-width forms look like half-width ones):
  (牵头单位:A;实施单位:B、C;配合单位:D)   labelled, in brackets (full- or half-width)
  [牵头单位]A [配合单位]B                  【】 labels
  ——牵头单位:A;配合单位:B  /  ——A、B     after a dash
  责任单位:A、B                            on its own line after the task
  (A牵头,B、C配合)                         a role verb after the names
Role words: lead 牵头单位/牵头部门/主责单位; implementing 实施单位/责任单位/责任部门/承办单位;
cooperating 配合单位/配合部门/协办单位/参与单位/协同单位.  A document rule such as
“列第一位的为牵头单位” moves the first name of an implementing (or unlabelled) list to lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "主责部门": "lead",
    "实施单位": "implementing",
    "责任单位": "implementing",
    "责任部门": "implementing",
    "承办单位": "implementing",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "参与单位": "cooperating",
    "协同单位": "cooperating",
    "牵头责任单位": "lead",
    "协同责任单位": "cooperating",
    "配合责任单位": "cooperating",
}
# Labels that name no role: what follows is read in the role-verb style (A牵头,B配合) or as a list.
NEUTRAL_LABELS = ("部门分工", "责任分工", "职责分工", "任务分工", "分工")
_LABELS = "|".join(sorted(LABELS, key=len, reverse=True))
# a role word counts as a label only with a colon or in 【】: “各责任单位要高度重视” is prose
LABEL_RE = re.compile(r"\[(" + _LABELS + r")\]\s*:?\s*|(?<![各有相])(" + _LABELS + r")\s*:\s*")
LINE_LABEL_RE = re.compile(r"^\s*(?:\[(" + _LABELS + r")\]|(" + _LABELS + r")\s*:)")
NEUTRAL_RE = re.compile(r"^[ \t]*(?:" + "|".join(NEUTRAL_LABELS) + r")[ \t]*:[ \t]*", re.M)
FIRST_LISTED_RE = re.compile(r"(列|排)(在)?(第一|首)位的?(单位)?(为|是)(牵头|主责)(单位|部门)")
SUFFIX_ROLES = (
    ("按职责分工负责", "implementing"),
    ("按职责负责", "implementing"),
    ("分别负责落实", "implementing"),
    ("负责落实", "implementing"),
    ("共同负责", "implementing"),
    ("牵头落实", "lead"),
    ("牵头负责", "lead"),
    ("牵头", "lead"),
    ("负责", "lead"),
    ("配合", "cooperating"),
    ("参与", "cooperating"),
    ("协助", "cooperating"),
    ("协办", "cooperating"),
)
SEPARATORS = "、,;"
OPEN, CLOSE = "([《“‘", ")]》”’"
ORG_SUFFIX_RE = re.compile(
    r"(厅|局|委|办|办公室|会|府|部|司|署|院|所|校|学|中心|公司|集团|协会|银行|市|州|县|区|新区|单位|部门|政府|管委会|组|社|台|馆)$"
)
GROUP_RE = re.compile(r"(各|相关|有关)[^,、;]{0,12}(成员单位|单位|部门|政府|机构)$")
FULL_NAME_RE = re.compile(r"(厅|局|委|办|办公室|管委会|府|部|司|院|所|校|中心|公司|集团|协会|银行)$")


@dataclass(frozen=True)
class UnitMention:
    role: str
    name: str
    start: int  # offsets in the source text
    end: int


@dataclass(frozen=True)
class Annotation:
    start: int  # the whole annotation, brackets included, in the source text
    end: int
    units: tuple[UnitMention, ...]
    labels: tuple[tuple[int, int, str], ...] = ()  # (start, end, role) of the role words


def has_first_listed_rule(norm: str) -> re.Match | None:
    return FIRST_LISTED_RE.search(norm)


def find_annotations(norm: str, start: int, end: int, *, first_leads: bool) -> list[Annotation]:
    """Annotations inside norm[start:end] (one numbered block), in order."""
    found: list[Annotation] = []
    taken: list[tuple[int, int]] = []

    def add(a: Annotation | None):
        if a and a.units and not any(s < a.end and a.start < e for s, e in taken):
            found.append(a)
            taken.append((a.start, a.end))

    for open_at, close_at in _bracket_groups(norm, start, end):
        add(_parse_region(norm, open_at, close_at + 1, open_at + 1, close_at, first_leads=first_leads, bare=True))
    for m in re.finditer(r"—{1,2}|--", norm[start:end]):
        dash = start + m.start()
        line_end = norm.find("\n", dash, end)
        line_end = end if line_end < 0 else line_end
        content_start = start + m.end()
        add(_parse_region(norm, dash, line_end, content_start, line_end, first_leads=first_leads, bare=True))
    for line_start, line_end in _lines(norm, start, end):
        m = NEUTRAL_RE.match(norm, line_start, line_end)
        if m:
            add(_parse_region(norm, line_start, line_end, m.end(), line_end, first_leads=first_leads, bare=True))
    for m in LABEL_RE.finditer(norm, start, end):
        # labels outside any bracket: from the first such label to the end of its line
        if any(s <= m.start() < e for s, e in taken):
            continue
        line_end = norm.find("\n", m.start(), end)
        line_end = end if line_end < 0 else line_end
        add(_parse_region(norm, m.start(), line_end, m.start(), line_end, first_leads=first_leads, bare=False))
    return sorted(found, key=lambda a: a.start)


def _lines(norm: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = norm.find("\n", pos, end)
        nl = end if nl < 0 else nl
        yield pos, nl
        pos = nl + 1


def _bracket_groups(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost (…) and [...] groups, as (open index, close index)."""
    groups, stack = [], []
    for i in range(start, end):
        ch = norm[i]
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            opened = stack.pop()
            if not stack:
                groups.append((opened, i))
    return groups


def _parse_region(norm, start, end, content_start, content_end, *, first_leads, bare) -> Annotation | None:
    content = norm[content_start:content_end]
    labels = list(LABEL_RE.finditer(content))
    if bare and labels and content[: labels[0].start()].strip(" ,;。.:"):
        return None  # a bracket that is not an annotation but mentions a role word later on
    if labels:
        units, label_spans = [], []
        for i, m in enumerate(labels):
            role = LABELS[m.group(1) or m.group(2)]
            label_spans.append((content_start + m.start(), content_start + m.end(), role))
            seg_end = labels[i + 1].start() if i + 1 < len(labels) else len(content)
            seg_start = m.end()
            for name, s, e in split_names(norm, content_start + seg_start, content_start + seg_end):
                units.append(UnitMention(role, name, s, e))
        units = _apply_first_listed(units, first_leads)
        return Annotation(start, end, tuple(units), tuple(label_spans))
    if not bare:
        return None
    suffix = _suffix_style(norm, content_start, content_end)
    if suffix is not None:
        return Annotation(start, end, tuple(_apply_first_listed(suffix, first_leads)))
    names = split_names(norm, content_start, content_end)
    if names and all(_looks_like_unit(n) for n, _, _ in names) and _is_tail(norm, end):
        units = [UnitMention("implementing", n, s, e) for n, s, e in names]
        return Annotation(start, end, tuple(_apply_first_listed(units, first_leads, unlabelled=True)))
    return None


def _is_tail(norm: str, end: int) -> bool:
    """An unlabelled list counts only at the end of its line (after the task's sentence)."""
    rest = norm[end : norm.find("\n", end) if norm.find("\n", end) >= 0 else len(norm)]
    return not rest.strip(" 。.;,")


def _suffix_style(norm: str, start: int, end: int) -> list[UnitMention] | None:
    """(A牵头,B、C配合): every part ends with a role verb."""
    parts, out = [], []
    for s0, e0 in _split_depth0(norm, start, end, ",;"):
        # "A牵头、B负责落实": a role verb followed by 、 also ends a part
        cut = s0
        for m in re.finditer("(?:" + "|".join(v for v, _r in SUFFIX_ROLES) + ")、", norm[s0:e0]):
            parts.append((cut, s0 + m.end() - 1))
            cut = s0 + m.end()
        parts.append((cut, e0))
    roles_seen = []
    for s, e in parts:
        text = norm[s:e].rstrip(" 。.")
        e = s + len(text)
        for verb, role in SUFFIX_ROLES:
            if text.endswith(verb) and len(text) > len(verb):
                roles_seen.append((s, e - len(verb), role, verb))
                break
        else:
            return None
    if not roles_seen:
        return None
    has_lead_verb = any(v == "牵头" for *_, v in roles_seen)
    for s, e, role, verb in roles_seen:
        if verb == "负责" and has_lead_verb:
            role = "implementing"
        for name, ns, ne in split_names(norm, s, e):
            out.append(UnitMention(role, name, ns, ne))
    return out


def promote_first(units: list[UnitMention]) -> list[UnitMention]:
    """The first-listed unit leads (used when a document states that rule)."""
    return _apply_first_listed(units, True)


def _apply_first_listed(units: list[UnitMention], first_leads: bool, unlabelled: bool = False) -> list[UnitMention]:
    if not first_leads or any(u.role == "lead" for u in units):
        return units
    for i, u in enumerate(units):
        if u.role == "implementing":
            return [*units[:i], UnitMention("lead", u.name, u.start, u.end), *units[i + 1 :]]
    return units


def _split_depth0(norm: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    parts, depth, part_start = [], 0, start
    for i in range(start, end):
        ch = norm[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append((part_start, i))
            part_start = i + 1
    parts.append((part_start, end))
    return parts


def split_names(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Unit names in norm[start:end] as (name, start, end); the name is norm's slice, trimmed."""
    raw = []
    for s, e in _split_depth0(norm, start, end, SEPARATORS + " \t\n"):
        s, e = _trim(norm, s, e)
        if e > s:
            raw.append([s, e, norm[s - 1] if s > start else ""])
    merged: list[list] = []
    for item in raw:
        s, e, sep = item
        text = norm[s:e]
        # “自创区、试验区领导小组各成员单位” is one group: a short qualifier joined by 、 to a group phrase
        if merged and sep == "、" and GROUP_RE.search(text) and _is_qualifier(norm[merged[-1][0] : merged[-1][1]]):
            merged[-1][1] = e
            continue
        merged.append([s, e, sep])
    out = []
    for s, e, _ in merged:
        text = norm[s:e]
        if 2 <= len(text) <= 60 and re.search(r"[\u4e00-\u9fff]", text) and not LABEL_RE.search(text):
            out.append((text, s, e))
    return out


def _is_qualifier(text: str) -> bool:
    return (
        len(text) <= 6
        and not text.startswith(("各", "相关", "有关"))
        and not FULL_NAME_RE.search(text)
        and not GROUP_RE.search(text)
    )


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in " \t\n。.,;:[]":
        s += 1
    while e > s and norm[e - 1] in " \t\n。.,;:[]":
        e -= 1
    for prefix in ("由",):
        if norm.startswith(prefix, s) and e - s > len(prefix) + 1:
            s += len(prefix)
    for suffix in ("等单位", "等部门", "等"):
        if norm[s:e].endswith(suffix) and e - s > len(suffix) + 1:
            e -= len(suffix)
            break
    return s, e


def _looks_like_unit(name: str) -> bool:
    return not re.search(r"\d", name) and bool(ORG_SUFFIX_RE.search(name) or GROUP_RE.search(name))


def cell_units(norm: str, start: int, end: int, role: str, *, first_leads: bool) -> list[UnitMention]:
    """The units in one table cell of a role column (a 牵头/责任/配合 column)."""
    labelled = _parse_region(norm, start, end, start, end, first_leads=first_leads, bare=False)
    if labelled:
        return list(labelled.units)
    suffix = _suffix_style(norm, start, end)
    if suffix is not None:
        return suffix
    return [UnitMention(role, n, s, e) for n, s, e in split_names(norm, start, end)]
