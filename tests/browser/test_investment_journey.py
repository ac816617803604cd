"""产业链招商 end to end, in Chromium, on the busy demo: the park's investment staff (兰州高新区 填报员, a reporter
of the park committee) open the 石油化工 chain map and find the key link 原油加工及石油制品 empty (缺链, red);
from the board they register a lead met at the 兰洽会 that fills it, move it through 洽谈 to 签约 (date,
signed investment, contract); a 落地 naming a company that is not in the registry yet is refused; the office
registers the new company in the registry, in the park; the park staff move the project to 注册落地 with its
USCC and report the funds in place of the month; the project page shows the enterprise, the funds and the
in-place rate; the chain map and the link page show the gap filled (强链, one gap fewer), and the office's
board shows the project in the 注册落地 column with its signed investment.

A second journey takes the README's pictures of the IP ledger (an enterprise's IP with fees due, one in the
grace period) and the cooperation statistics by country (ECharts bar), checking that both charts and pages
work under the CSP.

Setup outside the browser: none; the chain, the link and the fair are the demo's (journey_link() names the
gap; the 兰洽会 is the demo's latest). With INNOZONE_SCREENSHOTS=1 the README's screenshots
docs/screenshots/investment-chain.png, investment-board.png, ip-assets.png and cooperation-stats.png are
written too."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from innozone.core.models import Region, User
from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.models import Enterprise
from innozone.investment.demo.chains import journey_link
from innozone.investment.models import Fair, FundsInPlace, Project
from innozone.investment.selectors.chains import chain_gaps
from innozone.ip.models import Asset
from tests.browser.test_funds_journey import _readme_shot
from tests.browser.test_report_journey import _login, _logout

pytestmark = pytest.mark.browser

PARK_STAFF = ("lzgx", "兰州高新区 填报员")
OFFICE = ("office", "自创区办公室 王主任")
PARK = "兰州高新技术产业开发区"
NAME = "百万吨级原油深加工及高端石化新材料项目"
INVESTOR = "陇海石化集团（演示）"
PLANNED = "2500000000"
SIGNED = "1800000000"
CONTRACT = "LQH-2026-E2E-001"
COMPANY = "兰州陇海石化新材料有限公司"
USCC = complete_uscc("91620100MA7E2E0X1")
FUNDS = "300000000"


def _messages(page) -> str:
    box = page.locator("ul.messages")
    return box.inner_text() if box.count() else ""


def _ok(page, text: str):
    assert text in _messages(page), f"expected “{text}”: {_messages(page)!r}\n{page.inner_text('main')}"


def _money(value: str) -> str:
    return f"{Decimal(value):,.2f}"


def _link_row(page, name: str):
    row = page.locator("#chain-links tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))
    assert row.count() == 1, page.inner_text("#chain-links")
    return row


def _map_node(page, link_pk: int) -> dict:
    """The chain map's node of a link, from the JSON the ECharts tree is drawn from."""
    data = json.loads(page.locator("#chain-map-data").text_content())
    stack = [data["tree"]]
    while stack:
        node = stack.pop()
        if str(node.get("url", "")).split("?")[0].rstrip("/").endswith(f"/links/{link_pk}"):
            return node
        stack += node.get("children") or []
    raise AssertionError(f"no node of link {link_pk} in the chain map: {data}")


def _chart_drawn(page, box: str):
    """ECharts drew into the box (a canvas of some size), so the script ran under the CSP."""
    page.wait_for_function(
        f"(() => {{ const c = document.querySelector('{box} canvas');"
        " return c && c.width > 100 && c.height > 100; })()"
    )
    page.wait_for_timeout(1500)  # ECharts' opening animation, so that a screenshot shows the finished chart


def _move(page, stage: str, fields: dict[str, str]):
    form = page.locator("#move-form")
    form.locator("select[name=stage]").select_option(stage)
    for name, value in fields.items():
        form.locator(f"input[name={name}]").fill(value)
    form.get_by_role("button", name="推进").click()
    page.wait_for_load_state("networkidle")


def test_fair_lead_signed_lands_in_the_park_and_fills_the_chain_gap(browser, busy_investment):
    b, page = browser, browser.page
    link = journey_link()
    assert link is not None, "the chains demo names no journey gap"
    chain = link.chain
    before, _ = chain_gaps(chain)
    assert before.links[link.pk].status == "gap", before.links[link.pk]
    fair = Fair.objects.filter(kind="lanqia").order_by("-starts_on").first()
    park = Region.objects.get(name=PARK)
    assert not Enterprise.objects.filter(uscc=USCC).exists()
    today = timezone.localdate().isoformat()

    # 1. the park's investment staff open the chain map: the key link is a gap (缺链), the map draws it red
    _login(b, *PARK_STAFF)
    page.locator("header").get_by_role("link", name="产业链图谱").click()
    page.wait_for_url("**/investment/chains/")
    page.get_by_role("link", name=chain.name, exact=True).first.click()
    page.wait_for_url(f"**/investment/chains/{chain.pk}/**")
    _chart_drawn(page, "#chain-map")
    assert _link_row(page, link.name).locator(".status").inner_text() == "缺链"
    assert _map_node(page, link.pk)["status"] == "gap"
    counts = page.inner_text("#chain-counts")
    assert counts.replace(" ", "") == f"{before.summary.strong}/{before.summary.weak}/{before.summary.gaps}", counts
    _readme_shot(b, "investment-chain.png")
    _link_row(page, link.name).get_by_role("link", name=link.name, exact=True).click()
    page.wait_for_url(f"**/investment/links/{link.pk}/**")
    assert "缺链" in page.inner_text("h1")
    assert page.locator("#link-no-enterprises").count() == 1
    b.shot("1-gap")

    # 2. from the board they register the lead met at the 兰洽会, filling the link, to land in their park
    page.locator("header").get_by_role("link", name="招商项目").click()
    page.wait_for_url("**/investment/projects/")
    page.get_by_role("link", name="登记项目线索").click()
    page.wait_for_url("**/investment/projects/new/**")
    form = page.locator("#project-form")
    form.locator("input[name=name]").fill(NAME)
    form.locator("input[name=investor]").fill(INVESTOR)
    form.locator("input[name=investor_location]").fill("上海")
    form.locator("select[name=source]").select_option(label="兰洽会")
    form.locator("select[name=fair]").select_option(label=fair.name)
    form.locator("select[name=link]").select_option(label=f"{chain.name} · {link.name}")
    form.locator("select[name=park]").select_option(label=PARK)
    form.locator("input[name=responsible_person]").fill("张经理")
    form.locator("input[name=planned_investment]").fill(PLANNED)
    form.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r".*/investment/projects/\d+/$"))
    project = Project.objects.get(name=NAME)
    _ok(page, f"已登记项目线索 {project.code}")
    assert page.inner_text("#project-stage") == "线索"
    assert (project.source, project.fair_id, project.link_id, project.park_id) == ("lanqia", fair.pk, link.pk, park.pk)
    assert project.responsible == User.objects.get(username=PARK_STAFF[0]).organization  # （本单位）

    # 3. 洽谈, then 签约 with the contract date, the signed investment and the contract number
    _move(page, "negotiating", {})
    _ok(page, "已推进到“洽谈”")
    assert page.inner_text("#project-stage") == "洽谈"
    _move(page, "signed", {"signed_on": today, "signed_investment": SIGNED, "contract_no": CONTRACT})
    _ok(page, "已推进到“签约”")
    assert page.inner_text("#project-stage") == "签约"
    assert page.inner_text("#signed-investment") == _money(SIGNED)
    assert CONTRACT in page.inner_text("main")

    # 4. 落地 naming a company the registry does not know yet is refused, with the reason; nothing changes
    _move(page, "registered", {"registered_on": today, "enterprise": USCC})
    assert "企业库" in _messages(page), _messages(page)
    assert "已推进" not in _messages(page)
    assert page.inner_text("#project-stage") == "签约"
    project.refresh_from_db()
    assert (project.stage, project.enterprise_id, project.registered_on) == ("signed", None, None)
    b.shot("2-refused")
    _logout(b)

    # 5. the office registers the new company in the registry, in the park
    _login(b, *OFFICE)
    b.goto("/enterprises/register/")
    form = page.locator("main form")
    form.locator("input[name=uscc]").fill(USCC)
    form.locator("input[name=name]").fill(COMPANY)
    form.locator("select[name=region]").select_option(label="城关区")
    form.locator("select[name=park]").select_option(label=PARK)
    form.locator("input[name=industry_code]").fill("C2511")
    form.locator("input[name=industry_name]").fill("原油加工及石油制品制造")
    form.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r".*/enterprises/\d+/$"))
    _ok(page, "已登记到企业库")
    entry = Enterprise.objects.get(uscc=USCC)
    assert (entry.name, entry.park_id) == (COMPANY, park.pk)
    _logout(b)

    # 6. the park staff move the project to 注册落地 with the company's USCC, then report the month's funds
    _login(b, *PARK_STAFF)
    b.goto(f"/investment/projects/{project.pk}/")
    _move(page, "registered", {"registered_on": today, "enterprise": USCC})
    _ok(page, "已推进到“注册落地”")
    assert page.inner_text("#project-stage") == "注册落地"
    assert page.inner_text("#project-enterprise") == COMPANY
    funds = page.locator("#funds-form")
    funds.locator("select[name=kind]").select_option("fixed")
    funds.locator("input[name=amount]").fill(FUNDS)
    funds.locator("input[name=origin]").fill("上海")
    funds.get_by_role("button", name="填报").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已填报到位资金")
    assert page.inner_text("#funds-total") == _money(FUNDS)
    rate = (Decimal(FUNDS) * 100 / Decimal(SIGNED)).quantize(Decimal("0.1"))
    assert f"到位率 {rate}%" in page.inner_text("main"), page.inner_text("main")
    assert _money(FUNDS) in page.inner_text("#funds table")
    row = FundsInPlace.objects.get(project=project)
    assert (row.amount, row.kind, row.month.strftime("%Y-%m")) == (Decimal(FUNDS), "fixed", today[:7])
    timeline = page.inner_text("#timeline")
    for stage in ("线索", "洽谈", "签约", "注册落地"):
        assert stage in timeline, timeline
    b.shot("3-landed")

    # 7. the chain map shows the gap filled: the link is strong (强链), the chain has one gap fewer
    b.goto(f"/investment/chains/{chain.pk}/")
    _chart_drawn(page, "#chain-map")
    assert _link_row(page, link.name).locator(".status").inner_text() == "强链"
    assert _map_node(page, link.pk)["status"] == "strong"
    after, _ = chain_gaps(chain)
    assert after.summary.gaps == before.summary.gaps - 1, (before.summary, after.summary)
    counts = page.inner_text("#chain-counts")
    assert counts.replace(" ", "") == f"{after.summary.strong}/{after.summary.weak}/{after.summary.gaps}", counts
    _link_row(page, link.name).get_by_role("link", name=link.name, exact=True).click()
    page.wait_for_url(f"**/investment/links/{link.pk}/**")
    assert "强链" in page.inner_text("h1")
    placed = page.inner_text("#link-placements")
    assert COMPANY in placed and project.code in placed, placed
    assert project.code in page.inner_text("#link-projects")
    b.shot("4-gap-filled")
    _logout(b)

    # 8. the office's board: the project in the 注册落地 column with its signed investment
    _login(b, *OFFICE)
    page.locator("header").get_by_role("link", name="招商项目").click()
    page.wait_for_url("**/investment/projects/")
    card = page.locator("#col-registered .item", has_text=NAME)
    assert card.count() == 1, page.inner_text("#board")
    assert _money(SIGNED) in card.inner_text() and project.code in card.inner_text()
    assert page.locator("#col-signed .item", has_text=NAME).count() == 0
    for stage in Project.Stage.values:  # the demo fills every column
        assert page.locator(f"#col-{stage} .item").count() > 0, stage
    _readme_shot(b, "investment-board.png")
    _logout(b)

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures


def test_ip_fees_due_and_cooperation_by_country(browser, busy_investment):
    b, page = browser, browser.page
    grace = Asset.objects.filter(status="grace").select_related("owner").order_by("pk").first()
    assert grace is not None, "the IP demo has no asset in the grace period"
    owner = grace.owner

    # an enterprise's IP: its patents with the next annual fee, one of them in the grace period
    _login(b, *OFFICE)
    b.goto("/ip/")
    page.locator("form.filters input[name=q]").fill(owner.name)
    page.locator("form.filters").get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("#assets tbody tr")
    assert rows.count() >= 2, page.inner_text("main")
    for i in range(rows.count()):
        assert owner.name in rows.nth(i).inner_text()
    row = page.locator(f"#asset-{grace.pk}")
    assert row.locator(".tag.warn").count() == 1, row.inner_text()
    assert grace.next_fee_due.isoformat() in row.inner_text()
    _readme_shot(b, "ip-assets.png")
    row.get_by_role("link", name=grace.number).click()
    page.wait_for_url(f"**/ip/assets/{grace.pk}/")
    assert page.locator("#fee-now").count() == 1 and page.locator("#fee-schedule").count() == 1
    b.shot("ip-asset-in-grace")

    # the fees due across the zone name the asset too
    b.goto("/ip/fees-due/")
    assert grace.number in page.inner_text("main")

    # cooperation statistics by country: the Belt-and-Road share and the ECharts bar chart
    b.goto("/cooperation/stats/")
    assert page.locator("#bri-share").count() == 1, page.inner_text("main")
    _chart_drawn(page, "#country-chart-box")
    table = page.inner_text("table.stats")
    assert "合计" in table
    _readme_shot(b, "cooperation-stats.png")
    _logout(b)

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
