"""The pipeline through the API and the CLI: the same services and refusals; the Excel import all or nothing;
the demo has projects in every stage."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from innozone.core.errors import ValidationFailed
from innozone.investment.models import Fair, FundsInPlace, Project
from innozone.investment.services import projects_import

from .pipeline_helpers import days_ago, new_project, park_with_enterprise, signed


def test_api_create_move_refused_and_funds(api, users, investment_world):
    park, _org = park_with_enterprise()
    api.as_user(users["office"])
    body = {
        "name": "API项目",
        "investor": "某集团",
        "source": "chain",
        "park": park.pk,
        "planned_investment": "5000000",
    }
    r = api.post("/api/investment/projects", body)
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    r = api.post(f"/api/investment/projects/{pid}/move", {"stage": "started", "started_on": days_ago(1).isoformat()})
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["detail"]}
    assert {"signed_on", "registered_on", "enterprise", "signed_investment"} <= fields
    r = api.post(
        f"/api/investment/projects/{pid}/move",
        {"stage": "signed", "signed_on": days_ago(5).isoformat(), "signed_investment": "4000000"},
    )
    assert r.status_code == 200 and r.json()["stage"] == "signed"
    r = api.post(f"/api/investment/projects/{pid}/funds", {"month": days_ago(0).strftime("%Y-%m"), "amount": "100.50"})
    assert r.status_code == 201 and r.json()["amount"] == "100.50"
    detail = api.get(f"/api/investment/projects/{pid}").json()
    assert detail["funds_total"] == "100.50" and len(detail["events"]) == 2
    listing = api.get("/api/investment/projects?stage=signed").json()
    assert listing["count"] == 1
    board = api.get("/api/investment/board").json()
    assert [c["stage"] for c in board][:3] == ["lead", "negotiating", "signed"]


def test_api_forbidden_for_enterprises(api, users, investment_world):
    api.as_user(users["enterprise"])
    assert api.get("/api/investment/projects").status_code == 403
    assert api.get("/api/investment/fairs").status_code == 403


def test_cli(users, investment_world, capsys):
    park, _org = park_with_enterprise()
    p = signed(users["office"], new_project(users["office"], park), ago=20)
    call_command("investment", "funds", p.code, "--month", days_ago(0).strftime("%Y-%m"), "--amount", "300")
    assert FundsInPlace.objects.get(project=p).amount == 300
    with pytest.raises(CommandError) as e:
        call_command("investment", "move", p.code, "started", "--started-on", days_ago(1).isoformat())
    assert "缺少注册日期" in str(e.value)
    with pytest.raises(CommandError):
        call_command("investment", "project", "ZS0000-9999")
    capsys.readouterr()
    call_command("investment", "projects", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == [p.code]
    call_command("investment", "daily")
    assert "stalled projects" in capsys.readouterr().out


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([h for h, _f in projects_import.COLUMNS])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_all_or_nothing(users, investment_world):
    park, _ = park_with_enterprise()
    good = ["好项目", "某集团", "北京", "产业链招商", "", park.name, "", "李四", "3985", "1000000", ""]
    bad = ["", "某集团", "", "兰洽会", "", "不存在的园区", "", "", "abc", "-5", ""]
    formula = ["公式项目", "=1+1", "", "线上招商", "", park.name, "", "", "", "100", ""]
    with pytest.raises(ValidationFailed) as e:
        projects_import.projects_import(actor=users["office"], data=_xlsx([good, bad, formula]))
    rows = {d.get("row") for d in e.value.detail}
    assert rows == {3, 4}
    text = " ".join(d["message"] for d in e.value.detail)
    assert "第 3 行" in text and "不存在的园区" in text and "不接受公式" in text
    assert not Project.objects.filter(name="好项目").exists()
    made = projects_import.projects_import(actor=users["office"], data=_xlsx([good]))
    assert [p.name for p in made] == ["好项目"] and made[0].stage == "lead"
    with pytest.raises(ValidationFailed):
        projects_import.projects_import(actor=users["office"], data=b"not a zip")


def test_demo_projects_in_every_stage(busy_investment, users):
    demo = Project.objects.filter(is_demo=True)
    assert set(demo.values_list("stage", flat=True)) == set(Project.Stage.values)
    assert demo.filter(status="dropped").count() >= 2
    assert demo.exclude(enterprise=None).count() >= 4
    assert FundsInPlace.objects.filter(project__is_demo=True).count() > 10
    assert {f.kind for f in Fair.objects.filter(is_demo=True)} == {"lanqia", "kebo"}
    assert {f.year for f in Fair.objects.filter(is_demo=True)} == {2025, 2026}
    from innozone.investment.selectors.projects import stalled_qs

    assert stalled_qs(demo).exists()
    from innozone.ledger.verify import verify

    assert verify().ok
