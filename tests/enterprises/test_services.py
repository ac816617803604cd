"""The registry's services and selectors on the seed documents' units and logins: identity, validation,
visibility by role and region, related parties, figures, qualifications and the pipeline."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, Region, User
from innozone.enterprises import selectors, services
from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.models import AnnualFigures, Enterprise, FormerName, Qualification


def code(n: int, region: str = "620100") -> str:
    return complete_uscc(f"91{region}{n:09d}")


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def longyuan(people):
    """The demo enterprise, registered by its own user."""
    return services.enterprise_register(
        actor=people["enterprise"],
        data={"uscc": code(1), "name": "甘肃陇原新材料科技有限公司", "region": "兰州高新区", "industry_code": "C3985"},
    )


def _register(actor, n: int, name: str, region: str = "城关区", **extra):
    return services.enterprise_register(actor=actor, data={"uscc": code(n), "name": name, "region": region, **extra})


def test_an_invalid_check_character_is_refused_with_the_right_one_named(people):
    good = code(7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as caught:
        services.enterprise_register(actor=people["office"], data={"uscc": bad, "name": "甲公司", "region": "城关区"})
    detail = caught.value.detail
    assert [d["field"] for d in detail] == ["uscc"]
    assert good[-1] in detail[0]["message"]
    assert not Enterprise.objects.exists() and not Organization.objects.filter(name="甲公司").exists()


def test_every_problem_is_reported_at_once_and_nothing_is_written(people):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.enterprise_register(
            actor=people["office"],
            data={"uscc": "123", "name": "", "region": "火星", "registered_on": "2020-13-01", "industry_code": "3562"},
        )
    assert {d["field"] for d in caught.value.detail} == {"uscc", "name", "region", "registered_on", "industry_code"}
    assert AuditEvent.objects.count() == before


def test_one_identity_per_code(people, longyuan):
    with pytest.raises(ValidationFailed) as caught:
        _register(people["office"], 1, "另一家公司")
    assert "已登记" in caught.value.detail[0]["message"]


def test_the_enterprise_registers_its_own_organization_and_the_organization_follows(people, longyuan):
    assert longyuan.organization == people["enterprise"].organization
    org = Organization.objects.get(pk=longyuan.organization_id)
    assert org.credit_code == longyuan.uscc
    assert org.region.name == "兰州高新技术产业开发区"
    assert AuditEvent.objects.filter(action="enterprises.register", object_id=str(longyuan.pk)).exists()


def test_a_rename_keeps_the_former_name_and_is_searchable(people, longyuan):
    services.enterprise_update(actor=people["enterprise"], enterprise=longyuan, data={"name": "陇原新材料集团有限公司"})
    assert FormerName.objects.filter(enterprise=longyuan, name="甘肃陇原新材料科技有限公司").exists()
    found = selectors.enterprise_search(Enterprise.objects.all(), q="陇原新材料科技")
    assert list(found) == [longyuan]
    event = AuditEvent.objects.filter(action="enterprises.update").latest("pk")
    assert event.before == {"name": "甘肃陇原新材料科技有限公司"} and event.after == {"name": "陇原新材料集团有限公司"}


def test_only_the_office_corrects_a_code(people, longyuan):
    with pytest.raises(ValidationFailed):
        services.enterprise_update(actor=people["enterprise"], enterprise=longyuan, data={"uscc": code(99)})
    services.enterprise_update(actor=people["office"], enterprise=longyuan, data={"uscc": code(99)})
    assert Enterprise.objects.get(pk=longyuan.pk).uscc == code(99)


def test_visibility_by_role_and_region(people, longyuan):
    baiyin = _register(people["office"], 2, "白银某公司", region="白银区")
    chengguan = _register(people["office"], 3, "城关某公司", region="城关区")
    seen = {u: set(selectors.enterprises_for(people[u]).values_list("pk", flat=True)) for u in people}
    everyone = {longyuan.pk, baiyin.pk, chengguan.pk}
    assert seen["office"] == seen["leader"] == seen["auditor"] == everyone
    assert seen["lanzhou"] == {longyuan.pk, chengguan.pk}
    assert seen["baiyin"] == {baiyin.pk}
    assert seen["lzgx"] == {longyuan.pk}  # the park sees its own park only
    assert seen["enterprise"] == {longyuan.pk}
    assert seen["provider"] == set()
    with pytest.raises(Forbidden):
        services.enterprise_update(actor=people["leader"], enterprise=longyuan, data={"address": "x"})
    with pytest.raises(Forbidden):
        services.enterprise_update(actor=people["provider"], enterprise=longyuan, data={"address": "x"})


def test_related_parties_with_their_reasons(people, longyuan, settings):
    office = people["office"]
    sister = _register(office, 4, "陇原姊妹公司", actual_controller="张三", actual_controller_id="11010519491231002X")
    services.enterprise_update(
        actor=office,
        enterprise=longyuan,
        data={"actual_controller": "张三", "actual_controller_id": "11010519491231002X"},
    )
    assert "实际控制人相同" in selectors.related(longyuan.organization_id, sister.organization_id)
    assert selectors.controller_group(longyuan.organization_id) == sorted(
        [longyuan.organization_id, sister.organization_id]
    )
    holder = _register(office, 5, "控股公司")
    services.parties_set(
        actor=office,
        enterprise=longyuan,
        shareholders=[{"name": "控股公司", "uscc": holder.uscc, "share": "30"}],
        people=[],
    )
    assert "30" in selectors.related(holder.organization_id, longyuan.organization_id)
    settings.INNOZONE_RELATED_SHARE = 31
    assert selectors.related(holder.organization_id, longyuan.organization_id) is None
    stranger = _register(office, 6, "无关公司", legal_representative="李四")
    assert selectors.related(stranger.organization_id, longyuan.organization_id) is None
    services.enterprise_update(actor=office, enterprise=longyuan, data={"legal_representative": "李四"})
    assert "法定代表人相同" in selectors.related(stranger.organization_id, longyuan.organization_id)


def test_parties_are_validated_together(people, longyuan):
    with pytest.raises(ValidationFailed) as caught:
        services.parties_set(
            actor=people["enterprise"],
            enterprise=longyuan,
            shareholders=[{"name": "甲", "share": "80"}, {"name": "乙", "share": "30", "uscc": "bad"}],
            people=[{"name": "", "role": "boss", "id_number": "123"}],
        )
    fields = {d["field"] for d in caught.value.detail}
    assert {"shareholders", "shareholders.2.uscc", "people.1.name", "people.1.role", "people.1.id_number"} <= fields


def _figures(year, **over):
    base = {
        "year": year,
        "employees": 100,
        "sci_staff": 20,
        "revenue": "30000000",
        "total_income": "31000000",
        "hitech_income": "25000000",
        "total_assets": "40000000",
        "rd_total": "2000000",
        "rd_domestic": "2000000",
        "invention_patents": 1,
    }
    return {**base, **over}


def test_figures_feed_the_size_class_and_the_self_assessment(people, longyuan):
    this_year = dt.date.today().year
    for back in (1, 2, 3):
        services.figures_file(actor=people["enterprise"], enterprise=longyuan, data=_figures(this_year - back))
    services.enterprise_update(actor=people["office"], enterprise=longyuan, data={"registered_on": "2015-03-01"})
    longyuan.refresh_from_db()
    assert longyuan.size == "small"  # 工业: 100 staff, 3,000 万元 revenue — every small bound met, not medium's
    result = selectors.self_assessment(longyuan, innovation_score=75)
    assert result.hnte.eligible, result.hnte.detail  # R&D 6.67 % ≥ 5 %, S&T staff 20 %, high-tech income 80.6 %
    assert result.tsme.scores == {"sci_staff": 12, "rd": 50, "ip": 30}
    assert Organization.objects.get(pk=longyuan.organization_id).employees == 100


def test_figures_are_checked_for_consistency_and_sources_are_the_office(people, longyuan):
    with pytest.raises(ValidationFailed) as caught:
        services.figures_file(
            actor=people["enterprise"],
            enterprise=longyuan,
            data=_figures(2020, sci_staff=200, rd_domestic="3000000", source="tax", revenue="1e30"),
        )
    assert {d["field"] for d in caught.value.detail} == {"sci_staff", "rd_domestic", "source", "revenue"}
    services.figures_file(actor=people["office"], enterprise=longyuan, data=_figures(2020, source="tax"))
    services.figures_file(actor=people["enterprise"], enterprise=longyuan, data=_figures(2020, employees=120))
    chosen = selectors.figures_by_year(longyuan)[2020]
    assert chosen.source == AnnualFigures.Source.TAX and chosen.employees == 100  # tax before self-reported


def test_qualifications_set_flags_expire_and_remind(people, longyuan):
    office = people["office"]
    today = dt.date.today()
    q = services.qualification_record(
        actor=office,
        enterprise=longyuan,
        data={"kind": "hnte", "number": "GR202362000123", "issued_on": today.isoformat(), "hitech_field": "materials"},
    )
    assert q.valid_until == today.replace(year=today.year + 3) - dt.timedelta(days=1)
    assert "高新技术企业" in Organization.objects.get(pk=longyuan.organization_id).flags
    with pytest.raises(ValidationFailed):  # the same certificate twice
        services.qualification_record(
            actor=office,
            enterprise=longyuan,
            data={
                "kind": "hnte",
                "number": "GR202362000123",
                "issued_on": today.isoformat(),
                "hitech_field": "materials",
            },
        )
    with pytest.raises(Forbidden):
        services.qualification_record(
            actor=people["enterprise"],
            enterprise=longyuan,
            data={"kind": "tsme", "number": "X", "issued_on": "2024-01-01"},
        )
    assert services.qualification_reminders(on=q.valid_until - dt.timedelta(days=200)) == 0
    first = services.qualification_reminders(on=q.valid_until - dt.timedelta(days=150))
    assert first >= 2  # the enterprise's user and the office
    assert services.qualification_reminders(on=q.valid_until - dt.timedelta(days=140)) == 0
    assert services.qualification_reminders(on=q.valid_until - dt.timedelta(days=60)) == first
    assert services.qualifications_expire(on=q.valid_until + dt.timedelta(days=1)) == 1
    q.refresh_from_db()
    assert q.status == Qualification.Status.EXPIRED
    assert "高新技术企业" not in Organization.objects.get(pk=longyuan.organization_id).flags


def test_the_pipeline_moves_only_forward_and_records_recognition(people, longyuan):
    park, office = people["lzgx"], people["office"]
    cultivation = services.cultivation_enter(actor=park, enterprise=longyuan, note="园区推荐")
    with pytest.raises(Conflict):
        services.cultivation_advance(actor=park, cultivation=cultivation, stage="recognised")
    with pytest.raises(Forbidden):
        services.cultivation_advance(actor=people["baiyin"], cultivation=cultivation, stage="coaching")
    services.cultivation_advance(actor=park, cultivation=cultivation, stage="coaching")
    services.cultivation_advance(actor=park, cultivation=cultivation, stage="applied", data={"batch_year": "2026"})
    with pytest.raises(ValidationFailed):
        services.cultivation_advance(actor=park, cultivation=cultivation, stage="rejected")
    with pytest.raises(Forbidden):  # recognition records the certificate: the office's
        services.cultivation_advance(
            actor=park,
            cultivation=cultivation,
            stage="recognised",
            data={"number": "GR1", "issued_on": "2026-11-01", "hitech_field": "materials"},
        )
    services.cultivation_advance(
        actor=office,
        cultivation=cultivation,
        stage="recognised",
        data={"number": "GR1", "issued_on": "2026-11-01", "hitech_field": "materials"},
    )
    cultivation.refresh_from_db()
    assert cultivation.stage == "recognised" and cultivation.batch_year == 2026
    assert [s.stage for s in cultivation.steps.all()] == ["entered", "coaching", "applied", "recognised"]
    assert selectors.hnte_recognised_by_region(2026) == {longyuan.region_id: Decimal(1)}
    assert selectors.pipeline_counts(Enterprise.objects.all())["recognised"] == 1


def _workbook(enterprises, figures) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "企业"
    for row in enterprises:
        sheet.append(row)
    data = book.create_sheet("年度数据")
    for row in figures:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_with_bad_rows_lists_every_one_and_saves_nothing(people):
    header = ["uscc", "name", "region", "industry_code"]
    fig_header = ["uscc", "year", "employees", "sci_staff", "revenue", "total_income", "total_assets", "rd_total"]
    fig_header.append("rd_domestic")
    good = [code(11), "导入甲公司", "城关区", "C3562"]
    rows = [header, good, [code(12)[:-1] + "Z", "导入乙公司", "城关区", "C"], [code(13), "", "月球", ""]]
    figures = [fig_header, [code(11), 2025, 10, 20, "100", "100", "100", "5", "5"], [code(14), 2025] + [1] * 7]
    sheets = services.read_workbook(_workbook(rows, figures), "企业.xlsx")
    with pytest.raises(ValidationFailed) as caught:
        services.enterprises_import(actor=people["office"], sheets=sheets)
    found = {(d["sheet"], d["row"], d["field"]) for d in caught.value.detail}
    assert {("enterprises", 3, "uscc"), ("enterprises", 3, "industry_code"), ("enterprises", 4, "name")} <= found
    assert ("enterprises", 4, "region") in found
    assert ("figures", 2, "sci_staff") in found and ("figures", 3, "uscc") in found
    assert not Enterprise.objects.exists() and not Organization.objects.filter(name="导入甲公司").exists()
    sheets = services.read_workbook(_workbook([header, good], figures[:2]), "企业.xlsx")
    sheets["figures"][0]["sci_staff"] = 5
    result = services.enterprises_import(actor=people["office"], sheets=sheets)
    assert result == {"created": 1, "updated": 0, "figures": 1}
    assert Enterprise.objects.get(uscc=code(11)).organization.name == "导入甲公司"
    assert services.enterprises_import(actor=people["office"], sheets=sheets)["updated"] == 1
    with pytest.raises(Forbidden):
        services.enterprises_import(actor=people["lanzhou"], sheets=sheets)


def test_a_region_name_resolves_to_the_park(people):
    entry = _register(people["office"], 21, "新区公司", region="兰州新区", park="兰州新区")
    assert entry.park == Region.objects.get(name="兰州新区")
    with pytest.raises(ValidationFailed):
        _register(people["office"], 22, "园区错误公司", park="城关区")


def test_an_expert_does_not_edit_the_entry_of_the_institution_that_employs_it(people):
    university = services.enterprise_register(
        actor=people["office"],
        organization=people["expert"].organization,
        data={"uscc": complete_uscc("12620000438000001"), "name": "兰州大学", "region": "城关区", "kind": "university"},
    )
    with pytest.raises(Forbidden):
        services.enterprise_update(actor=people["expert"], enterprise=university, data={"address": "天水南路222号"})
    assert selectors.enterprises_for(people["expert"]).filter(pk=university.pk).exists()  # it still sees it


def test_a_dry_run_counts_as_the_import_would_and_keeps_nothing(people):
    header, good = ["uscc", "name", "region"], [code(31), "试导入公司", "城关区"]
    sheets = services.read_workbook(_workbook([header, good], [["uscc", "year"]]), "企业.xlsx")
    audited = AuditEvent.objects.count()
    assert services.enterprises_import(actor=people["office"], sheets=sheets, dry_run=True)["created"] == 1
    assert not Enterprise.objects.filter(uscc=code(31)).exists()
    assert not Organization.objects.filter(name="试导入公司").exists() and AuditEvent.objects.count() == audited
