"""`enterprises assess` refuses a bad file as a whole: every bad row and column is reported at once (JSON on
stdout or lines on stderr), nothing is assessed, and the command fails (CommandError = exit status 1)."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.engine.table import COLUMNS

GOOD_USCC = complete_uscc("91620100MA7XK2P3Q")
BASE = {
    "uscc": GOOD_USCC,
    "name": "兰白示范科技有限公司",
    "registered_on": "2020-03-01",
    "employees": "100",
    "sci_staff": "30",
    "revenue_1": "60000000",
    "revenue_2": "50000000.00",
    "revenue_3": "40000000",
    "rd_1": "3000000",
    "rd_2": "2500000",
    "rd_3": "2000000",
    "rd_domestic": "7500000",
    "hitech_income": "50000000",
    "total_income": "60000000",
    "total_assets": "80000000",
    "ip_class1": "1",
    "ip_class2": "0",
    "innovation_score": "80",
    "major_incident": "",
}


def row(**changes):
    return {**BASE, **changes}


def write_csv(path, rows, columns=COLUMNS):
    lines = [",".join(columns)] + [",".join(f'"{r.get(c, "")}"' for c in columns) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def write_xlsx(path, rows, columns=COLUMNS, *, typed=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for r in rows:
        if r is None:  # an empty line in the sheet
            sheet.append([])
            continue
        sheet.append([_cell(r.get(c, ""), typed) for c in columns])
    book.save(path)
    return path


def _cell(value, typed):
    """Numbers as Excel numbers where they read as one (as a person's sheet has them), else the text."""
    if not typed or value == "":
        return None if value == "" else value
    try:
        return int(value)
    except ValueError:
        try:
            return float(value) if value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value


def assess(path, fmt="json"):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "enterprises", "assess", str(path), "--as-of", "2026-06-30", "--format", fmt, stdout=out, stderr=err
        )
    except CommandError as e:
        return e, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


def refused(path, fmt="json"):
    error, out, err = assess(path, fmt)
    assert isinstance(error, CommandError), out
    return out, err


BAD_ROWS = [
    row(),
    row(uscc=GOOD_USCC[:17] + ("0" if GOOD_USCC[17] != "0" else "1")),  # wrong check character
    row(employees="-5", registered_on="2020-02-30"),
    row(),
    row(revenue_1="五千万", major_incident="2", rd_1=""),
]
BAD_EXPECTED = [
    (3, "uscc"),
    (4, "registered_on"),
    (4, "employees"),
    (6, "revenue_1"),
    (6, "rd_1"),
    (6, "major_incident"),
]


def _places(out):
    return [(e["row"], e["column"]) for e in json.loads(out)["errors"]]


def test_csv_every_bad_row_is_reported_and_nothing_assessed(tmp_path):
    out, _ = refused(write_csv(tmp_path / "f.csv", BAD_ROWS))
    assert _places(out) == BAD_EXPECTED
    assert "hnte" not in out and "tsme" not in out


def test_xlsx_every_bad_row_is_reported_and_nothing_assessed(tmp_path):
    out, _ = refused(write_xlsx(tmp_path / "f.xlsx", BAD_ROWS))
    assert _places(out) == BAD_EXPECTED


def test_wrong_check_character_names_the_right_one(tmp_path):
    out, _ = refused(write_csv(tmp_path / "f.csv", BAD_ROWS[:2]))
    [error] = json.loads(out)["errors"]
    assert f"应为 {GOOD_USCC[17]}" in error["message"]


def test_formula_cell_is_text_that_is_not_a_number(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [row(revenue_1="=SUM(A1:A9)*1000", total_income="=1/0")])
    out, _ = refused(path)
    errors = json.loads(out)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "revenue_1"), (2, "total_income")]
    assert "=SUM(A1:A9)*1000" in errors[0]["message"] and "不是数字" in errors[0]["message"]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_missing_column_is_row_1_and_the_rows_are_still_checked(tmp_path, writer):
    columns = [c for c in COLUMNS if c not in ("total_assets", "ip_class2")]
    path = writer(tmp_path / ("f.csv" if writer is write_csv else "f.xlsx"), [row(), row(sci_staff="x")], columns)
    out, _ = refused(path)
    assert _places(out) == [(1, "total_assets"), (1, "ip_class2"), (3, "sci_staff")]


def test_table_format_writes_the_errors_to_stderr(tmp_path):
    out, err = refused(write_csv(tmp_path / "f.csv", BAD_ROWS), fmt="table")
    assert "row 4, employees:" in err and "row 6, major_incident:" in err
    assert out == ""


def test_sheet_row_numbers_count_empty_lines(tmp_path):
    out, _ = refused(write_xlsx(tmp_path / "f.xlsx", [row(), None, row(innovation_score="85.5")]))
    assert _places(out) == [(4, "innovation_score")]


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"revenue_2": "", "rd_2": "", "revenue_3": "1", "rd_3": "1"}, "revenue_2"),  # a gap in the years
        ({"rd_3": ""}, "rd_3"),  # a year with sales but no R&D figure
        ({"total_assets": "1.005"}, "total_assets"),  # more than fen
        ({"ip_class2": "2.5"}, "ip_class2"),
        ({"innovation_score": "101"}, "innovation_score"),
        ({"registered_on": "2020/03/01"}, "registered_on"),
        ({"hitech_income": "NaN"}, "hitech_income"),
        ({"uscc": ""}, "uscc"),
        ({"uscc": GOOD_USCC[:10] + "I" + GOOD_USCC[11:]}, "uscc"),
    ],
)
def test_each_kind_of_bad_value_is_refused(tmp_path, changes, column):
    out, _ = refused(write_csv(tmp_path / "f.csv", [row(**changes)]))
    assert _places(out) == [(2, column)]


def test_an_xlsx_that_is_no_archive_is_refused_by_the_archive_check(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"uscc,name\n")
    out, _ = refused(path)
    [error] = json.loads(out)["errors"]
    assert error["row"] == 1 and "f.xlsx" in error["message"]


def test_unsupported_file_type_and_missing_file_are_refused(tmp_path):
    path = tmp_path / "f.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert _places(refused(path)[0]) == [(1, "")]
    assert _places(refused(tmp_path / "none.csv")[0]) == [(1, "")]


def test_csv_in_another_encoding_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\n" + "甲公司".encode("gbk"))
    out, _ = refused(path)
    assert "UTF-8" in json.loads(out)["errors"][0]["message"]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_a_good_file_is_assessed_row_by_row_with_lower_case_codes_upper_cased(tmp_path, writer):
    young = row(uscc=GOOD_USCC.lower(), revenue_2="", rd_2="", revenue_3="", rd_3="", rd_domestic="3000000")
    path = writer(tmp_path / ("f.csv" if writer is write_csv else "f.xlsx"), [row(), young])
    error, out, _ = assess(path)
    assert error is None
    first, second = json.loads(out)
    assert first["uscc"] == second["uscc"] == GOOD_USCC
    assert first["hnte"] == {"eligible": True, "failed": [], "detail": []}
    assert first["tsme"]["scores"] == {"sci_staff": 20, "rd": 40, "ip": 30}
    assert second["hnte"]["eligible"] is True  # one year of figures: 3 M / 60 M = 5 % ≥ 4 %


def test_table_format_prints_a_readable_result(tmp_path):
    error, out, _ = assess(write_csv(tmp_path / "f.csv", [row(ip_class1="0")]), fmt="table")
    assert error is None
    assert GOOD_USCC in out and "高新技术企业：不符合条件" in out and "[no_ip]" in out


def test_hostile_numbers_are_refused_with_short_messages(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(revenue_1="9" * 100_000, rd_1="1e999999", rd_domestic="1e-999999")])
    out, _ = refused(path)
    errors = json.loads(out)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "revenue_1"), (2, "rd_1"), (2, "rd_domestic")]
    assert all(len(e["message"]) < 80 for e in errors)


def test_a_zip_that_is_no_workbook_is_one_problem_not_a_traceback(tmp_path):
    import zipfile

    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    out, _ = refused(path)
    [error] = json.loads(out)["errors"]
    assert error["row"] == 1 and "Excel" in error["message"]
