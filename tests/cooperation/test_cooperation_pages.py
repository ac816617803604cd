"""Cooperation pages, API and CLI: lists with filters, pagination and empty states, the partner page with its
agreements, projects, bases and listings, forms refusing with the services' messages, role-dependent links,
403 for roles outside, the statistics with the chart data and Excel; /api/cooperation; `cooperation …`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from innozone.cooperation.models import Agreement, Partner, Project
from innozone.core.models import User
from innozone.market.models import Listing

NAMES = ["office", "enterprise", "leader", "lanzhou", "provider"]


@pytest.fixture
def u(investment_world):
    return {x.username: x for x in User.objects.filter(username__in=NAMES)}


def _as(client, user):
    client.force_login(user)
    return client


def test_partner_list_filters_by_belt_and_road_and_country(client, u):
    c = _as(client, u["leader"])
    html = c.get("/cooperation/").content.decode()
    assert "哈萨克斯坦国立大学" in html and "德国弗劳恩霍夫" in html
    assert "登记合作伙伴" not in html  # leaders read only
    bri = c.get("/cooperation/", {"belt_and_road": "1"}).content.decode()
    assert "哈萨克斯坦国立大学" in bri and "德国弗劳恩霍夫" not in bri and "莫纳什" not in bri
    de = c.get("/cooperation/", {"country": "DE"}).content.decode()
    assert "德国弗劳恩霍夫" in de and "哈萨克斯坦国立大学" not in de
    empty = c.get("/cooperation/", {"q": "不存在的伙伴"}).content.decode()
    assert "没有符合条件的合作伙伴" in empty


def test_partner_page_shows_agreements_projects_and_the_international_listing(client, u):
    partner = Partner.objects.get(name="中亚新能源装备有限公司")
    project = Project.objects.get(partner=partner)
    listing = Listing.objects.get(pk=project.listing_id)
    html = _as(client, u["office"]).get(f"/cooperation/partners/{partner.pk}/").content.decode()
    assert project.title in html and listing.title in html and "国际技术转移" in html
    assert f"/cooperation/partners/{partner.pk}/edit/" in html
    # the enterprise sees its own project there but gets no edit link for the partner
    html = _as(client, u["enterprise"]).get(f"/cooperation/partners/{partner.pk}/").content.decode()
    assert project.title in html and "/edit/" not in html


def test_roles_outside_get_403(client, u):
    c = _as(client, u["provider"])
    for url in ("/cooperation/", "/cooperation/agreements/", "/cooperation/projects/", "/cooperation/stats/"):
        assert c.get(url).status_code == 403
    c = _as(client, u["enterprise"])
    assert c.get("/cooperation/stats/").status_code == 403
    assert c.get(f"/cooperation/partners/{Partner.objects.first().pk}/edit/").status_code == 403
    others = Agreement.objects.exclude(organization=u["enterprise"].organization).first()
    assert c.get(f"/cooperation/agreements/{others.pk}/").status_code == 404


def test_agreements_page_warns_of_expiry_and_exports(client, u):
    c = _as(client, u["office"])
    html = c.get("/cooperation/agreements/").content.decode()
    assert 'id="expiry-warning"' in html and "天后到期" in html and "已过到期日" in html
    expiring = c.get("/cooperation/agreements/", {"expiring": "on"}).content.decode()
    assert "中乌天然产物化学合作备忘录" in expiring and "中哈新材料联合实验室共建协议" not in expiring
    xlsx = c.get("/cooperation/agreements/", {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row == Agreement.objects.count() + 1


def test_agreement_form_refuses_with_the_services_message(client, u):
    c = _as(client, u["enterprise"])
    partner = Partner.objects.first()
    page = c.post(
        "/cooperation/agreements/new/",
        {
            "partner": partner.pk,
            "organization": u["enterprise"].organization_id,
            "title": "测试协议",
            "kind": "备忘录",
            "signed_on": "2025-05-01",
            "expires_on": "2025-04-01",
            "status": "active",
        },
    )
    assert page.status_code == 200 and "到期日期不能早于签署日期" in page.content.decode()
    ok = c.post(
        "/cooperation/agreements/new/",
        {
            "partner": partner.pk,
            "organization": u["enterprise"].organization_id,
            "title": "测试协议",
            "kind": "备忘录",
            "signed_on": "2025-05-01",
            "status": "active",
        },
    )
    made = Agreement.objects.get(title="测试协议")
    assert ok.status_code == 302 and ok["Location"] == f"/cooperation/agreements/{made.pk}/"


def test_project_pages_and_pagination(client, u):
    c = _as(client, u["office"])
    html = c.get("/cooperation/projects/").content.decode()
    assert "光伏跟踪支架技术向哈萨克斯坦输出" in html
    partner = Partner.objects.first()
    org = u["enterprise"].organization
    Project.objects.bulk_create(
        Project(partner=partner, organization=org, title=f"批量项目{n:02d}", kind="joint", starts_on="2024-01-01")
        for n in range(35)
    )
    first = c.get("/cooperation/projects/").content.decode()
    assert "下一页" in first
    second = c.get("/cooperation/projects/", {"page": 2}).content.decode()
    assert "上一页" in second
    assert "没有符合条件的国际合作项目" in c.get("/cooperation/projects/", {"q": "无此项目"}).content.decode()


def test_stats_page_has_chart_data_and_excel(client, u):
    c = _as(client, u["leader"])
    page = c.get("/cooperation/stats/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="country-chart"' in html and "echarts" in html
    chart = page.context["chart"]
    assert chart["labels"][0] == "哈萨克斯坦" and chart["partners"][0] == 2
    ws = load_workbook(io.BytesIO(c.get("/cooperation/stats/", {"format": "xlsx"}).content)).active
    countries = Partner.objects.values("country").distinct().count()
    assert ws.max_row == countries + 3  # header, rows, total, Belt-and-Road


def test_bases_page_empty_without_platforms(client, u):
    html = _as(client, u["office"]).get("/cooperation/bases/").content.decode()
    assert "还没有国际联合实验室" in html


def test_api_partners_agreements_projects_stats(api, u):
    api.as_user(u["leader"])
    r = api.get("/api/cooperation/partners?belt_and_road=1")
    body = r.json()
    assert r.status_code == 200 and body["count"] == Partner.objects.filter(belt_and_road=True).count()
    assert all(p["belt_and_road"] for p in body["items"])
    stats = api.get("/api/cooperation/stats").json()
    assert stats["rows"][0]["country"] == "KZ"
    agreements = api.get("/api/cooperation/agreements?expiring=true").json()
    assert {a["expiry_state"] for a in agreements["items"]} <= {"expiring", "expired"} and agreements["count"] >= 2
    r = api.post("/api/cooperation/partners", {"name": "x", "kind": "university", "country": "DE"})
    assert r.status_code == 403
    api.as_user(u["enterprise"])
    r = api.post("/api/cooperation/partners", {"name": "", "kind": "university", "country": "ZZZ"})
    assert r.status_code == 422 and {d["field"] for d in r.json()["detail"]} == {"name", "country"}
    partner = Partner.objects.get(name="哈萨克斯坦国立大学")
    r = api.post(
        "/api/cooperation/projects",
        {"partner": partner.pk, "title": "API 项目", "kind": "joint", "starts_on": "2025-03-01", "amount": "100.00"},
    )
    assert r.status_code == 201 and r.json()["organization_id"] == u["enterprise"].organization_id
    mine = api.get("/api/cooperation/projects").json()
    assert {p["organization_id"] for p in mine["items"]} == {u["enterprise"].organization_id}
    assert api.get("/api/cooperation/stats").status_code == 403


def test_cli_partners_stats_and_bad_input(u):
    out = io.StringIO()
    call_command("cooperation", "partners", "--belt-and-road", "yes", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows and all(r["belt_and_road"] for r in rows)
    out = io.StringIO()
    call_command("cooperation", "stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("country") and lines[1].startswith("KZ") and lines[-1].startswith("belt_and_road")
    with pytest.raises(CommandError):
        call_command("cooperation", "partners", "--country", "KAZ")
    with pytest.raises(CommandError):
        call_command("cooperation", "stats", "--user", "nobody")
    out = io.StringIO()
    call_command("cooperation", "agreements", "--expiring", "--format", "json", stdout=out)
    assert {r["state"] for r in json.loads(out.getvalue())} <= {"expiring", "expired"}
