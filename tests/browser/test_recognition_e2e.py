"""The office applies for the recognition of a platform in cultivation, the city's S&T bureau recommends it,
the office checks it, draws the review panel and enters each expert's paper review, the notice (公示) runs, an
anonymous visitor objects and the office answers, and the office recognises the platform with a document
number — after which the 2020 plan overview's live 创新平台 figure counts one more platform — in Chromium."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.core.models import Publicity, User
from innozone.plans.models import Plan
from innozone.platforms.models import Platform, Recognition
from innozone.talent.models import Assignment
from tests.browser.test_report_journey import _login, _logout

pytestmark = pytest.mark.browser
OFFICE = ("office", "自创区办公室 王主任")
STATEMENT = "该平台建有省级重点实验室条件，研发投入稳定，申请认定为省级创新平台。"
OPINION = "材料齐全，研发条件和团队满足省级平台认定要求，建议通过。"
OBJECTION = "该平台依托单位去年研发投入数据与年报不一致，请核实。"
ANSWER = "经核实，年报数据为合并口径，申报数据为平台口径，二者一致，异议不成立。"
DOCUMENT = "甘科创〔2020〕18号"
RECOGNISED_ON = dt.date(2020, 12, 1)


def _registry_figures(b, plan: Plan) -> dict[str, Decimal]:
    """The 创新平台 indicator's live registry figures on the plan overview: per split label and the total."""
    page = b.page
    b.goto(f"/plans/{plan.pk}/")
    table = page.locator("table.indicator-table[data-indicator='创新平台']")
    assert table.count() == 1, page.inner_text("main")
    assert "平台数据" in table.inner_text()
    figures = {
        cell.get_attribute("data-label"): Decimal(cell.inner_text().strip())
        for cell in table.locator("td.split-registry").all()
    }
    figures["合计"] = Decimal(table.locator("td.indicator-registry").inner_text().strip())
    return figures


def _decide(b, button: str, *, stage: str):
    page = b.page
    section = page.locator("#decide")
    assert stage in section.locator("h2").inner_text(), page.inner_text("main")
    section.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "已办理" in page.inner_text("ul.messages"), page.inner_text("main")


def test_platform_recognised_end_to_end_and_the_overview_counts_it(browser, innovation):
    b, page = browser, browser.page
    platform = (
        Platform.objects.filter(status="cultivating", recognitions__isnull=True)
        .exclude(field="")
        .select_related("region")
        .order_by("id")
        .first()
    )
    assert platform is not None, "the innovation demo has no platform in cultivation without a recognition"
    plan = Plan.objects.get(year=2020)
    places = [platform.region, *platform.region.ancestors()]
    city = next(label for label in ("兰州", "白银") if any(r.name.startswith(label) for r in places))

    # 0. the figures before: read on the plan overview by the office
    _login(b, *OFFICE)
    before = _registry_figures(b, plan)
    assert city in before, before

    # 1. the office opens the platform from the list and applies for provincial recognition
    b.goto("/platforms/")
    filters = page.locator("form.filters")
    filters.get_by_label("搜索").fill(platform.name)
    filters.get_by_label("状态").select_option(label="培育")
    filters.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/platforms/?*")
    page.locator("#platform-list").get_by_role("link", name=platform.name, exact=True).click()
    page.wait_for_url(f"**/platforms/{platform.pk}/")
    assert page.inner_text("#platform-status") == "培育"
    page.get_by_role("link", name="申请认定").click()
    page.wait_for_url(f"**/platforms/{platform.pk}/apply/")
    form = page.locator("#apply-form")
    form.get_by_label("申请级别").select_option(label="省级")
    form.get_by_label("申报说明").fill(STATEMENT)
    b.shot("1-apply")
    form.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/platforms/recognitions/*/")
    recognition = Recognition.objects.get(platform=platform)
    assert recognition.level == "province"
    assert (recognition.status, page.inner_text("#recognition-status")) == ("pending", "审核中")
    assert page.inner_text("#recognition-stage") == "所在市推荐"
    _logout(b)

    # 2. the city's S&T bureau recommends
    approver = recognition.approval.tasks.get(stage=1).approver
    city_user = User.objects.filter(organization=approver, is_active=True).order_by("id").first()
    assert city_user is not None, f"no login for {approver}"
    _login(b, city_user.username, str(city_user))
    b.goto(f"/platforms/recognitions/{recognition.pk}/")
    _decide(b, "推荐", stage="所在市推荐")
    assert page.inner_text("#recognition-stage") == "形式审查"
    _logout(b)

    # 3. the office: formal check, the panel draw, each expert's paper review, then the expert-review stage
    _login(b, *OFFICE)
    b.goto(f"/platforms/recognitions/{recognition.pk}/")
    _decide(b, "通过", stage="形式审查")
    assert page.inner_text("#recognition-stage") == "专家评审"
    page.locator("#draw-form").get_by_role("button", name="抽取评审专家").click()
    page.wait_for_load_state("networkidle")
    assert "已抽取评审专家" in page.inner_text("ul.messages"), page.inner_text("main")
    recognition.refresh_from_db()
    assert recognition.draw_id is not None
    members = Assignment.objects.filter(draw_id=recognition.draw_id, status="assigned").count()
    assert members >= 3, members
    b.shot("2-panel")
    for n in range(members):
        page.locator("#review-table").get_by_role("link", name="录入评审意见").first.click()
        page.wait_for_url("**/reviews/*/")
        review = page.locator("#review-form")
        review.get_by_label("评分（0–100）").fill(str(80 + n))
        review.get_by_label("建议通过").check()
        review.get_by_label("评审意见").fill(OPINION)
        review.get_by_role("button", name="提交", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert "评审意见已提交" in page.inner_text("ul.messages"), page.inner_text("main")
        b.goto(f"/platforms/recognitions/{recognition.pk}/")
    assert page.locator("#review-table").get_by_role("link", name="录入评审意见").count() == 0
    assert f"已提交 {members} / {members}" in page.inner_text("main")
    _decide(b, "通过", stage="专家评审")
    assert page.inner_text("#recognition-stage") == "公示与认定"

    # 4. 公示: the recognition page links the notice
    notice = Publicity.objects.get(request=recognition.approval)
    link = page.get_by_role("link", name=notice.title)
    assert link.get_attribute("href") == f"/notices/{notice.pk}/"
    assert "公示中" in page.inner_text("main")
    b.shot("3-publicity")
    _logout(b)

    # an anonymous visitor (a context without the office's cookies) files an objection
    visitor = page.context.browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        public = visitor.new_page()
        public.set_default_timeout(15_000)
        public.goto(f"{b.base_url}/notices/{notice.pk}/")
        assert notice.title in public.inner_text("h1")
        assert public.locator("header").get_by_role("button", name="退出").count() == 0
        objection = public.locator("#objection-form")
        objection.get_by_label("提出人（单位）").fill("张三")
        objection.get_by_label("联系方式").fill("13800000000")
        objection.get_by_label("异议内容（事实和理由）").fill(OBJECTION)
        objection.get_by_role("button", name="提交异议").click()
        public.wait_for_load_state("networkidle")
        assert "异议已提交" in public.inner_text("ul.messages"), public.inner_text("main")
    finally:
        visitor.close()
    filed = notice.objections.get()
    assert (filed.name, filed.answered_at) == ("张三", None)

    # the office answers it on the notice page
    _login(b, *OFFICE)
    b.goto(f"/notices/{notice.pk}/")
    card = page.locator(f"#objection-{filed.pk}")
    assert OBJECTION in card.inner_text()
    card.get_by_label("答复").fill(ANSWER)
    card.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state("networkidle")
    assert "异议已答复" in page.inner_text("ul.messages"), page.inner_text("main")
    assert "异议不成立" in page.locator(f"#objection-{filed.pk}").inner_text()
    filed.refresh_from_db()
    assert filed.answered_at is not None

    # the notice ran its 7 days: move it back in time (both ends, ends_at > starts_at stays true)
    notice.refresh_from_db()
    Publicity.objects.filter(pk=notice.pk).update(
        starts_at=notice.starts_at - dt.timedelta(days=8), ends_at=notice.ends_at - dt.timedelta(days=8)
    )

    # 5. the office recognises the platform with a document number and a date in the plan's year
    b.goto(f"/platforms/recognitions/{recognition.pk}/")
    assert "已结束" in page.inner_text("main")
    section = page.locator("#decide")
    section.get_by_label("认定文号").fill(DOCUMENT)
    section.get_by_label("认定日期").fill(RECOGNISED_ON.isoformat())
    b.shot("4-recognise")
    _decide(b, "认定", stage="公示与认定")
    assert page.inner_text("#recognition-status") == "已认定", page.inner_text("main")
    assert DOCUMENT in page.inner_text("main")
    assert page.locator("#decide").count() == 0
    recognition.refresh_from_db()
    assert (recognition.status, recognition.document_number, recognition.recognised_on) == (
        "recognised",
        DOCUMENT,
        RECOGNISED_ON,
    )
    b.goto(f"/platforms/{platform.pk}/")
    assert page.inner_text("#platform-status") == "认定"
    facts = page.inner_text("dl.facts")
    assert DOCUMENT in facts and RECOGNISED_ON.isoformat() in facts
    assert "省级" in facts

    # 6. the overview's live 创新平台 figure counts the platform: its city and the total each one more
    after = _registry_figures(b, plan)
    b.shot("5-overview")
    assert after[city] == before[city] + 1, (before, after)
    assert after["合计"] == before["合计"] + 1, (before, after)
    assert {k: v for k, v in after.items() if k not in (city, "合计")} == {
        k: v for k, v in before.items() if k not in (city, "合计")
    }
    _logout(b)

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
