"""POST /api/vouchers/providers/{id}/status: the office approves, rejects or suspends a provider with a
JSON body; a refusal changes nothing."""

from innozone.vouchers.models import Provider
from tests.vouchers.api_calls import api_error


def _pending():
    return Provider.objects.get(status=Provider.Status.PENDING)


def test_office_approves_a_pending_provider_through_the_api(api, scheme, people):
    provider = _pending()
    response = api.as_user(people["office"]).post(
        f"/api/vouchers/providers/{provider.pk}/status", {"status": "approved", "note": "资质齐全"}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"id": provider.pk, "status": "approved"}
    provider.refresh_from_db()
    assert (provider.status, provider.status_note) == ("approved", "资质齐全")


def test_suspending_without_a_reason_is_422_and_changes_nothing(api, scheme, people):
    provider = _pending()
    body = api_error(
        api.as_user(people["office"]).post(f"/api/vouchers/providers/{provider.pk}/status", {"status": "suspended"}),
        422,
        "invalid",
    )
    assert body["detail"][0]["field"] == "note"
    assert Provider.objects.get(pk=provider.pk).status == Provider.Status.PENDING


def test_only_the_office_sets_a_providers_status(api, scheme, people):
    provider = _pending()
    for username in ("provider", "enterprise", "auditor"):
        api_error(
            api.as_user(people[username]).post(f"/api/vouchers/providers/{provider.pk}/status", {"status": "approved"}),
            403,
            "forbidden",
        )
    assert Provider.objects.get(pk=provider.pk).status == Provider.Status.PENDING
