"""The library's API (/api/policies: list/search, detail, office create/update, clauses, publish, withdraw, rule
check, fair review) and command line (policies list|show|search|publish|expire)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innozone.core.models import User
from innozone.policies.demo import library as demo
from innozone.policies.models import Clause, Policy

RULE = {"and": [{">=": [{"var": "employees"}, 10]}, {"in": [{"var": "size"}, ["small", "micro"]]}]}


@pytest.fixture
def users(policy_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "enterprise", "leader"])}


def _delete(api, url):
    from django.test import Client

    return Client().delete(url, **api._headers())


def _put(client, api, url, body):
    return client.put(url, json.dumps(body), content_type="application/json", **api._headers())


def test_api_list_search_and_detail(api, users):
    client = api.as_user(users["enterprise"])
    page = client.get("/api/policies/policies").json()
    assert page["count"] >= 6 and all(p["state"] == "in_force" for p in page["items"])
    assert all(p["status"] != "draft" for p in client.get("/api/policies/policies?state=all").json()["items"])
    found = client.get("/api/policies/policies?q=研发费用").json()
    assert found["count"] >= 1 and found["items"][0]["score"] > 0
    scores = [p["score"] for p in found["items"]]
    assert scores == sorted(scores, reverse=True)
    framework = Policy.objects.get(title=demo.FRAMEWORK_TITLE)
    detail = client.get(f"/api/policies/policies/{framework.pk}").json()
    assert detail["is_framework"] and len(detail["children"]) >= 4
    child = client.get(f"/api/policies/policies/{detail['children'][0]}").json()
    assert child["clauses"] and child["clauses"][0]["condition_text"]
    draft = Policy.objects.get(status="draft", is_demo=True)
    assert client.get(f"/api/policies/policies/{draft.pk}").status_code == 404
    assert client.get("/api/policies/policies/0").status_code == 422


def test_api_office_writes_and_errors(api, users):
    enterprise = api.as_user(users["enterprise"])
    assert enterprise.post("/api/policies/policies", {"title": "x", "issuer": "y"}).status_code == 403
    client = api.as_user(users["office"])
    bad = client.post("/api/policies/policies", {"title": "", "issuer": "", "level": "moon"})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["detail"]} == {"title", "issuer", "level"}
    created = client.post(
        "/api/policies/policies",
        {"title": "接口政策", "issuer": "兰州市人民政府", "level": "city", "effective_from": "2020-01-01"},
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    clause = client.post(
        f"/api/policies/policies/{pid}/clauses",
        {"title": "接口条款", "kind": "subsidy", "condition": RULE, "amount_rule": {"type": "fixed", "amount": "8000"}},
    )
    assert clause.status_code == 201
    body = clause.json()
    assert body["condition_text"] == "职工总数 ≥ 10人 且 企业规模为小型或微型" and "8,000.00" in body["amount_text"]
    bad_clause = client.post(
        f"/api/policies/policies/{pid}/clauses", {"title": "坏", "kind": "gift", "condition": {"?": 1}}
    )
    assert bad_clause.status_code == 422
    published = client.post(f"/api/policies/policies/{pid}/publish", {})
    assert published.status_code == 200 and published.json()["published_clauses"] == [body["id"]]
    withdrawn = client.post(f"/api/policies/policies/{pid}/withdraw", {"reason": "测试"})
    assert withdrawn.json()["status"] == "withdrawn"


def test_api_update_clause_makes_a_new_version(client, api, users):
    office = api.as_user(users["office"])
    clause = Clause.objects.filter(status="published", policy__is_demo=True, favours_specific=False).first()
    body = {
        "title": clause.title,
        "kind": clause.kind,
        "condition": RULE,
        "amount_rule": clause.amount_rule,
        "no_application": clause.no_application,
    }
    response = _put(client, office, f"/api/policies/clauses/{clause.pk}", body)
    assert response.status_code == 200
    assert response.json()["version"] == clause.version + 1 and response.json()["status"] == "draft"


def test_api_rule_check_and_fair_review(api, users):
    client = api.as_user(users["enterprise"])
    ok = client.post("/api/policies/rules/describe", {"condition": RULE}).json()
    assert ok["valid"] and ok["words"].startswith("职工总数")
    bad = client.post("/api/policies/rules/describe", {"condition": {">=": [{"var": "nope"}, 1]}}).json()
    assert not bad["valid"] and "未知的变量" in bad["problems"][0]["message"]
    checklist = client.get("/api/policies/fair-review/checklist").json()
    assert len(checklist) == 12 and {i["group"] for i in checklist} >= {"生产经营成本（第十条）"}
    pending = Policy.objects.get(status="review")
    assert client.get(f"/api/policies/policies/{pending.pk}/fair-reviews").status_code == 404
    office = api.as_user(users["office"])
    reviews = office.get(f"/api/policies/policies/{pending.pk}/fair-reviews").json()
    assert reviews[0]["conclusion"] == "pending" and reviews[0]["proposed"] == "exception"
    again = office.post(
        f"/api/policies/policies/{pending.pk}/fair-reviews",
        {"checklist": {}, "conclusion": "passed"},
    )
    assert again.status_code == 403


def _run(*args):
    out = io.StringIO()
    call_command("policies", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_cli_list_show_search(policy_world):
    rows = json.loads(_run("list", "--format", "json"))
    assert rows and all(r["state"] == "in_force" for r in rows)
    assert any(r["status"] == "expired" for r in json.loads(_run("list", "--state", "expired", "--format", "json")))
    framework = Policy.objects.get(title=demo.FRAMEWORK_TITLE)
    child = framework.children.filter(status="published").first()
    shown = json.loads(_run("show", "--policy", str(child.pk), "--format", "json"))
    assert shown["title"] == child.title and shown["clauses"][0]["condition_text"]
    table = _run("show", "--policy", str(child.pk))
    assert child.title in table
    hits = json.loads(_run("search", "发明专利", "--format", "json"))
    assert hits and hits[0]["score"] >= hits[-1]["score"] > 0
    with pytest.raises(CommandError):
        _run("show", "--policy", "999999")
    with pytest.raises(CommandError):
        _run("list", "--state", "nonsense")
    with pytest.raises(CommandError):
        _run("search", "x", "--limit", "0")


def test_cli_publish_reports_problems_and_publishes(policy_world):
    pending = Policy.objects.get(status="review")
    with pytest.raises(CommandError):
        _run("publish", "--policy", str(pending.pk))
    draft = Policy.objects.get(status="draft", is_demo=True)
    out = _run("publish", "--policy", str(draft.pk))
    assert "published policy" in out
    assert Policy.objects.get(pk=draft.pk).status == "published"
    assert "expired 0" in _run("expire")


def test_api_delete_draft_clause_and_policy(api, users):
    client = api.as_user(users["office"])
    pid = client.post("/api/policies/policies", {"title": "将删除", "issuer": "测试"}).json()["id"]
    cid = client.post(f"/api/policies/policies/{pid}/clauses", {"title": "将删除的条款", "kind": "service"}).json()[
        "id"
    ]
    assert _delete(client, f"/api/policies/clauses/{cid}").status_code == 204
    assert not Clause.objects.filter(pk=cid).exists()
    assert _delete(client, f"/api/policies/policies/{pid}").status_code == 204
    assert not Policy.objects.filter(pk=pid).exists()
    published = Policy.objects.filter(status="published", is_demo=True).first()
    assert _delete(client, f"/api/policies/policies/{published.pk}").status_code == 422
