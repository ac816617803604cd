"""Plan parser: a Chinese government work-plan document (plain text or .docx) → structure.

Pure Python (no Django): `parse_text(text)` returns a `ParsedPlan` of sections, numbered tasks,
responsible units by role, quantified targets with splits by place, and deadlines, each with the
spans of the source text it was read from.  `read_docx(file)` turns a .docx into that text.
"""

from .docx import read_docx
from .model import ROLES, ParsedPlan, ParsedTask, Span, Target, Unplaced
from .parser import parse_text

__all__ = ["ROLES", "ParsedPlan", "ParsedTask", "Span", "Target", "Unplaced", "parse_text", "read_docx"]
