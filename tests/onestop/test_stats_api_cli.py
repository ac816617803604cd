"""The statistics API (/api/onestop/stats, /api/policies/stats) and CLI (`onestop stats`, `policies stats`)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .stats_rows import build


@pytest.fixture
def world(demo):
    return build()


def test_api_for_the_office(api, users, world):
    r = api.as_user(users["office"]).get("/api/onestop/stats?year=2026")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["year"] == 2026 and body["total"]["received"] == 5
    kjt = next(d for d in body["by_department"] if d["department_id"] == world["kjt"].pk)
    assert kjt["overdue_rate"] == "0.5000" and kjt["mean_days"] == "8.5"
    assert {i["code"] for i in body["by_item"]} == {"T-STATS-QR-1", "T-STATS-XK-1"}
    assert len(body["by_month"]) == 12 and body["open"]["levels"]["overdue"] >= 1


def test_api_department_scope(api, users, world):
    client = api.as_user(users["kjj"])
    body = client.get("/api/onestop/stats?year=2026").json()
    assert [d["department_id"] for d in body["by_department"]] == [world["kjj"].pk]
    r = client.get(f"/api/onestop/stats?year=2026&department={world['kjt'].pk}")
    assert r.status_code == 403


def test_api_refuses_applicants_and_bad_input(api, users, world):
    assert api.as_user(users["enterprise"]).get("/api/onestop/stats").status_code == 403
    office = api.as_user(users["office"])
    assert office.get("/api/onestop/stats?year=1900").status_code == 422
    assert office.get("/api/onestop/stats?type=ZZ").status_code == 422


def test_api_policy_stats(api, users, world):
    r = api.as_user(users["leader"]).get("/api/policies/stats?year=2026")
    assert r.status_code == 200, r.content
    body = r.json()
    assert {"policies_published", "clauses_published", "grants", "by_month", "by_clause"} <= set(body)
    assert len(body["by_month"]) == 12
    assert api.as_user(users["enterprise"]).get("/api/policies/stats").status_code == 403


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cli_json_and_table(world):
    data = json.loads(_run("onestop", "stats", "--year", "2026", "--format", "json"))
    assert (
        data["total"]["received"] == 5 and data["total"]["overdue_rate"] == "0.5000"
    )  # (1 late + 1 open) / (3 finished + 1 open)
    table = _run("onestop", "stats", "--year", "2026", "--by", "department")
    lines = table.strip().splitlines()
    assert lines[0].split("\t")[:2] == ["department", "received"]
    assert any(line.startswith("甘肃省科学技术厅\t3\t") for line in lines)
    assert lines[-1].startswith("total\t5\t")


def test_cli_filters_and_errors(world):
    data = json.loads(
        _run("onestop", "stats", "--year", "2026", "--department", "兰州市科学技术局", "--format", "json")
    )
    assert [d["department"] for d in data["by_department"]] == ["兰州市科学技术局"]
    assert "(no cases" in _run("onestop", "stats", "--year", "2024")
    with pytest.raises(CommandError, match="no department"):
        _run("onestop", "stats", "--department", "不存在的部门")
    with pytest.raises(CommandError, match="out of range"):
        _run("onestop", "stats", "--year", "1800")


def test_cli_policy_stats(world):
    data = json.loads(_run("policies", "stats", "--year", "2026", "--format", "json"))
    assert data["year"] == 2026 and "grants" in data
    assert _run("policies", "stats", "--year", "2026").startswith("year\t2026")
