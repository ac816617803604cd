"""API tokens may expire and may be read-only (issue 11, finding 6); only their owner creates them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innozone.core.errors import Forbidden
from innozone.core.models import ApiToken
from innozone.core.tokens import api_token_create


def _bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_expired_token_answers_401(client, users):
    key = api_token_create(
        actor=users["lzxq"], user=users["lzxq"], name="t", expires_at=timezone.now() + timedelta(days=1)
    )
    assert client.get("/api/plans/", **_bearer(key)).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/plans/", **_bearer(key)).status_code == 401


def test_a_read_only_token_reads_but_any_write_is_forbidden(client, users, task6):
    key = api_token_create(actor=users["lzxq"], user=users["lzxq"], name="t", read_only=True)
    assert client.get("/api/plans/", **_bearer(key)).status_code == 200
    body = '{"period": "2020-Q1", "narrative": "x"}'
    url = f"/api/plans/tasks/{task6.pk}/reports"
    response = client.post(url, body, content_type="application/json", **_bearer(key))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not task6.reports.exists()


def test_nobody_creates_a_token_for_someone_else(users):
    with pytest.raises(Forbidden):
        api_token_create(actor=users["office"], user=users["enterprise"], name="t")
    assert not ApiToken.objects.exists()


def test_the_tokens_page_sets_expiry_and_scope(client, users):
    client.force_login(users["lzxq"])
    client.post("/tokens/", {"name": "报表脚本", "expires_days": "30", "read_only": "1"})
    token = ApiToken.objects.get(user=users["lzxq"])
    assert token.read_only and timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert "只读" in client.get("/tokens/").content.decode()
