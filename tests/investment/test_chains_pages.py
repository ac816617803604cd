"""The chain pages: the list with gap counts, a chain's map (ECharts data from our static files, colours by
status, nodes opening their link) and table, Excel of the map, the link page (enterprises with output value,
targets, suggestions for editors only), editors for the office and the chain's lead unit, refusals for the rest,
the target list with filters, pagination and Excel."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

from innozone.core.models import AuditEvent, User
from innozone.investment.demo import chains as demo
from innozone.investment.models import Chain, Link, Placement, Target


@pytest.fixture
def users(investment_world):
    names = ["office", "enterprise", "leader", "lzxq", "lzgx", "lanzhou", "bygx"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _as(client, user):
    client.force_login(user)
    return client


def test_demo_has_six_chains_with_gaps_and_targets(users):
    chains = Chain.objects.filter(is_demo=True)
    assert {c.name for c in chains} == {"有色冶金新材料", "石油化工", "生物医药", "装备制造", "新能源", "电子信息"}
    assert Link.objects.filter(chain__in=chains, parent__isnull=False).count() >= 30
    assert Placement.objects.filter(link__chain__in=chains).count() >= 20
    gap = demo.journey_link()
    assert gap is not None and not gap.placements.exists() and gap.targets.count() == 2


def test_list_shows_counts_and_only_the_office_creates(client, users):
    html = _as(client, users["leader"]).get("/investment/chains/").content.decode()
    assert "石油化工" in html and "缺链" in html and "新建产业链" not in html
    office = _as(client, users["office"]).get("/investment/chains/").content.decode()
    assert "新建产业链" in office


def test_enterprise_users_see_no_chain_pages(client, users):
    c = _as(client, users["enterprise"])
    assert c.get("/investment/chains/").status_code == 403
    assert c.get("/investment/targets/").status_code == 403
    chain = Chain.objects.get(code="PETRO")
    assert c.get(f"/investment/chains/{chain.pk}/").status_code == 404
    assert "产业链图谱" not in c.get("/").content.decode()


def test_chain_map_data_colours_and_urls(client, users):
    chain = Chain.objects.get(code="PETRO")
    html = _as(client, users["leader"]).get(f"/investment/chains/{chain.pk}/").content.decode()
    assert "vendor/echarts-5.6.0.min.js" in html and "js/chain_map.js" in html
    data = json.loads(re.search(r'<script id="chain-map-data" type="application/json">(.*?)</script>', html).group(1))
    segments = data["tree"]["children"]
    assert [s["segment"] for s in segments] == ["up", "mid", "down"]
    nodes = [leaf for s in segments for top in s["children"] for leaf in top["children"]]
    gap = next(n for n in nodes if n["name"] == demo.JOURNEY_LINK)
    assert gap["status"] == "gap" and gap["itemStyle"]["color"] == "#c0392b" and gap["value"] == 0
    assert gap["url"] == f"/investment/links/{demo.journey_link().pk}/"
    assert "修改产业链" not in html and "删除产业链" not in html


def test_chain_excel_lists_links_and_enterprises(client, users):
    chain = Chain.objects.get(code="NFM")
    response = _as(client, users["leader"]).get(f"/investment/chains/{chain.pk}/", {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    links = list(book.worksheets[0].iter_rows(values_only=True))
    assert links[0][:3] == ("链位", "环节", "上级环节") and len(links) == chain.links.count() + 1
    placed = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(placed) - 1 == Placement.objects.filter(link__chain=chain).count()


def test_link_page_shows_enterprises_targets_and_editor_tools(client, users):
    placement = Placement.objects.filter(link__chain__code="NFM").select_related("organization", "link").first()
    leader = _as(client, users["leader"]).get(f"/investment/links/{placement.link_id}/").content.decode()
    assert placement.organization.name in leader and "企业上链" not in leader and "修改环节" not in leader
    office = _as(client, users["office"]).get(f"/investment/links/{placement.link_id}/").content.decode()
    assert "企业上链" in office and "修改环节" in office
    gap = demo.journey_link()
    page = _as(client, users["office"]).get(f"/investment/links/{gap.pk}/").content.decode()
    assert "区内没有企业" in page and gap.targets.first().company in page


def test_lead_unit_edits_its_chain_only(client, users):
    petro = Chain.objects.get(code="PETRO")  # lead: 兰州新区管委会 (user lzxq)
    bio = Chain.objects.get(code="BIO")
    c = _as(client, users["lzxq"])
    response = c.post(f"/investment/chains/{petro.pk}/links/new/", {"name": "乙烯下游", "segment": "down"})
    assert response.status_code == 302 and Link.objects.filter(chain=petro, name="乙烯下游").exists()
    assert AuditEvent.objects.filter(action="investment.link.create", summary__contains="乙烯下游").exists()
    assert c.post(f"/investment/chains/{bio.pk}/links/new/", {"name": "x", "segment": "up"}).status_code == 403
    assert c.get("/investment/chains/new/").status_code == 403
    assert _as(client, users["leader"]).post(f"/investment/chains/{petro.pk}/delete/").status_code == 403


def test_link_form_lists_every_problem(client, users):
    chain = Chain.objects.get(code="PETRO")
    html = (
        _as(client, users["office"])
        .post(
            f"/investment/chains/{chain.pk}/links/new/",
            {
                "name": "",
                "segment": "sideways",
                "industry_codes": "C32 X9",
                "min_enterprises": "-1",
                "min_output": "abc",
            },
        )
        .content.decode()
    )
    for message in (
        "请填写环节名称",
        "请选择链位",
        "“X9”不是国民经济行业代码",
        "须为 0 到 9999 之间的整数",
        "不是数字",
    ):
        assert message in html


def test_office_places_a_registry_enterprise_and_the_gap_closes(client, users):
    gap = demo.journey_link()
    entry = next(iter(__import__("innozone.enterprises.selectors", fromlist=["x"]).enterprises_for(users["office"])))
    year = Placement.objects.order_by("-year").first().year
    c = _as(client, users["office"])
    found = c.get(f"/investment/links/{gap.pk}/", {"q": entry.name[:6]}).content.decode()
    assert entry.name in found
    c.post(f"/investment/links/{gap.pk}/place/", {"organization": entry.organization_id, "year": year,
                                                   "output_value": "123456.70"})  # fmt: skip
    assert Placement.objects.filter(link=gap, organization_id=entry.organization_id, year=year).exists()
    page = c.get(f"/investment/links/{gap.pk}/").content.decode()
    assert "123,456.70" in page and "区内没有企业" not in page
    again = c.post(f"/investment/links/{gap.pk}/place/", {"organization": entry.organization_id, "year": year,
                                                           "output_value": "1"}, follow=True)  # fmt: skip
    assert "请修改原记录" in again.content.decode()


def test_targets_list_filters_paginates_and_exports(client, users):
    gap = demo.journey_link()
    from innozone.investment.services import targets

    for n in range(35):
        targets.target_create(actor=users["office"], link=gap, company=f"分页目标企业{n}")
    c = _as(client, users["leader"])
    first = c.get("/investment/targets/", {"chain": "PETRO"}).content.decode()
    assert "第 1 / 2 页" in first
    none = c.get("/investment/targets/", {"q": "不存在的企业名"}).content.decode()
    assert "没有符合条件的招商目标" in none
    book = load_workbook(io.BytesIO(c.get("/investment/targets/", {"chain": "PETRO", "format": "xlsx"}).content))
    assert book.active.max_row - 1 == Target.objects.filter(link__chain__code="PETRO").count()


def test_link_page_paginates_its_enterprises(client, users):
    from innozone.enterprises.selectors import enterprises_for
    from innozone.investment.services import chains_placements

    gap = demo.journey_link()
    entries = list(enterprises_for(users["office"]).filter(status="active")[:55])
    for entry in entries:
        chains_placements.placement_add(actor=users["office"], link=gap, organization=entry.organization_id,
                                        year=2024, output_value="1")  # fmt: skip
    c = _as(client, users["leader"])
    first = c.get(f"/investment/links/{gap.pk}/", {"year": 2024}).content.decode()
    assert "第 1 / 2 页" in first and first.count('<td class="num">1.00</td>') == 50
    second = c.get(f"/investment/links/{gap.pk}/", {"year": 2024, "page": 2}).content.decode()
    assert second.count('<td class="num">1.00</td>') == len(entries) - 50
