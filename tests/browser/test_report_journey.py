"""A unit's reporter files a report, the lead unit accepts it, and the plan overview counts it — in Chromium."""

import re

import pytest

from innozone.plans.demo import seed_demo
from innozone.plans.models import Plan, Report

pytestmark = pytest.mark.browser
PASSWORD = "Innozone-2020"
QUANTITY = "7"


def _login(b, username: str, display: str):
    page = b.page
    b.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in: {page.inner_text('main')}"
    assert display in page.inner_text("header .who")


def _logout(b):
    b.page.locator("header").get_by_role("button", name="退出").click()
    b.page.wait_for_url("**/accounts/login/**")
    assert b.page.locator("header").get_by_role("button", name="退出").count() == 0


def test_reporter_files_lead_accepts_overview_shows_total(browser):
    b, page = browser, browser.page
    seed_demo(with_reports=False)
    plan = Plan.objects.get(year=2020)
    assert plan.title == "2020年双区建设工作要点"
    task6 = plan.tasks.get(number="6")
    new_products = task6.indicators.get(name="新产品")

    # 1. The reporter of 兰州新区管委会 (an implementing unit) files the second-quarter report on task 6.
    _login(b, "lzxq", "兰州新区 填报员")
    b.goto("/plans/mine/")
    assert "我的任务" in page.inner_text("h1")
    page.locator("tr[data-task='6']").get_by_role("link").first.click()
    page.wait_for_url(f"**/plans/tasks/{task6.pk}/")
    assert "任务6" in page.inner_text("h1")
    page.click("#file-report")
    page.wait_for_url(f"**/plans/tasks/{task6.pk}/report/")

    form = page.locator("#report-form")
    form.locator("select[name=period]").select_option("2020-Q2")
    form.locator("select[name=progress]").select_option("in_progress")
    form.locator("textarea[name=narrative]").fill("兰州新区第二季度开发新产品7个。")
    quantity = form.get_by_label(re.compile("^新产品"))
    assert quantity.get_attribute("name") == f"quantity_{new_products.pk}"
    quantity.fill(QUANTITY)
    b.shot("1-report-form")
    form.get_by_role("button", name="提交").click()
    page.wait_for_url("**/plans/reports/*/")
    assert page.inner_text("#report-status") == "待审核"
    assert "兰州新区管委会 · 2020-Q2" in page.inner_text("h1")
    assert re.search(r"新产品\s+兰州\s+7 个", page.locator("main .card table").first.inner_text()), page.inner_text(
        "main"
    )
    b.shot("2-report-submitted")
    report = Report.objects.get(task=task6, period="2020-Q2")
    assert report.organization.name == "兰州新区管委会"
    _logout(b)

    # 2. The coordinator of 兰州市人民政府 (a lead unit) accepts it from the review queue.
    _login(b, "lanzhou", "兰州市 协调员")
    page.locator("header nav").get_by_role("link", name="待我审核").click()
    page.wait_for_url("**/plans/review/")
    row = page.locator("tr", has_text="兰州新区管委会").filter(has_text="2020-Q2")
    assert row.count() == 1, page.inner_text("main")
    b.shot("3-review-queue")
    row.get_by_role("link", name="审核").click()
    page.wait_for_url(f"**/plans/reports/{report.pk}/")
    assert page.inner_text("#report-status") == "待审核"
    review = page.locator("#review-form")
    review.locator("textarea[name=comment]").fill("数据属实。")
    review.get_by_role("button", name="通过").click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#report-status") == "已通过"
    b.shot("4-report-accepted")

    # 3. The plan overview counts the 7 new products for 兰州, and ECharts (served locally) draws.
    b.goto(f"/plans/{plan.pk}/")
    table = page.locator("table.indicator-table[data-indicator='新产品']")
    assert table.locator("td.split-total[data-label='兰州']").inner_text() == QUANTITY
    assert table.locator("td.split-total[data-label='白银']").inner_text() == "0"
    assert table.locator("td.indicator-total").inner_text() == QUANTITY
    page.wait_for_selector("#indicator-chart-0 canvas")
    card_chart = page.locator(".card", has=table).locator(".chart")
    assert card_chart.get_attribute("data-total") == QUANTITY  # set by charts.js from the chart's data
    page.wait_for_timeout(500)  # let the bars' animation finish for the screenshot
    b.shot("5-plan-overview")

    # 4. The HTMX filter narrows the task table in place: no task is done yet.
    page.select_option("form.filters select[name=status]", "done")
    page.wait_for_function("document.querySelectorAll('#task-table tr[data-task]').length === 0")
    assert "没有符合条件的任务" in page.inner_text("#task-table")

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
