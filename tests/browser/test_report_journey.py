"""A unit reporter files a report, the lead unit accepts it, and the plan overview shows the new total."""

import pytest

from innozone.plans.demo import seed_demo
from innozone.plans.models import Plan, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Innozone-2020"


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _logout(page):
    page.click("header form[action$='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def test_reporter_files_lead_accepts_overview_shows_total(browser_page):
    page = browser_page
    seed_demo(with_reports=False)
    plan = Plan.objects.get(year=2020)
    task6 = plan.tasks.get(number="6")
    new_products = task6.indicators.get(name="新产品")

    # 1. the reporter of 兰州新区 files the second-quarter report on task 6
    _login(page, "lzxq")
    assert page.url.endswith("/plans/mine/")
    page.click(f"tr[data-task='6'] td a[href$='/tasks/{task6.pk}/']")
    page.click("#file-report")
    page.select_option("select[name=period]", "2020-Q2")
    page.select_option("select[name=progress]", "in_progress")
    page.fill("textarea[name=narrative]", "兰州新区第二季度开发新产品7个。")
    page.fill(f"input[name=quantity_{new_products.pk}]", "7")
    page.screenshot(path=page.shots / "1-report-form.png", full_page=True)
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#report-status") == "待审核"
    report = Report.objects.get(task=task6, period="2020-Q2")
    assert report.organization.name == "兰州新区管委会"
    _logout(page)

    # 2. the coordinator of 兰州市 (a lead unit) accepts it from the review queue
    _login(page, "lanzhou")
    page.goto(page.base_url + "/plans/review/")
    page.click(f"a[href$='/plans/reports/{report.pk}/']")
    page.fill("#review-form textarea[name=comment]", "数据属实。")
    page.click("#review-form button[value=accept]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#report-status") == "已通过"
    page.screenshot(path=page.shots / "2-accepted.png", full_page=True)

    # 3. the plan overview counts the 7 new products for 兰州, and ECharts (served locally) draws
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    table = page.locator("table.indicator-table[data-indicator='新产品']")
    assert table.locator("td.split-total[data-label='兰州']").inner_text() == "7"
    assert table.locator("td.split-total[data-label='白银']").inner_text() == "0"
    assert table.locator("td.indicator-total").inner_text() == "7"
    page.wait_for_selector("#indicator-chart-0 canvas")
    page.screenshot(path=page.shots / "3-overview.png", full_page=True)

    # 4. the HTMX filter narrows the task table without a page load
    page.select_option("form.filters select[name=status]", "done")
    page.wait_for_function("document.querySelectorAll('#task-table tr[data-task]').length === 0")
    assert "没有符合条件的任务" in page.inner_text("#task-table")
