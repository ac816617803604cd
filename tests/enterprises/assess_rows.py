"""Rows for `enterprises assess` tests, built from one clearly eligible enterprise (see BASELINE) with one figure
changed per test. Written from the regulations and the assess contract, not from the engine."""

import csv
import io
import json
from decimal import Decimal

from django.core.management import call_command

HEADER = [
    "uscc",
    "name",
    "registered_on",
    "employees",
    "sci_staff",
    "revenue_1",
    "revenue_2",
    "revenue_3",
    "rd_1",
    "rd_2",
    "rd_3",
    "rd_domestic",
    "hitech_income",
    "total_income",
    "total_assets",
    "ip_class1",
    "ip_class2",
    "innovation_score",
    "major_incident",
]

AS_OF = "2026-06-30"

# Check characters computed with stdnum.cn.uscc.calc_check_digit (test_usccs_used_are_valid keeps them honest).
USCC = "91110108551385082Q"
OTHER_USCCS = ["91620100MA7123456X", "91620102MA72345676", "91620103MA73456780"]

# Eligible for both programmes, by hand:
#   registered 2020-01-15, as of 2026-06-30: over six years (≥ 365 days).
#   S&T staff 30 / 100 employees = 30 %            高企 ≥ 10 % ✓; 科技型 20 points.
#   sales 40 M in each of the last three years (120 M), R&D 2.4 M each (7.2 M): 7.2 / 120 = 6 %;
#   latest sales 40 M ≤ 50 M, so the 高企 band is 5 % ✓; 科技型 rd_1 / revenue_1 = 2.4 / 40 = 6 % → 50 points.
#   R&D in China 7.2 M / 7.2 M = 100 % ≥ 60 % ✓ (rd_domestic defaults to the R&D total of the row, see row()).
#   high-tech income 32 M / total income 40 M = 80 % ≥ 60 % ✓.
#   one class-I IP ✓ → 科技型 30 points; total 20 + 50 + 30 = 100 ≥ 60 ✓.
#   innovation score 80 > 70 ✓; no major incident ✓; 100 staff ≤ 500, sales 40 M and assets 50 M ≤ 200 M ✓.
BASELINE = {
    "uscc": USCC,
    "name": "甘肃示例科技有限公司",
    "registered_on": "2020-01-15",
    "employees": "100",
    "sci_staff": "30",
    "revenue_1": "40000000.00",
    "revenue_2": "40000000",
    "revenue_3": "40000000",
    "rd_1": "2400000",
    "rd_2": "2400000.00",
    "rd_3": "2400000",
    "hitech_income": "32000000",
    "total_income": "40000000",
    "total_assets": "50000000",
    "ip_class1": "1",
    "ip_class2": "0",
    "innovation_score": "80",
    "major_incident": "0",
}


def row(**changes) -> dict:
    """The baseline with `changes` applied (None = empty cell). Unless given, rd_domestic is the row's R&D
    total (100 % in China), so changing the R&D figures does not trip the 60 % domestic-share rule."""
    values = {**BASELINE, **{key: "" if value is None else str(value) for key, value in changes.items()}}
    if "rd_domestic" not in changes:
        values["rd_domestic"] = str(sum(Decimal(values[f"rd_{k}"] or "0") for k in (1, 2, 3)))
    return values


def assess(tmp_path, *rows, as_of=AS_OF, fmt="json"):
    """Write the rows to a CSV and run `enterprises assess` on it; the parsed JSON (or the text for a table)."""
    path = tmp_path / "enterprises.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    call_command("enterprises", "assess", str(path), "--as-of", as_of, "--format", fmt, stdout=out)
    return json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


def assess_one(tmp_path, as_of=AS_OF, **changes) -> dict:
    [result] = assess(tmp_path, row(**changes), as_of=as_of)
    return result


def failed(programme: dict) -> list:
    """The failed codes, after checking that `detail` has one entry per failed code, in the same order."""
    assert [entry["code"] for entry in programme["detail"]] == programme["failed"]
    assert programme["eligible"] is (programme["failed"] == [])
    return programme["failed"]


def message(programme: dict, code: str) -> str:
    return {entry["code"]: entry["message"] for entry in programme["detail"]}[code]
