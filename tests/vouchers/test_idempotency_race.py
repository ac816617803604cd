"""Ten simultaneous requests with one Idempotency-Key, on the real PostgreSQL (SQLite has a single writer):
each answers the first request's response or 409 `in_progress` with Retry-After, never a business
error of its own (tests/vouchers/test_api_idempotency_claims.py checks the claim logic on SQLite)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from innozone.core.tokens import api_token_create
from innozone.vouchers import services
from innozone.vouchers.models import Application, Redemption, SettlementBatch

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

REQUESTS = 10


def race(url: str, token: str, key: str) -> list:
    """POST `url` REQUESTS times at once with the same key; the responses' (status, body, Retry-After)."""
    barrier = threading.Barrier(REQUESTS)
    results, lock = [], threading.Lock()

    def worker():
        try:
            client = Client()
            barrier.wait()
            r = client.post(
                url,
                "{}",
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY=key,
            )
            with lock:
                results.append((r.status_code, r.json(), r.get("Retry-After")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == REQUESTS
    return results


def assert_one_answer(results, success: int) -> dict:
    """Every response is the first one's, or in_progress with Retry-After."""
    answers = [body for status, body, _r in results if status == success]
    assert answers and all(a == answers[0] for a in answers), results
    waiting = [(s, b, r) for s, b, r in results if s != success]
    assert all(s == 409 and b["code"] == "in_progress" and r for s, b, r in waiting), results
    return answers[0]


@pytest.fixture
def setup(transactional_db):
    from innozone.core.models import User
    from innozone.plans.demo import seed_demo
    from innozone.vouchers import demo as voucher_demo
    from innozone.vouchers.models import Scheme

    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    users = {u.username: u for u in User.objects.select_related("organization")}
    return users, Scheme.objects.get(name=voucher_demo.SCHEME_NAME)


def test_ten_simultaneous_retries_of_redeem_and_settle_get_one_answer(setup):
    users, scheme = setup
    office, enterprise, provider = users["office"], users["enterprise"], users["provider"]
    voucher = services.voucher_issue(
        actor=office,
        application=Application.objects.create(
            scheme=scheme,
            enterprise=enterprise.organization,
            amount="4000",
            purpose="并发测试",
            category=scheme.rates.first().category,
            submitted_by=enterprise,
        ),
    )
    order = services.order_place(actor=enterprise, voucher=voucher, item=provider.organization.provider.items.first())
    services.order_deliver(
        actor=provider,
        order=order,
        files=[("invoice", SimpleUploadedFile("i.pdf", b"%PDF i")), ("report", SimpleUploadedFile("r.pdf", b"%PDF r"))],
    )
    services.order_confirm(actor=enterprise, order=order)

    redeemed = race(
        f"/api/vouchers/orders/{order.pk}/redeem", api_token_create(actor=provider, user=provider, name="race"), "r-1"
    )
    answer = assert_one_answer(redeemed, 200)
    assert Redemption.objects.filter(order=order).count() == 1 and answer["status"] == "pending"

    services.redemption_review(actor=office, redemption=Redemption.objects.get(order=order), approve=True)
    settler = users["office2"]
    settled = race(
        f"/api/vouchers/schemes/{scheme.pk}/settlements",
        api_token_create(actor=settler, user=settler, name="race"),
        "s-1",
    )
    batch = assert_one_answer(settled, 201)
    assert SettlementBatch.objects.filter(scheme=scheme).count() == 1 and batch["items"] == 1
