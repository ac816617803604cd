"""Cases API (submit multipart, acts, detail with branches and clock, rating, PDF) and command line (cases, clock,
daily with warnings, overdue notices once and deemed acceptance of licence cases)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innozone.core import workdays
from innozone.core.models import Notice
from innozone.onestop.engine import clock
from innozone.onestop.models import Case
from innozone.onestop.services import cases as services
from innozone.onestop.services.cases_daily import cases_daily

from .cases_world import at, make_item, materials, pdf, submit, user


def test_api_submit_act_and_read(policy_world, api, client):
    item = make_item(branches=("兰州市科学技术局",))
    form, licence, _ = materials(item)
    token_client = api.as_user(user("enterprise"))
    response = client.post(
        "/api/onestop/cases",
        {
            "item_id": item.pk,
            "contact": "张三",
            "phone": "1",
            "material_ids": [form.pk, licence.pk],
            "files": [pdf("a.pdf"), pdf("b.pdf")],
        },
        HTTP_AUTHORIZATION=f"Bearer {token_client.token}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("BJ") and body["status"] == "submitted" and body["clock"] is None
    missing = client.post(
        "/api/onestop/cases",
        {"item_id": item.pk, "contact": "a", "phone": "1"},
        HTTP_AUTHORIZATION=f"Bearer {token_client.token}",
    )
    assert missing.status_code == 422
    assert {d["field"] for d in missing.json()["detail"]} >= {f"material_{form.pk}", f"material_{licence.pk}"}
    case_id = body["id"]
    assert api.as_user(user("enterprise")).post(f"/api/onestop/cases/{case_id}/accept", {}).status_code == 403
    accepted = api.as_user(user("kjt")).post(f"/api/onestop/cases/{case_id}/accept", {"note": "ok"}).json()
    assert accepted["status"] == "branches" and accepted["clock"]["limit"] == item.promised_days
    branch = accepted["branches"][0]
    decided = (
        api.as_user(user("kjj"))
        .post(f"/api/onestop/cases/{case_id}/branches/{branch['id']}", {"approve": True, "comment": "同意"})
        .json()
    )
    assert decided["status"] == "accepted" and decided["branches"][0]["status"] == "approved"
    bad = api.as_user(user("kjt")).post(f"/api/onestop/cases/{case_id}/extend", {"days": 99, "reason": "x"})
    assert bad.status_code == 422
    done = api.as_user(user("kjt")).post(f"/api/onestop/cases/{case_id}/decide", {"approve": True}).json()
    assert done["status"] == "approved" and done["result_number"]
    pdf_response = api.as_user(user("enterprise")).get(f"/api/onestop/cases/{case_id}/result.pdf")
    assert pdf_response.content.startswith(b"%PDF")
    rated = api.as_user(user("enterprise")).post(
        f"/api/onestop/cases/{case_id}/rating",
        {"level": 1, "dimensions": {"efficiency": 1, "guide": 1, "convenience": 1, "usability": 1}, "comment": "慢"},
    )
    assert rated.status_code == 201 and rated.json()["rectify_due"]
    listing = api.as_user(user("enterprise")).get("/api/onestop/cases?mine=1").json()
    assert listing["count"] == 1 and listing["items"][0]["clock"]["level"] == "done"
    assert api.as_user(user("provider")).get(f"/api/onestop/cases/{case_id}").status_code == 404
    assert api.as_user(user("kjt")).get("/api/onestop/ratings").json()[0]["level"] == 1


def test_api_correct_and_answer(policy_world, api, client):
    case = submit(make_item())
    bad = api.as_user(user("kjt")).post(f"/api/onestop/cases/{case.pk}/correct", {"items": []})
    assert bad.status_code == 422
    body = (
        api.as_user(user("kjt"))
        .post(f"/api/onestop/cases/{case.pk}/correct", {"items": [{"material": "申请表", "problem": "未盖章"}]})
        .json()
    )
    assert body["status"] == "correcting" and body["corrections"][0]["items"][0]["problem"] == "未盖章"
    token = api.as_user(user("enterprise")).token
    answered = client.post(
        f"/api/onestop/cases/{case.pk}/answer",
        {"note": "已盖章", "files": [pdf()]},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "submitted"


def _run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("onestop", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_cli_cases_and_clock(policy_world):
    case = submit(make_item(promised=10), now=at(2026, 2, 13))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 2, 14))
    rows = json.loads(_run("cases", "--format", "json", "--on", "2026-03-04"))
    row = next(r for r in rows if r["number"] == case.number)
    assert row["due_on"] == "2026-03-06" and row["remaining"] == 2 and row["level"] == "yellow"
    one = json.loads(_run("clock", "--case", case.number, "--on", "2026-03-09", "--format", "json"))
    assert one["level"] == "overdue" and one["used"] == 11
    with pytest.raises(CommandError):
        _run("clock", "--case", "BJ1999-000001")
    with pytest.raises(CommandError):
        _run("cases", "--status", "nonsense")


def test_daily_warns_yellow_red_and_overdue_once(policy_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(make_item(promised=10, warn=3), now=at(2026, 3, 2))
        services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    due = Case.objects.get(pk=case.pk).due_on
    kjt = user("kjt")
    is_workday = workdays.calendar()
    yellow_day = clock.add_working_days(dt.date(2026, 3, 2), 8, is_workday)
    assert cases_daily(on=yellow_day)["yellow"] >= 1
    assert cases_daily(on=yellow_day)["yellow"] == 0  # once a day
    assert cases_daily(on=due)["red"] >= 1
    late = due + dt.timedelta(days=3)
    assert cases_daily(on=late)["overdue"] >= 1
    assert cases_daily(on=late + dt.timedelta(days=1))["overdue"] == 0  # overdue once
    assert Notice.objects.filter(recipient=kjt, title__contains=case.number).count() >= 4
    assert not Notice.objects.filter(recipient=user("kjj"), title__contains=case.number).exists()


def test_daily_deems_licence_cases_accepted_on_receipt(policy_world):
    licence = submit(make_item(code="TEST-XK-0001", clock="licence"), now=at(2026, 3, 2))
    own = submit(make_item(code="TEST-QR-0002"), now=at(2026, 3, 2))
    last = clock.add_working_days(dt.date(2026, 3, 2), 5, workdays.calendar())
    assert cases_daily(on=last)["deemed_accepted"] == 0
    assert cases_daily(on=last + dt.timedelta(days=1))["deemed_accepted"] == 1
    licence.refresh_from_db()
    own.refresh_from_db()
    assert licence.status == Case.Status.ACCEPTED and licence.accepted_at == licence.submitted_at
    assert licence.limit_days == 20 and own.status == Case.Status.SUBMITTED
    assert licence.events.filter(action="accept", text__contains="第三十二条").exists()


def test_daily_command(policy_world):
    assert "deemed accepted" in _run("daily")
