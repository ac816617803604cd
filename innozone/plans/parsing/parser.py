"""parse_text(text) -> ParsedPlan: sections, numbered tasks, units by role, targets, deadlines."""

from __future__ import annotations

import re
from collections import Counter

from . import deadlines, outline, tables, targets, units
from .model import ParsedPlan, ParsedTask, Span, Unplaced
from .text import lines_with_offsets, normalise

TITLE_RE = re.compile(
    r"(\d{4})年[^\n,。;:]{0,40}?(工作要点|实施方案|分工方案|分解方案|分解表|工作计划|工作方案|任务分工|重点工作|行动计划|责任清单)"
    r"(?=的通知|》|\(|\s*$)",
    re.M,
)


def parse_text(text: str, *, year: int | None = None) -> ParsedPlan:
    """Parse a plan document given as plain text (see the package docstring for what is read)."""
    norm = normalise(text)  # same length: every span below points into the caller's `text`
    lines = lines_with_offsets(norm)
    title, title_year = _title(norm, text)
    year = year or title_year or _common_year(norm)
    rule = units.has_first_listed_rule(norm)
    blocks = outline.build(norm, text, lines)
    rows = tables.find_rows(norm, lines)
    in_table = [(r.start, r.end) for r in rows]
    blocks = [b for b in blocks if not any(s <= b.start < e for s, e in in_table)]
    annotations = {
        id(b): units.find_annotations(norm, b.body_start, b.end, first_leads=rule is not None) for b in blocks
    }
    tasks_blocks = _task_blocks(blocks, annotations, fallback=not rows)
    used_lines: set[int] = set()
    tasks = [_task(text, norm, b, annotations, year, lines, used_lines) for b in tasks_blocks]
    tasks += [_row_task(text, norm, r, year, rule is not None, lines, used_lines) for r in rows]
    tasks.sort(key=lambda t: t.start)  # numbers stay as written; the importer qualifies repeated ones
    doc_spans = []
    if rule:
        doc_spans.append(Span(rule.start(), rule.end(), "rule", "first_listed_leads"))
    sections = []
    for b in blocks:
        if any(c in tasks_blocks for c in b.children):
            sections.append((b.marker, text[b.body_start : lines[b.line][2]].strip()))
            doc_spans.append(Span(b.start, lines[b.line][2], "section"))
            used_lines.add(b.line)
    heading_lines = {b.line for b in blocks}
    unplaced = tuple(
        Unplaced(n, text[s:e].strip(), s, e)
        for i, (n, s, e) in enumerate(lines)
        if text[s:e].strip() and i not in used_lines and i not in heading_lines and not _is_title_line(text[s:e], title)
    )
    return ParsedPlan(year, title, tuple(sections), tuple(tasks), unplaced, rule is not None, tuple(doc_spans))


def _title(norm: str, text: str) -> tuple[str, int | None]:
    head = norm[:2000]
    m = TITLE_RE.search(head)
    if m:
        return text[m.start() : m.end()], int(m.group(1))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200], None


def _is_title_line(line: str, title: str) -> bool:
    return bool(title) and title in line


def _common_year(norm: str) -> int | None:
    years = Counter(int(y) for y in re.findall(r"(?<!\d)(20\d\d)年", norm))
    return years.most_common(1)[0][0] if years else None


def _task_blocks(blocks: list[outline.Block], annotations: dict, *, fallback: bool) -> list[outline.Block]:
    """Annotated blocks without annotated descendants; if nothing is annotated, the leaf blocks."""

    def annotated_below(b: outline.Block) -> bool:
        return any(annotations[id(c)] or annotated_below(c) for c in b.children)

    chosen = [b for b in blocks if annotations[id(b)] and not annotated_below(b)]
    if chosen or not fallback:
        return chosen
    deepest = max((b.level for b in blocks), default=None)
    return [b for b in blocks if b.level == deepest and not b.children and b.parent is not None]


def _task(text, norm, block, annotations, year, lines, used_lines) -> ParsedTask:
    start, end = block.body_start, block.subtree_end()
    own = [a for b in _walk(block) for a in annotations[id(b)]]
    if own and not any(b.start > max(a.end for a in own) for b in _walk(block)):
        end = _trim_after_annotation(norm, own, end)
    removed = [(a.start, a.end) for a in own]
    time_spans = [
        (m.start(), _line_end(norm, m.start(), end)) for m in deadlines.TIME_LABEL_RE.finditer(norm, start, end)
    ]
    removed += time_spans
    body = _without(text, start, end, removed)
    spans = [Span(block.start, block.body_start, "number")]
    role_units = {"lead": [], "implementing": [], "cooperating": []}
    for a in own:
        spans.append(Span(a.start, a.end, "annotation"))
        spans.extend(Span(s, e, "label", role) for s, e, role in a.labels)
        for u in a.units:
            name = text[u.start : u.end].strip()
            if name not in role_units[u.role]:
                role_units[u.role].append(name)
            spans.append(Span(u.start, u.end, "unit", u.role))
    found_targets, target_spans = [], []
    for s, e in _pieces(start, end, removed):
        t, ts = targets.find_targets(norm, s, e)
        found_targets += t
        target_spans += ts
    spans += target_spans
    deadline, deadline_spans = None, []
    for s, e in time_spans:
        d, ds = deadlines.find_deadline(norm, s, e, year=year, loose=True)
        deadline = max(filter(None, (deadline, d)), default=None)
        deadline_spans += ds
    d, ds = deadlines.find_deadline(norm, start, end, year=year, loose=False)
    deadline = max(filter(None, (deadline, d)), default=None)
    spans += ds + deadline_spans
    for i, (_, s, e) in enumerate(lines):
        if s < end and block.start < e:
            used_lines.add(i)
    section = _section(text, block, lines)
    return ParsedTask(
        number=block.number,
        section=section,
        text=body,
        lead=tuple(role_units["lead"]),
        implementing=tuple(role_units["implementing"]),
        cooperating=tuple(role_units["cooperating"]),
        targets=tuple(found_targets),
        deadline=deadline,
        start=block.start,
        end=end,
        spans=tuple(sorted(set(spans), key=lambda sp: (sp.start, sp.end))),
    )


def _row_task(text, norm, row: tables.Row, year, first_leads, lines, used_lines) -> ParsedTask:
    """A task from one row of a task table."""
    spans, role_units = [], {"lead": [], "implementing": [], "cooperating": []}
    for role in ("lead", "implementing", "cooperating"):
        cell = row.cells.get(role)
        if cell is None:
            continue
        found = units.cell_units(norm, cell.start, cell.end, role, first_leads=first_leads and "lead" not in row.cells)
        if role == "implementing" and first_leads and "lead" not in row.cells and found:
            found = units.promote_first(found)
        for u in found:
            name = text[u.start : u.end].strip()
            if name not in role_units[u.role]:
                role_units[u.role].append(name)
            spans.append(Span(u.start, u.end, "unit", u.role))
    body = row.cells.get("text")
    found_targets, deadline = [], None
    if body:
        found_targets, target_spans = targets.find_targets(norm, body.start, body.end)
        spans += target_spans
        deadline, ds = deadlines.find_deadline(norm, body.start, body.end, year=year, loose=False)
        spans += ds
    when = row.cells.get("deadline")
    if when:
        d, ds = deadlines.find_deadline(norm, when.start, when.end, year=year, loose=True)
        deadline = max(filter(None, (deadline, d)), default=None)
        spans += ds
    number = row.cells.get("number")
    if number:
        spans.append(Span(number.start, number.end, "number"))
    for i, (_, s, e) in enumerate(lines):
        if s < row.end and row.start <= e:
            used_lines.add(i)
    return ParsedTask(
        number=text[number.start : number.end].strip().rstrip(".、") if number else "",
        section="",
        text=text[body.start : body.end].strip() if body else "",
        lead=tuple(role_units["lead"]),
        implementing=tuple(role_units["implementing"]),
        cooperating=tuple(role_units["cooperating"]),
        targets=tuple(found_targets),
        deadline=deadline,
        start=row.start,
        end=row.end,
        spans=tuple(sorted(set(spans), key=lambda sp: (sp.start, sp.end))),
    )


def _trim_after_annotation(norm: str, own: list, end: int) -> int:
    """Lines after the annotation's line belong to the task only if they carry a time limit or
    more unit labels; anything else (the next chapter's prose, a page footer) is left unplaced."""
    if not own:
        return end
    cut = _line_end(norm, max(a.end for a in own) - 1, end)
    while cut < end:
        nxt = _line_end(norm, cut + 1, end)
        line = norm[cut + 1 : nxt]
        if line.strip() and not (deadlines.TIME_LABEL_RE.match(line.strip()) or units.LINE_LABEL_RE.match(line)):
            break
        cut = nxt
    return cut


def _walk(block: outline.Block):
    yield block
    for child in block.children:
        yield from _walk(child)


def _section(text: str, block: outline.Block, lines) -> str:
    if block.parent is None:
        return ""
    p = block.parent
    return text[p.start : lines[p.line][2]].strip()


def _line_end(norm: str, at: int, end: int) -> int:
    i = norm.find("\n", at, end)
    return end if i < 0 else i


def _pieces(start: int, end: int, removed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s, e in sorted(removed):
        if s > pos:
            out.append((pos, min(s, end)))
        pos = max(pos, e)
    if pos < end:
        out.append((pos, end))
    return out


def _without(text: str, start: int, end: int, removed: list[tuple[int, int]]) -> str:
    kept = "".join(text[s:e] for s, e in _pieces(start, end, removed))
    lines = [line.strip() for line in kept.split("\n")]
    return re.sub(r"[—\-]+$", "", "\n".join(line for line in lines if line).strip()).strip()
