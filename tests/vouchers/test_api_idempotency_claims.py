"""An Idempotency-Key is claimed before the work starts: a request that finds it claimed and not yet
answered waits for the answer, then replays it or answers 409 `in_progress` with Retry-After — never a
business error of its own. Deterministic, on one connection: the second request is sent from inside the
first one's work (tests/vouchers/test_idempotency_race.py races real threads on PostgreSQL)."""

import datetime as dt

from django.utils import timezone

from innozone.core import idempotency
from innozone.core.models import IdempotentRequest
from innozone.vouchers import services
from innozone.vouchers.models import Redemption
from tests.vouchers.api_calls import api_error, confirmed_order, refusal_trace


def test_a_retry_while_the_first_request_runs_is_in_progress_not_already_redeemed(api, busy_people, monkeypatch):
    monkeypatch.setattr(idempotency, "WAIT_SECONDS", 0.2)
    order = confirmed_order(busy_people)
    api.as_user(busy_people["provider"])
    url = f"/api/vouchers/orders/{order.pk}/redeem"
    real_redeem, during = services.voucher_redeem, []

    def redeem_while_a_retry_arrives(**kwargs):
        if not during:
            during.append(refusal_trace())
            during.append(api.post(url, {}, HTTP_IDEMPOTENCY_KEY="same"))
            during.append(refusal_trace())
        return real_redeem(**kwargs)

    monkeypatch.setattr(services, "voucher_redeem", redeem_while_a_retry_arrives)
    first = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="same")

    assert first.status_code == 200, first.content
    before_retry, retry, after_retry = during
    api_error(retry, 409, "in_progress")
    assert retry["Retry-After"] == "1"
    assert after_retry == before_retry  # the retry did nothing
    assert Redemption.objects.filter(order=order).count() == 1
    later = api.post(url, {}, HTTP_IDEMPOTENCY_KEY="same")
    assert (later.status_code, later.json()) == (200, first.json())


def test_a_claim_answered_while_waiting_is_replayed(api, busy_people, monkeypatch):
    order = confirmed_order(busy_people)
    provider = busy_people["provider"]
    url = f"/api/vouchers/orders/{order.pk}/redeem"
    claim = IdempotentRequest.objects.create(
        user=provider,
        key="k",
        endpoint=url,
        request_digest=idempotency.request_digest({"action": "redeem"}),
        status=idempotency.IN_PROGRESS,
        response={},
    )
    answer = {"id": 1, "order_id": order.pk, "voucher_id": order.voucher_id, "amount": "1.00", "status": "pending"}
    answer["review_note"] = ""

    def the_first_request_answers(seconds):
        IdempotentRequest.objects.filter(pk=claim.pk).update(status=200, response=answer)

    monkeypatch.setattr(idempotency.time, "sleep", the_first_request_answers)
    before = refusal_trace()
    response = api.as_user(provider).post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert (response.status_code, response.json()) == (200, answer)
    assert refusal_trace() == before


def test_a_claim_left_by_a_dead_request_is_taken_over(api, busy_people):
    order = confirmed_order(busy_people)
    provider = busy_people["provider"]
    url = f"/api/vouchers/orders/{order.pk}/redeem"
    claim = IdempotentRequest.objects.create(
        user=provider,
        key="k",
        endpoint=url,
        request_digest=idempotency.request_digest({"action": "redeem"}),
        status=idempotency.IN_PROGRESS,
        response={},
    )
    IdempotentRequest.objects.filter(pk=claim.pk).update(
        created_at=timezone.now() - idempotency.STALE_AFTER - dt.timedelta(seconds=1)
    )
    response = api.as_user(provider).post(url, {}, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 200, response.content
    assert Redemption.objects.filter(order=order).count() == 1
    assert IdempotentRequest.objects.get(pk=claim.pk).status == 200
