"""The one-stop statistics page in Chromium: the two ECharts charts draw from our own static files under the
site's Content-Security-Policy, the filters and the Excel link carry the year; the leader's cockpit card."""

import pytest

from tests.onestop.stats_rows import build

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


def test_leader_reads_the_charts_and_tables(browser, demo):
    build()
    b, page = browser, browser.page
    _login(b, "leader")
    b.goto("/services/stats/?year=2026")
    page.wait_for_function(
        "document.querySelector('#stats-chart-months canvas')"
        " && document.querySelector('#stats-chart-departments canvas')"
    )
    assert "甘肃省科学技术厅" in page.inner_text("#stats-by-department")
    assert page.inner_text("#stats-overdue-rate").endswith("%")
    assert "year=2026" in page.get_attribute("#stats-xlsx", "href")
    page.wait_for_timeout(1200)  # the charts' entry animation, for the screenshot only
    b.shot("onestop-stats")
    page.select_option("select[name=type]", "XK")
    page.click("#stats-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "统计测试许可事项" in page.inner_text("#stats-by-item")
    assert "统计测试确认事项" not in page.inner_text("#stats-by-item")
    b.goto("/cockpit/")
    assert page.locator("#services-card").count() == 1
    page.wait_for_timeout(1200)
    page.locator("#services-card").screenshot(path=b.shots / "cockpit-services-card.png")
    assert not b.js_errors, b.js_errors
    assert not b.static_failures, b.static_failures
