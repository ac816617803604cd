"""A .docx to the parser's plain text: paragraphs in order, table rows as tab-separated lines.

Before python-docx parses the document, every XML part is screened with defusedxml and refused when it
declares a DTD (entities, external references): Word never writes one, and an entity declaration is how a
"billion laughs" document expands a few KB into gigabytes. The screen stops at each part's root element,
so it costs next to nothing.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


class UnsafeDocument(ValueError):
    """A part of the .docx declares a DTD, entities or external references."""


def read_docx(file: str | BinaryIO) -> str:
    _refuse_dtd(file)
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


def _refuse_dtd(file: str | BinaryIO) -> None:
    position = None if isinstance(file, str) else file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    with archive.open(name) as part:
                        try:
                            next(iterparse(part, events=("start",), forbid_dtd=True), None)
                        except DefusedXmlException as e:
                            raise UnsafeDocument(f"{name}: {e}") from e
    finally:
        if position is not None:
            file.seek(position)
