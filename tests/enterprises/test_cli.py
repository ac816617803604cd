"""`enterprises import | export | remind | related`: the registry from the command line, on the same services
as the pages and the API (all-or-nothing import with every bad row listed, formula-safe export)."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from innozone.core.models import AuditEvent, Notice, User
from innozone.enterprises import services
from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.models import AnnualFigures, Enterprise, Qualification

PROFILE = ["uscc", "name", "region", "registered_on", "industry_code", "legal_representative"]
FIGURES = [
    "uscc",
    "year",
    "employees",
    "sci_staff",
    "revenue",
    "total_income",
    "total_assets",
    "rd_total",
    "rd_domestic",
]


def code(n: int, region: str = "620100") -> str:
    return complete_uscc(f"91{region}{n:09d}")


def wrong_check(n: int) -> str:
    good = code(n)
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("enterprises", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("enterprises", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def write_csv(path, header, rows) -> str:
    path.write_text("\n".join(",".join(str(c) for c in r) for r in [header, *rows]), encoding="utf-8")
    return str(path)


def write_workbook(path, profiles, figures) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业"
    for r in [PROFILE, *profiles]:
        ws.append(r)
    fs = wb.create_sheet("年度数据")
    for r in [FIGURES, *figures]:
        fs.append(r)
    wb.save(path)
    return str(path)


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.select_related("organization")}


# --- import ------------------------------------------------------------------------------------------------


def test_a_file_with_bad_rows_lists_every_one_and_saves_nothing(tmp_path, people):
    path = write_workbook(
        tmp_path / "registry.xlsx",
        [
            [code(1), "好公司甲", "兰州高新区", "2019-01-01", "C3985", "张三"],
            [wrong_check(2), "校验位错的公司", "兰州高新区", None, None, None],
            [code(3), None, "火星", "2019-02-30", None, None],
        ],
        [[code(1), 2025, 10, 20, "100", "100", "100", "5", "5"], [code(9), 2025, 10, 2, "x", "100", "100", "5", "5"]],
    )
    before = (Enterprise.objects.count(), AnnualFigures.objects.count(), AuditEvent.objects.count())
    err = refused("import", path, "--as", "office")
    lines = err.splitlines()
    assert "enterprises, row 3, uscc: " in err and "校验位" in err
    for expected in ("row 4, name", "row 4, region", "row 4, registered_on"):
        assert any(expected in line for line in lines), expected
    assert any(line.startswith("figures, row 2, sci_staff") for line in lines)  # 20 staff of 10 employees
    assert any(line.startswith("figures") and "revenue" in line and "不是数字" in line for line in lines)
    assert any("row 3, uscc" in line and code(9) in line for line in lines)  # not registered, not in the file
    assert (Enterprise.objects.count(), AnnualFigures.objects.count(), AuditEvent.objects.count()) == before


def test_a_dry_run_counts_and_saves_nothing_then_the_import_saves_all(tmp_path, people):
    path = write_workbook(
        tmp_path / "registry.xlsx",
        [
            [code(1), "导入甲公司", "兰州高新区", "2019-01-01", "C3985", "张三"],
            [code(2), "导入乙公司", "白银市", None, None, None],
        ],
        [[code(1), 2024, 100, 20, "40000000", "40000000", "60000000", "2000000", "2000000"]],
    )
    before = (Enterprise.objects.count(), AuditEvent.objects.count())
    out, err = run("import", path, "--dry-run", "--as", "office")
    assert "未保存" in out and "新增企业 2 家" in out and "年度数据 1 条" in out
    assert "读取企业 2 行、年度数据 1 行" in err
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before
    out, _err = run("import", path, "--as", "office")
    assert out.startswith("已导入") and "新增企业 2 家" in out
    entry = Enterprise.objects.get(uscc=code(1))
    assert entry.figures.get().revenue == 40000000 and entry.size == "small"
    event = AuditEvent.objects.get(action="enterprises.import")
    assert event.actor == people["office"] and event.after == {"created": 2, "updated": 0, "figures": 1}
    out, _err = run("import", path, "--as", "office")  # again: the same codes are updated, not duplicated
    assert "新增企业 0 家，更新 2 家" in out and Enterprise.objects.filter(uscc__in=[code(1), code(2)]).count() == 2


def test_only_the_office_imports(tmp_path, people):
    path = write_csv(tmp_path / "e.csv", PROFILE, [[code(1), "甲公司", "城关区", "", "", ""]])
    err = refused("import", path, "--as", "enterprise")
    assert not Enterprise.objects.exists() and err == ""
    assert "no such user" in str(_message("import", path, "--as", "nobody"))
    assert "不存在" in str(_message("import", str(tmp_path / "missing.csv"), "--as", "office"))


def _message(*args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("enterprises", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(caught.value)


def test_a_long_file_reports_its_progress(tmp_path, people):
    rows = [[code(100 + n), f"进度测试企业{n:04d}", "城关区", "", "", ""] for n in range(1001)]
    path = write_csv(tmp_path / "long.csv", PROFILE, rows)
    _out, err = run("import", path, "--as", "office")
    assert "读取企业 1001 行" in err and "已检查企业 1000 家" in err
    assert Enterprise.objects.filter(name__startswith="进度测试企业").count() == 1001


# --- export ------------------------------------------------------------------------------------------------


@pytest.fixture
def two(people):
    a = services.enterprise_register(
        actor=people["office"],
        data={"uscc": code(1), "name": '=HYPERLINK("http://evil.example")公司', "region": "兰州高新区"},
    )
    b = services.enterprise_register(
        actor=people["office"],
        data={"uscc": code(2), "name": "白银乙公司", "region": "白银高新区", "registered_capital": "5000000"},
    )
    services.qualification_record(
        actor=people["office"],
        enterprise=b,
        data={"kind": "tsme", "number": "2025620400001", "issued_on": dt.date.today().isoformat()},
    )
    return a, b


def test_export_json_lists_the_registry(two):
    out, _err = run("export")
    rows = {r["uscc"]: r for r in json.loads(out)}
    assert set(rows) == {code(1), code(2)}
    assert rows[code(2)]["registered_capital"] == "5000000.00" and rows[code(2)]["qualifications"] == ["tsme"]
    assert rows[code(1)]["region"] == "兰州高新技术产业开发区" and rows[code(1)]["stage"] is None


def test_export_xlsx_writes_user_text_as_text(tmp_path, two):
    path = tmp_path / "registry.xlsx"
    run("export", "--format", "xlsx", "--out", str(path))
    ws = openpyxl.load_workbook(path).active
    names = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1)}
    evil = names['=HYPERLINK("http://evil.example")公司']
    assert evil.data_type == "s"  # text, never a formula
    assert "白银乙公司" in names and ws.max_row == 3
    assert "--out" in _message("export", "--format", "xlsx")


# --- reminders and related parties -------------------------------------------------------------------------


def test_remind_expires_and_reminds_once(people, two):
    _a, b = two
    today = dt.date.today()
    issued = (today - dt.timedelta(days=3 * 365 - 60)).isoformat()  # valid for about two more months
    services.qualification_record(
        actor=people["office"],
        enterprise=b,
        data={"kind": "hnte", "number": "GR2023", "issued_on": issued, "hitech_field": "materials"},
    )
    old = Qualification.objects.get(number="2025620400001")
    Qualification.objects.filter(pk=old.pk).update(
        valid_until=today - dt.timedelta(days=1), issued_on=today - dt.timedelta(days=300)
    )
    notices = Notice.objects.count()
    out, _err = run("remind", "--on", today.isoformat())
    assert "1 项资质已到期" in out
    sent = int(out.split("发送到期提醒 ")[1].split(" ")[0])
    office = User.objects.filter(role="office_admin", is_active=True).count()
    assert sent == office and Notice.objects.count() == notices + sent  # 乙 has no users: the office is told
    assert Qualification.objects.get(pk=old.pk).status == Qualification.Status.EXPIRED
    assert Qualification.objects.get(number="GR2023").reminded == [3, 6]
    out, _err = run("remind", "--on", today.isoformat())
    assert "0 项资质已到期，发送到期提醒 0 条" in out
    assert "--on: not a date" in _message("remind", "--on", "2026-02-30")


def test_remind_can_hand_the_work_to_the_task_backend(people, two):
    today = dt.date.today()
    Qualification.objects.filter(number="2025620400001").update(
        issued_on=today - dt.timedelta(days=300), valid_until=today - dt.timedelta(days=1)
    )
    out, _err = run("remind", "--enqueue")  # the tests' backend runs it at once
    assert out.startswith("enqueued ")
    assert Qualification.objects.get(number="2025620400001").status == Qualification.Status.EXPIRED


def test_related_by_code_or_name(people, two):
    a, b = two
    assert "无关联关系" in run("related", code(1), "白银乙公司")[0]
    services.enterprise_update(actor=people["office"], enterprise=a, data={"legal_representative": "李四"})
    services.enterprise_update(actor=people["office"], enterprise=b, data={"legal_representative": "李四"})
    out, _err = run("related", code(1).lower(), "白银乙公司")
    assert "法定代表人相同（李四）" in out
    assert "没有" in _message("related", code(1), "不存在的公司")
