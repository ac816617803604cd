"""/api/enterprises: the registry for programs — who sees and changes what, validation answers, the
self-assessment's numbers, the import's dry run and the audit trail."""

import pytest

from innozone.core.models import AuditEvent, Organization, User
from innozone.enterprises.models import AnnualFigures, Enterprise
from tests.api.enterprise_calls import FIGURES, Caller, code


@pytest.mark.parametrize(
    "username,sees,edits",
    [
        ("office", {"longyuan", "baiyin"}, {"longyuan", "baiyin"}),
        ("lzgx", {"longyuan"}, set()),  # 兰州高新区 staff: the park's own enterprises, read only
        ("lanzhou", {"longyuan"}, set()),  # 兰州市: its districts and parks
        ("baiyin", {"baiyin"}, set()),
        ("enterprise", {"longyuan"}, {"longyuan"}),  # its own entry only
        ("provider", set(), set()),  # another organization: sees nothing of the others
        ("leader", {"longyuan", "baiyin"}, set()),  # reads everything, changes nothing
    ],
)
def test_each_role_sees_and_changes_what_the_registry_allows(as_user, longyuan, baiyin, username, sees, edits):
    entries = {"longyuan": longyuan, "baiyin": baiyin}
    caller = as_user(username)
    listed = caller.get("/")
    assert listed.status_code == 200, listed.content
    assert {i["uscc"] for i in listed.json()["items"]} == {entries[k].uscc for k in sees}
    assert listed.json()["count"] == len(sees)
    for key, entry in entries.items():
        shown = caller.get(f"/{entry.pk}")
        assert shown.status_code == (200 if key in sees else 404), (key, shown.content)
        assert caller.get(f"/by-uscc/{entry.uscc.lower()}").status_code == shown.status_code
        changed = caller.send("patch", f"/{entry.pk}", {"address": "兰州市城关区某路 1 号"})
        expected = 200 if key in edits else 403 if key in sees else 404
        assert changed.status_code == expected, (key, changed.content)
        if expected != 200:
            assert changed.json()["code"] in ("forbidden", "not_found")
            assert Enterprise.objects.get(pk=entry.pk).address == ""


def test_a_user_outside_the_registry_is_refused_with_403(client, longyuan):
    stranger = User.objects.create_user(username="nobody", password="x", role="expert", organization=None)
    response = Caller(client, stranger).get("/")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Caller(client, stranger).get(f"/{longyuan.pk}").status_code == 403


def test_the_leader_cannot_write_anything(as_user, longyuan):
    leader = as_user("leader")
    before = AuditEvent.objects.count()
    attempts = [
        leader.post("/", {"uscc": code(9), "name": "领导登记的公司", "region_id": longyuan.region_id}),
        leader.post(f"/{longyuan.pk}/figures", {"year": 2025, **FIGURES}),
        leader.send("put", f"/{longyuan.pk}/parties", {"shareholders": [], "people": []}),
        leader.post(f"/{longyuan.pk}/qualifications", {"kind": "tsme", "number": "X1", "issued_on": "2025-03-01"}),
        leader.post(f"/{longyuan.pk}/cultivation", {"note": "推荐"}),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    assert AuditEvent.objects.count() == before and not longyuan.figures.exists()


def test_the_list_filters_and_pages(as_user, longyuan, baiyin):
    office = as_user("office")
    assert [i["name"] for i in office.get("/?q=陇原").json()["items"]] == [longyuan.name]
    assert office.get(f"/?q={baiyin.uscc}").json()["count"] == 1
    assert office.get(f"/?region={baiyin.region_id}").json()["items"][0]["id"] == baiyin.pk
    page = office.get("/?limit=1&offset=1").json()
    assert page["count"] == 2 and page["limit"] == 1 and [i["id"] for i in page["items"]] == [baiyin.pk]
    assert office.get("/?limit=0").status_code == 422
    assert office.get("/?qualification=hnte").json()["count"] == 0


# --- registration and profile ------------------------------------------------------------------------------


def test_a_wrong_check_character_is_a_422_on_the_uscc_naming_the_right_one(as_user, people):
    good = code(5)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    office = as_user("office")
    before = AuditEvent.objects.count()
    response = office.post("/", {"uscc": bad, "name": "甲公司", "region_id": people["lzgx"].organization.region_id})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert [d["field"] for d in body["detail"]] == ["uscc"]
    assert "校验位" in body["detail"][0]["message"] and f"应为 {good[-1]}" in body["detail"][0]["message"]
    assert not Organization.objects.filter(name="甲公司").exists() and AuditEvent.objects.count() == before


def test_the_office_registers_and_the_profile_comes_back_whole(as_user, people):
    region = people["lzgx"].organization.region_id
    body = {
        "uscc": code(6).lower(),
        "name": "兰州新材料研究有限公司",
        "region_id": region,
        "registered_on": "2018-05-20",
        "registered_capital": "5000000.5",
        "industry_code": "c3985",
        "field": "新材料",
    }
    response = as_user("office").post("/", body)
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["uscc"] == code(6) and entry["registered_capital"] == "5000000.50"
    assert entry["registered_on"] == "2018-05-20" and entry["industry_code"] == "C3985"
    assert entry["former_names"] == [] and entry["latest_figures"] is None and entry["cultivation"] is None
    assert AuditEvent.objects.filter(action="enterprises.register", object_id=str(entry["id"])).exists()
    renamed = as_user("office").send("patch", f"/{entry['id']}", {"name": "兰州新材料集团有限公司"}).json()
    assert renamed["name"] == "兰州新材料集团有限公司"
    assert [f["name"] for f in renamed["former_names"]] == ["兰州新材料研究有限公司"]
    assert AuditEvent.objects.filter(action="enterprises.update", object_id=str(entry["id"])).exists()


def test_the_enterprise_cannot_change_its_identity(as_user, longyuan):
    response = as_user("enterprise").send("patch", f"/{longyuan.pk}", {"uscc": code(77)})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "uscc"


def test_parties_are_replaced_and_make_organizations_related(as_user, longyuan, baiyin):
    body = {
        "shareholders": [
            {"name": "白银银光化工有限公司", "share": "30", "uscc": baiyin.uscc},
            {"name": "张三", "share": "70"},
        ],
        "people": [{"name": "张三", "role": "chair"}],
    }
    response = as_user("enterprise").send("put", f"/{longyuan.pk}/parties", body)
    assert response.status_code == 200, response.content
    assert response.json()["shareholders"] == [
        {"name": "白银银光化工有限公司", "share": "30"},
        {"name": "张三", "share": "70"},
    ]
    assert AuditEvent.objects.filter(action="enterprises.parties").count() == 1
    query = f"/related?a={longyuan.organization_id}&b={baiyin.organization_id}"
    related = as_user("office").get(query).json()
    assert related["related"] is True and "30" in related["reason"]
    assert as_user("lzgx").get(query).status_code == 200
    assert as_user("enterprise").get(query).status_code == 403
    other = Organization.objects.get(name="兰州大学").pk
    unrelated = as_user("office").get(f"/related?a={baiyin.organization_id}&b={other}").json()
    assert unrelated == {"a": baiyin.organization_id, "b": other, "related": False, "reason": None}
    too_much = {"shareholders": [{"name": "甲", "share": "60"}, {"name": "乙", "share": "50"}], "people": []}
    assert as_user("enterprise").send("put", f"/{longyuan.pk}/parties", too_much).status_code == 422


# --- figures, qualifications, pipeline, assessment -----------------------------------------------------------


def test_figures_problems_are_all_listed_and_nothing_is_filed(as_user, longyuan):
    bad = {
        **FIGURES,
        "year": 2025,
        "sci_staff": 120,
        "rd_domestic": "2500000",
        "hitech_income": "50000000",
        "source": "tax",
    }
    response = as_user("enterprise").post(f"/{longyuan.pk}/figures", bad)
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["detail"]}
    assert fields == {"sci_staff", "rd_domestic", "hitech_income", "source"}
    typed = as_user("enterprise").post(
        f"/{longyuan.pk}/figures", {**FIGURES, "year": 2025, "employees": -1, "revenue": "12.345", "total_assets": "x"}
    )
    assert typed.status_code == 422
    fields = {d["field"].rsplit(".", 1)[-1] for d in typed.json()["detail"]}
    assert {"employees", "revenue", "total_assets"} <= fields
    assert not AnnualFigures.objects.filter(enterprise=longyuan).exists()


def test_figures_are_filed_with_money_as_strings_and_audited(as_user, longyuan):
    response = as_user("enterprise").post(f"/{longyuan.pk}/figures", {**FIGURES, "year": 2025, "export_value": 1234.5})
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["revenue"] == "40000000.00" and row["export_value"] == "1234.50" and row["ip_class1"] == 1
    assert row["source"] == "self"
    listed = as_user("lzgx").get(f"/{longyuan.pk}/figures").json()
    assert [r["year"] for r in listed] == [2025]
    detail = as_user("enterprise").get(f"/{longyuan.pk}").json()
    assert detail["latest_figures"]["year"] == 2025 and detail["size"] == "small"
    assert AuditEvent.objects.filter(action="enterprises.figures").count() == 1
