"""Special funds end to end, in Chromium: the office publishes a call; the enterprise (甘肃陇原新材料科技有限公司)
applies — autosaved draft, the live eligibility panel with its reasons, submission with a receipt number; the
formal check returns it with a complete list of two missing items, the enterprise corrects and resubmits under
the same number; the office accepts and 兰州市 recommends it (rank 1); the office closes the call and draws the
panel (no drawn expert works at the applicant or declared a relation with it; the draw record shows the seed and
the pool digest); the office enters three paper reviews, then two drawn experts score on their own pages — each
sees none of the other reviews (page and API) until their own is submitted; the office records the deciding
meeting, reads the decision pack (page and PDF), decides 立项, publishes the 公示 (read anonymously on
/notices/), approves it once the notice has run → award letter; the project with its agreement, the first
tranche (≥ 60 % of the award) requested by the enterprise, approved by the office then finance, paid with a
reference; `ledger verify` passes and then catches a tranche amount changed in the database.

Setup outside the browser, said where it happens: the call is the demo's draft call of the plan programme; the
demo gives logins to only six of the 150 pool experts, so a drawn expert without one gets a login (password of
the demo) before logging in; the 7-day notice is moved into the past as in test_recognition_e2e.

With INNOZONE_SCREENSHOTS=1 the README's screenshots docs/screenshots/funds-application.png, funds-review.png
and funds-pack.png are written too."""

import datetime as dt
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from innozone.core.models import Organization, Publicity, User
from innozone.funds.models import Application, Award, Call, Criterion, Project, Review, Tranche
from innozone.talent.models import Expert, Relation
from tests.browser.test_report_journey import PASSWORD, _login, _logout

pytestmark = pytest.mark.browser

OFFICE = ("office", "自创区办公室 王主任")
ENTERPRISE = ("enterprise", "陇原新材料 企业用户")
CITY = ("lanzhou", "兰州市 协调员")
FINANCE = ("finance", "财务科 审核员")
APPLICANT = "甘肃陇原新材料科技有限公司"
PLAN = "兰白自创区科技计划项目"
TITLE = "高性能稀土镁合金材料关键技术研发与产业化"
SUMMARY = "围绕稀土镁合金强韧化和耐蚀性开展攻关，形成自主知识产权并在轨道交通部件上实现产业化应用。"
SUMMARY_FIXED = SUMMARY + "已补充设备清单和经费测算依据。"
GOALS = "申请发明专利 3 件，形成新产品 2 个，新增销售收入 3000 万元。"
AMOUNT = Decimal("600000.00")
#: the budget by expense category: (row index in applications.CATEGORIES, fiscal, own); fiscal Σ = AMOUNT
BUDGET = [(0, "300000", "400000"), (1, "200000", "300000"), (6, "100000", "200000")]
MISSING = [("营业执照副本", "请上传加盖公章的扫描件"), ("经费预算说明", "设备费须列明设备清单")]
SEED = "funds-e2e-2026"
EXPERT_OPINIONS = [
    "技术路线清晰，团队基础扎实，产业化前景明确，建议立项支持。",
    "创新性较强，但经费测算略偏高，总体同意立项。",
]
PAPER_OPINION = "书面评审：材料齐全，方案可行，建议支持。"
LETTER_BASE = "兰白自创〔2026〕E2E号"
AGREEMENT = "LBZC-RWS-2026-E2E"
FIRST_TRANCHE = Decimal("360000.00")  # 60 % of the award
PAYMENT_REF = "GKZF-2026-E2E-0001"
README_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _readme_shot(b, name: str):
    """docs/screenshots/<name> for the README, only when INNOZONE_SCREENSHOTS=1 (the journey's own shots always)."""
    b.shot(name.removesuffix(".png"))
    if os.environ.get("INNOZONE_SCREENSHOTS") == "1":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        b.page.screenshot(path=README_SHOTS / name, full_page=True)


def _messages(page) -> str:
    box = page.locator("ul.messages")
    return box.inner_text() if box.count() else ""


def _ok(page, text: str):
    assert text in _messages(page), f"expected “{text}”: {_messages(page)!r}\n{page.inner_text('main')}"


def _busiest_field() -> str:
    """The field with the most active experts of the pool, so that a panel of five is found in it."""
    row = (
        Expert.fields.through.objects.filter(expert__status="active", expert__available=True)
        .values("field__name")
        .annotate(n=Count("expert_id"))
        .order_by("-n", "field__name")
        .first()
    )
    return row["field__name"]


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% e2e\n1 0 obj<<>>endobj\n%%EOF\n"}


def _expert_login(review: Review) -> tuple[str, str]:
    """The drawn expert's login; the demo has logins for six experts only, so one is made for the others
    (setup, not a user step)."""
    expert = Expert.objects.get(pk=review.expert_id)
    if expert.user is None:
        user = User.objects.create_user(
            username=f"e2e-expert-{expert.pk}", password=PASSWORD, role="expert", display_name=expert.name
        )
        expert.user = user
        expert.save(update_fields=["user"])
    return expert.user.username, str(expert.user)


def _api(page, base_url: str, path: str):
    response = page.request.get(base_url + path)
    return response.status, (response.json() if response.ok else None)


def _fill_review(page, criteria, scores, opinion: str):
    form = page.locator("#review-form")
    for c, score in zip(criteria, scores, strict=True):
        form.locator(f"input[name=score_{c.pk}]").fill(str(score))
    form.locator("textarea[name=opinion]").fill(opinion)
    form.get_by_label("建议立项", exact=True).check()


def test_call_to_paid_tranche_and_ledger(browser, funds_world):
    b, page = browser, browser.page
    call = Call.objects.get(programme__name=PLAN, programme__year=2026, stage="draft")
    applicant = Organization.objects.get(name=APPLICANT)
    criteria = list(Criterion.objects.filter(call=call).order_by("order", "id"))
    assert len(criteria) >= 3 and call.chain == ["city"], (criteria, call.chain)
    field = _busiest_field()

    # 1. the office publishes the call (发布通知)
    _login(b, *OFFICE)
    b.goto(f"/funds/calls/{call.pk}/")
    page.get_by_role("button", name="发布通知").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "通知阶段已更新")
    assert page.inner_text("#call-stage") == "申报中"
    call.refresh_from_db()
    assert call.stage == "open"
    _logout(b)

    # 2. the enterprise finds the call, reads its eligibility, starts, fills (autosave) and submits
    _login(b, *ENTERPRISE)
    b.goto("/funds/")
    page.locator("#call-list").get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/funds/calls/{call.pk}/")
    assert "注册地在申报范围内" in page.inner_text("#eligibility")
    page.locator("form[action$='/apply/']").get_by_label("项目名称").fill(TITLE)
    page.get_by_role("button", name="开始申报").click()
    page.wait_for_url("**/funds/applications/*/edit/")
    app = Application.objects.get(call=call, applicant=applicant)
    assert app.status == "draft" and app.title == TITLE

    form = page.locator("#application-form")
    form.locator("input[name=field]").fill(field)
    form.locator("input[name=amount]").fill(str(AMOUNT))
    form.locator("textarea[name=answer_summary]").fill(SUMMARY)
    form.locator("textarea[name=answer_goals]").fill(GOALS)
    for row, fiscal, own in BUDGET:
        form.locator(f"input[name=budget_fiscal_{row}]").fill(fiscal)
        form.locator(f"input[name=budget_own_{row}]").fill(own)
    leader = form.locator("select[name=leader] option:not([value=''])")
    if leader.count():
        form.locator("select[name=leader]").select_option(leader.first.get_attribute("value"))
    form.locator("input[name=title]").click()  # leave the last field: its change event starts the autosave
    page.wait_for_function("document.querySelector('#save-status').innerText.includes('已自动保存')")
    app.refresh_from_db()
    assert (app.field, app.amount, app.total_budget) == (field, AMOUNT, Decimal("1500000.00")), app.__dict__
    assert app.answers["summary"] == SUMMARY
    # the live eligibility panel with each rule's reason
    panel = page.locator("#eligibility")
    assert "符合申报条件" in panel.inner_text()
    for reason in ("注册地在申报范围内", "单位类型符合", "注册成立满 1 年", "无限制申报记录"):
        assert reason in panel.inner_text(), panel.inner_text()
    # the required attachment
    page.locator("select[name=key]").select_option("plan")
    page.locator("input[type=file][name=file]").set_input_files(_pdf("项目申报书.pdf"))
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "材料已更新")
    assert "申报内容已完整，可以提交" in page.inner_text("#submit-box"), page.inner_text("#submit-box")
    _readme_shot(b, "funds-application.png")
    page.locator("#submit-box").get_by_role("button", name="提交申报").click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/receipt/")
    number = page.inner_text("#receipt-number").strip()
    assert re.fullmatch(r"ZX2026-\d{2}-\d{4}", number), number
    _ok(page, f"受理编号 {number}")
    app.refresh_from_db()
    assert (app.status, app.number) == ("submitted", number)
    b.shot("2-receipt")
    _logout(b)

    # 3. the formal check returns it with the complete list of two missing items
    _login(b, *OFFICE)
    b.goto("/funds/checks/")
    page.locator("#application-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/")
    check = page.locator("#check-form")
    check.get_by_label("退回补正").check()
    for i, (item, note) in enumerate(MISSING):
        check.locator("input[name=missing_item]").nth(i).fill(item)
        check.locator("input[name=missing_note]").nth(i).fill(note)
    check.get_by_role("button", name="保存审查结论").click()
    page.wait_for_url("**/funds/checks/")
    _ok(page, "形式审查结论已保存")
    app.refresh_from_db()
    assert app.status == "returned"
    _logout(b)

    # the enterprise sees the whole list, corrects and resubmits under the same number
    _login(b, *ENTERPRISE)
    b.goto("/funds/applications/mine/")
    page.locator("#application-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/")
    assert page.inner_text("#app-status") == "退回补正"
    page.get_by_role("link", name="继续填写").click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/edit/")
    returned = page.locator("#returned-list li")
    assert returned.count() == 2, page.inner_text("main")
    for (item, note), li in zip(MISSING, returned.all(), strict=True):
        assert item in li.inner_text() and note in li.inner_text()
    page.locator("textarea[name=answer_summary]").fill(SUMMARY_FIXED)
    page.locator("input[name=title]").click()
    page.wait_for_function("document.querySelector('#save-status').innerText.includes('已自动保存')")
    # (a screenshot only after the HTMX swaps: Playwright's caret hiding leaves style="" on the inputs, which
    # htmx's settling then copies with setAttribute, a CSP violation that is the test's, not the page's)
    b.shot("3-returned-corrected")
    page.locator("select[name=key]").select_option("plan")
    page.locator("input[type=file][name=file]").set_input_files(_pdf("营业执照副本及经费预算说明.pdf"))
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "材料已更新")
    page.locator("#submit-box").get_by_role("button", name="重新提交").click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/receipt/")
    assert page.inner_text("#receipt-number").strip() == number
    app.refresh_from_db()
    assert (app.status, app.number, app.answers["summary"]) == ("submitted", number, SUMMARY_FIXED)
    _logout(b)

    # 4. the office accepts (seeing what it asked for and what changed); 兰州市 recommends it, rank 1
    _login(b, *OFFICE)
    b.goto("/funds/checks/")
    page.locator("#application-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/")
    check = page.locator("#check-form")
    assert "上次退回时要求补正的事项" in check.inner_text() and MISSING[0][0] in check.inner_text()
    check.get_by_label("受理", exact=True).check()
    check.get_by_role("button", name="保存审查结论").click()
    page.wait_for_url("**/funds/checks/")
    _ok(page, "形式审查结论已保存")
    app.refresh_from_db()
    assert (app.status, app.chain_stage) == ("recommending", "city")
    _logout(b)

    _login(b, *CITY)
    b.goto("/funds/recommendations/")
    page.locator("#recommendation-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/applications/{app.pk}/")
    recommend = page.locator("#recommend-form")
    recommend.get_by_label("推荐", exact=True).check()
    recommend.get_by_label("排序").fill("1")
    recommend.get_by_label("推荐意见").fill("技术先进、配套条件好，同意推荐。")
    recommend.get_by_role("button", name="保存推荐意见").click()
    page.wait_for_url("**/funds/recommendations/")
    _ok(page, "推荐意见已保存")
    app.refresh_from_db()
    assert (app.status, app.chain_stage) == ("review", "")
    assert app.recommendations.get().rank == 1
    _logout(b)

    # 5. the office closes the call and draws the panel; the draw record shows the seed and the pool digest
    _login(b, *OFFICE)
    b.goto(f"/funds/calls/{call.pk}/")
    page.get_by_role("button", name="截止申报").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "通知阶段已更新")
    assert page.inner_text("#call-stage") == "申报截止"
    b.goto("/funds/review-calls/")
    page.locator("#review-calls").get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/funds/calls/{call.pk}/ranking/")
    draw_form = page.locator("#draw-form")
    draw_form.locator("input[name=seed]").fill(SEED)
    draw_form.get_by_role("button", name="抽取评审专家").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已抽取评审专家")
    call.refresh_from_db()
    assert call.stage == "review" and call.draw_id
    assert page.inner_text("#draw-seed").strip() == SEED
    digest = page.inner_text("#draw-digest")
    assert re.search(r"[0-9a-f]{16,}", digest), digest
    panel_reviews = list(Review.objects.filter(application=app).order_by("id"))
    assert len(panel_reviews) == call.panel_size == 5
    experts = Expert.objects.filter(pk__in=[r.expert_id for r in panel_reviews])
    assert len({r.expert_id for r in panel_reviews}) == 5
    assert applicant.pk not in {e.employer_id for e in experts}, "a drawn expert works at the applicant"
    assert not Relation.objects.filter(
        Q(organization=applicant) | Q(organization_name=APPLICANT), expert__in=experts
    ).exists(), "a drawn expert declared a relation with the applicant"
    assert page.locator("#ranking").get_by_text(number).count() == 1
    b.shot("5-draw")

    # 6. three of the panel reviewed on paper: the office enters their reviews on the application's page
    first, second, *paper = panel_reviews
    for n, review in enumerate(paper):
        b.goto(f"/funds/applications/{app.pk}/reviews/")
        page.locator(f"a[href='/funds/reviews/{review.pk}/']").click()
        page.wait_for_url(f"**/funds/reviews/{review.pk}/")
        _fill_review(page, criteria, [7 + n % 2] * len(criteria), f"{PAPER_OPINION}（{review.expert_name}）")
        page.locator("#review-form").get_by_role("button", name="提交评审意见").click()
        page.wait_for_load_state("networkidle")
        _ok(page, "评审意见已提交")
    _logout(b)

    # the first drawn expert: others' reviews hidden (page and API) until their own is submitted
    username, display = _expert_login(first)
    _login(b, username, display)
    b.goto("/funds/reviews/")
    page.locator("#review-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/reviews/{first.pk}/")
    page.wait_for_load_state("networkidle")  # the HTMX fragment of the others' reviews
    assert page.locator("#others-hidden").is_visible()
    assert PAPER_OPINION not in page.content()
    status, body = _api(page, b.base_url, f"/api/funds/reviews/{first.pk}")
    assert status == 200 and body["others_visible"] is False and body["others"] == [], (status, body)
    _fill_review(page, criteria, [9] * len(criteria), EXPERT_OPINIONS[0])
    _readme_shot(b, "funds-review.png")
    page.locator("#review-form").get_by_role("button", name="提交评审意见").click()
    page.wait_for_url(f"**/funds/reviews/{first.pk}/")
    _ok(page, "评审意见已提交")
    assert page.inner_text("#review-status") == "已提交"
    page.wait_for_load_state("networkidle")
    assert PAPER_OPINION in page.inner_text("#other-reviews")
    first.refresh_from_db()
    assert first.status == "submitted" and first.total == Decimal("90.00"), (first.status, first.total)
    _logout(b)

    # the second: neither the first's scores and opinion nor the paper reviews before submitting
    username, display = _expert_login(second)
    _login(b, username, display)
    b.goto("/funds/reviews/")
    page.locator("#review-list").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/funds/reviews/{second.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#others-hidden").is_visible()
    text = page.content()
    assert EXPERT_OPINIONS[0] not in text and first.expert_name not in text and PAPER_OPINION not in text
    status, body = _api(page, b.base_url, f"/api/funds/reviews/{second.pk}")
    assert status == 200 and body["others_visible"] is False and body["others"] == [], (status, body)
    status, _body = _api(page, b.base_url, f"/api/funds/reviews/{first.pk}")
    assert status in (403, 404), status  # the first's review itself is not theirs to read
    _fill_review(page, criteria, [8] * len(criteria), EXPERT_OPINIONS[1])
    page.locator("#review-form").get_by_role("button", name="提交评审意见").click()
    page.wait_for_url(f"**/funds/reviews/{second.pk}/")
    _ok(page, "评审意见已提交")
    page.wait_for_load_state("networkidle")
    others = page.inner_text("#other-reviews")
    assert EXPERT_OPINIONS[0] in others and first.expert_name in others and "90.00" in others, others
    status, body = _api(page, b.base_url, f"/api/funds/reviews/{second.pk}")
    assert body["others_visible"] is True and EXPERT_OPINIONS[0] in [o["opinion"] for o in body["others"]], body
    b.shot("6-second-expert-after")
    _logout(b)
    app.refresh_from_db()
    assert app.status == "reviewed"

    # 7. the deciding meeting, the decision pack (page and PDF), the decision, the 公示
    _login(b, *OFFICE)
    b.goto(f"/funds/calls/{call.pk}/meetings/")
    meeting = page.locator("#meeting-form")
    meeting.locator("select[name=kind]").select_option(label="立项决策会")
    meeting.get_by_label("会议名称").fill("2026年第六批科技计划项目立项决策会")
    meeting.get_by_label("参会人员").fill("自创区办公室主任办公会成员")
    meeting.get_by_label("会议纪要").fill("审议专家评审结果，同意对排名靠前的项目予以立项。")
    meeting.get_by_role("button", name="记录会议").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "会议已记录")

    page.locator("#review-tabs").get_by_role("link", name="决策材料").click()
    page.wait_for_url(f"**/funds/calls/{call.pk}/pack/")
    item = page.locator(f"#pack-{app.pk}")
    pack_text = item.inner_text()
    assert number in pack_text and TITLE in pack_text
    assert "5/5" in pack_text and EXPERT_OPINIONS[1] in pack_text
    assert "兰州市" in pack_text and "#1" in pack_text, pack_text  # the city's recommendation, rank 1
    pdf = page.request.get(b.base_url + page.get_by_role("link", name="下载 PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF"), (pdf.status, pdf.body()[:40])

    page.locator("#review-tabs").get_by_role("link", name="立项决策与公示").click()
    page.wait_for_url(f"**/funds/calls/{call.pk}/decisions/")
    decide = page.locator("#decision-form")
    decide.locator(f"select[name=outcome_{app.pk}]").select_option(label="立项")
    decide.locator(f"input[name=amount_{app.pk}]").fill(str(AMOUNT))
    decide.locator(f"input[name=note_{app.pk}]").fill("按申请金额立项")
    decide.get_by_role("button", name="保存决策").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已记录 1 项决策")
    app.refresh_from_db()
    call.refresh_from_db()
    assert (app.status, app.decision.outcome, app.decision.amount, call.stage) == (
        "approved",
        "approve",
        AMOUNT,
        "decision",
    )
    b.goto(f"/funds/calls/{call.pk}/pack/")
    assert "决策结果：立项" in page.inner_text(f"#pack-{app.pk}"), page.inner_text(f"#pack-{app.pk}")
    _readme_shot(b, "funds-pack.png")

    b.goto(f"/funds/calls/{call.pk}/decisions/")
    page.locator("#publicity-form").get_by_role("button", name="发布拟立项项目公示").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "拟立项项目公示已发布")
    call.refresh_from_db()
    assert call.stage == "publicity"
    notice = Publicity.objects.get(request=call.publicity)
    assert "公示中" in page.inner_text("#notice")
    _logout(b)

    # anyone reads the award list on /notices/
    visitor = page.context.browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        public = visitor.new_page()
        public.set_default_timeout(15_000)
        public.goto(f"{b.base_url}/notices/")
        public.locator("#publicity-list").get_by_role("link", name=notice.title).click()
        public.wait_for_url(f"**/notices/{notice.pk}/")
        body = public.inner_text("#publicity-body")
        assert APPLICANT in body and TITLE in body and "600,000.00" in body, body
        public.screenshot(path=b.shots / "7-notice-public.png", full_page=True)
    finally:
        visitor.close()

    # the notice ran its 7 days: move it back in time (both ends)
    Publicity.objects.filter(pk=notice.pk).update(
        starts_at=notice.starts_at - dt.timedelta(days=8), ends_at=notice.ends_at - dt.timedelta(days=8)
    )

    _login(b, *OFFICE)
    b.goto(f"/funds/calls/{call.pk}/decisions/")
    assert "已结束" in page.inner_text("#notice")
    approve = page.locator("#publicity-decide")
    approve.locator("input[name=letter_base]").fill(LETTER_BASE)
    approve.get_by_role("button", name="公示通过，下达立项").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已办理")
    award = Award.objects.get(application=app)
    assert (award.letter_no, award.amount) == (f"{LETTER_BASE}-01", AMOUNT)
    page.locator("#awards").get_by_role("link", name=award.letter_no).click()
    page.wait_for_url(f"**/funds/awards/{award.pk}/")
    assert page.inner_text("#letter-no").strip() == award.letter_no
    assert TITLE in page.inner_text("#award-letter") and "600,000.00" in page.inner_text("#award-letter")
    b.shot("7-award-letter")

    # 8. the project from the award and its agreement (the office)
    b.goto("/funds/projects/")
    page.locator("#awards-pending tr", has_text=award.letter_no).get_by_role("link", name="建立项目").click()
    page.wait_for_url(f"**/funds/projects/new/{award.pk}/")
    project_form = page.locator("#project-form")
    today = dt.date.today()
    project_form.get_by_label("开始日期").fill(today.isoformat())
    project_form.get_by_label("结束日期").fill(today.replace(year=today.year + 2).isoformat())
    project_form.get_by_role("button", name="建立项目").click()
    page.wait_for_url("**/funds/projects/*/")
    _ok(page, "项目已建立")
    project = Project.objects.get(award=award)
    sign = page.locator("#sign-form")
    sign.get_by_label("任务书编号").fill(AGREEMENT)
    sign.get_by_role("button", name="签订任务书").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "任务书已签订")
    assert page.inner_text("#project-status") == "执行中"
    _logout(b)

    # the enterprise requests the first tranche (60 % of the award) with its evidence
    _login(b, *ENTERPRISE)
    b.goto("/funds/projects/")
    page.locator("#project-list").get_by_role("link", name=project.number).click()
    page.wait_for_url(f"**/funds/projects/{project.pk}/")
    tranche_form = page.locator("#tranche-form")
    tranche_form.get_by_label("拨付金额（元）").fill(str(FIRST_TRANCHE))
    tranche_form.locator("input[name=evidence]").set_input_files(_pdf("任务书及首笔拨付申请.pdf"))
    tranche_form.get_by_label("说明").fill("任务书已签订，申请拨付首笔资金（资助金额的 60%）。")
    tranche_form.get_by_role("button", name="提交拨付申请").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "拨付申请已提交")
    tranche = Tranche.objects.get(project=project, seq=1)
    assert (tranche.amount, tranche.status) == (FIRST_TRANCHE, "requested")
    _logout(b)

    # staff (the office) approve, then finance approves and records the payment
    for who in (OFFICE, FINANCE):
        _login(b, *who)
        b.goto("/funds/projects/tranches/")
        row = page.locator("#tranche-queue tr", has_text=project.number)
        row.get_by_role("button", name="同意", exact=True).click()
        page.wait_for_load_state("networkidle")
        _ok(page, "已办理")
        tranche.refresh_from_db()
        if who is OFFICE:
            assert tranche.status == "requested"  # now with finance
            _logout(b)
    assert tranche.status == "approved"
    row = page.locator("#tranche-queue tr", has_text=project.number)
    row.get_by_label("支付凭证号").fill(PAYMENT_REF)
    row.get_by_role("button", name="登记支付").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "支付已登记")
    tranche.refresh_from_db()
    assert (tranche.status, tranche.payment_ref) == ("paid", PAYMENT_REF)
    b.goto(f"/funds/projects/{project.pk}/")
    assert page.inner_text("#paid-amount").strip() == "360,000.00"
    assert PAYMENT_REF in page.inner_text("#tranche-1")
    b.shot("8-project-paid")
    _logout(b)

    # 9. `ledger verify` passes; a tranche amount changed behind the platform's back is caught
    out, err = io.StringIO(), io.StringIO()
    call_command("ledger", "verify", stdout=out, stderr=err)
    assert out.getvalue().startswith("ok: "), (out.getvalue(), err.getvalue())
    Tranche.objects.filter(pk=tranche.pk).update(amount=FIRST_TRANCHE + Decimal("0.01"))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as failed:
        call_command("ledger", "verify", stdout=out, stderr=err)
    assert failed.value.code == 1
    assert "LEDGER VERIFY FAILED" in err.getvalue()
    assert f"funds.Tranche {tranche.pk}: record differs from its last ledger event" in err.getvalue(), err.getvalue()

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
