"""Hostile spreadsheets and documents: an uploaded .xlsx or .docx (a zip archive) is checked from its
directory — declared uncompressed size, number of entries, compression ratio — before any reader opens
it, and refused with a clear message; a .docx whose XML declares entities is refused without expanding
them. Every upload path (evaluation import, market import, plan import) refuses them and saves nothing;
normal files still import (the apps' own import tests)."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from innozone.core.errors import ValidationFailed
from innozone.core.models import AuditEvent
from innozone.core.uploads import archive_check

MIB = 1024 * 1024


def _workbook() -> bytes:
    wb = Workbook()
    wb.active.append(["uCode", "uName", "M1"])
    wb.active.append(["A", "甲", 1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_entry(archive: bytes, name: str, megabytes: int) -> bytes:
    """The archive with one more entry of `megabytes` MiB of one repeated XML row: it deflates ~1000 : 1."""
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>'
    chunk = row * (MIB // len(row))
    buf = io.BytesIO(archive)
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w") as part:
        for _ in range(megabytes):
            part.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A valid workbook plus a sheet declaring 200 MiB, a few hundred KB on disk."""
    return _with_entry(_workbook(), "xl/worksheets/sheet2.xml", 200)


def _replaced(archive: bytes, name: str, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml if item.filename == name else src.read(item))
    return out.getvalue()


def _docx(document_xml: bytes | None = None) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2021年兰白自创区工作要点")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue() if document_xml is None else _replaced(buf.getvalue(), "word/document.xml", document_xml)


DTD = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
LAUGHS = (
    DTD
    + b"""<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""
)
SHEET_LAUGHS = (
    DTD
    + b"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""
)


def _refusal(call) -> str:
    with pytest.raises(ValidationFailed) as caught:
        call()
    (problem,) = caught.value.detail
    assert problem["field"] == "file"
    return problem["message"]


# ---------------------------------------------------------------- the check


def test_a_normal_workbook_and_document_pass(bomb):
    archive_check(_workbook(), name="data.xlsx")
    archive_check(io.BytesIO(_docx()), name="plan.docx")
    assert len(bomb) < 1 * MIB  # the bomb is small on disk


def test_a_zip_bomb_is_refused_from_its_directory_quickly(bomb):
    started = time.perf_counter()
    message = _refusal(lambda: archive_check(bomb, name="bomb.xlsx"))
    assert time.perf_counter() - started < 1
    assert message == "“bomb.xlsx”解压后超过 50 MB，已拒绝；请拆分或精简后再上传"


def test_too_many_entries_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in range(2001):
            zf.writestr(f"xl/media/{n}.txt", b"x")
    message = _refusal(lambda: archive_check(buf.getvalue(), name="many.xlsx"))
    assert message == "“many.xlsx”包含 2001 个内部文件，超过上限 2000 个，已拒绝"


def test_an_entry_that_inflates_far_more_than_office_files_do_is_refused():
    small_bomb = _with_entry(_workbook(), "xl/worksheets/sheet2.xml", 20)  # 20 MiB: under the size limit
    message = _refusal(lambda: archive_check(small_bomb, name="ratio.xlsx"))
    assert message.startswith("“ratio.xlsx”中的 xl/worksheets/sheet2.xml 压缩比异常（")


def test_a_file_that_is_not_a_zip_archive_is_refused():
    message = _refusal(lambda: archive_check("uCode,uName\nA,甲\n".encode(), name="data.xlsx"))
    assert message == "“data.xlsx”不是有效的 Excel 或 Word 文件（无法作为压缩包读取）"


def test_the_limits_come_from_settings():
    with override_settings(INNOZONE_UPLOAD_MAX_ENTRIES=3):
        assert "超过上限 3 个" in _refusal(lambda: archive_check(_workbook(), name="data.xlsx"))
    with override_settings(INNOZONE_UPLOAD_MAX_UNCOMPRESSED_BYTES=1000):
        assert "解压后超过 0 MB" in _refusal(lambda: archive_check(_workbook(), name="data.xlsx"))


def test_a_file_object_is_left_where_it_was_for_the_reader():
    upload = SimpleUploadedFile("data.xlsx", _workbook())
    archive_check(upload, name=upload.name)
    assert upload.tell() == 0


# ---------------------------------------------------------------- every upload path


def test_the_evaluation_import_refuses_a_bomb_before_pandas_opens_it(client, users, bomb, monkeypatch):
    from innozone.evaluation.example import meta_frame
    from innozone.evaluation.models import DataSet, Framework

    def opened(*args, **kwargs):
        raise AssertionError("the reader opened the bomb")

    monkeypatch.setattr("pandas.read_excel", opened)
    client.force_login(users["office"])
    before = (Framework.objects.count(), DataSet.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("evaluation:import"),
        {
            "name": "炸弹",
            "dataset_name": "2024",
            "year": 2024,
            "meta_file": SimpleUploadedFile("meta.csv", meta_frame().to_csv(index=False).encode()),
            "data_file": SimpleUploadedFile("bomb.xlsx", bomb),
        },
    )
    assert response.status_code == 422
    assert "“bomb.xlsx”解压后超过 50 MB" in response.content.decode()
    assert (Framework.objects.count(), DataSet.objects.count(), AuditEvent.objects.count()) == before


def test_the_market_import_command_refuses_a_bomb_and_saves_nothing(busy_market, bomb, tmp_path):
    from innozone.market.models import Listing

    path = tmp_path / "listings.xlsx"
    path.write_bytes(bomb)
    before = (Listing.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError, match=r"“listings.xlsx”解压后超过 50 MB"):
        call_command("market", "import", str(path), stdout=io.StringIO())
    assert (Listing.objects.count(), AuditEvent.objects.count()) == before


def test_the_plan_import_refuses_a_docx_bomb_and_an_entity_bomb(client, users, bomb):
    from innozone.plans.models import Plan

    client.force_login(users["office"])
    before = (Plan.objects.count(), AuditEvent.objects.count())
    docx_bomb = _with_entry(_docx(), "word/media/pad.xml", 60)
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.docx", docx_bomb)})
    assert "“plan.docx”解压后超过 50 MB" in response.content.decode()
    started = time.perf_counter()
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.docx", _docx(LAUGHS))})
    assert time.perf_counter() - started < 2
    assert "“plan.docx”含有 XML 实体或文档类型声明，已拒绝" in response.content.decode()
    assert (Plan.objects.count(), AuditEvent.objects.count()) == before


def test_an_xlsx_entity_bomb_is_refused_by_the_spreadsheet_reader_without_expansion():
    """openpyxl parses with defusedxml/lxml without resolving entities: the evaluation import says it
    cannot read the file, at once."""
    from innozone.evaluation.services import read_table

    workbook = _replaced(_workbook(), "xl/worksheets/sheet1.xml", SHEET_LAUGHS)
    started = time.perf_counter()
    message = _refusal(lambda: read_table(SimpleUploadedFile("laughs.xlsx", workbook)))
    assert time.perf_counter() - started < 2
    assert message.startswith("无法读取“laughs.xlsx”")


def test_the_plan_reader_still_reads_a_normal_docx():
    from innozone.plans.importing import read_upload

    assert "2021年兰白自创区工作要点" in read_upload("plan.docx", _docx())
