"""Delivery evidence: the report attachments' allow-list and size limit (INNOZONE_ATTACHMENT_TYPES,
INNOZONE_ATTACHMENT_MAX_BYTES) on the page and the API, nothing stored on a refusal; downloads only for
the order's enterprise and provider and the office's reviewers (404 for anyone else, no storage path
shown)."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innozone.vouchers.models import Evidence, Order
from tests.vouchers.api_calls import api_error
from tests.vouchers.pages import flash_messages, login_as, refusal_trace


def _placed(people) -> Order:
    return Order.objects.filter(
        provider__organization=people["provider"].organization, status=Order.Status.PLACED
    ).first()


def _stored_files() -> set:
    root = settings.MEDIA_ROOT / "vouchers"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _pdf(name="r.pdf", size=None):
    return SimpleUploadedFile(name, b"%PDF" + b"0" * ((size or 10) - 4), content_type="application/pdf")


def test_an_html_contract_is_refused_on_the_page(client, busy_people):
    contract = SimpleUploadedFile("合同.html", b"<script>alert(1)</script>", content_type="text/html")
    order = _placed(busy_people)
    before, evidence, files = refusal_trace(), Evidence.objects.count(), _stored_files()
    response = login_as(client, busy_people["provider"]).post(
        reverse("vouchers:order", args=[order.pk]),
        {"action": "deliver", "contract": contract, "report": _pdf()},
        follow=True,
    )
    assert any("“合同.html”的文件类型不允许" in m for m in flash_messages(response)), flash_messages(response)
    assert refusal_trace() == before
    assert Evidence.objects.count() == evidence and _stored_files() == files


def test_an_oversize_report_is_refused_on_the_api(api, client, busy_people, settings):
    settings.INNOZONE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    order = _placed(busy_people)
    before, evidence, files = refusal_trace(), Evidence.objects.count(), _stored_files()
    api.as_user(busy_people["provider"])
    response = client.post(
        f"/api/vouchers/orders/{order.pk}/deliver",
        {"contract": _pdf("c.pdf"), "report": _pdf("报告.pdf", size=1024 * 1024 + 1)},
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )
    body = api_error(response, 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["report"]
    assert "超过1MB上限" in body["detail"][0]["message"]
    assert refusal_trace() == before
    assert Evidence.objects.count() == evidence and _stored_files() == files


def _delivered_with_evidence(busy_people) -> tuple[Order, Evidence]:
    evidence = (
        Evidence.objects.filter(order__provider__organization=busy_people["provider"].organization, kind="contract")
        .select_related("order")
        .first()
    )
    assert evidence is not None, "the demo's deliveries carry a contract"
    return evidence.order, evidence


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("enterprise", 200),
        ("provider", 200),
        ("office", 200),
        ("office2", 200),
        ("auditor", 200),
        ("enterprise2", 404),
        ("provider2", 404),
        ("lzkjj", 404),
        (None, 302),
    ],
)
def test_evidence_downloads_only_for_the_parties_and_the_office(client, busy_people, username, status):
    order, evidence = _delivered_with_evidence(busy_people)
    if username:
        login_as(client, busy_people[username])
    response = client.get(reverse("vouchers:evidence", args=[order.pk, evidence.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment")
    else:
        assert evidence.file.name.encode() not in response.content


def test_evidence_of_another_order_is_404(client, busy_people):
    order, evidence = _delivered_with_evidence(busy_people)
    other = Order.objects.filter(voucher=order.voucher).exclude(pk=order.pk).first()
    login_as(client, busy_people["enterprise"])
    assert client.get(reverse("vouchers:evidence", args=[other.pk, evidence.pk])).status_code == 404


def test_order_and_review_pages_link_the_evidence_without_its_path(client, busy_people):
    order, evidence = _delivered_with_evidence(busy_people)
    Evidence.objects.filter(pk=evidence.pk).update(original_name="")  # kept before names were
    link = reverse("vouchers:evidence", args=[order.pk, evidence.pk])
    page = login_as(client, busy_people["enterprise"]).get(reverse("vouchers:order", args=[order.pk])).content.decode()
    assert link in page and evidence.file.name not in page
    pending = Evidence.objects.filter(order__redemption__status="pending", kind="report").first()
    queue = login_as(client, busy_people["office"]).get(reverse("vouchers:office_redemptions")).content.decode()
    assert reverse("vouchers:evidence", args=[pending.order_id, pending.pk]) in queue
