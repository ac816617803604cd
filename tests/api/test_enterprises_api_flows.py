"""/api/enterprises: the self-assessment's numbers, qualifications, the pipeline, the import's dry run, the
published schema and the demo."""

from innozone.core.models import AuditEvent, User
from innozone.enterprises import services
from innozone.enterprises.models import Enterprise
from tests.api.enterprise_calls import FIGURES, Caller, code


def _file_three_years(caller, entry, rd_last="2000000.00"):
    for year in (2023, 2024, 2025):
        body = {**FIGURES, "year": year}
        if year == 2025:
            body["rd_total"] = body["rd_domestic"] = rd_last
        assert caller.post(f"/{entry.pk}/figures", body).status_code == 201


def test_the_assessment_gives_the_rules_numbers(as_user, longyuan):
    office = as_user("office")
    office.send("patch", f"/{longyuan.pk}", {"registered_on": "2015-01-01"})
    _file_three_years(as_user("enterprise"), longyuan)
    # 2023–2025: R&D 6,000,000 / sales 120,000,000 = 5 % (band ≤ 50 million: 5 %), staff 20 %, high-tech
    # income 75 %, one invention patent; 科小: staff 20 % → 12, R&D 5 % → 40, class I IP → 30 = 82.
    body = as_user("lzgx").get(f"/{longyuan.pk}/assessment?as_of=2026-06-01&innovation_score=71").json()
    assert body["years"] == [2025, 2024, 2023] and body["missing"] == ""
    assert body["hnte"] == {"eligible": True, "failed": [], "detail": []}
    assert body["tsme"]["eligible"] is True and body["tsme"]["score"] == 82
    assert body["tsme"]["scores"] == {"sci_staff": 12, "rd": 40, "ip": 30}
    unscored = as_user("enterprise").get(f"/{longyuan.pk}/assessment?as_of=2026-06-01").json()
    assert unscored["hnte"]["failed"] == ["innovation_score"] and unscored["ready_for_hnte"] is True
    # 2025's R&D down to 1,000,000: 5,000,000 / 120,000,000 = 4.16 %; 科小 R&D 2.5 % → 10, total 52
    _file_three_years(as_user("enterprise"), longyuan, rd_last="1000000.00")
    lower = as_user("enterprise").get(f"/{longyuan.pk}/assessment?as_of=2026-06-01&innovation_score=71").json()
    assert lower["hnte"]["failed"] == ["rd_ratio"] and lower["ready_for_hnte"] is False
    assert "研发费用占比 4.16%，低于 5%" in lower["hnte"]["detail"][0]["message"]
    assert lower["tsme"]["failed"] == ["score_lt_60"] and lower["tsme"]["score"] == 52


def test_an_assessment_without_figures_says_what_is_missing(as_user, longyuan):
    body = as_user("enterprise").get(f"/{longyuan.pk}/assessment?as_of=2026-06-01").json()
    assert body["hnte"] is None and body["tsme"] is None and "2025" in body["missing"]
    assert as_user("enterprise").get(f"/{longyuan.pk}/assessment?as_of=0900-01-01").status_code == 422
    assert as_user("enterprise").get(f"/{longyuan.pk}/assessment?innovation_score=101").status_code == 422


def test_qualifications_are_recorded_listed_and_revoked_by_the_office(as_user, longyuan):
    office = as_user("office")
    body = {"kind": "hnte", "number": "GR202562000123", "issued_on": "2025-11-20", "hitech_field": "materials"}
    created = office.post(f"/{longyuan.pk}/qualifications", body)
    assert created.status_code == 201, created.content
    q = created.json()
    assert q["valid_until"] == "2028-11-19" and q["status"] == "valid" and q["kind_label"] == "高新技术企业"
    assert as_user("enterprise").post(f"/{longyuan.pk}/qualifications", {**body, "number": "2"}).status_code == 403
    assert office.post(f"/{longyuan.pk}/qualifications", body).status_code == 422  # the same number again
    shown = as_user("enterprise").get(f"/{longyuan.pk}").json()
    assert shown["qualifications"] == ["hnte"] and shown["valid_qualifications"][0]["number"] == "GR202562000123"
    assert as_user("office").get("/?qualification=hnte").json()["count"] == 1
    assert office.post(f"/qualifications/{q['id']}/revoke", {"reason": ""}).status_code == 422
    assert as_user("baiyin").post(f"/qualifications/{q['id']}/revoke", {"reason": "x"}).status_code == 404
    revoked = office.post(f"/qualifications/{q['id']}/revoke", {"reason": "认定机构撤销"})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert office.post(f"/qualifications/{q['id']}/revoke", {"reason": "again"}).status_code == 409
    assert [r["status"] for r in office.get(f"/{longyuan.pk}/qualifications").json()] == ["revoked"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"enterprises.qualification.record", "enterprises.qualification.revoke"} <= actions


def test_the_pipeline_through_the_api(as_user, longyuan):
    park = as_user("lzgx")
    entered = park.post(f"/{longyuan.pk}/cultivation", {"note": "园区推荐"})
    assert entered.status_code == 201, entered.content
    cultivation = entered.json()
    assert cultivation["stage"] == "entered" and cultivation["recommended_by"] == "兰州高新区管委会"
    assert park.post(f"/{longyuan.pk}/cultivation", {}).status_code == 409
    assert as_user("baiyin").post(f"/cultivation/{cultivation['id']}/advance", {"stage": "coaching"}).status_code == 404
    assert (
        as_user("enterprise").post(f"/cultivation/{cultivation['id']}/advance", {"stage": "coaching"}).status_code
        == 403
    )
    applied = park.post(f"/cultivation/{cultivation['id']}/advance", {"stage": "applied", "batch_year": 2026})
    assert applied.status_code == 200 and applied.json()["batch_year"] == 2026
    assert park.post(f"/cultivation/{cultivation['id']}/advance", {"stage": "coaching"}).status_code == 409
    refused = park.post(f"/cultivation/{cultivation['id']}/advance", {"stage": "rejected"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "note"
    assert as_user("enterprise").get(f"/{longyuan.pk}").json()["stage"] == "applied"
    assert as_user("office").get("/?stage=applied").json()["count"] == 1
    assert AuditEvent.objects.filter(action__startswith="enterprises.cultivation").count() == 2


# --- import ------------------------------------------------------------------------------------------------


def _csv(rows: list[list[str]]) -> bytes:
    header = ["uscc", "name", "region", "registered_on", "industry_code"]
    return "\n".join(",".join(r) for r in [header, *rows]).encode()


def test_the_import_dry_run_lists_every_bad_row_and_saves_nothing(as_user):
    bad = code(12)[:-1] + ("0" if code(12)[-1] != "0" else "1")
    data = _csv(
        [
            [code(11), "好公司", "兰州高新区", "2019-01-01", "C3985"],
            [bad, "校验位错的公司", "兰州高新区", "", ""],
            [code(13), "", "火星", "2019-02-30", ""],
        ]
    )
    office = as_user("office")
    before = (Enterprise.objects.count(), AuditEvent.objects.count())
    response = office.upload("enterprises.csv", data, dry_run=True)
    assert response.status_code == 422
    problems = {(d["row"], d["field"]) for d in response.json()["detail"]}
    assert problems == {(3, "uscc"), (4, "name"), (4, "region"), (4, "registered_on")}
    assert all(d["sheet"] == "enterprises" for d in response.json()["detail"])
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before


def test_a_clean_dry_run_counts_and_a_real_import_saves(as_user):
    data = _csv(
        [[code(21), "导入甲公司", "兰州高新区", "2019-01-01", "C3985"], [code(22), "导入乙公司", "白银市", "", ""]]
    )
    office = as_user("office")
    before = (Enterprise.objects.count(), AuditEvent.objects.count())
    dry = office.upload("enterprises.csv", data, dry_run=True)
    assert dry.status_code == 200, dry.content
    assert dry.json() == {"dry_run": True, "created": 2, "updated": 0, "figures": 0}
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before
    done = as_user("office").upload("enterprises.csv", data, dry_run=False)
    assert done.json() == {"dry_run": False, "created": 2, "updated": 0, "figures": 0}
    assert Enterprise.objects.filter(uscc__in=[code(21), code(22)]).count() == 2
    assert AuditEvent.objects.filter(action="enterprises.import").count() == 1
    assert as_user("enterprise").upload("enterprises.csv", data, dry_run=True).status_code == 403
    assert as_user("office").upload("enterprises.txt", b"hello", dry_run=True).status_code == 422


def test_the_published_schema_names_the_registry_operations(client):
    document = client.get("/api/openapi.json").json()
    operations = {
        (method, path.removeprefix("/api/enterprises"))
        for path, ops in document["paths"].items()
        if path.startswith("/api/enterprises")
        for method in ops
    }
    assert {
        ("get", "/"),
        ("post", "/"),
        ("get", "/{enterprise_id}"),
        ("patch", "/{enterprise_id}"),
        ("get", "/by-uscc/{uscc}"),
        ("put", "/{enterprise_id}/parties"),
        ("get", "/{enterprise_id}/figures"),
        ("post", "/{enterprise_id}/figures"),
        ("get", "/{enterprise_id}/qualifications"),
        ("post", "/{enterprise_id}/qualifications"),
        ("post", "/qualifications/{qualification_id}/revoke"),
        ("get", "/{enterprise_id}/assessment"),
        ("post", "/{enterprise_id}/cultivation"),
        ("post", "/cultivation/{cultivation_id}/advance"),
        ("get", "/related"),
        ("post", "/import"),
    } <= operations
    schemas = document["components"]["schemas"]
    assert schemas["EnterpriseFiguresOut"]["properties"]["revenue"]["type"] == "string"  # yuan, 2 decimals
    assert schemas["EnterpriseDetailOut"]["properties"]["registered_on"]["anyOf"][0]["format"] == "date"


def test_the_list_costs_the_same_queries_for_more_entries(as_user, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = as_user("office")
    office.get("/")  # the first call also records the token's use
    numbers = iter(range(300, 400))

    def listed(n_more: int) -> int:
        for n in (next(numbers) for _ in range(n_more)):
            data = {"uscc": code(n), "name": f"查询计数企业{n}", "region": "城关区"}
            entry = services.enterprise_register(actor=people["office"], data=data)
            quali = {"kind": "tsme", "number": f"Q{n}", "issued_on": "2026-01-05"}
            services.qualification_record(actor=people["office"], enterprise=entry, data=quali)
            services.cultivation_enter(actor=people["office"], enterprise=entry)
        with CaptureQueriesContext(connection) as queries:
            body = office.get("/").json()
        assert all(i["stage"] == "entered" and i["qualifications"] == ["tsme"] for i in body["items"])
        return len(queries)

    few = listed(2)
    assert listed(5) == few <= 5


# --- on the registry's demo ----------------------------------------------------------------------------------


def test_on_the_demo_each_role_sees_its_region_and_related_parties_are_named(client, registry):
    from django.db.models import Q
    from django.utils import timezone

    from innozone.core import regions

    users = {u.username: u for u in User.objects.select_related("organization")}

    def under(username: str) -> int:
        ids = regions.descendants(users[username].organization.region_id)
        return Enterprise.objects.filter(Q(region_id__in=ids) | Q(park_id__in=ids)).count()

    listed = {name: Caller(client, users[name]).get("/?limit=500").json() for name in users}
    assert listed["office"]["count"] == Enterprise.objects.count() >= 100
    assert listed["leader"]["count"] == listed["office"]["count"]
    assert 0 < listed["lzgx"]["count"] == under("lzgx") < listed["lanzhou"]["count"] == under("lanzhou")
    assert listed["baiyin"]["count"] == under("baiyin") > 0
    lanzhou = {i["id"] for i in listed["lanzhou"]["items"]}
    assert lanzhou.isdisjoint(i["id"] for i in listed["baiyin"]["items"])
    assert [i["name"] for i in listed["enterprise"]["items"]] == ["甘肃陇原新材料科技有限公司"]
    longyuan = Enterprise.objects.get(name="甘肃陇原新材料科技有限公司")
    yinguang = Enterprise.objects.get(name="白银银光新能源材料有限公司（演示）")
    query = f"/related?a={longyuan.organization_id}&b={yinguang.organization_id}"
    assert "实际控制人相同" in Caller(client, users["baiyin"]).get(query).json()["reason"]
    stages = {i["stage"] for i in listed["office"]["items"]} - {None}
    assert stages == {"entered", "coaching", "applied", "recognised", "rejected", "renewal"}
    last_year = timezone.localdate().year - 1
    filed = Enterprise.objects.filter(is_demo=True, figures__year=last_year, registered_on__isnull=False).first()
    demo = Caller(client, users["office"]).get(f"/{filed.pk}/assessment").json()
    assert (
        demo["years"][0] == last_year
        and demo["tsme"] is not None
        and set(demo["tsme"]["scores"]) == {"sci_staff", "rd", "ip"}
    )
