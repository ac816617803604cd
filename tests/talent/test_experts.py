"""The expert pool: services (every problem at once, who may declare relations, committee terms), the credit
score from review assignments, and the API round trip (people and experts; no ID number but the office's
masked one)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import Organization, User
from innozone.core.roles import Role
from innozone.market.selectors import fields_all
from innozone.talent import identity
from innozone.talent.models import Assignment, Draw
from innozone.talent.selectors.experts import credit_score
from innozone.talent.services import experts as services


def test_experts_relations_committee_and_credit(registry):
    office = User.objects.get(username="office")
    field = fields_all().first()
    with pytest.raises(ValidationFailed) as e:
        services.expert_create(actor=office, data={"name": "", "kind": "x", "fields": [], "employer": 10**9})
    assert {d["field"] for d in e.value.detail} == {"name", "kind", "employer", "employer_name", "fields"}
    with pytest.raises(Forbidden):
        services.expert_create(actor=User.objects.get(username="lanzhou"), data={"name": "某", "fields": [field.pk]})
    expert = services.expert_create(
        actor=office, data={"name": "库外专家", "employer_name": "某大学", "fields": [field.pk], "kind": "financial"}
    )
    user = User.objects.create(username="expert_t", role=Role.EXPERT)
    expert.user = user
    expert.save()
    org = Organization.objects.filter(registry_entry__isnull=False).first()
    services.relation_declare(actor=user, expert=expert, data={"kind": "director", "organization": org.pk})
    other = services.expert_create(actor=office, data={"name": "另一位", "employer_name": "某所", "fields": [field.pk]})
    with pytest.raises(Forbidden):
        services.relation_declare(actor=user, expert=other, data={"kind": "family", "person_name": "张三"})
    with pytest.raises(ValidationFailed):
        services.relation_declare(actor=user, expert=expert, data={"kind": "family"})  # names no one

    committee = services.committee_create(
        actor=office, data={"name": "测试委员会", "term_start": "2025-01-01", "term_end": "2029-12-31"}
    )
    with pytest.raises(ValidationFailed):
        services.committee_member_add(
            actor=office, committee=committee, expert=expert, term_start="2024-01-01", term_end="2026-01-01"
        )
    seat = services.committee_member_add(actor=office, committee=committee, expert=expert, role="chair")
    assert (seat.term_start, seat.term_end) == (committee.term_start, committee.term_end)

    due = timezone.now() - dt.timedelta(days=10)
    draw = Draw.objects.create(purpose="t", seed="1", pool_digest="x", pool_size=1)
    rows = [
        {"status": "submitted", "submitted_at": due - dt.timedelta(days=1), "rating": 5},
        {"status": "submitted", "submitted_at": due + dt.timedelta(days=1), "rating": 2},
        {"status": "declined"},
        {"status": "missed"},
        {"status": "assigned"},
    ]
    for n, row in enumerate(rows):
        Assignment.objects.create(draw=draw, expert=expert, item_ref=f"X{n}", due_at=due, **row)
    credit = credit_score(expert)
    # 100 − 10 (missed) − 5 (late) − 2 (declined) + (5−3)·2 + (2−3)·2 = 85
    assert (credit.score, credit.assignments, credit.submitted, credit.late, credit.declined, credit.missed) == (
        85,
        5,
        2,
        1,
        1,
        1,
    )
    assert str(credit.average_rating) == "3.5"
    assert credit_score(expert, year=due.year - 1).assignments == 0


def test_api_round_trip(registry, client):
    office = User.objects.get(username="office")
    client.force_login(office)
    org = Organization.objects.filter(registry_entry__isnull=False).first()
    number = identity.complete_id_number("62010219920202123")
    body = {"name": "接口人", "gender": "M", "birth_year": 1992, "education": "master", "field": "新材料"}
    response = client.post(
        "/api/talent/people",
        json.dumps({**body, "employer_id": org.pk, "id_number": number}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    person = response.json()
    assert number not in response.content.decode() and person["id_number_masked"] == identity.mask(number)
    again = client.post(
        "/api/talent/people",
        json.dumps({**body, "employer_id": org.pk, "id_number": number}),
        content_type="application/json",
    )
    assert again.status_code == 422 and "接口人" in again.json()["detail"][0]["message"]
    field = fields_all().first()
    response = client.post(
        "/api/talent/experts",
        json.dumps({"person_id": person["id"], "field_ids": [field.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    expert = response.json()
    assert expert["organization"] == org.name and expert["credit"]["score"] == 100
    response = client.patch(
        f"/api/talent/experts/{expert['id']}", json.dumps({"available": False}), content_type="application/json"
    )
    assert response.json()["available"] is False
    response = client.post(
        f"/api/talent/experts/{expert['id']}/relations",
        json.dumps({"kind": "student", "person_name": "学生甲"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [r["person_name"] for r in client.get(f"/api/talent/experts/{expert['id']}/relations").json()] == ["学生甲"]
    assert client.get("/api/talent/experts?available=false").json()["count"] >= 1

    client.force_login(User.objects.get(username="enterprise"))
    assert client.get("/api/talent/experts").status_code == 403
    listed = client.get("/api/talent/people").json()
    assert all(p["id_number_masked"] is None for p in listed["items"])
