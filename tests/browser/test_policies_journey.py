"""政策计算器 end to end, in Chromium: the enterprise (甘肃陇原新材料科技有限公司) opens 我的政策 and sees a clause it
nearly qualifies for, with its own number and the gap; it follows the page's link to the registry's own page
for yearly figures, files its new year's figures there, and back on 我的政策 the clause has moved to the
eligible ones with an estimated amount; the office's list of the clause's eligible enterprises now names it,
and the office's clause editor shows the clause's condition in words.

Setup outside the browser, said where it happens: the near miss is chosen from what the matching selector
reports for the enterprise (a near miss on a yearly figure: the test then files figures that close the gap),
so the journey follows the demo when its clauses change.

With INNOZONE_SCREENSHOTS=1 the README's screenshots docs/screenshots/policies-matching.png and
policies-clause.png are written too."""

import math
import re
from decimal import ROUND_CEILING, Decimal

import pytest
from django.utils import timezone

from innozone.core.models import Organization, User
from innozone.enterprises.models import AnnualFigures, Enterprise
from innozone.policies.selectors import matching
from tests.browser.test_funds_journey import _readme_shot
from tests.browser.test_report_journey import _login, _logout

pytestmark = pytest.mark.browser

ENTERPRISE = ("enterprise", "陇原新材料 企业用户")
OFFICE = ("office", "自创区办公室 王主任")
APPLICANT = "甘肃陇原新材料科技有限公司"
#: the yearly figures a near miss can be closed with, the form's fields
COUNTS = ("employees", "sci_staff", "invention_patents")
MONEY = ("revenue", "total_income", "hitech_income", "total_assets", "rd_total", "rd_domestic", "export_value")
DIRECT = {"revenue", "rd_total", "employees", "sci_staff", "total_assets", "invention_patents", "export_value"}
RATIOS = {"rd_ratio", "sci_ratio", "hitech_income_ratio"}


def _closable(m) -> bool:
    """A near miss whose every failed condition is a yearly figure that must be at least (above) a number."""
    return bool(m.failed) and all(
        c.var in DIRECT | RATIOS and c.op in (">=", ">") and c.value is not None for c in m.failed
    )


def _digits(value) -> str:
    """How a number appears on the page: thousands separated, no trailing zeros (47,905,000 / 2.8)."""
    d = Decimal(str(value)).normalize()
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,f}"


def _up(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_CEILING)


def _closing_figures(latest: AnnualFigures, failed) -> dict:
    """The latest year's figures changed so that each failed condition holds with a margin."""
    new = {name: getattr(latest, name) for name in (*COUNTS, *MONEY)}
    for c in failed:
        need = Decimal(str(c.required))
        if c.var in DIRECT:
            target = _up(need * Decimal("1.02")) + 1
            new[c.var] = int(target) if c.var in COUNTS else target
        elif c.var == "rd_ratio":
            new["rd_total"] = _up(Decimal(new["revenue"]) * (need + 1) / 100)
        elif c.var == "sci_ratio":
            new["sci_staff"] = min(new["employees"], math.ceil(new["employees"] * (need + 1) / 100))
        elif c.var == "hitech_income_ratio":
            new["hitech_income"] = min(new["total_income"], _up(Decimal(new["total_income"]) * (need + 1) / 100))
    new["rd_domestic"] = min(Decimal(new["rd_domestic"]), Decimal(new["rd_total"]))
    return new


def _money(text: str) -> str:
    return text.strip().replace("\u00a0", " ")


def test_near_miss_closed_by_filing_yearly_figures(browser, busy_policies):
    b, page = browser, browser.page
    organization = Organization.objects.get(name=APPLICANT)
    entry = Enterprise.objects.get(organization=organization)
    today = timezone.localdate()
    near = [m for m in matching.matches_for(organization, today, show="near") if m.near and _closable(m)]
    assert near, "the demo enterprise has no near miss on a yearly figure for the journey to close"
    target = near[0]
    clause = target.clause
    latest = AnnualFigures.objects.filter(enterprise=entry).order_by("-year", "source").first()
    year = min(latest.year + 1, today.year)
    figures = _closing_figures(latest, target.failed)

    # 1. the enterprise opens 我的政策 from the policy library and sees the near miss with its numbers and gap
    _login(b, *ENTERPRISE)
    b.goto("/policies/")
    page.locator("nav.subnav").get_by_role("link", name="我的政策（政策计算器）").click()
    page.wait_for_url("**/policies/matching/**")
    assert f"按 {latest.year} 年度数据比对" in page.inner_text("#match-basis"), page.inner_text("#match-basis")
    row = page.locator("#match-near tbody tr", has_text=clause.title)
    assert row.count() == 1, page.inner_text("main")
    gaps = row.locator("ul.gaps").inner_text()
    for c in target.failed:
        # its own number, the required one and how far it is (in the variable's unit)
        assert _digits(c.value) in gaps and _digits(c.required) in gaps, (c, gaps)
        assert "差" in gaps and _digits(Decimal(str(c.required)) - Decimal(str(c.value))) in gaps, (c, gaps)
    promised = _money(row.locator("td.num").inner_text())
    assert re.fullmatch(r"[\d,]+\.\d{2}", promised), promised
    assert page.locator("#match-eligible").get_by_text(clause.title, exact=True).count() == 0
    _readme_shot(b, "policies-matching.png")

    # 2. the link in the row opens the registry's own page for yearly figures; the new year is filed there
    row.get_by_role("link", name="数据有更新？填报最新年度数据").click()
    page.wait_for_url(f"**/enterprises/{entry.pk}/figures/")
    form = page.locator("main form")
    form.locator("input[name=year]").fill(str(year))
    for name, value in figures.items():
        form.locator(f"input[name={name}]").fill(str(value))
    form.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/enterprises/{entry.pk}/")
    assert "已保存" in page.inner_text("ul.messages"), page.inner_text("main")
    filed = AnnualFigures.objects.get(enterprise=entry, year=year, source=AnnualFigures.Source.SELF)
    assert filed.filed_by == User.objects.get(username=ENTERPRISE[0])
    for c in target.failed:
        if c.var in DIRECT:
            assert Decimal(getattr(filed, c.var)) == Decimal(figures[c.var]), (c.var, getattr(filed, c.var))

    # 3. back on 我的政策: compared on the new year, the clause now qualifies, with its estimated amount
    b.goto("/policies/matching/")
    assert f"按 {year} 年度数据比对" in page.inner_text("#match-basis"), page.inner_text("#match-basis")
    eligible = page.locator("#match-eligible tbody tr", has_text=clause.title)
    assert eligible.count() == 1, page.inner_text("main")
    assert page.locator("#match-near tbody tr", has_text=clause.title).count() == 0
    after = matching.explain_for(clause, organization)
    assert after.eligible and after.amount is not None and after.amount > 0, after
    shown = _money(eligible.locator("td.num").inner_text())
    assert shown == f"{after.amount:,.2f}", (shown, after.amount)
    if (clause.amount_rule or {}).get("type") == "fixed":
        assert shown == promised  # the amount the near miss promised
    eligible.locator("summary").click()  # 比对依据: the conditions that failed now pass, on the new figures
    basis = eligible.locator("details").inner_text().splitlines()
    for c in target.failed:
        (line,) = [x for x in basis if _digits(c.required) in x]
        assert line.lstrip().startswith("✓"), (c, basis)
        if c.var in DIRECT:
            assert _digits(figures[c.var]) in line, (c, line)
    _logout(b)

    # 4. the office's list of who is eligible for the clause names the enterprise now; the clause editor
    _login(b, *OFFICE)
    b.goto(f"/policies/clauses/{clause.pk}/eligible/")
    listed = page.inner_text("#eligible-list")
    assert APPLICANT in listed, listed
    b.goto(f"/policies/clauses/{clause.pk}/edit/")
    words = page.inner_text("#rule-words")
    for c in target.failed:
        assert _digits(c.required) in words, (c, words)
    # the condition in words follows the editor: a changed value is described at once (HTMX)
    first = target.failed[0]
    rows = page.locator("#condition-rows tbody tr")
    for i in range(rows.count()):
        if rows.nth(i).locator("select[name=cond_var]").input_value() == first.var:
            field = rows.nth(i).locator("input[name=cond_value]")
            changed = str(int(Decimal(str(first.required)) * 2))
            field.fill(changed)
            field.dispatch_event("change")
            page.wait_for_function(
                f"document.querySelector('#rule-text') && document.querySelector('#rule-text').innerText"
                f".includes('{_digits(Decimal(changed))}')"
            )
            field.fill(str(first.required))
            field.dispatch_event("change")
            page.wait_for_function(
                f"document.querySelector('#rule-text').innerText.includes('{_digits(first.required)}')"
            )
            break
    else:
        pytest.fail(f"the editor has no row for {first.var}: {page.inner_text('#condition-rows')}")
    _readme_shot(b, "policies-clause.png")
    _logout(b)

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
