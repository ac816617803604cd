"""Read the self-assessment file (CSV or .xlsx, see docs/enterprises.md) into `Figures`, or into every problem.

Nothing is assessed from a file with a problem: `read_table` checks every row and column first and returns all
problems at once, with the sheet's row numbers (header = row 1, first data row = 2; a missing column is row 1).
Cells are data, never code: an Excel formula is read as its text ("=SUM(A1:A3)"), which is not a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from os import PathLike
from pathlib import Path

from .assess import Figures
from .identity import normalize_uscc, uscc_problem

COLUMNS = (
    "uscc", "name", "registered_on", "employees", "sci_staff", "revenue_1", "revenue_2", "revenue_3",
    "rd_1", "rd_2", "rd_3", "rd_domestic", "hitech_income", "total_income", "total_assets", "ip_class1",
    "ip_class2", "innovation_score", "major_incident",
)  # fmt: skip
MAX_AMOUNT = Decimal("1e15")  # what a DecimalField(max_digits=18, decimal_places=2) holds
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Table:
    """The figures of every data row in file order, or (when `errors` is not empty) no figures at all."""

    figures: list[Figures] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(
    source: bytes | str | PathLike,
    *,
    name: str | None = None,
    precheck: Callable[[bytes], str | None] | None = None,
) -> Table:
    """Read `source` (a path, or the bytes of a file called `name`). The kind comes from the name's suffix
    (.csv or .xlsx; bytes without a name: a zip archive is taken as .xlsx). `precheck(data)` runs on an .xlsx's
    bytes before any reader opens it and returns why the file is refused, or None (the project passes its
    zip-bomb check; the engine may not import it)."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = name or path.name
        data = path.read_bytes()
    suffix = Path(name).suffix.lower() if name else (".xlsx" if data[:4] == b"PK\x03\x04" else ".csv")
    if suffix == ".csv":
        rows, problem = _csv_rows(data)
    elif suffix == ".xlsx":
        problem = precheck(data) if precheck else None
        rows = [] if problem else None
        if rows is None:
            rows, problem = _xlsx_rows(data)
    else:
        rows, problem = [], f"不支持的文件类型“{suffix or name}”，请使用 .csv 或 .xlsx"
    if problem:
        return Table(errors=[RowError(1, "", problem)])
    return _figures(rows)


def _csv_rows(data: bytes) -> tuple[list[tuple[int, list]], str | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], "文件不是 UTF-8 编码的 CSV（请在 Excel 中另存为“CSV UTF-8”）"
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1)), None
    except csv.Error as e:
        return [], f"CSV 格式错误：{e}"


def _xlsx_rows(data: bytes) -> tuple[list[tuple[int, list]], str | None]:
    import openpyxl  # only when an .xlsx is read

    # A hostile or broken workbook can fail anywhere inside openpyxl (zip, XML, styles): any failure is one
    # problem for the user, not a traceback.
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            rows = [(r, list(values)) for r, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    except Exception as e:
        return [], f"无法读取 Excel 文件（{type(e).__name__}）"
    return rows, None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _figures(rows: list[tuple[int, list]]) -> Table:
    rows = [(r, values) for r, values in rows if not all(_blank(v) for v in values)]
    if not rows:
        return Table(errors=[RowError(1, "", "文件为空：第 1 行应为表头")])
    header_row, header = rows[0]
    errors: list[RowError] = []
    where: dict[str, int] = {}
    for i, cell in enumerate(header):
        title = "" if cell is None else str(cell).strip()
        if title in where:
            errors.append(RowError(header_row, title, "列名重复"))
        elif title:
            where[title] = i
    errors += [RowError(header_row, c, "缺少该列") for c in COLUMNS if c not in where]
    figures = []
    for number, values in rows[1:]:
        row = _Row(number, {c: values[i] if i < len(values) else None for c, i in where.items()}, errors)
        figure = row.figures()
        if figure is not None:
            figures.append(figure)
    return Table(errors=errors) if errors else Table(figures=figures)


class _Row:
    """One data row: each reader returns the value or None and records its problem."""

    def __init__(self, line: int, cells: dict, errors: list[RowError]):
        self.line, self.cells, self.errors = line, cells, errors
        self.failed = False

    def fail(self, column: str, message: str) -> None:
        self.failed = True
        self.errors.append(RowError(self.line, column, message))

    def raw(self, column: str):
        """The cell, or None when it is empty or its column is missing (reported once, on the header)."""
        value = self.cells.get(column)
        return None if _blank(value) else value

    def present(self, column: str, required: bool):
        value = self.raw(column)
        if value is None and required and column in self.cells:
            self.fail(column, "必填项为空")
        return value

    def number(self, column: str, *, required: bool = True, integer: bool = False) -> Decimal | None:
        value = self.present(column, required)
        if value is None:
            return None
        amount = None
        if not isinstance(value, bool) and isinstance(value, int | float | Decimal | str):
            try:
                amount = Decimal(str(value).strip().replace(",", ""))
            except InvalidOperation:
                amount = None
        shown = _clip(value)
        if amount is None or not amount.is_finite():
            self.fail(column, f"“{shown}”不是数字")
        elif amount < 0:
            self.fail(column, f"{shown} 为负数")
        elif amount >= MAX_AMOUNT:
            self.fail(column, f"{shown} 数值过大")
        elif integer and amount != amount.to_integral_value():
            self.fail(column, f"{shown} 应为整数")
        elif amount != amount.quantize(Decimal("0.01")):
            self.fail(column, f"{shown} 最多保留两位小数")
        else:
            return amount
        return None

    def count(self, column: str, *, required: bool = True) -> int | None:
        value = self.number(column, required=required, integer=True)
        return None if value is None else int(value)

    def day(self, column: str) -> date | None:
        value = self.present(column, required=True)
        if value is None or isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        text = str(value).strip()
        try:
            if _ISO_DATE.match(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(column, f"“{_clip(text)}”不是有效日期（应为 YYYY-MM-DD）")
        return None

    def figures(self) -> Figures | None:
        uscc = normalize_uscc(str(self.raw("uscc") or ""))
        if "uscc" in self.cells and (problem := uscc_problem(uscc)):
            self.fail("uscc", problem)
        name = str(self.raw("name") or "").strip()
        registered_on = self.day("registered_on")
        employees, sci_staff = self.count("employees"), self.count("sci_staff")
        revenue = tuple(self.number(f"revenue_{k}", required=k == 1) for k in (1, 2, 3))
        rd = tuple(self.number(f"rd_{k}", required=k == 1) for k in (1, 2, 3))
        self._years()
        money = {c: self.number(c) for c in ("rd_domestic", "hitech_income", "total_income", "total_assets")}
        ip1, ip2 = self.count("ip_class1"), self.count("ip_class2")
        score = self.count("innovation_score", required=False)
        if score is not None and score > 100:
            self.fail("innovation_score", f"创新能力评价得分 {score} 超出 0–100")
        incident = self.count("major_incident", required=False)
        if incident not in (None, 0, 1):
            self.fail("major_incident", f"应为 0 或 1，而不是 {incident}")
        if self.failed or any(c not in self.cells for c in COLUMNS):
            return None
        return Figures(
            uscc=uscc, name=name, registered_on=registered_on, employees=employees, sci_staff=sci_staff,
            revenue=revenue, rd=rd, ip_class1=ip1, ip_class2=ip2, innovation_score=score,
            major_incident=incident == 1, **money,
        )  # fmt: skip

    def _years(self) -> None:
        """A year the enterprise did not exist has both revenue_k and rd_k empty; the years it did exist are
        the most recent ones (no gap)."""
        for k in (2, 3):
            has_revenue = self.raw(f"revenue_{k}") is not None
            if has_revenue != (self.raw(f"rd_{k}") is not None):
                empty = f"rd_{k}" if has_revenue else f"revenue_{k}"
                self.fail(empty, f"revenue_{k} 与 rd_{k} 应同时填写或同时留空（该年度尚未成立时留空）")
        if self.raw("revenue_2") is None and self.raw("revenue_3") is not None:
            self.fail("revenue_2", "revenue_3 已填写而 revenue_2 为空：较近的年度不能留空")


def _clip(value, most: int = 40) -> str:
    """A cell as shown in a message: its text, cut short (a hostile cell may hold megabytes)."""
    text = str(value).strip()
    return text if len(text) <= most else text[:most] + "…"
