"""The catalogue part's API (/api/onestop/items, /powers, /negative, /calendar) and command line (items, item,
powers, negative)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innozone.core.models import User, WorkdayOverride
from innozone.onestop.demo import catalogue as demo
from innozone.onestop.models import ServiceItem


@pytest.fixture
def users(policy_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "enterprise", "kjt", "leader"])}


def call(client, api, method, url, body=None):
    headers = api._headers()
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def test_items_list_filters_and_pages(api, users):
    client = api.as_user(users["enterprise"])
    body = client.get("/api/onestop/items?limit=5").json()
    assert body["count"] == ServiceItem.objects.exclude(status="draft").count() and len(body["items"]) == 5
    codes = {i["code"] for i in client.get("/api/onestop/items?limit=500").json()["items"]}
    assert demo.LICENCE in codes and "62000000KJ-QT-0099" not in codes
    licences = client.get("/api/onestop/items?type=XK").json()["items"]
    assert {i["code"] for i in licences} == {demo.LICENCE, "62000000KJ-XK-0002"}
    parallel = {i["code"]: i for i in client.get("/api/onestop/items?limit=500").json()["items"]}
    assert parallel[demo.PARALLEL_TWO]["parallel"] and not parallel[demo.LICENCE]["parallel"]
    assert parallel["62000000ZC-JF-0001"]["link"] == "/vouchers/apply/"
    assert client.get("/api/onestop/items?limit=0").status_code == 422
    office = api.as_user(users["office"])
    assert office.get("/api/onestop/items?status=draft").json()["count"] == 1


def test_item_detail(api, users):
    licence = ServiceItem.objects.get(code=demo.LICENCE)
    body = api.as_user(users["enterprise"]).get(f"/api/onestop/items/{licence.pk}").json()
    assert body["clock"] == "licence" and body["statutory_days"] == 20 and body["extension_days"] == 10
    assert any("20 个工作日内作出决定" in w for w in body["clock_words"])
    deferred = [m["name"] for m in body["materials"] if m["may_defer"]]
    assert deferred == ["从业人员培训证明", "管理制度文件"]
    assert body["materials"][0]["template"].endswith("/template/")
    draft = ServiceItem.objects.get(code="62000000KJ-QT-0099")
    assert api.as_user(users["enterprise"]).get(f"/api/onestop/items/{draft.pk}").status_code == 404
    assert api.as_user(users["kjt"]).get(f"/api/onestop/items/{draft.pk}").status_code == 200


def test_office_creates_updates_publishes(client, api, users):
    body = {
        "code": "62000000KJ-GG-0800",
        "name": "接口创建事项",
        "type": "GG",
        "department": demo.KJT,
        "legal_basis": "《测试》",
        "conditions": "条件",
        "statutory_days": 10,
        "promised_days": 5,
        "branch_departments": [demo.KJJ],
        "branch_days": 5,
    }
    assert api.as_user(users["enterprise"]).post("/api/onestop/items", body).status_code == 403
    bad = api.as_user(users["office"]).post("/api/onestop/items", {**body, "promised_days": 15})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "promised_days"
    made = api.as_user(users["office"]).post("/api/onestop/items", body)
    assert made.status_code == 201, made.content
    item_id = made.json()["id"]
    assert made.json()["branch_departments"][0]["name"] == demo.KJJ
    refused = api.as_user(users["office"]).post(f"/api/onestop/items/{item_id}/status", {"status": "published"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "materials"
    material = api.as_user(users["office"]).post(f"/api/onestop/items/{item_id}/materials", {"name": "申请表"})
    assert material.status_code == 201
    published = api.as_user(users["office"]).post(f"/api/onestop/items/{item_id}/status", {"status": "published"})
    assert published.status_code == 200 and published.json()["status"] == "published"
    api.as_user(users["office"])
    changed = call(client, api, "put", f"/api/onestop/items/{item_id}", {**body, "name": "改名"})
    assert changed.status_code == 200 and changed.json()["name"] == "改名"
    extra = api.as_user(users["office"]).post(f"/api/onestop/items/{item_id}/materials", {"name": "附件"})
    gone = call(client, api, "delete", f"/api/onestop/items/{item_id}/materials/{extra.json()['id']}")
    assert gone.status_code == 204
    again = api.as_user(users["office"]).post(f"/api/onestop/items/{item_id}/status", {"status": "published"})
    assert again.status_code == 409


def test_lists_and_calendar_api(client, api, users):
    powers = api.as_user(users["enterprise"]).get("/api/onestop/powers?limit=100").json()
    assert powers["count"] >= 10 and any(p["item_code"] == demo.LICENCE for p in powers["items"])
    negative = api.as_user(users["enterprise"]).get("/api/onestop/negative?category=forbidden").json()
    assert negative["count"] == 2 and all(e["category"] == "forbidden" for e in negative["items"])
    assert api.as_user(users["enterprise"]).get("/api/onestop/calendar?year=2026").status_code == 403
    year = api.as_user(users["leader"]).get("/api/onestop/calendar?year=2026").json()
    feb14 = next(d for d in year["days"] if d["day"] == "2026-02-14")
    assert feb14 == {"day": "2026-02-14", "workday": True, "kind": "makeup", "festival": "春节", "note": ""}
    assert year["package"] and len(year["days"]) == 365
    office = api.as_user(users["office"])
    made = office.post(
        "/api/onestop/calendar/overrides",
        {"day": "2028-02-02", "day_to": "2028-02-03", "is_workday": False, "note": "测试"},
    )
    assert made.status_code == 201 and [o["day"] for o in made.json()] == ["2028-02-02", "2028-02-03"]
    assert call(client, api, "delete", "/api/onestop/calendar/overrides/2028-02-02").status_code == 204
    assert call(client, api, "delete", "/api/onestop/calendar/overrides/2028-02-02").status_code == 404
    assert call(client, api, "delete", "/api/onestop/calendar/overrides/not-a-day").status_code == 422
    assert list(WorkdayOverride.objects.filter(day__year=2028).values_list("note", flat=True)) == ["测试"]
    noted = office.post("/api/onestop/calendar/overrides", {"day": "2028-02-04", "is_workday": False, "note": ""})
    assert noted.status_code == 422


def test_cli_items_item_and_lists(users):
    out = io.StringIO()
    call_command("onestop", "items", "--department", "省科技厅", "--type", "XK", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["code"] for r in rows} == {demo.LICENCE, "62000000KJ-XK-0002"}
    out = io.StringIO()
    call_command("onestop", "item", demo.PARALLEL_THREE, "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    assert sorted(body["parallel"]) == sorted([demo.KJT, demo.KJJ, demo.SCJG])
    assert any(m["may_defer"] for m in body["materials"])
    out = io.StringIO()
    call_command("onestop", "item", demo.LICENCE, stdout=out)
    assert "material\t从业人员培训证明\t容缺" in out.getvalue()
    out = io.StringIO()
    call_command("onestop", "powers", "--department", demo.SCJG, "--format", "json", stdout=out)
    assert {r["department"] for r in json.loads(out.getvalue())} == {demo.SCJG}
    out = io.StringIO()
    call_command("onestop", "negative", "--category", "restricted", stdout=out)
    assert out.getvalue().count("\n") >= 1
    with pytest.raises(CommandError, match="no service item"):
        call_command("onestop", "item", "NOPE")
    with pytest.raises(CommandError, match="no organization"):
        call_command("onestop", "items", "--department", "不存在的部门")
    with pytest.raises(CommandError, match="--type"):
        call_command("onestop", "items", "--type", "ZZ")
    with pytest.raises(CommandError, match="--category"):
        call_command("onestop", "negative", "--category", "maybe")
