"""The plan source as HTML with every span the parser used marked, for the import review page."""

import html

from django.utils.safestring import mark_safe

from ..parsing import ParsedPlan

SPAN_CLASS = {
    "number": "hl-number",
    "section": "hl-section",
    "label": "hl-label",
    "unit": "hl-unit",
    "target": "hl-target",
    "indicator": "hl-indicator",
    "split": "hl-split",
    "deadline": "hl-deadline",
    "rule": "hl-rule",
    "annotation": "hl-annotation",
    "unplaced": "hl-unplaced",
}


def highlighted_source(text: str, parsed: ParsedPlan) -> str:
    """The source as HTML with every span the parser used wrapped in <mark>; the innermost span wins."""
    spans = [(s.start, s.end, s.kind, s.label) for t in parsed.tasks for s in t.spans]
    spans += [(s.start, s.end, s.kind, s.label) for s in parsed.spans]
    spans += [(u.start, u.end, "unplaced", "") for u in parsed.unplaced]
    # paint longest first so that the innermost span wins; O(total span length)
    owner = [-1] * len(text)
    order = sorted(range(len(spans)), key=lambda i: spans[i][0] - spans[i][1])
    for i in order:
        start, end = spans[i][0], min(spans[i][1], len(text))
        owner[start:end] = [i] * max(0, end - start)
    out, pos = [], 0
    while pos < len(text):
        end = pos
        while end < len(text) and owner[end] == owner[pos]:
            end += 1
        piece = html.escape(text[pos:end])
        if owner[pos] >= 0:
            _start, _end, kind, label = spans[owner[pos]]
            css = SPAN_CLASS.get(kind, "hl-annotation") + (f" role-{label}" if kind in ("unit", "label") else "")
            piece = f'<mark class="{css}" title="{html.escape(label, quote=True)}">{piece}</mark>'
        out.append(piece)
        pos = end
    return mark_safe("".join(out))  # every piece of text is escaped above
