"""The catalogue's services: every rule of an item (code, type, limits, the licence law's maxima, parallel
departments, the platform flow), materials (容缺 only where the item allows deferral), publish / suspend / draft,
the two lists; refusals name the field and change nothing; only the office acts."""

import pytest

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, User
from innozone.onestop.demo import catalogue as demo
from innozone.onestop.models import ItemMaterial, ServiceItem
from innozone.onestop.selectors import catalogue as selectors
from innozone.onestop.services import catalogue as services


@pytest.fixture
def office(policy_world):
    return User.objects.get(username="office")


def base(**over):
    data = {
        "code": "62000000KJ-QR-0700",
        "name": "测试事项",
        "type": "QR",
        "department": demo.KJT,
        "legal_basis": "《测试办法》",
        "conditions": "测试条件",
        "statutory_days": 20,
        "promised_days": 10,
        "pauses_allowed": ["correction"],
        "allows_deferral": True,
    }
    data.update(over)
    return data


def fields(excinfo) -> dict:
    return {d["field"]: d["message"] for d in excinfo.value.detail}


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"code": "62000000kj qr 1"}, "code", "大写字母"),
        ({"code": "62000000KJ-XK-0700"}, "code", "不一致"),
        ({"code": "62000000KJ-QR-0001"}, "code", "已被使用"),
        ({"name": ""}, "name", "请填写事项名称"),
        ({"type": "ZZ"}, "type", "请选择事项类型"),
        ({"department": "甘肃陇原新材料科技有限公司"}, "department", "不是政府部门"),
        ({"department": "不存在的部门"}, "department", "不存在"),
        ({"statutory_days": 0}, "statutory_days", "1 到 365"),
        ({"statutory_days": "二十"}, "statutory_days", "整数"),
        ({"promised_days": 30}, "promised_days", "不能长于法定"),
        ({"warn_days": 20}, "warn_days", "须少于法定"),
        ({"pauses_allowed": ["holiday"]}, "pauses_allowed", "无效"),
        ({"flow_url": "vouchers:nothing"}, "flow_url", "没有名为"),
        ({"flow_url": "apply"}, "flow_url", "平台页面名称"),
        ({"flow_url": "funds:call"}, "flow_url", "需要参数"),
        ({"clock": "licence"}, "clock", "只有行政许可事项"),
        ({"branch_departments": [demo.KJT]}, "branch_departments", "主管部门不必"),
        ({"branch_departments": [demo.KJJ], "branch_days": 30}, "branch_days", "不能长于法定"),
        ({"steps": [{"name": "", "text": "只有说明"}]}, "steps", "环节名称"),
        ({"region": "nowhere"}, "region", "不存在"),
    ],
)
def test_item_rules(office, over, field, words):
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(actor=office, **base(**over))
    assert words in fields(excinfo)[field]
    assert not ServiceItem.objects.filter(code=base(**over)["code"], name="测试事项").exists()


def test_licence_law_limits(office):
    licence = {"code": "62000000KJ-XK-0700", "type": "XK", "clock": "licence"}
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(actor=office, **base(**licence, statutory_days=21, extension_days=11, acceptance_days=6))
    problems = fields(excinfo)
    assert "20 个工作日" in problems["statutory_days"]
    assert "10 个工作日" in problems["extension_days"]
    assert "5 个工作日" in problems["acceptance_days"]
    # joint handling by several departments: 45 + 15 (第四十二条)
    joint = services.item_create(
        actor=office,
        **base(
            **licence, statutory_days=45, promised_days=30, extension_days=15, branch_departments=[demo.KJJ, demo.SCJG]
        ),
    )
    assert sorted(joint.branch_departments.values_list("name", flat=True)) == sorted([demo.KJJ, demo.SCJG])
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_create(
            actor=office,
            **base(
                code="62000000KJ-XK-0701", type="XK", clock="licence", statutory_days=46, branch_departments=[demo.KJJ]
            ),
        )
    assert "45 个工作日" in fields(excinfo)["statutory_days"]
    # the same 46 days are fine on the item's own clock
    own = services.item_create(actor=office, **base(code="62000000KJ-QR-0702", statutory_days=46))
    assert own.clock == "own" and own.statutory_days == 46


def test_create_update_audit_and_words(office):
    item = services.item_create(actor=office, **base(steps=[{"name": "受理", "text": ""}], fees=""))
    assert item.status == "draft" and item.fees == "不收费" and item.code == "62000000KJ-QR-0700"
    assert AuditEvent.objects.filter(action="onestop.item.create", object_id=str(item.pk)).exists()
    item = services.item_update(actor=office, item=item, **base(name="改名事项", extension_days=5))
    assert item.name == "改名事项"
    event = AuditEvent.objects.get(action="onestop.item.update", object_id=str(item.pk))
    assert event.before["name"] == "测试事项" and event.after["name"] == "改名事项"
    words = " ".join(selectors.clock_words(item))
    assert "法定 20 个、承诺 10 个工作日内办结" in words and "可延长 5 个工作日" in words
    assert "受理当日不计入" in words


def test_only_the_office(policy_world):
    for name in ("enterprise", "kjt", "leader", "auditor"):
        user = User.objects.get(username=name)
        with pytest.raises(Forbidden):
            services.item_create(actor=user, **base())
        with pytest.raises(Forbidden):
            services.item_set_status(actor=user, item=ServiceItem.objects.get(code=demo.LICENCE), status="suspended")
        with pytest.raises(Forbidden):
            services.negative_save(actor=user, category="forbidden", text="x")
    assert ServiceItem.objects.get(code=demo.LICENCE).status == "published"


def test_publish_suspend_draft(office):
    draft = ServiceItem.objects.get(code="62000000KJ-QT-0099")
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_set_status(actor=office, item=draft, status="published")
    assert set(fields(excinfo)) == {"legal_basis", "conditions", "materials"}
    with pytest.raises(Conflict):
        services.item_set_status(actor=office, item=draft, status="suspended", reason="x")
    with pytest.raises(Conflict):
        services.item_set_status(actor=office, item=draft, status="draft")
    published = ServiceItem.objects.get(code="62000000KJ-GG-0001")
    with pytest.raises(ValidationFailed):
        services.item_set_status(actor=office, item=published, status="suspended", reason="  ")
    services.item_set_status(actor=office, item=published, status="suspended", reason="系统维护")
    assert selectors.item_ids_by_code(["62000000KJ-GG-0001"]) == {}
    services.item_set_status(actor=office, item=published, status="published")
    assert selectors.item_ids_by_code(["62000000KJ-GG-0001"]) == {"62000000KJ-GG-0001": published.pk}
    # a flow item needs no material of its own
    flow = services.item_create(actor=office, **base(code="62000000ZC-QR-0703", flow_url="vouchers:apply"))
    assert services.publish_problems(flow) == []


def test_materials_and_deferral(office):
    item = services.item_create(actor=office, **base(allows_deferral=False))
    with pytest.raises(ValidationFailed) as excinfo:
        services.material_save(actor=office, item=item, name="营业执照", may_defer=True)
    assert "不实行容缺受理" in fields(excinfo)["may_defer"]
    first = services.material_save(actor=office, item=item, name="营业执照")
    assert first.order == 1 and first.required and not first.may_defer
    with pytest.raises(ValidationFailed):
        services.material_save(actor=office, item=item, name="营业执照")  # same name twice
    with pytest.raises(ValidationFailed):
        services.material_save(actor=office, item=item, name="x" * 201)
    services.item_set_status(actor=office, item=item, status="published")
    with pytest.raises(Conflict):
        services.material_delete(actor=office, material=first)  # the last material of a published item
    # allowing deferral, then forbidding it again clears the marks
    item = services.item_update(actor=office, item=item, **base(allows_deferral=True))
    second = services.material_save(actor=office, item=item, name="财务报表", may_defer=True)
    assert second.may_defer
    services.item_update(actor=office, item=item, **base(allows_deferral=False))
    assert not ItemMaterial.objects.get(pk=second.pk).may_defer
    services.material_delete(actor=office, material=second)
    assert not ItemMaterial.objects.filter(pk=second.pk).exists()


def test_code_frozen_once_cases_exist(busy_policies):
    office = User.objects.get(username="office")
    with_cases = ServiceItem.objects.filter(cases__isnull=False).distinct().first()
    if with_cases is None:
        pytest.skip("the cases demo has not created cases")
    data = {
        "code": with_cases.code + "9",
        "name": with_cases.name,
        "type": with_cases.type,
        "department": str(with_cases.department_id),
        "clock": with_cases.clock,
        "statutory_days": with_cases.statutory_days,
        "promised_days": with_cases.promised_days,
        "extension_days": with_cases.extension_days,
        "branch_departments": [str(pk) for pk in with_cases.branch_departments.values_list("pk", flat=True)],
        "branch_days": with_cases.branch_days,
    }
    with pytest.raises(ValidationFailed) as excinfo:
        services.item_update(actor=office, item=with_cases, **data)
    assert "已有办件" in fields(excinfo)["code"]
    with pytest.raises(Conflict):
        services.item_set_status(actor=office, item=with_cases, status="draft")


def test_lists(office):
    with pytest.raises(ValidationFailed) as excinfo:
        services.power_save(actor=office, department=demo.KJT, name="", type="", basis="", item="NOPE")
    assert set(fields(excinfo)) == {"name", "type", "basis", "item"}
    entry = services.power_save(
        actor=office, department="省科技厅", name="测试职权", type="行政检查", basis="《测试》", item=demo.LICENCE
    )
    assert entry.department == Organization.objects.get(name=demo.KJT) and entry.item.code == demo.LICENCE
    with pytest.raises(ValidationFailed) as excinfo:
        services.negative_save(actor=office, category="maybe", text="")
    assert set(fields(excinfo)) == {"category", "text"}
    negative = services.negative_save(actor=office, category="restricted", text="测试", basis="依据")
    services.negative_delete(actor=office, entry=negative)
    assert AuditEvent.objects.filter(action="onestop.negative.delete").exists()


def test_lookups_for_the_policy_library(policy_world):
    ids = selectors.item_ids_by_code([demo.LICENCE, "62000000KJ-QT-0099", "NOPE", ""])
    assert list(ids) == [demo.LICENCE]  # drafts and unknown codes are not linked
    brief = selectors.items_brief([*ids.values(), 10**6])
    assert brief == {
        ids[demo.LICENCE]: {"code": demo.LICENCE, "name": "实验动物生产许可证核发", "department": demo.KJT}
    }
