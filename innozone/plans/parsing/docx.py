"""A .docx to the parser's plain text: paragraphs in order, table rows as tab-separated lines."""

from __future__ import annotations

from typing import BinaryIO

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def read_docx(file: str | BinaryIO) -> str:
    document = Document(file)
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if not cells or cells[-1] != value:  # merged cells repeat their text
                        cells.append(value)
                lines.append("\t".join(cells))
    return "\n".join(lines)
