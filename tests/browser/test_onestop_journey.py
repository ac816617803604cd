"""一网通办 end to end, in Chromium, on the demo item with two parallel branches
(62000000KJ-QR-0003 科技型中小企业评价入库（并联核验）: lead 甘肃省科学技术厅, branches
兰州市科学技术局 and 甘肃省市场监督管理局): the enterprise finds the item in the catalogue and applies with its
materials (number BJ<year>-…); the lead department sends it to 补正 with one complete list of two items; the
enterprise answers with files; the lead accepts it — the clock starts and both branches are opened; each branch
department approves on its own queue; the lead decides; the case is finished within its clock (the page shows
working days used against the limit) with a result PDF; the applicant rates it (好差评) and the rating is tied
to the case and the lead department. Then the leader reads the statistics page.

With INNOZONE_SCREENSHOTS=1 the README's screenshots docs/screenshots/onestop-case.png and onestop-stats.png
are written too."""

import re

import pytest
from django.utils import timezone

from innozone.core import workdays
from innozone.core.models import Organization
from innozone.onestop.engine.clock import add_working_days
from innozone.onestop.models import Case, Correction, Rating, ServiceItem
from tests.browser.test_funds_journey import _ok, _pdf, _readme_shot
from tests.browser.test_report_journey import _login, _logout

pytestmark = pytest.mark.browser

CODE = "62000000KJ-QR-0003"
ENTERPRISE = ("enterprise", "陇原新材料 企业用户")
LEAD = ("kjt", "省科技厅 协调员")
BRANCHES = [("kjj", "兰州市科技局 协调员", "兰州市科学技术局"), ("scjg", "省市场监管局 协调员", "甘肃省市场监督管理局")]
LEADER = ("leader", "省领导（只读）")
APPLICANT = "甘肃陇原新材料科技有限公司"
MISSING = [
    ("营业执照", "请上传加盖公章的最新营业执照扫描件"),
    ("研发费用辅助账", "须按研发项目分别列示并由财务负责人签字"),
]
ANSWER = "已按要求补充营业执照和研发费用辅助账。"
COMMENTS = {"kjj": "企业注册地和科技人员情况核验无误，同意。", "scjg": "企业登记信息核验无误，同意。"}
RATING_COMMENT = "一次性告知补正内容清楚，并联审批很快。"


def _open_case(page, number: str):
    page.locator("#case-table").get_by_role("link", name=number).click()
    page.wait_for_url("**/services/cases/*/")


def test_parallel_case_through_correction_finished_within_its_clock(browser, busy_policies):
    b, page = browser, browser.page
    item = ServiceItem.objects.get(code=CODE)
    branch_names = {name for _user, _display, name in BRANCHES}
    assert item.department.name == "甘肃省科学技术厅"
    assert set(item.branch_departments.values_list("name", flat=True)) == branch_names
    applicant = Organization.objects.get(name=APPLICANT)
    before = set(Case.objects.filter(item=item).values_list("pk", flat=True))

    # 1. the enterprise finds the item in the catalogue and applies with every required material
    _login(b, *ENTERPRISE)
    b.goto("/services/")
    page.get_by_role("link", name=item.name).first.click()
    page.wait_for_url(f"**/services/items/{item.pk}/")
    assert {*branch_names} <= set(re.split(r"[、，,\s]+", page.inner_text("#item-branches")))
    page.locator("#apply-button").click()
    page.wait_for_url(f"**/services/cases/new/{item.pk}/")
    form = page.locator("#case-form")
    form.get_by_label("联系人").fill("王建国")
    form.get_by_label("联系电话").fill("0931-8888888")
    form.get_by_label("申请说明").fill("申请科技型中小企业评价入库。")
    materials = list(item.materials.order_by("order", "pk"))
    for m in materials:
        form.locator(f"input[name=material_{m.pk}]").set_input_files(_pdf(f"{m.name}.pdf"))
    form.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/services/cases/*/")
    (case,) = Case.objects.filter(item=item).exclude(pk__in=before)
    assert case.applicant_id == applicant.pk and case.status == "submitted"
    assert re.fullmatch(r"BJ\d{4}-\d{6}", case.number), case.number
    _ok(page, case.number)
    assert page.inner_text("#case-number").strip() == case.number
    assert page.inner_text("#case-status").strip() == "待受理"
    assert page.locator("#materials li").count() == len(materials)
    _logout(b)

    # 2. the lead department sends it to 补正 with one complete list of two items
    _login(b, *LEAD)
    b.goto("/services/cases/queue/")
    _open_case(page, case.number)
    correct = page.locator("#correct-form")
    for i, (material, problem) in enumerate(MISSING):
        correct.locator("input[name=material]").nth(i).fill(material)
        correct.locator("input[name=problem]").nth(i).fill(problem)
    correct.get_by_role("button", name="一次性告知补正").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已一次性告知补正内容")
    assert page.inner_text("#case-status").strip() == "补正中"
    (correction,) = Correction.objects.filter(case=case)
    assert [(i["material"], i["problem"]) for i in correction.items] == MISSING
    _logout(b)

    # 3. the enterprise reads the list on its case (from 我的办件) and answers it with files
    _login(b, *ENTERPRISE)
    b.goto("/services/cases/mine/")
    _open_case(page, case.number)
    notice = page.locator(".correction").inner_text()
    for material, problem in MISSING:
        assert material in notice and problem in notice, notice
    answer = page.locator("#answer-form")
    answer.locator("input[name=files]").set_input_files(
        [_pdf("营业执照（更新）.pdf"), _pdf("研发费用辅助账（分项目）.pdf")]
    )
    answer.get_by_label("补正说明").fill(ANSWER)
    answer.get_by_role("button", name="提交补正").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "补正材料已提交")
    assert page.inner_text("#case-status").strip() == "待受理"
    assert ANSWER in page.locator(".correction").inner_text()
    correction.refresh_from_db()
    assert correction.answered_at is not None
    _logout(b)

    # 4. the lead department accepts: the clock starts, both branches are opened
    _login(b, *LEAD)
    b.goto("/services/cases/queue/")
    _open_case(page, case.number)
    page.locator("#accept-form").get_by_role("button", name="受理").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已受理")
    case.refresh_from_db()
    assert case.status == "branches" and case.accepted_at is not None and case.limit_days == item.promised_days
    branches = page.locator("#branches tbody tr")
    assert branches.count() == 2
    assert {branches.nth(i).locator("td").first.inner_text().strip() for i in range(2)} == branch_names
    assert page.locator("#branches tr[data-status=pending]").count() == 2
    clock = page.inner_text("#case-clock")
    accepted_on = timezone.localtime(case.accepted_at).date()
    due = add_working_days(accepted_on, case.limit_days, workdays.calendar())  # the official calendar
    assert f"办结时限 {item.promised_days} 个工作日" in clock and f"办结期限 {due:%Y-%m-%d}" in clock, clock
    _logout(b)

    # 5. each branch department approves on its own queue (the other's decision is on the page)
    for n, (username, display, department) in enumerate(BRANCHES):
        _login(b, username, display)
        b.goto("/services/cases/queue/?tab=progress")
        _open_case(page, case.number)
        branch = page.locator("#branch-form")
        assert department in branch.inner_text()
        branch.get_by_label("同意", exact=True).check()
        branch.locator("textarea[name=comment]").fill(COMMENTS[username])
        branch.get_by_role("button", name="提交意见").click()
        page.wait_for_load_state("networkidle")
        _ok(page, "已办理本部门的并联环节")
        row = page.locator("#branches tbody tr", has_text=department)
        assert row.get_attribute("data-status") == "approved" and COMMENTS[username] in row.inner_text()
        assert page.locator("#branch-form").count() == 0
        case.refresh_from_db()
        assert case.status == ("branches" if n == 0 else "accepted"), case.status
        _logout(b)

    # 6. the lead department decides; finished within its clock, with a result document
    _login(b, *LEAD)
    b.goto("/services/cases/queue/?tab=progress")
    _open_case(page, case.number)
    assert page.locator("#branches tr[data-status=approved]").count() == 2
    decide = page.locator("#decide-form")
    decide.get_by_label("准予办理").check()
    decide.locator("textarea[name=note]").fill("经并联核验，准予入库。")
    decide.get_by_role("button", name="作出决定").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "已作出办理决定")
    case.refresh_from_db()
    assert case.status == "approved" and case.decided_at is not None
    assert case.used_days is not None and 0 <= case.used_days <= case.limit_days, (case.used_days, case.limit_days)
    assert timezone.localtime(case.decided_at).date() <= due
    assert page.inner_text("#case-status").strip() == "准予办理"
    level = page.locator("#case-clock [data-level]")
    assert level.get_attribute("data-level") == "done"
    used = level.inner_text()
    assert f"用时 {case.used_days}/{case.limit_days} 个工作日" in used and "超期" not in used, used
    assert f"已用 {case.used_days} 个工作日" in page.inner_text("#case-clock")
    pdf = page.request.get(b.base_url + page.get_attribute("#result-pdf", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF"), (pdf.status, pdf.body()[:40])
    _logout(b)

    # 7. the applicant sees each branch's decision and the result, and rates the case (好差评): tied to the
    # case and the lead department
    _login(b, *ENTERPRISE)
    b.goto("/services/cases/mine/")
    _open_case(page, case.number)
    for username, _display, department in BRANCHES:
        row = page.locator("#branches tbody tr", has_text=department)
        assert row.get_attribute("data-status") == "approved" and COMMENTS[username] in row.inner_text()
    pdf = page.request.get(b.base_url + page.get_attribute("#result-pdf", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF"), (pdf.status, pdf.body()[:40])
    rating = page.locator("#rating-form")
    rating.locator("input[name=level][value='5']").check()
    rating.locator("textarea[name=comment]").fill(RATING_COMMENT)
    rating.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    _ok(page, "感谢您的评价")
    assert "非常满意" in page.inner_text("#rating") and RATING_COMMENT in page.inner_text("#rating")
    assert page.locator("#rating-form").count() == 0  # once per case
    saved = Rating.objects.get(case=case)
    assert (saved.level, saved.department_id, saved.rectify_due) == (5, item.department_id, None)
    timeline = page.inner_text("#timeline")
    for step in ("补正", "受理", "并联"):
        assert step in timeline, timeline
    _readme_shot(b, "onestop-case.png")
    _logout(b)

    # 8. the leader reads the statistics: the finished case counts for the lead department
    _login(b, *LEADER)
    b.goto(f"/services/stats/?year={case.decided_at.year}")
    page.wait_for_function(
        "document.querySelector('#stats-chart-months canvas')"
        " && document.querySelector('#stats-chart-departments canvas')"
    )
    assert item.department.name in page.inner_text("#stats-by-department")
    page.wait_for_timeout(1200)  # the charts' entry animation, for the screenshot only
    _readme_shot(b, "onestop-stats.png")
    _logout(b)

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
