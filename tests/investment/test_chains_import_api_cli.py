"""The Excel import of a chain's links (all rows or none, every bad row listed, formulas read as text, dry run,
zip checks), the page and template, the API (/api/investment: chains, chain, gaps, links, placements, targets;
refusals) and the command line (investment chains|chain|gaps|chain-import|targets)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from innozone.core.errors import ValidationFailed
from innozone.core.models import User
from innozone.investment.demo import chains as demo
from innozone.investment.models import Chain, Link
from innozone.investment.services import chains_import

HEADER = ["链位", "环节", "上级环节", "行业代码", "最少企业数", "最低产值（元）", "关键环节", "排序"]


def _xlsx(rows, title="环节") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def users(investment_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "leader", "enterprise", "lzgx"])}


def test_import_creates_and_updates(users):
    chain = Chain.objects.get(code="PETRO")
    data = _xlsx([
        ["下游", "化工新材料应用", "", "", 1, "", "否", 30],  # exists (top level): updated
        ["下游", "可降解塑料", "化工新材料应用", "C2651", 2, "200000000", "是", 1],
        ["下游", "PBAT 改性料", "可降解塑料", "C2929", "", "", "", ""],
    ])  # fmt: skip
    result = chains_import.chain_import(
        actor=users["office"], chain=chain, rows=chains_import.read_rows(data, "l.xlsx")
    )
    assert result == {"created": 2, "updated": 1, "dry_run": False}
    child = Link.objects.get(chain=chain, name="PBAT 改性料")
    assert child.parent.name == "可降解塑料" and child.segment == "down" and child.parent.is_key
    assert child.parent.min_output == 200000000


def test_import_lists_every_bad_row_and_saves_nothing(users):
    chain = Chain.objects.get(code="PETRO")
    before = Link.objects.filter(chain=chain).count()
    data = _xlsx([
        ["旁游", "甲", "", "", "", "", "", ""],
        ["上游", "乙", "不存在的上级", "", "", "", "", ""],
        ["上游", "丙", "", "X1", "-2", "=1+1", "", ""],
        ["上游", "甲", "", "", "", "", "", ""],
        ["下游", "丁", "炼油与基础原料", "", "", "", "", ""],
        ["上游", "", "", "", "", "", "", ""],
    ])  # fmt: skip
    with pytest.raises(ValidationFailed) as e:
        chains_import.chain_import(actor=users["office"], chain=chain, rows=chains_import.read_rows(data, "l.xlsx"))
    rows = {d["row"] for d in e.value.detail}
    assert rows == {2, 3, 4, 5, 6, 7}
    text = " ".join(d["message"] for d in e.value.detail)
    for message in (
        "链位须为",
        "不在前面的行中",
        "不是国民经济行业代码",
        "不是数字",
        "重名",
        "须与上级环节",
        "请填写环节名称",
    ):
        assert message in text
    assert Link.objects.filter(chain=chain).count() == before


def test_import_refuses_bad_files_and_the_dry_run_saves_nothing(users):
    chain = Chain.objects.get(code="PETRO")
    with pytest.raises(ValidationFailed):
        chains_import.read_rows(b"not a zip", "x.xlsx")
    with pytest.raises(ValidationFailed):
        chains_import.read_rows(b"a,b", "x.csv")
    wb = Workbook()
    wb.active.append(["名称"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationFailed) as e:
        chains_import.read_rows(buf.getvalue(), "x.xlsx")
    assert "缺少列" in e.value.detail[0]["message"]
    rows = chains_import.read_rows(_xlsx([["中游", "试算环节", "", "", "", "", "", ""]]), "l.xlsx")
    result = chains_import.chain_import(actor=users["office"], chain=chain, rows=rows, dry_run=True)
    assert result["created"] == 1 and not Link.objects.filter(name="试算环节").exists()


def test_import_page_for_editors_only(client, users):
    chain = Chain.objects.get(code="BIO")  # lead: 兰州高新区管委会 (lzgx)
    client.force_login(users["leader"])
    assert client.get(f"/investment/chains/{chain.pk}/import/").status_code == 403
    client.force_login(users["lzgx"])
    upload = SimpleUploadedFile("l.xlsx", _xlsx([["上游", "细胞治疗", "研发与原料", "M7340", 1, "", "是", 5]]))
    response = client.post(f"/investment/chains/{chain.pk}/import/", {"file": upload})
    assert response.status_code == 302 and Link.objects.filter(chain=chain, name="细胞治疗").exists()
    bad = SimpleUploadedFile("l.xlsx", _xlsx([["上游", "", "", "", "", "", "", ""]]))
    html = client.post(f"/investment/chains/{chain.pk}/import/", {"file": bad}).content.decode()
    assert "第 2 行" in html and "请填写环节名称" in html
    template = client.get("/investment/chains/import-template.xlsx")
    header = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[0] == "链位"


def test_api_reads(api, users):
    client = api.as_user(users["leader"])
    chains = client.get("/api/investment/chains").json()
    assert {c["code"] for c in chains} >= {"NFM", "PETRO", "BIO", "EQUIP", "NEV", "ICT"}
    petro = next(c for c in chains if c["code"] == "PETRO")
    detail = client.get(f"/api/investment/chains/{petro['id']}").json()
    gap = next(link for link in detail["links"] if link["name"] == demo.JOURNEY_LINK)
    assert gap["status"] == "gap" and gap["reasons"] == ["区内没有企业"] and detail["summary"]["gaps"] >= 1
    found = client.get("/api/investment/gaps?chain=PETRO").json()
    assert demo.JOURNEY_LINK in {g["name"] for g in found} and all(g["status"] == "gap" for g in found)
    link = client.get(f"/api/investment/links/{gap['id']}").json()
    assert len(link["targets"]) == 2 and link["placements"] == []
    page = client.get("/api/investment/targets?chain=PETRO&limit=1").json()
    assert page["count"] >= 2 and len(page["items"]) == 1
    assert api.as_user(users["enterprise"]).get("/api/investment/chains").status_code == 403
    assert client.get("/api/investment/chains/0").status_code == 422


def test_api_writes_and_refusals(api, users):
    leader = api.as_user(users["leader"])
    assert leader.post("/api/investment/chains", {"code": "X", "name": "x"}).status_code == 403
    office = api.as_user(users["office"])
    bad = office.post("/api/investment/chains", {"code": "", "name": ""})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["detail"]} == {"code", "name"}
    chain = office.post("/api/investment/chains", {"code": "API1", "name": "接口链"}).json()
    link = office.post(f"/api/investment/chains/{chain['id']}/links",
                       {"name": "上游环节", "segment": "up", "industry_codes": "C3240"})  # fmt: skip
    assert link.status_code == 201 and link.json()["status"] == "gap"
    from innozone.enterprises.selectors import enterprises_for

    entry = enterprises_for(users["office"]).filter(status="active").first()
    placed = office.post(f"/api/investment/links/{link.json()['id']}/placements",
                         {"organization": entry.organization_id, "year": 2025, "output_value": "88.5"})  # fmt: skip
    assert placed.status_code == 201 and placed.json()["output_value"] == "88.50"
    target = office.post(f"/api/investment/links/{link.json()['id']}/targets", {"company": "目标甲"})
    assert target.status_code == 201
    assert office.post(f"/api/investment/links/{link.json()['id']}/targets", {"company": "目标甲"}).status_code == 422


def test_cli(users, tmp_path):
    out = io.StringIO()
    call_command("investment", "chains", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["code"] for r in rows} >= {"PETRO", "NFM"} and all("gaps" in r for r in rows)
    out = io.StringIO()
    call_command("investment", "chain", "PETRO", "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["code"] == "PETRO" and any(link["status"] == "gap" for link in body["links"])
    out = io.StringIO()
    call_command("investment", "gaps", "--chain", "PETRO", stdout=out)
    assert demo.JOURNEY_LINK in out.getvalue()
    out = io.StringIO()
    call_command("investment", "targets", "--chain", "PETRO", "--format", "json", stdout=out)
    assert len(json.loads(out.getvalue())) >= 2
    with pytest.raises(CommandError):
        call_command("investment", "chain", "NOPE")
    with pytest.raises(CommandError):
        call_command("investment", "targets", "--status", "won")
    path = tmp_path / "links.xlsx"
    path.write_bytes(_xlsx([["上游", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError) as e:
        call_command("investment", "chain-import", "PETRO", str(path))
    assert "row 2" in str(e.value)
    path.write_bytes(_xlsx([["上游", "命令行环节", "", "", "", "", "", ""]]))
    out = io.StringIO()
    call_command("investment", "chain-import", "PETRO", str(path), stdout=out)
    assert json.loads(out.getvalue())["created"] == 1
