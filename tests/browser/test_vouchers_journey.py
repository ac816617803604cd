"""An enterprise applies for a voucher, the city bureau and the zone office approve it in parallel, the
enterprise orders a test, the provider delivers and redeems, and the enterprise downloads a ledger proof
that verifies on its own — in Chromium."""

import json
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest

from innozone.plans.demo import seed_demo
from innozone.vouchers import demo as voucher_demo
from innozone.vouchers.models import (
    Application,
    CategoryRate,
    Evidence,
    Order,
    Redemption,
    Scheme,
    ServiceCategory,
    ServiceItem,
    Voucher,
)
from tests.browser.test_report_journey import _login, _logout
from tests.vouchers.pages import verify_proof

pytestmark = pytest.mark.browser
AMOUNT = Decimal("30000.00")
QUANTITY = Decimal("3")
ENTERPRISE = ("enterprise", "陇原新材料 企业用户")
LZKJJ = ("lzkjj", "兰州市科技局 审批员")
OFFICE = ("office", "自创区办公室 王主任")
PROVIDER = ("provider", "分析测试中心 服务机构")


def _approve(b, who, enterprise_name: str):
    page = b.page
    _login(b, *who)
    b.goto("/approvals/")
    row = page.locator("#approval-pending tr", has_text=enterprise_name)
    assert row.count() == 1, page.inner_text("main")
    row.locator("input[name=comment]").fill("同意")
    row.get_by_role("button", name="同意", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "已办理" in page.inner_text("ul.messages"), page.inner_text("main")
    assert page.locator("#approval-pending tr", has_text=enterprise_name).count() == 0
    _logout(b)


def test_enterprise_applies_orders_and_verifies_its_proof(browser, tmp_path):
    b, page = browser, browser.page
    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    scheme = Scheme.objects.get(name=voucher_demo.SCHEME_NAME)
    instrument = ServiceCategory.objects.get(code="instrument")
    item = ServiceItem.objects.get(provider__organization__name="甘肃省分析测试中心（演示）", name__startswith="场发射")
    ratio = CategoryRate.objects.get(scheme=scheme, category=item.category).subsidy_ratio
    part = min((item.price * QUANTITY * ratio).quantize(Decimal("0.01"), rounding=ROUND_DOWN), AMOUNT)

    # 1. the enterprise applies
    _login(b, *ENTERPRISE)
    b.goto("/vouchers/")
    page.get_by_role("link", name="申领创新券").click()
    page.wait_for_url("**/vouchers/apply/")
    form = page.locator("#apply-form")
    form.locator("select[name=scheme]").select_option(str(scheme.pk))
    form.locator("select[name=category]").select_option(str(instrument.pk))
    form.locator("input[name=amount]").fill(str(AMOUNT))
    form.locator("textarea[name=purpose]").fill("新材料样品的电镜检测")
    b.shot("1-apply")
    form.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/vouchers/applications/*/")
    application = Application.objects.get(enterprise__name="甘肃陇原新材料科技有限公司")
    assert application.amount == AMOUNT
    assert page.inner_text("#application-status") == "审批中"
    enterprise_name = application.enterprise.name
    _logout(b)

    # 2. the two parallel approvers: 兰州市科学技术局 and the zone office
    _approve(b, LZKJJ, enterprise_name)
    assert not Voucher.objects.filter(application=application).exists()
    _approve(b, OFFICE, enterprise_name)
    voucher = Voucher.objects.get(application=application)
    assert voucher.amount == AMOUNT

    # 3. the enterprise sees its voucher and orders a test
    _login(b, *ENTERPRISE)
    b.goto(f"/vouchers/applications/{application.pk}/")
    assert page.inner_text("#application-status") == "已批准"
    page.get_by_role("link", name=voucher.number).click()
    page.wait_for_url(f"**/vouchers/{voucher.pk}/")
    assert str(AMOUNT) in page.inner_text("#voucher-summary")
    order_form = page.locator("#order-form")
    order_form.locator("select[name=item]").select_option(str(item.pk))
    order_form.locator("input[name=quantity]").fill(str(QUANTITY))
    b.shot("2-order")
    order_form.get_by_role("button", name="下单").click()
    page.wait_for_url("**/vouchers/orders/*/")
    order = Order.objects.get(voucher=voucher)
    assert order.voucher_amount == part
    assert page.inner_text("#order-status") == "已下单"
    _logout(b)

    # 4. the provider delivers with a contract and a report
    contract, report = tmp_path / "合同.pdf", tmp_path / "检测报告.pdf"
    contract.write_bytes(b"%PDF-1.4 contract")
    report.write_bytes(b"%PDF-1.4 SEM report")
    _login(b, *PROVIDER)
    b.goto("/vouchers/provider/")
    page.get_by_role("link", name=order.number).click()
    page.wait_for_url(f"**/vouchers/orders/{order.pk}/")
    deliver = page.locator("#deliver-form")
    deliver.locator("input[name=contract]").set_input_files(contract)
    deliver.locator("input[name=report]").set_input_files(report)
    deliver.get_by_role("button", name="提交交付凭证").click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#order-status") == "已交付", page.inner_text("main")
    assert set(Evidence.objects.filter(order=order).values_list("kind", flat=True)) == {"contract", "report"}
    b.shot("3-delivered")
    _logout(b)

    # 5. the enterprise confirms
    _login(b, *ENTERPRISE)
    b.goto(f"/vouchers/orders/{order.pk}/")
    page.get_by_role("button", name="确认服务已完成").click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#order-status") == "企业已确认"
    _logout(b)

    # 6. the provider redeems
    _login(b, *PROVIDER)
    b.goto(f"/vouchers/orders/{order.pk}/")
    page.get_by_role("button", name="申请兑付").click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#order-status") == "已申请兑付"
    assert Redemption.objects.get(order=order).amount == part
    voucher.refresh_from_db()
    assert voucher.redeemed == part
    _logout(b)

    # 7. the enterprise downloads its proof; every event verifies against the signed head
    _login(b, *ENTERPRISE)
    b.goto(f"/vouchers/{voucher.pk}/")
    assert page.locator("#ledger-events tr").count() == 1 + 5  # header + issue, place, deliver, confirm, redeem
    with page.expect_download() as download:
        page.click("#download-proof")
    assert download.value.suggested_filename == f"{voucher.number}-proof.json"
    body = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    payloads = verify_proof(body, voucher)
    assert [p["kind"] for p in payloads] == [
        "voucher.issue",
        "order.place",
        "order.deliver",
        "order.confirm",
        "voucher.redeem",
    ]
    assert Decimal(payloads[-1]["data"]["state"]["redeemed"]) == part
    b.shot("4-voucher")

    assert b.js_errors == [], b.js_errors
    assert b.static_failures == [], b.static_failures
