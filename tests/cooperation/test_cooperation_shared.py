"""The shared changes of the cooperation part: foreign experts in the talent pool (nationality, work permit,
no resident ID number needed, filters), the market's international flag (filter and badge) and the
international platform kinds."""

import datetime as dt

import pytest
from django.utils import timezone

from innozone.core.errors import ValidationFailed
from innozone.core.models import User
from innozone.market.models import Listing
from innozone.platforms.models import Kind
from innozone.talent.models import Person
from innozone.talent.selectors import people as talent
from innozone.talent.services import people as services


@pytest.fixture
def office(investment_world):
    return User.objects.get(username="office")


def _person(**extra):
    return {"name": "Jan Novak", "gender": "M", "birth_year": 1980, "education": "doctor", "field": "新材料", **extra}


def test_a_foreign_expert_needs_no_resident_id_but_a_complete_permit(office):
    until = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed) as e:
        services.person_create(actor=office, data=_person(nationality="CZE", work_permit_no="86201"))
    found = {d["field"]: str(d["message"]) for d in e.value.detail}
    assert "ISO 3166-1" in found["nationality"] and "id_number" not in found
    with pytest.raises(ValidationFailed) as e:
        services.person_create(actor=office, data=_person(nationality="CZ", work_permit_no="86201"))
    assert {d["field"] for d in e.value.detail} == {"work_permit_until"}
    with pytest.raises(ValidationFailed) as e:
        services.person_create(
            actor=office, data=_person(nationality="CN", work_permit_no="1", work_permit_until=until)
        )
    fields = {d["field"] for d in e.value.detail}
    assert "work_permit_no" in fields and "id_number" in fields  # Chinese citizens still need the ID number
    person = services.person_create(
        actor=office, data=_person(nationality="cz", work_permit_no="86201", work_permit_until=until)
    )
    assert (person.nationality, person.work_permit_no, person.work_permit_until) == ("CZ", "86201", until)
    assert talent.permit_expiring(person)
    # becoming Chinese clears the permit
    services.person_update(actor=office, person=person, data={"nationality": "CN", "id_number": ""})
    person.refresh_from_db()
    assert person.work_permit_no == "" and person.work_permit_until is None


def test_talent_list_filters_foreign_experts_and_expiring_permits(client, office):
    until = timezone.localdate()
    near = services.person_create(
        actor=office, data=_person(nationality="KZ", work_permit_no="A1", work_permit_until=until + dt.timedelta(10))
    )
    far = services.person_create(
        actor=office,
        data=_person(name="Li Wei", nationality="SG", work_permit_no="A2", work_permit_until=until + dt.timedelta(400)),
    )
    qs = Person.objects.all()
    assert set(talent.people_search(qs, foreign=True)) >= {near, far}
    assert not talent.people_search(qs, foreign=True).filter(nationality="CN").exists()
    expiring = set(talent.people_search(qs, permit_expiring=True))
    assert near in expiring and far not in expiring
    client.force_login(office)
    html = client.get("/talent/people/", {"foreign": "on"}).content.decode()
    assert "Jan Novak" in html and "Li Wei" in html and "即将到期" in html
    html = client.get("/cooperation/experts/").content.decode()
    assert "Jan Novak" in html and "哈萨克斯坦" in html


def test_market_search_filters_and_marks_international_listings(client, office):
    client.force_login(office)
    intl = Listing.objects.filter(international=True, status="published")
    assert intl.count() == 2
    page = client.get("/market/", {"international": "on"})
    results = page.context["results"]
    assert {r.listing.pk for r in results} == set(intl.values_list("pk", flat=True))
    assert "国际" in page.content.decode()
    listing = intl.first()
    assert "国际技术转移" in client.get(f"/market/listings/{listing.pk}/").content.decode()


def test_international_platform_kinds_exist(investment_world):
    names = set(Kind.objects.filter(code__startswith="intl_").values_list("name", flat=True))
    assert names == {"国际联合研究中心", "国际技术转移中心", "国际创新园", "示范型国际科技合作基地", "国际联合实验室"}


def test_talent_api_takes_and_returns_the_foreign_fields(api, office):
    until = timezone.localdate() + dt.timedelta(days=20)
    api.as_user(office)
    body = {**_person(), "nationality": "KZ", "work_permit_no": "P-9", "work_permit_until": until.isoformat()}
    r = api.post("/api/talent/people", body)
    assert r.status_code == 201, r.content
    made = r.json()
    assert (made["nationality"], made["work_permit_no"], made["work_permit_until"]) == ("KZ", "P-9", until.isoformat())
    found = api.get("/api/talent/people?permit_expiring=true").json()
    assert made["id"] in [p["id"] for p in found["items"]]
    assert all(p["nationality"] != "CN" for p in api.get("/api/talent/people?foreign=true").json()["items"])
    r = api.post("/api/talent/people", {**_person(name="张三"), "nationality": "CN"})
    assert r.status_code == 422 and "id_number" in {d["field"] for d in r.json()["detail"]}
