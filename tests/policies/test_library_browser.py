"""The clause editor in Chromium: the office opens a published clause, changes a condition row — the operator
list follows the variable's kind and the rule in words refreshes (HTMX) — tests the edited rule against the
demo enterprise by its USCC, saves it as a new draft version and publishes it again; no JavaScript error, no
failed static file, no Content-Security-Policy violation on the way."""

import pytest

from innozone.enterprises import selectors as registry
from innozone.policies.models import Clause
from tests.browser.conftest import (
    browser,  # noqa: F401  (the Chromium fixture)
    pytest_runtest_makereport,  # noqa: F401  (screenshots of a failure)
)
from tests.browser.test_report_journey import _login

pytestmark = pytest.mark.browser


def test_office_edits_tests_and_republishes_a_clause(browser, policy_world):  # noqa: F811
    b, page = browser, browser.page
    clause = Clause.objects.get(title="企业研发投入后补助（演示条款）")
    from innozone.core.models import User

    enterprise = User.objects.get(username="enterprise")
    uscc = registry.enterprise_of(enterprise.organization_id).uscc
    _login(b, "office", "自创区办公室 王主任")
    b.goto(f"/policies/clauses/{clause.pk}/edit/")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#condition-rows tbody tr")
    assert rows.nth(1).locator("select[name=cond_var]").input_value() == "rd_ratio"
    # a list variable offers only contains / not contains
    blank = rows.nth(3)
    blank.locator("select[name=cond_var]").select_option("qualifications")
    visible = blank.locator("select[name=cond_op] option:not([hidden])")
    assert sorted(visible.evaluate_all("os => os.map(o => o.value)")) == ["contains", "not_contains"]
    assert blank.locator("input[name=cond_value]").get_attribute("list") == "choices-qualifications"
    blank.locator("input[name=cond_value]").fill("hnte")
    blank.locator("input[name=cond_value]").dispatch_event("change")
    page.wait_for_function(
        "document.querySelector('#rule-text') && "
        "document.querySelector('#rule-text').textContent.includes('高新技术企业')"
    )
    assert "研发费用占销售收入比例 ≥ 3%" in page.inner_text("#rule-text")
    b.shot("clause-editor")
    page.fill("textarea[name=uscc]", uscc)
    page.get_by_role("button", name="测试").click()
    page.wait_for_selector("#rule-test-result table")
    assert "甘肃陇原新材料科技有限公司" in page.inner_text("#rule-test-result")
    page.get_by_role("button", name="保存条款").click()
    page.wait_for_load_state("networkidle")
    clause.refresh_from_db()
    assert clause.version == 2 and clause.status == "draft"
    assert "持有有效的高新技术企业资质" in clause.condition_text
    b.goto(f"/policies/p/{clause.policy_id}/")
    page.get_by_role("button", name="发布新增/修订条款（1）").click()
    page.wait_for_load_state("networkidle")
    clause.refresh_from_db()
    assert clause.status == "published"
    assert b.js_errors == [] and b.static_failures == [] and b.csp_violations == []
