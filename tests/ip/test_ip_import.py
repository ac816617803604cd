"""Import of a patent-search export: all rows or none with every bad row listed; hostile files refused."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from innozone.core.errors import ValidationFailed
from innozone.ip.models import Asset, ImportBatch
from innozone.ip.services import imports

HEADER = ["申请号", "名称", "申请人", "申请日", "授权公告日", "法律状态", "IPC"]


def _csv(rows) -> bytes:
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_good_file_creates_and_updates_and_lists_unmatched(investment_world, users):
    owner = users["enterprise"].organization.name
    rows = [
        ["CN202110123456.7", "一种铜合金", f"{owner}；兰州大学", "2021-03-01", "2023-05-05", "有效", "C22C 9/00"],
        ["202220654321.X", "一种夹具", owner, "2022.04.01", "", "实质审查", ""],
        ["201930111111.1", "外壳", "不在平台的公司", "2019/01/01", "2019/08/01", "有效", ""],
        ["201010222222.2", "老专利", owner, "20100101", "20120101", "未缴年费专利权终止", ""],
    ]
    batch = imports.import_file(actor=users["office"], data=_csv(rows), name="search.csv")
    assert (batch.created, batch.updated, len(batch.unmatched)) == (3, 0, 1)
    assert batch.unmatched[0]["row"] == 4
    a = Asset.objects.get(number="CN202110123456.7")
    assert a.kind == "invention" and a.status == "granted" and a.co_owners == "兰州大学" and a.source == "import"
    assert a.next_fee_due is not None
    assert Asset.objects.get(number="202220654321.X").kind == "utility"
    assert Asset.objects.get(number="201010222222.2").status == "lapsed"
    again = imports.import_file(actor=users["office"], data=_csv(rows[:1]), name="search.csv")
    assert (again.created, again.updated) == (0, 1)


def test_any_bad_row_refuses_the_whole_file_listing_each(investment_world, users):
    owner = users["enterprise"].organization.name
    rows = [
        ["202110123456.7", "好的一行", owner, "2021-03-01", "", "审中", ""],
        ["12345", "坏号", owner, "2021-03-01", "", "", ""],
        ["202110123457.5", "", owner, "2021-13-01", "", "", ""],
        ["202110123458.3", "日期颠倒", owner, "2021-03-01", "2020-01-01", "有效", ""],
        ["202110123456.7", "重复", owner, "2021-03-01", "", "神秘状态", ""],
    ]
    with pytest.raises(ValidationFailed) as e:
        imports.import_file(actor=users["office"], data=_csv(rows), name="bad.csv")
    bad_rows = {d["row"] for d in e.value.detail}
    assert bad_rows == {3, 4, 5, 6}
    assert all(d["message"].startswith(f"第 {d['row']} 行") for d in e.value.detail)
    assert not Asset.objects.filter(source="import").exists()
    assert not ImportBatch.objects.exists()


def test_xlsx_formulas_are_never_evaluated(investment_world, users):
    owner = users["enterprise"].organization.name
    data = _xlsx([["202110123456.7", '=HYPERLINK("http://x","a")', owner, "2021-03-01", None, "审中", None]])
    with pytest.raises(ValidationFailed) as e:
        imports.import_file(actor=users["office"], data=data, name="f.xlsx")
    assert "公式" in e.value.detail[0]["message"]
    ok = _xlsx([["202110123456.7", "正常", owner, "2021-03-01", None, "审中", None]])
    assert imports.import_file(actor=users["office"], data=ok, name="ok.xlsx").created == 1


def test_hostile_files_are_refused(investment_world, users, settings):
    office = users["office"]
    with pytest.raises(ValidationFailed):
        imports.import_file(actor=office, data=b"MZ\x90\x00", name="virus.exe")
    with pytest.raises(ValidationFailed):
        imports.import_file(actor=office, data=b"not a zip", name="fake.xlsx")
    with pytest.raises(ValidationFailed):
        imports.import_file(actor=office, data=b"", name="empty.csv")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as e:
        imports.import_file(actor=office, data=bomb.getvalue(), name="bomb.xlsx")
    assert "bomb.xlsx" in str(e.value.message)
    with pytest.raises(ValidationFailed) as e:
        imports.import_file(actor=office, data="申请号,名称\n1,2\n".encode(), name="cols.csv")
    assert "申请人" in str(e.value.message)


def test_an_enterprise_imports_only_its_own(investment_world, users):
    from innozone.core.models import Organization

    other = (
        Organization.objects.filter(registry_entry__is_demo=True)
        .exclude(pk=users["enterprise"].organization_id)
        .first()
    )
    rows = [["202110123456.7", "别人的", other.name, "2021-03-01", "", "审中", ""]]
    with pytest.raises(ValidationFailed) as e:
        imports.import_file(actor=users["enterprise"], data=_csv(rows), name="x.csv")
    assert e.value.detail[0]["row"] == 2
    from innozone.core.errors import Forbidden

    with pytest.raises(Forbidden):
        imports.import_file(actor=users["leader"], data=_csv(rows), name="x.csv")
