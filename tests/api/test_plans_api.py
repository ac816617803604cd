"""The REST API: token auth, the same permissions as the pages, `{code, message, detail}` errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innozone.plans import services
from innozone.plans.models import Report


def test_requests_without_token_are_refused(api, plan2020):
    response = api.get("/api/plans/")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    api.token = "iz_not-a-token"
    assert api.get("/api/plans/").status_code == 401


def test_revoked_token_stops_working(api, users):
    from innozone.core.models import ApiToken
    from innozone.core.tokens import api_token_revoke

    api.as_user(users["office"])
    assert api.get("/api/plans/").status_code == 200
    api_token_revoke(actor=users["office"], token=ApiToken.objects.get())
    assert api.get("/api/plans/").status_code == 401


def test_plan_structure_matches_cli_export(api, users, plan2020):
    body = api.as_user(users["leader"]).get(f"/api/plans/{plan2020.pk}").json()
    task6 = next(t for t in body["tasks"] if t["number"] == "6")
    assert task6["lead"] == ["兰州市", "白银市"]
    assert body["indicators"][0]["split"] == {"兰州": 80, "白银": 20}


ENDPOINTS = [
    "/api/plans/",
    "/api/plans/{plan}",
    "/api/plans/{plan}/tasks",
    "/api/plans/{plan}/indicators",
    "/api/plans/tasks/{task}",
    "/api/plans/tasks/{task}/reports",
    "/api/plans/reports/review-queue",
]


@pytest.mark.parametrize(
    "username,allowed",
    [
        ("office", True),
        ("lanzhou", True),
        ("lzxq", True),
        ("leader", True),
        ("auditor", True),
        ("enterprise", False),
        ("provider", False),
        ("expert", False),
    ],
)
def test_every_role_against_every_read_endpoint(api, users, plan2020, task6, username, allowed):
    api.as_user(users[username])
    for endpoint in ENDPOINTS:
        response = api.get(endpoint.format(plan=plan2020.pk, task=task6.pk))
        assert response.status_code == (200 if allowed else 403), (endpoint, response.content)
        if not allowed:
            assert response.json()["code"] == "forbidden"


def test_file_review_and_totals_through_the_api(api, users, plan2020, task6):
    ind = task6.indicators.get(name="新产品")
    payload = {
        "period": "2020-Q1",
        "progress": "in_progress",
        "narrative": "通过接口报送的进展。",
        "quantities": [{"indicator_id": ind.pk, "value": "4.5"}],
    }
    response = api.as_user(users["lzxq"]).post(f"/api/plans/tasks/{task6.pk}/reports", payload)
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["status"] == "submitted" and report["quantities"][0]["region"] == "兰州市"
    # another reporter can neither see nor review it
    other = api.as_user(users["lzgx"])
    assert other.get(f"/api/plans/reports/{report['id']}").status_code == 403
    assert other.post(f"/api/plans/reports/{report['id']}/accept", {}).status_code == 403
    assert report["id"] not in [r["id"] for r in other.get(f"/api/plans/tasks/{task6.pk}/reports").json()["items"]]
    # the lead unit returns without a comment: refused with the reason
    lead = api.as_user(users["lanzhou"])
    refused = lead.post(f"/api/plans/reports/{report['id']}/return", {"comment": ""})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "comment"
    accepted = lead.post(f"/api/plans/reports/{report['id']}/accept", {"comment": "ok"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    inds = {i["name"]: i for i in lead.get(f"/api/plans/{plan2020.pk}/indicators").json()}
    assert inds["新产品"]["total"] == "4.5000" or float(inds["新产品"]["total"]) == 4.5
    assert {s["label"]: float(s["total"]) for s in inds["新产品"]["split"]} == {"兰州": 4.5, "白银": 0.0}


def test_invalid_report_body_lists_every_error_and_saves_nothing(api, users, task6):
    response = api.as_user(users["lzxq"]).post(
        f"/api/plans/tasks/{task6.pk}/reports", {"period": "1999-Q1", "progress": "x", "narrative": ""}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and {d["field"] for d in body["detail"]} >= {
        "period",
        "progress",
        "narrative",
    }
    malformed = api.post(f"/api/plans/tasks/{task6.pk}/reports", {"period": 5})
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid"
    assert Report.objects.count() == 0


def test_task_filter_and_query_count(api, users, plan2020):
    api.as_user(users["office"])
    unit = users["lzxq"].organization.pk
    rows = api.get(f"/api/plans/{plan2020.pk}/tasks?unit={unit}&role=implementing").json()
    assert [r["number"] for r in rows] == ["5", "6", "7", "9", "10"]
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(f"/api/plans/{plan2020.pk}/tasks").status_code == 200
    assert len(ctx) <= 15


def test_openapi_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/plans/tasks/{task_id}/reports" in schema["paths"]


def test_reporter_sees_only_own_reports_in_api(api, users, task6):
    mine = services.report_submit(
        actor=users["lzxq"], task=task6, period="2020-Q1", progress="in_progress", narrative="本单位进展。"
    )
    theirs = services.report_submit(
        actor=users["bygx"], task=task6, period="2020-Q1", progress="in_progress", narrative="他单位进展。"
    )
    ids = [r["id"] for r in api.as_user(users["lzxq"]).get(f"/api/plans/tasks/{task6.pk}/reports").json()["items"]]
    assert ids == [mine.pk] and theirs.pk not in ids


def test_tasks_as_of_a_date(api, users, plan2020):
    rows = api.as_user(users["leader"]).get(f"/api/plans/{plan2020.pk}/tasks?as_of=2020-02-01").json()
    assert {r["status"] for r in rows} == {"not_started"}
    rows = api.get(f"/api/plans/{plan2020.pk}/tasks?as_of=2021-01-01").json()
    assert {r["status"] for r in rows} == {"overdue"}


WRITERS = {"lzxq", "lzgx", "bygx", "lanzhou", "baiyin", "kjt"}  # units responsible for task 6
ROLES = [
    "office",
    "lanzhou",
    "baiyin",
    "kjt",
    "lzxq",
    "lzgx",
    "bygx",
    "leader",
    "auditor",
    "enterprise",
    "provider",
    "expert",
]


@pytest.mark.parametrize("username", ROLES)
def test_every_role_against_the_write_endpoints(api, users, task6, username):
    from innozone.core.models import Region

    by = Region.objects.get(code="by")
    body = {
        "period": "2020-Q3",
        "progress": "in_progress",
        "narrative": f"{username} 的进展说明。",
        "quantities": [{"indicator_id": task6.indicators.get(name="新产品").pk, "value": "1", "region_id": by.pk}],
    }
    if username in {"lzxq", "lzgx"}:
        body["quantities"][0].pop("region_id")  # their city (兰州) is the default
    response = api.as_user(users[username]).post(f"/api/plans/tasks/{task6.pk}/reports", body)
    assert response.status_code == (201 if username in WRITERS else 403), response.content
    # a report by 兰州新区 to review: only the office and the lead cities' coordinators may accept it
    target = services.report_submit(
        actor=users["lzxq"], task=task6, period="2020-Q4", progress="in_progress", narrative="待审核的报告。"
    )
    response = api.as_user(users[username]).post(f"/api/plans/reports/{target.pk}/accept", {"comment": ""})
    may_review = username in {"office", "lanzhou", "baiyin"}
    assert response.status_code == (200 if may_review else 403), (username, response.content)
    assert Report.objects.get(pk=target.pk).status == ("accepted" if may_review else "submitted")
