"""The talent pool: ID numbers (check character, de-duplication, stored only encrypted and as a keyed hash),
services' validation, who sees whom and the ID number, the audited reveal, pages and the Excel export."""

import hashlib
from io import BytesIO

import pytest
from openpyxl import load_workbook

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, User
from innozone.core.permissions import visible_region_ids
from innozone.talent import identity
from innozone.talent.models import Honour, Person
from innozone.talent.selectors.people import people_for
from innozone.talent.services import people as services

NUMBER = identity.complete_id_number("62010219900101123")


def _registry_org(kind=None):
    qs = Organization.objects.filter(registry_entry__isnull=False).order_by("pk")
    return qs.filter(registry_entry__kind=kind).first() if kind else qs.first()


def _data(**extra):
    data = {
        "name": "测试人",
        "gender": "F",
        "birth_year": 1990,
        "education": "doctor",
        "title": "associate",
        "field": "新材料",
        "employer": _registry_org().pk,
        "id_number": NUMBER,
    }
    data.update(extra)
    return data


def test_id_numbers_are_checked_stored_only_encrypted_and_deduplicated(registry):
    office = User.objects.get(username="office")
    honour, _new = Honour.objects.get_or_create(name="陇原青年英才", defaults={"level": Honour.Level.PROVINCE})
    person = services.person_create(actor=office, data=_data(honours=[(honour.pk, 2022)]))
    person.refresh_from_db()
    assert NUMBER not in person.id_encrypted and person.id_encrypted
    assert person.id_hash != hashlib.sha256(NUMBER.encode()).hexdigest()
    assert identity.registry_person_key(person) == hashlib.sha256(NUMBER.encode()).hexdigest()
    assert identity.id_number_masked(person) == NUMBER[:4] + "*" * 10 + NUMBER[-4:]
    assert person.region_id is not None  # the employer's region by default
    assert [(r.honour.name, r.year) for r in person.honour_rows.all()] == [("陇原青年英才", 2022)]
    assert not AuditEvent.objects.filter(after__icontains=NUMBER).exists()

    # the same number again: the office is told who; another organization only that the person is in the pool
    with pytest.raises(ValidationFailed) as e:
        services.person_create(actor=office, data=_data(name="别人", id_number=NUMBER.lower()))
    assert "测试人" in e.value.detail[0]["message"]
    enterprise = User.objects.get(username="enterprise")
    with pytest.raises(ValidationFailed) as e:
        services.person_create(actor=enterprise, data=_data(employer=enterprise.organization_id))
    assert [d["message"] for d in e.value.detail] == ["已在人才库中"]

    # a wrong check character, and every other problem, in one refusal
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as e:
        services.person_create(
            actor=office,
            data=_data(name="", birth_year=1800, gender="X", employer=office.organization_id, id_number=wrong),
        )
    fields = {d["field"] for d in e.value.detail}
    assert fields == {"name", "birth_year", "gender", "employer", "id_number"}
    assert "校验位" in " ".join(d["message"] for d in e.value.detail)

    # an enterprise registers only its own people; a coordinator registers nobody
    with pytest.raises(Forbidden):
        services.person_create(actor=User.objects.get(username="lanzhou"), data=_data())
    with pytest.raises(ValidationFailed):
        services.person_create(actor=enterprise, data=_data(id_number=identity.complete_id_number("62010219900101124")))


def test_visibility_pages_reveal_and_export(registry, client):
    from innozone.talent import demo

    demo.seed(with_activity=False)
    lanzhou = User.objects.get(username="lanzhou")
    visible = people_for(lanzhou)
    assert 0 < visible.count() < Person.objects.count()
    ids = visible_region_ids(lanzhou)
    assert all(p.region_id in ids for p in visible)
    other = Person.objects.exclude(pk__in=visible.values("pk")).first()

    client.force_login(lanzhou)
    page = client.get("/talent/people/").content.decode()
    assert "身份证" not in page
    assert client.get(f"/talent/people/{other.pk}/").status_code == 404
    mine = visible.first()
    detail = client.get(f"/talent/people/{mine.pk}/").content.decode()
    assert identity.id_number_masked(mine) and identity.id_number_masked(mine) not in detail
    assert "显示完整号码" not in detail
    assert client.post(f"/talent/people/{mine.pk}/reveal/").status_code == 403
    assert client.get("/talent/experts/").status_code == 403
    book = load_workbook(BytesIO(client.get("/talent/people/?format=xlsx").content))
    assert "身份证号码（脱敏）" not in [c.value for c in book.active[1]]

    office = User.objects.get(username="office")
    client.force_login(office)
    detail = client.get(f"/talent/people/{mine.pk}/").content.decode()
    assert identity.id_number_masked(mine) in detail and "显示完整号码" in detail
    full = identity.id_number_clear(mine)
    assert full not in detail
    revealed = client.post(f"/talent/people/{mine.pk}/reveal/").content.decode()
    assert full in revealed
    assert AuditEvent.objects.filter(action="talent.person.reveal_id", object_id=str(mine.pk), actor=office).exists()
    response = client.get("/talent/people/?young=on&format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert "身份证号码（脱敏）" in header
    cells = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row]
    assert sheet.max_row > 1 and not any(identity.id_number_clear(p) in cells for p in Person.objects.all()[:50])
    for url in ("/talent/people/", "/talent/introductions/", f"/talent/people/{mine.pk}/edit/", "/talent/people/new/"):
        assert client.get(url).status_code == 200, url

    enterprise = User.objects.get(username="enterprise")
    client.force_login(enterprise)
    assert client.get("/talent/people/").status_code == 200
    assert client.get("/talent/people/new/").status_code == 200
