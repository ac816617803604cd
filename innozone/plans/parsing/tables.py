"""Task tables (任务分解表): a header row naming the columns, then one row per task.

Two shapes reach the parser: rows as tab-separated lines (read_docx writes tables that way) and
web pages flattened to one cell per line.  Columns are recognised by their header words:
序号 → number; 任务/目标/内容/举措/工作 → text; 牵头 → lead; 配合/协同/协办/参与 → cooperating;
责任/实施/承办 → implementing; 时限/时间/进度 → deadline; anything else is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COLUMN_RULES = [
    ("number", re.compile(r"^(序号|编号)$")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|进度安排")),
    ("lead", re.compile(r"牵头")),
    ("cooperating", re.compile(r"配合|协同|协办|参与")),
    ("implementing", re.compile(r"责任|实施|承办|主体")),
    ("text", re.compile(r"任务|目标|内容|举措|工作|事项|指标")),
]
NUMBER_CELL = re.compile(r"^\d{1,3}[.、]?$")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    cells: dict[str, Cell]  # column kind → cell
    start: int
    end: int
    line: int  # index of the row's first line


def column_kind(header: str) -> str | None:
    header = header.strip()
    for kind, rule in COLUMN_RULES:
        if rule.search(header):
            return kind
    return None


def find_rows(norm: str, lines: list[tuple[int, int, int]]) -> list[Row]:
    """Every task row of every table in the document."""
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        header = _header_at(norm, lines, i)
        if header is None:
            i += 1
            continue
        kinds, i = header
        i, found = _rows_after(norm, lines, i, kinds)
        rows += found
    return rows


def _cells_of(norm: str, line: tuple[int, int, int]) -> list[Cell]:
    _, s, e = line
    cells, pos = [], s
    for part in norm[s:e].split("\t"):
        cs, ce = pos, pos + len(part)
        while cs < ce and norm[cs] in " |":
            cs += 1
        while ce > cs and norm[ce - 1] in " |":
            ce -= 1
        cells.append(Cell(cs, ce))
        pos += len(part) + 1
    return cells


def _nonblank(lines, i):
    return [j for j in range(i, len(lines)) if lines[j][2] > lines[j][1]]


def _header_at(norm, lines, i):
    """A header starting at line i: (column kinds, index of the first line after it)."""
    _, s, e = lines[i]
    text = norm[s:e].strip()
    if "\t" in norm[s:e]:
        kinds = [column_kind(norm[c.start : c.end]) for c in _cells_of(norm, lines[i])]
        if _usable(kinds):
            return kinds, i + 1
        return None
    if text not in ("序号", "编号"):
        return None
    kinds, j = ["number"], i + 1
    while j < len(lines) and len(kinds) < 8:
        _, s, e = lines[j]
        cell = norm[s:e].strip()
        if not cell:
            j += 1
            continue
        if NUMBER_CELL.match(cell) or len(cell) > 20:
            break
        kinds.append(column_kind(cell))
        j += 1
    return (kinds, j) if _usable(kinds) else None


def _usable(kinds: list[str | None]) -> bool:
    return "text" in kinds and any(k in kinds for k in ("lead", "implementing", "cooperating"))


def _rows_after(norm, lines, i, kinds):
    rows = []
    tabbed = "\t" in norm[lines[i - 1][1] : lines[i - 1][2]]
    while i < len(lines):
        if tabbed:
            _, s, e = lines[i]
            if not norm[s:e].strip():
                i += 1
                continue
            cells = _cells_of(norm, lines[i])
            if len(cells) != len(kinds):
                break
            rows.append(_row(kinds, cells, i))
            i += 1
            continue
        picks = _nonblank(lines, i)[: len(kinds)]
        if len(picks) < len(kinds):
            break
        cells = [Cell(lines[j][1], lines[j][2]) for j in picks]
        if not NUMBER_CELL.match(norm[cells[0].start : cells[0].end].strip()):
            break
        rows.append(_row(kinds, cells, picks[0]))
        i = picks[-1] + 1
    return i, rows


def _row(kinds, cells, line) -> Row:
    mapped = {}
    for kind, cell in zip(kinds, cells, strict=False):
        if kind and kind not in mapped:
            mapped[kind] = cell
    return Row(mapped, cells[0].start, cells[-1].end, line)
