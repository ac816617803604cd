"""An enterprise posts a technical demand, the zone office publishes it, the enterprise opens a match of its
demand — the analysis centre's electron microscope — and books it; the centre confirms the booking, and the
enterprise sees it confirmed — in Chromium."""

import datetime as dt

import pytest
from django.utils import timezone

from innozone.market import demo as market_demo
from innozone.market.models import Booking, Listing
from innozone.plans.demo import seed_demo
from innozone.vouchers import demo as voucher_demo
from tests.browser.test_report_journey import _login, _logout

pytestmark = pytest.mark.browser
ENTERPRISE = ("enterprise", "陇原新材料 企业用户")
OFFICE = ("office", "自创区办公室 王主任")
PROVIDER = ("provider", "分析测试中心 服务机构")
LAB = "甘肃省分析测试中心（演示）"
LONGYUAN = "甘肃陇原新材料科技有限公司"
TITLE = "钕铁硼磁粉微观形貌扫描电镜检测需求"
DESCRIPTION = "我公司生产钕铁硼磁粉，需要用扫描电子显微镜观察颗粒形貌和晶界，寻求电镜检测与测试分析服务。"
PURPOSE = "钕铁硼磁粉形貌观察（浏览器）"


def test_enterprise_posts_a_demand_books_a_matched_instrument_and_the_centre_confirms(browser):
    b, page = browser, browser.page
    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    market_demo.seed(with_activity=False)
    sem = Listing.objects.get(owner__name=LAB, kind="instrument", title__startswith="场发射")
    start = (timezone.localtime() + dt.timedelta(days=9)).replace(hour=9, minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(hours=3)

    # 1. the enterprise posts its demand; it waits for review
    _login(b, *ENTERPRISE)
    b.goto("/market/")
    page.locator("p.subnav").get_by_role("link", name="技术需求", exact=True).click()
    page.wait_for_url("**/market/post/demand/")
    form = page.locator("#listing-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("select[name=field]").select_option(label="新材料")
    form.locator("select[name=region]").select_option(label="兰州高新技术产业开发区")
    form.locator("input[name=price]").fill("50000")
    form.locator("input[name=deadline]").fill((timezone.localdate() + dt.timedelta(days=60)).isoformat())
    form.locator("input[name=contact]").fill("王工 0931-8888888")
    b.shot("1-post-demand")
    form.get_by_role("button", name="提交").click()
    page.wait_for_url("**/market/listings/*/")
    demand = Listing.objects.get(title=TITLE)
    assert (demand.kind, demand.status, demand.owner.name) == ("demand", "pending", LONGYUAN)
    assert "已提交，等待审核后发布" in page.inner_text("ul.messages")
    assert "待审核" in page.inner_text("main")
    _logout(b)

    # 2. the office publishes it from the review queue
    _login(b, *OFFICE)
    b.goto("/market/review/")
    row = page.locator("#listing-review tr", has_text=TITLE)
    assert row.count() == 1, page.inner_text("main")
    b.shot("2-review")
    row.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#listing-review tr", has_text=TITLE).count() == 0
    demand.refresh_from_db()
    assert demand.status == "published"
    _logout(b)

    # 3. the enterprise opens its demand and, from its matches, the analysis centre's microscope
    _login(b, *ENTERPRISE)
    b.goto("/market/mine/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/market/listings/{demand.pk}/")
    assert "待审核" not in page.inner_text("main")
    matches = page.locator("#matches tr")
    assert matches.count() > 1, page.inner_text("#matches")
    match_row = page.locator("#matches tr", has_text=sem.title)
    assert match_row.count() == 1, f"the microscope is not among the matches: {page.inner_text('#matches')}"
    assert LAB in match_row.inner_text() and "仪器设备" in match_row.inner_text()
    assert match_row.locator("td").nth(4).inner_text().strip(), "a match gives its reasons"
    b.shot("3-matches")
    match_row.get_by_role("link", name=sem.title).click()
    page.wait_for_url(f"**/market/listings/{sem.pk}/")
    facts = page.inner_text("#listing-facts")
    assert LAB in facts and "SU8020" in facts and "可用创新券支付" in facts
    assert "暂无预约" in page.inner_text("#instrument-calendar")

    # 4. ... and books three hours on it
    page.click("#book-link")
    page.wait_for_url(f"**/market/listings/{sem.pk}/book/")
    booking_form = page.locator("#booking-form")
    booking_form.locator("input[name=start]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    booking_form.locator("input[name=end]").fill(end.strftime("%Y-%m-%dT%H:%M"))
    booking_form.locator("input[name=purpose]").fill(PURPOSE)
    booking_form.locator("input[name=samples]").fill("6")
    b.shot("4-book")
    booking_form.get_by_role("button", name="提交预约").click()
    page.wait_for_url(f"**/market/listings/{sem.pk}/")
    assert "预约已提交，等待仪器所属单位确认" in page.inner_text("ul.messages")
    booking = Booking.objects.get(purpose=PURPOSE)
    assert (booking.instrument_id, booking.status, booking.samples) == (sem.pk, "requested", 6)
    assert (booking.start, booking.end) == (start, end)
    calendar = page.locator("#instrument-calendar tr", has_text=start.strftime("%Y-%m-%d %H:%M"))
    assert calendar.count() == 1 and "待确认" in calendar.inner_text()
    _logout(b)

    # 5. the analysis centre confirms it on its bookings page
    _login(b, *PROVIDER)
    b.goto("/market/bookings/")
    row = page.locator("#owner-bookings tr", has_text=PURPOSE)
    assert row.count() == 1, page.inner_text("main")
    assert LONGYUAN in row.inner_text() and "待确认" in row.inner_text()
    row.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "已办理" in page.inner_text("ul.messages")
    row = page.locator("#owner-bookings tr", has_text=PURPOSE)
    assert "已确认" in row.inner_text()
    assert row.get_by_role("button", name="登记使用").count() == 1, "a confirmed booking waits for its usage"
    b.shot("5-confirmed")
    booking.refresh_from_db()
    assert booking.status == "approved"
    _logout(b)

    # 6. the enterprise sees it confirmed, on its bookings and on the instrument's calendar
    _login(b, *ENTERPRISE)
    b.goto("/market/bookings/")
    mine = page.locator("main table").last.locator("tr", has_text=sem.title)
    assert mine.count() == 1 and "已确认" in mine.inner_text(), page.inner_text("main")
    mine.get_by_role("link", name=sem.title).click()
    page.wait_for_url(f"**/market/listings/{sem.pk}/")
    calendar = page.locator("#instrument-calendar tr", has_text=start.strftime("%Y-%m-%d %H:%M"))
    assert "已确认" in calendar.inner_text()
    b.shot("6-enterprise-sees-confirmed")

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
