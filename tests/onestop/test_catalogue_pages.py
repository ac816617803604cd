"""The catalogue's pages: the public list and item page (materials with 容缺 marks and templates, the clock rule
in words, the apply button to the platform's own flow or the case form), the office's editor, materials, publish
and suspend; the two lists; Excel; who sees what."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from innozone.core.models import AuditEvent, Organization, User
from innozone.onestop.demo import catalogue as demo
from innozone.onestop.models import ItemMaterial, NegativeEntry, PowerEntry, ServiceItem


@pytest.fixture
def users(policy_world):
    names = ["office", "enterprise", "kjt", "kjj", "leader", "expert", "lanzhou"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def item(code):
    return ServiceItem.objects.get(code=code)


def test_public_list_hides_drafts_and_filters(client, users):
    page = client.get(reverse("onestop:catalogue"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "实验动物生产许可证核发" in body and "科技创新券申领" in body
    assert "新型研发机构备案" not in body  # the draft
    assert "省级科技企业孵化器认定" in body  # suspended items stay listed
    kjj = Organization.objects.get(name=demo.KJJ)
    only = client.get(reverse("onestop:catalogue"), {"department": kjj.pk}).content.decode()
    assert "高新技术企业培育库入库" in only and "实验动物生产许可证核发" not in only
    licences = client.get(reverse("onestop:catalogue"), {"type": "XK"}).content.decode()
    assert "外国人来华工作许可" in licences and "科技成果登记" not in licences
    found = client.get(reverse("onestop:catalogue"), {"q": "专利"}).content.decode()
    assert "专利优先审查推荐" in found and "科技成果登记" not in found
    none = client.get(reverse("onestop:catalogue"), {"q": "不存在的事项名称"}).content.decode()
    assert "没有符合条件的服务事项" in none
    # an anonymous visitor cannot ask for drafts through the status filter
    drafts = client.get(reverse("onestop:catalogue"), {"status": "draft"}).content.decode()
    assert "新型研发机构备案" not in drafts


def test_office_sees_drafts_and_department_its_own(client, users):
    client.force_login(users["office"])
    assert "新型研发机构备案" in client.get(reverse("onestop:catalogue"), {"status": "draft"}).content.decode()
    draft = item("62000000KJ-QT-0099")
    assert client.get(reverse("onestop:item", args=[draft.pk])).status_code == 200
    client.force_login(users["kjt"])  # the item's department
    assert client.get(reverse("onestop:item", args=[draft.pk])).status_code == 200
    client.force_login(users["kjj"])
    assert client.get(reverse("onestop:item", args=[draft.pk])).status_code == 404
    client.force_login(users["enterprise"])
    assert client.get(reverse("onestop:item", args=[draft.pk])).status_code == 404
    assert client.get(reverse("onestop:item", args=[10**30])).status_code == 404


def test_item_page_materials_clock_and_apply(client, users):
    licence = item(demo.LICENCE)
    client.force_login(users["enterprise"])
    body = client.get(reverse("onestop:item", args=[licence.pk])).content.decode()
    assert "甘肃省科学技术厅" in body
    assert "受理之日起 20 个工作日内作出决定（承诺 15 个工作日）" in body
    assert "经批准可延长 10 个工作日" in body
    assert "补正材料、专家评审、检验检测所需时间不计入办理时限" in body
    assert "从业人员培训证明" in body and "可容缺后补" in body
    # no flow: the case form of the cases part
    assert f'href="{reverse("onestop:case_new", args=[licence.pk])}"' in body
    template = licence.materials.exclude(template="").first()
    download = client.get(reverse("onestop:material_template", args=[template.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith(".docx")
    # an item the platform already handles leads to its own page
    vouchers = item("62000000ZC-JF-0001")
    body = client.get(reverse("onestop:item", args=[vouchers.pk])).content.decode()
    assert f'href="{reverse("vouchers:apply")}"' in body and "进入平台办理" in body
    parallel = item(demo.PARALLEL_TWO)
    body = client.get(reverse("onestop:item", args=[parallel.pk])).content.decode()
    branches = body.split('id="item-branches">')[1].split("</td>")[0]
    assert "兰州市科学技术局" in branches and "甘肃省市场监督管理局" in branches and "甘肃省科学技术厅" not in branches
    assert "多部门并联审批" in body


def test_who_gets_the_apply_button(client, users):
    licence = item(demo.LICENCE)
    url = reverse("onestop:item", args=[licence.pk])
    anonymous = client.get(url).content.decode()
    assert 'id="apply-button"' not in anonymous and "请先登录" in anonymous
    client.force_login(users["leader"])
    assert 'id="apply-button"' not in client.get(url).content.decode()
    client.force_login(users["expert"])  # a university user, but an expert
    assert 'id="apply-button"' not in client.get(url).content.decode()
    suspended = item("62000000KJ-QR-0098")
    client.force_login(users["enterprise"])
    body = client.get(reverse("onestop:item", args=[suspended.pk])).content.decode()
    assert 'id="apply-button"' not in body and "本事项暂停办理" in body


def test_office_creates_edits_publishes_and_suspends(client, users):
    client.force_login(users["office"])
    kjt = Organization.objects.get(name=demo.KJT)
    data = {
        "code": "62000000KJ-QR-0500",
        "name": "测试确认事项",
        "type": "QR",
        "department": str(kjt.pk),
        "clock": "own",
        "statutory_days": "20",
        "promised_days": "25",
        "channel": "online",
        "allows_deferral": "1",
        "pauses_allowed": ["correction", "expert"],
        "step_name": ["受理", ""],
        "step_text": ["审查材料", ""],
    }
    refused = client.post(reverse("onestop:item_new"), data)
    assert refused.status_code == 200 and "承诺办结时限不能长于法定办结时限" in refused.content.decode()
    assert not ServiceItem.objects.filter(code="62000000KJ-QR-0500").exists()
    data["promised_days"] = "10"
    made = client.post(reverse("onestop:item_new"), data)
    new = ServiceItem.objects.get(code="62000000KJ-QR-0500")
    assert made.url == reverse("onestop:item", args=[new.pk])
    assert new.status == "draft" and new.steps == [{"name": "受理", "text": "审查材料"}]
    assert new.pauses_allowed == ["correction", "expert"]
    page = client.get(made.url).content.decode()
    assert "发布前请填写设定依据" in page and "发布前请至少列出一项申请材料" in page
    # publishing is refused until the basis, conditions and a material are there
    client.post(reverse("onestop:item_status", args=[new.pk]), {"status": "published"})
    new.refresh_from_db()
    assert new.status == "draft"
    data.update({"legal_basis": "《测试办法》", "conditions": "测试条件"})
    client.post(reverse("onestop:item_edit", args=[new.pk]), data)
    upload = SimpleUploadedFile("申请表.docx", b"PK\x03\x04 not really", content_type="application/octet-stream")
    client.post(
        reverse("onestop:material_save", args=[new.pk]),
        {"name": "申请表", "required": "1", "may_defer": "1", "template": upload},
    )
    material = new.materials.get()
    assert material.may_defer and material.template
    client.post(reverse("onestop:item_status", args=[new.pk]), {"status": "published"})
    new.refresh_from_db()
    assert new.status == "published"
    client.post(reverse("onestop:item_status", args=[new.pk]), {"status": "suspended", "reason": ""})
    new.refresh_from_db()
    assert new.status == "published"  # a suspension needs its reason
    client.post(reverse("onestop:item_status", args=[new.pk]), {"status": "suspended", "reason": "系统升级"})
    new.refresh_from_db()
    assert new.status == "suspended"
    actions = set(
        AuditEvent.objects.filter(object_id=str(new.pk), object_type="onestop.ServiceItem").values_list(
            "action", flat=True
        )
    )
    assert {"onestop.item.create", "onestop.item.update", "onestop.item.publish", "onestop.item.suspend"} <= actions


def test_material_upload_checked_and_deleted(client, users):
    client.force_login(users["office"])
    target = item("62000000KJ-GG-0001")
    bad = SimpleUploadedFile("模板.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("onestop:material_save", args=[target.pk]), {"name": "新材料", "template": bad}, follow=True
    )
    assert "文件类型不允许" in response.content.decode()
    assert not target.materials.filter(name="新材料").exists()
    client.post(reverse("onestop:material_save", args=[target.pk]), {"name": "新材料", "required": "1"})
    made = target.materials.get(name="新材料")
    client.post(reverse("onestop:material_delete", args=[made.pk]))
    assert not ItemMaterial.objects.filter(pk=made.pk).exists()


def test_non_office_cannot_edit(client, users):
    target = item("62000000KJ-GG-0001")
    for name in ("enterprise", "kjt", "leader"):
        client.force_login(users[name])
        assert client.get(reverse("onestop:item_new")).status_code == 403
        assert client.get(reverse("onestop:item_edit", args=[target.pk])).status_code == 403
        assert client.post(reverse("onestop:item_status", args=[target.pk]), {"status": "draft"}).status_code == 403
        assert client.post(reverse("onestop:material_save", args=[target.pk]), {"name": "x"}).status_code == 403
        assert client.get(reverse("onestop:power_new")).status_code == 403
    target.refresh_from_db()
    assert target.status == "published" and not target.materials.filter(name="x").exists()


def test_lists_pages_and_office_editing(client, users):
    body = client.get(reverse("onestop:powers")).content.decode()
    assert "实验动物生产、使用许可证核发" in body and "甘肃省市场监督管理局" in body
    kjj = Organization.objects.get(name=demo.KJJ)
    only = client.get(reverse("onestop:powers"), {"department": kjj.pk}).content.decode()
    assert "技术转移机构备案" in only and "外国人来华工作许可" not in only
    body = client.get(reverse("onestop:negatives"), {"category": "not_supported"}).content.decode()
    assert "严重失信主体" in body and "淘汰类项目" not in body
    client.force_login(users["office"])
    response = client.post(reverse("onestop:power_new"), {"department": str(kjj.pk), "name": "", "type": "行政许可"})
    assert response.status_code == 200 and "请填写职权名称" in response.content.decode()
    client.post(
        reverse("onestop:power_new"),
        {
            "department": str(kjj.pk),
            "name": "科技特派员备案",
            "type": "公共服务",
            "basis": "《科技特派员制度》",
            "item": "",
        },
    )
    entry = PowerEntry.objects.get(name="科技特派员备案")
    client.post(reverse("onestop:power_delete", args=[entry.pk]))
    assert not PowerEntry.objects.filter(pk=entry.pk).exists()
    client.post(reverse("onestop:negative_new"), {"category": "forbidden", "text": "测试禁止事项", "basis": "测试"})
    assert NegativeEntry.objects.filter(text="测试禁止事项").exists()


def test_excel_exports(client, users):
    sheet = load_workbook(io.BytesIO(client.get(reverse("onestop:catalogue"), {"format": "xlsx"}).content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert demo.LICENCE in codes and "62000000KJ-QT-0099" not in codes
    sheet = load_workbook(io.BytesIO(client.get(reverse("onestop:powers"), {"format": "xlsx"}).content)).active
    assert sheet.max_row == PowerEntry.objects.count() + 1
    sheet = load_workbook(io.BytesIO(client.get(reverse("onestop:negatives"), {"format": "xlsx"}).content)).active
    assert sheet.max_row == NegativeEntry.objects.count() + 1


def test_nav_links(client, users):
    client.force_login(users["enterprise"])
    home = client.get(reverse("onestop:catalogue")).content.decode()
    assert f'href="{reverse("onestop:catalogue")}"' in home
    assert f'href="{reverse("onestop:calendar")}"' not in home
    client.force_login(users["office"])
    assert f'href="{reverse("onestop:calendar")}"' in client.get(reverse("onestop:catalogue")).content.decode()


def test_editor_round_trip_keeps_everything(client, users):
    """Saving an item's editor unchanged changes nothing (parallel departments, pauses, steps, region)."""
    three = item(demo.PARALLEL_THREE)
    before = (
        set(three.branch_departments.values_list("pk", flat=True)),
        three.pauses_allowed,
        three.steps,
        three.region_id,
        three.flow_url,
        three.allows_deferral,
    )
    client.force_login(users["office"])
    page = client.get(reverse("onestop:item_edit", args=[three.pk])).content.decode()
    assert 'name="branch_departments"' in page and 'value="correction" checked' in page
    form = page.split('id="item-form"')[1].split("</form>")[0]
    data = {}
    for name, value in re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    for name in re.findall(r'<textarea name="([a-z_]+)"', form):
        data[name] = [re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', form, re.S).group(1)]
    for select in re.findall(r'<select name="([a-z_]+)"[^>]*>(.*?)</select>', form, re.S):
        data[select[0]] = re.findall(r'<option value="([^"]*)" selected>', select[1])
    data["pauses_allowed"] = re.findall(r'name="pauses_allowed" value="([a-z]+)" checked', form)
    if 'name="allows_deferral" value="1" checked' in form:
        data["allows_deferral"] = ["1"]
    data = {k: [html.unescape(v) for v in vs] for k, vs in data.items()}
    response = client.post(reverse("onestop:item_edit", args=[three.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    three.refresh_from_db()
    after = (
        set(three.branch_departments.values_list("pk", flat=True)),
        three.pauses_allowed,
        three.steps,
        three.region_id,
        three.flow_url,
        three.allows_deferral,
    )
    assert after == before
