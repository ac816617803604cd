"""Deadlines: “2020年6月底前完成” → 2020-06-30; “年底前” → the plan year's 31 December.

Read in a task's text (only forms that say 底/末/前/完成) and, more loosely, in a time-limit
field (完成时限:2021年6月).  When several dates are given the latest is the deadline;
长期 / 持续推进 / 常态化 mean no deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .model import Span

CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
YEAR = r"(?P<y>\d{4})年"
PATTERNS = [
    ("day", re.compile(YEAR + r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)?")),
    ("month", re.compile(YEAR + r"(?P<m>\d{1,2})月(?P<tail>底|末|份|中旬|上旬|下旬)?(?P<before>前|之前|以前)?")),
    ("half", re.compile(r"(?:(?P<y>\d{4})年)?(?P<h>上|下)半年")),
    ("quarter", re.compile(r"(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度")),
    (
        "yearend",
        re.compile(r"(?:(?P<y>\d{4})年)?(?<![一二三四五六七八九十两几\d明今去])(?:年底|年末|年内|底)(?:前|之前)?"),
    ),
    ("year", re.compile(r"(?:到|至|于|在)(?P<y>\d{4})年(?:前|以前|之前)?|(?P<y2>\d{4})年(?:前|以前|之前)")),
    ("bare_month", re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<tail>底|末)(?:前|之前)?")),
]
TIME_LABEL_RE = re.compile(r"(完成时限|完成时间|时间节点|时限要求|进度安排)\s*:?\s*")


def find_deadline(
    norm: str, start: int, end: int, *, year: int | None, loose: bool
) -> tuple[dt.date | None, list[Span]]:
    found: list[tuple[dt.date, Span]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(norm, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            date = _to_date(kind, m, year, norm, loose)
            if date:
                found.append((date, Span(m.start(), m.end(), "deadline", date.isoformat())))
                taken.append((m.start(), m.end()))
    if not found:
        return None, []
    return max(d for d, _ in found), [s for _, s in found]


def _to_date(kind: str, m: re.Match, plan_year: int | None, norm: str, loose: bool) -> dt.date | None:
    groups = m.groupdict()
    y = groups.get("y") or groups.get("y2")
    year = int(y) if y else plan_year
    if not year or not 1990 <= year <= 2100:
        return None
    following = norm[m.end() : m.end() + 4]
    says_deadline = loose or any(k in m.group(0) for k in ("底", "末", "前")) or following.startswith(("前", "完成"))
    try:
        if kind == "day":
            return dt.date(year, int(groups["m"]), int(groups["d"])) if says_deadline else None
        if kind in ("month", "bare_month"):
            if not says_deadline:
                return None
            month = int(groups["m"])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    if kind == "half":
        return dt.date(year, 6, 30) if groups["h"] == "上" else dt.date(year, 12, 31)
    if kind == "quarter":
        q = CN_QUARTER[groups["q"]]
        month = q * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if kind == "yearend":
        if m.group(0) in ("底", "底前") and not y:
            return None
        return dt.date(year, 12, 31)
    if kind == "year":
        return dt.date(year, 12, 31)
    return None
