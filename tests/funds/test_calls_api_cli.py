"""The calls part's API (programmes, calls, eligibility for a USCC, applications save/submit with the version,
checks, recommendations) and command line (calls, eligibility, close-calls)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from innozone.core.models import User
from innozone.enterprises import selectors as registry
from innozone.funds.demo import calls as demo
from innozone.funds.models import Application, Call


@pytest.fixture
def seeded(funds_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "enterprise", "lanzhou", "leader"])}


def test_api_programmes_calls_and_eligibility(api, seeded):
    client = api.as_user(seeded["enterprise"])
    progs = client.get("/api/funds/programmes").json()
    assert {p["name"] for p in progs} >= {demo.PLAN, demo.COOP}
    calls = client.get("/api/funds/calls").json()
    assert all(c["stage"] != "draft" for c in calls["items"])
    open_call = Call.objects.get(programme__name=demo.COOP)
    body = client.get(f"/api/funds/calls/{open_call.pk}/eligibility").json()
    assert body["eligible"] is True and len(body["rules"]) == len(open_call.eligibility)
    uscc = registry.enterprise_of(seeded["enterprise"].organization_id).uscc
    assert client.get(f"/api/funds/calls/{open_call.pk}/eligibility?uscc={uscc}").status_code == 403
    office = api.as_user(seeded["office"])
    assert office.get(f"/api/funds/calls/{open_call.pk}/eligibility?uscc={uscc}").json()["eligible"] is True


def test_api_application_save_conflict_and_submit_problems(api, seeded):
    client = api.as_user(seeded["enterprise"])
    open_call = Call.objects.get(programme__name=demo.COOP)
    made = client.post(f"/api/funds/calls/{open_call.pk}/applications", {"title": "合作项目"})
    assert made.status_code == 201, made.content
    app_id, version = made.json()["id"], made.json()["version"]
    ok = api.as_user(seeded["enterprise"]).post(
        f"/api/funds/applications/{app_id}/save", {"version": version, "data": {"amount": "100000"}}
    )
    assert ok.status_code == 200 and ok.json()["version"] == version + 1
    stale = api.as_user(seeded["enterprise"]).post(
        f"/api/funds/applications/{app_id}/save", {"version": version, "data": {"amount": "1"}}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    submit = api.as_user(seeded["enterprise"]).post(f"/api/funds/applications/{app_id}/submit", {})
    assert submit.status_code == 422
    fields = {d["field"] for d in submit.json()["detail"]}
    assert {"summary", "co_applicants"} <= fields
    assert api.as_user(seeded["lanzhou"]).get(f"/api/funds/applications/{app_id}").status_code == 404
    assert api.as_user(seeded["leader"]).get(f"/api/funds/applications/{app_id}").status_code == 200
    assert api.as_user(seeded["leader"]).get("/api/funds/checks").status_code == 200
    assert api.as_user(seeded["enterprise"]).get("/api/funds/checks").status_code == 403


def test_cli_calls_eligibility_and_close(seeded, tmp_path):
    out = io.StringIO()
    call_command("funds", "calls", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len([r for r in rows if r["title"]]) >= 7
    open_call = Call.objects.get(programme__name=demo.COOP)
    uscc = registry.enterprise_of(seeded["enterprise"].organization_id).uscc
    path = tmp_path / "usccs.csv"
    path.write_text(f"uscc\n{uscc}\n91620100MA7999999X\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "funds", "eligibility", "--call", str(open_call.pk), "--file", str(path), "--format", "json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result[0]["eligible"] is True and result[1]["organization"] == ""
    Call.objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    out = io.StringIO()
    call_command("funds", "close-calls", "--format", "json", stdout=out)
    assert {"closed": open_call.pk} in json.loads(out.getvalue())
    assert Call.objects.get(pk=open_call.pk).stage == "closed"
    assert not Application.objects.filter(call=open_call).exists()
