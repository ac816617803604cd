"""The CLI contract (`policies match`, `policies eligible`, grant lists, notices) and /api/policies matching."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from innozone.core.models import Notice, Organization
from innozone.policies.models import MatchNotice
from innozone.policies.services import notify

from .matching_helpers import file_figures, longyuan, published_clause

RD3 = {"and": [{"in": ["hnte", {"var": "qualifications"}]}, {">=": [{"var": "rd_ratio"}, 3]}]}


def _run(*args) -> list | dict:
    out = io.StringIO()
    call_command("policies", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def near_clause(registry, users):
    clause = published_clause(RD3, amount_rule={"type": "fixed", "amount": "80000"}, title="研发投入奖励（演示）")
    year = timezone.localdate().year
    file_figures(longyuan(), users["enterprise"], year=year, rd_total="280000", revenue="10000000")
    return clause


def test_match_contract(near_clause):
    uscc = longyuan().registry_entry.uscc
    eligible_only = _run("match", "--enterprise", uscc)
    assert near_clause.pk not in [r["clause_id"] for r in eligible_only]
    assert all(r["eligible"] is True for r in eligible_only)
    rows = _run("match", "--enterprise", uscc, "--near")
    row = next(r for r in rows if r["clause_id"] == near_clause.pk)
    assert {"policy", "clause", "eligible", "amount", "failed"} <= set(row)
    assert row["eligible"] is False and row["clause"] == "研发投入奖励（演示）" and row["amount"] == "80000.00"
    assert row["failed"] == [
        {
            "condition": "研发费用占销售收入比例 ≥ 3%",
            "value": 2.8,
            "required": 3,
            "gap": "研发费用占销售收入比例 2.8%，差 0.2 个百分点",
        }
    ]


def test_eligible_contract_and_errors(near_clause):
    rows = _run("eligible", "--clause", str(near_clause.pk))
    assert rows and all(set(r) == {"uscc", "name", "amount"} for r in rows)
    assert longyuan().registry_entry.uscc not in [r["uscc"] for r in rows]
    near = _run("eligible", "--clause", str(near_clause.pk), "--near")
    assert any(r["uscc"] == longyuan().registry_entry.uscc and r["eligible"] is False for r in near)
    with pytest.raises(CommandError):
        _run("eligible", "--clause", "999999")
    with pytest.raises(CommandError):
        _run("match", "--enterprise", "NOPE")
    with pytest.raises(CommandError):
        _run("match", "--enterprise", longyuan().registry_entry.uscc, "--date", "2026-13-01")


def test_grant_list_commands(registry):
    clause = published_clause(
        {"in": ["hnte", {"var": "qualifications"}]}, amount_rule={"type": "fixed", "amount": "1000"},
        no_application=True, title="免申（演示）",
    )  # fmt: skip
    made = _run("grant-list-create", "--clause", str(clause.pk))
    assert made[0]["entries"] > 0 and made[0]["status"] == "draft"
    lists = _run("grant-lists", "--clause", str(clause.pk))
    assert lists[0]["id"] == made[0]["id"] and lists[0]["listed"] == made[0]["entries"]
    with pytest.raises(CommandError):
        _run("grant-list-create", "--clause", str(clause.pk))  # one open list per clause


def test_notify_matches_once_per_version_with_near_wording(near_clause, users):
    counts = notify.notify_matches([near_clause.pk], enqueue=False)
    assert counts["eligible"] > 0 and counts["near"] >= 1
    notice = Notice.objects.get(
        recipient=users["enterprise"], dedupe_key__startswith=f"policies.match:{near_clause.pk}:"
    )
    assert "接近符合" in notice.title and "差 0.2 个百分点" in notice.body
    assert MatchNotice.objects.get(clause=near_clause, organization=longyuan()).near
    again = notify.notify_matches([near_clause.pk], enqueue=False)
    assert again["eligible"] == again["near"] == again["notices"] == 0
    type(near_clause).objects.filter(pk=near_clause.pk).update(version=2)
    assert notify.notify_matches([near_clause.pk], enqueue=False)["near"] >= 1
    assert _run("notify-matches", "--clause", str(near_clause.pk))[0]["eligible"] == 0


def test_api_match_and_eligible(near_clause, users, api):
    body = api.as_user(users["enterprise"]).get("/api/policies/match?show=near").json()
    assert body["organization"] == "甘肃陇原新材料科技有限公司"
    item = next(i for i in body["items"] if i["clause_id"] == near_clause.pk)
    assert item["near"] and item["failed"][0]["gap_text"] == "研发费用占销售收入比例 2.8%，差 0.2 个百分点"
    assert api.as_user(users["enterprise"]).get(f"/api/policies/clauses/{near_clause.pk}/eligible").status_code == 403
    assert api.as_user(users["bank"]).get("/api/policies/match").status_code == 403
    uscc = longyuan().registry_entry.uscc
    assert (
        api.as_user(users["office"]).get(f"/api/policies/match?uscc={uscc}").json()["organization_id"] == longyuan().pk
    )
    assert api.as_user(users["office"]).get("/api/policies/match?uscc=XX").status_code == 404
    page = api.as_user(users["office"]).get(f"/api/policies/clauses/{near_clause.pk}/eligible?near=true&limit=5").json()
    assert page["count"] == page["eligible_count"] + page["near_count"] and len(page["items"]) <= 5
    assert api.as_user(users["office"]).get("/api/policies/variables").json()[0]["name"] == "region"


def test_api_grant_flow(registry, users, api):
    owner = Organization.objects.get(name="甘肃省科学技术厅")
    clause = published_clause(
        {"in": ["hnte", {"var": "qualifications"}]}, amount_rule={"type": "fixed", "amount": "1000"},
        no_application=True, owner=owner, title="免申（演示）",
    )  # fmt: skip
    assert api.as_user(users["enterprise"]).post("/api/policies/grant-lists", {"clause": clause.pk}).status_code == 403
    made = api.as_user(users["office"]).post("/api/policies/grant-lists", {"clause": clause.pk})
    assert made.status_code == 201
    gid = made.json()["id"]
    detail = api.as_user(users["office"]).get(f"/api/policies/grant-lists/{gid}?limit=2").json()
    assert detail["entries_count"] >= len(detail["entries"]) and detail["entries"][0]["determination_id"]
    entry = next(e for e in detail["entries"] if e["organization_id"] != longyuan().pk)
    r = api.as_user(users["office"]).post(f"/api/policies/grant-entries/{entry['id']}/exclude", {"reason": ""})
    assert r.status_code == 422
    api.as_user(users["office"]).post(f"/api/policies/grant-entries/{entry['id']}/exclude", {"reason": "核查（演示）"})
    assert (
        api.as_user(users["office"]).post(f"/api/policies/grant-lists/{gid}/submit", {}).json()["status"]
        == "confirming"
    )
    assert (
        api.as_user(users["office"]).post(f"/api/policies/grant-lists/{gid}/decide", {"approve": True}).status_code
        == 409
    )
    done = api.as_user(users["kjt"]).post(f"/api/policies/grant-lists/{gid}/decide", {"approve": True, "comment": ""})
    assert done.json()["status"] == "granted"
    mine = api.as_user(users["enterprise"]).get("/api/policies/grants").json()
    assert mine["count"] == 1 and mine["items"][0]["amount"] == "1000.00"
    gid_ = mine["items"][0]["id"]
    assert (
        api.as_user(users["enterprise"]).post(f"/api/policies/grants/{gid_}/pay", {"payment_ref": "x"}).status_code
        == 403
    )
    paid = api.as_user(users["finance"]).post(f"/api/policies/grants/{gid_}/pay", {"payment_ref": "ZF-9"}).json()
    assert paid["status"] == "paid"


def test_many_clauses_go_through_the_task_queue(near_clause, users, settings):
    settings.INNOZONE_POLICIES_NOTIFY_INLINE = 0  # every call is "many": enqueued (the immediate backend runs it)
    assert notify.notify_matches([near_clause.pk]) == {"enqueued": 1}
    assert MatchNotice.objects.filter(clause=near_clause, organization=longyuan(), near=True).exists()
    assert notify.notify_matches([]) == {"clauses": 0, "eligible": 0, "near": 0, "notices": 0}
