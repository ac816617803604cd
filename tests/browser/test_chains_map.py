"""The chain map in Chromium: the ECharts tree draws from our own static files under the site's
Content-Security-Policy, a click on a node opens that link's page; the office places a registry enterprise on
the gap from the suggestions and the map turns the link from gap to strong."""

import pytest

from innozone.investment.demo import chains as demo
from innozone.investment.models import Chain

pytestmark = pytest.mark.browser
PASSWORD = "Innozone-2020"


def _login(b, username: str):
    page = b.page
    b.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, page.inner_text("main")


def _node_status(page, name: str) -> str:
    return page.evaluate(
        """(name) => {
            const d = JSON.parse(document.getElementById('chain-map-data').textContent);
            const find = (n) => n.name === name ? n : (n.children || []).map(find).find(Boolean);
            return find(d.tree).status;
        }""",
        name,
    )


def test_leader_map_click_and_office_fills_the_gap(browser, investment_world):
    b, page = browser, browser.page
    chain = Chain.objects.get(code=demo.JOURNEY_CHAIN)
    gap = demo.journey_link()
    _login(b, "leader")
    b.goto("/investment/chains/")
    page.wait_for_function("document.querySelector('#chain-bars canvas')")
    b.goto(f"/investment/chains/{chain.pk}/")
    page.wait_for_function("document.querySelector('#chain-map canvas')")
    assert _node_status(page, demo.JOURNEY_LINK) == "gap"
    page.wait_for_timeout(1500)  # the tree's entry animation: nodes move until it ends
    b.shot("chain-map")
    # a click on the gap node opens its page: ask ECharts where the node is drawn
    point = page.evaluate(
        """(name) => {
            const chart = echarts.getInstanceByDom(document.getElementById('chain-map'));
            const model = chart.getModel().getSeriesByIndex(0).getData();
            for (let i = 0; i < model.count(); i++) {
                if (model.getName(i) === name) {
                    const el = model.getItemGraphicEl(i);
                    const at = el.transformCoordToGlobal(0, 0);
                    const rect = document.getElementById('chain-map').getBoundingClientRect();
                    return [rect.left + at[0], rect.top + at[1]];
                }
            }
            return null;
        }""",
        demo.JOURNEY_LINK,
    )
    assert point is not None
    page.mouse.click(point[0], point[1])
    page.wait_for_url(f"**/investment/links/{gap.pk}/")
    assert "区内没有企业" in page.inner_text("main")
    assert page.locator("#link-place").count() == 0  # the leader reads only
    page.context.clear_cookies()
    _login(b, "office")
    b.goto(f"/investment/links/{gap.pk}/?q=演示")
    form = page.locator("#link-candidates form").first
    form.locator("input[name=output_value]").fill("250000000")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "250,000,000.00" in page.inner_text("#link-placements")
    b.goto(f"/investment/chains/{chain.pk}/")
    page.wait_for_function("document.querySelector('#chain-map canvas')")
    assert _node_status(page, demo.JOURNEY_LINK) == "strong"
    assert not b.js_errors, b.js_errors
    assert not b.static_failures, b.static_failures
