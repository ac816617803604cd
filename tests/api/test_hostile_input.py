"""Hostile input answers a clear 4xx with the documented `{code, message, detail}` body (a 400 page on the
site) and changes nothing: numbers too big for any column, text the database cannot store, negative
counts, oversized bodies, impossible years and tree sizes, and the checks the forms make."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from innozone.core.models import AuditEvent, Organization
from innozone.market.models import Booking, Listing, TechContract
from tests.market.api_calls import LAB, LONGYUAN, _at, _demand_body, _error, _sem


@pytest.fixture
def people(market_base):
    from innozone.core.models import User

    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def enterprise(api, people):
    return api.as_user(people["enterprise"])


def _nothing_written(before: int) -> None:
    assert AuditEvent.objects.count() == before


def _contract_body(seller, buyer, **over):
    return {
        "contract_type": "transfer",
        "title": "稀土永磁晶界扩散技术转让合同",
        "seller_id": seller.pk,
        "buyer_id": buyer.pk,
        "amount": "800000",
        "technology_amount": "650000",
        "signed_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "field": "新材料",
        **over,
    }


def _booking(start, end, **over):
    return {"start": start.isoformat(), "end": end.isoformat(), "purpose": "形貌观察", "samples": 1, **over}


def test_a_price_of_1e30_is_refused(enterprise):
    before, listings = AuditEvent.objects.count(), Listing.objects.count()
    body = _error(enterprise.post("/api/market/listings", _demand_body(price=1e30)), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["price"]
    assert Listing.objects.count() == listings
    _nothing_written(before)


def test_a_contract_amount_of_1e30_is_refused(enterprise):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    body = _contract_body(lab, longyuan, amount=1e30, technology_amount="1e30")
    assert {d["field"] for d in _error(enterprise.post("/api/market/contracts", body), 422)["detail"]} >= {"amount"}
    assert not TechContract.objects.exists()


@pytest.mark.parametrize("text", ["涂层\u0000需求", "涂层\ud800需求"], ids=["nul", "lone-surrogate"])
def test_text_the_database_cannot_store_is_refused_in_a_json_body(enterprise, text):
    before, listings = AuditEvent.objects.count(), Listing.objects.count()
    body = _error(enterprise.post("/api/market/listings", _demand_body(title=text)), 400, "invalid_text")
    assert body["detail"][0]["field"] == "title"
    assert Listing.objects.count() == listings
    _nothing_written(before)


def test_a_nul_in_a_query_string_is_refused(enterprise):
    _error(enterprise.get("/api/market/search?q=%E6%B6%82%00"), 400, "invalid_text")


def test_a_nul_in_a_form_post_is_refused_with_a_400_page(client, people):
    client.force_login(people["enterprise"])
    listings = Listing.objects.count()
    data = {**_demand_body(), "title": "涂层\x00需求", "field": "", "region": ""}
    response = client.post(reverse("market:post", args=["demand"]), data)
    assert response.status_code == 400 and "text/html" in response["Content-Type"]
    assert Listing.objects.count() == listings


def test_a_30_mb_json_body_is_refused_with_413(enterprise):
    before = AuditEvent.objects.count()
    big = _demand_body(description="x" * (30 * 1024 * 1024))
    _error(enterprise.post("/api/market/listings", big), 413, "too_large")
    _nothing_written(before)


@pytest.mark.parametrize("query", [f"page={10**20}", f"field_id={10**20}", "page=0"])
def test_search_numbers_beyond_the_database_are_refused(enterprise, query):
    _error(enterprise.get(f"/api/market/search?{query}"), 422, "invalid")


def test_a_booking_with_negative_samples_is_refused(api, people):
    url = f"/api/market/listings/{_sem().pk}/bookings"
    body = _error(api.as_user(people["enterprise"]).post(url, _booking(_at(5, 9), _at(5, 10), samples=-5)), 422)
    assert [d["field"] for d in body["detail"]] == ["samples"]
    assert not Booking.objects.exists()


def test_a_booking_in_year_9999_or_ten_years_long_is_refused(api, people):
    url = f"/api/market/listings/{_sem().pk}/bookings"
    api.as_user(people["enterprise"])
    far = _at(5, 9).replace(year=9999)
    assert _error(api.post(url, _booking(far, far + dt.timedelta(hours=1))), 422)["detail"][0]["field"] == "start"
    long = _booking(_at(5, 9), _at(5, 9) + dt.timedelta(days=3650))
    assert _error(api.post(url, long), 422)["detail"][0]["field"] == "end"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("year", [0, -43263, 10**6])
def test_contract_years_outside_the_calendar_are_refused(enterprise, year):
    assert _error(enterprise.get(f"/api/market/contracts?year={year}"), 422)["detail"][0]["field"] == "year"
    assert _error(enterprise.get(f"/api/market/contracts/stats?year={year}"), 422)["detail"][0]["field"] == "year"


def test_a_listing_deadline_of_year_one_is_refused(enterprise):
    listings = Listing.objects.count()
    body = _error(enterprise.post("/api/market/listings", _demand_body(deadline="0001-01-01")), 422)
    assert [d["field"] for d in body["detail"]] == ["deadline"]
    assert Listing.objects.count() == listings


def test_a_contract_between_two_other_organizations_is_refused(enterprise):
    lab, university = Organization.objects.get(name=LAB), Organization.objects.get(name="兰州大学")
    body = _error(enterprise.post("/api/market/contracts", _contract_body(lab, university)), 422)
    assert [d["field"] for d in body["detail"]] == ["seller"]
    assert not TechContract.objects.exists()


def test_a_csrf_failure_on_the_api_has_the_documented_body(people):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["enterprise"])
    listings = Listing.objects.count()
    response = browser.post("/api/market/listings", json.dumps(_demand_body()), content_type="application/json")
    _error(response, 403, "csrf_failed")
    assert Listing.objects.count() == listings


def test_ledger_proofs_beyond_the_log_are_refused(api, busy_scheme):
    from innozone.core.models import User

    api.as_user(User.objects.get(username="enterprise"))
    _error(api.get(f"/api/ledger/proof/0?tree_size={10**12}"), 422, "invalid")
    _error(api.get("/api/ledger/consistency?old=0&new=0"), 422, "invalid")
    _error(api.get(f"/api/ledger/consistency?old=1&new={10**12}"), 422, "invalid")


def test_ledger_consistency_0_0_on_the_command_line_is_a_clear_error(busy_scheme):
    with pytest.raises(CommandError, match="old"):
        call_command("ledger", "consistency", "0", "0", stdout=io.StringIO())


@pytest.mark.parametrize("bounds", [[5, 5], [0, 1e308]], ids=["empty", "overflowing"])
def test_an_evaluation_range_that_is_empty_or_too_wide_is_refused(api, users, bounds):
    from innozone.evaluation.demo import seed_evaluation
    from innozone.evaluation.models import Run

    dataset = seed_evaluation().datasets.first()
    runs = Run.objects.count()
    api.as_user(users["office"])
    response = api.post(f"/api/evaluation/datasets/{dataset.pk}/runs", {"title": "区间", "range": bounds})
    assert [d["field"] for d in _error(response, 422, "invalid")["detail"]] == ["range"]
    assert Run.objects.count() == runs


def test_a_what_if_weight_of_1e308_is_refused(api, users):
    from innozone.evaluation.demo import seed_evaluation, seed_evaluation_run

    run = seed_evaluation_run(seed_evaluation())
    response = api.as_user(users["office"]).post(f"/api/evaluation/runs/{run.pk}/what-if", {"weights": {"Eff": 1e308}})
    assert [d["field"] for d in _error(response, 422, "invalid")["detail"]] == ["Eff"]


def test_the_contracts_page_reads_an_impossible_year_as_this_year(client, users):
    from django.utils import timezone

    client.force_login(users["office"])
    for year in ("-43263", "0", "100000"):
        response = client.get(f"/market/contracts/?year={year}")
        assert response.status_code == 200
        assert response.context["year"] == timezone.localdate().year


def _no_duplicate_keys(pairs):
    keys = [k for k, _v in pairs]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    return dict(pairs)


def test_an_api_path_no_operation_matches_answers_the_documented_json_404(enterprise):
    response = enterprise.get("/api/plans/null,null")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_a_page_path_that_does_not_exist_stays_an_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_multipart_body_without_its_boundary_is_a_400_not_a_server_error(client, api, people):
    api.as_user(people["enterprise"])
    before = AuditEvent.objects.count()
    response = client.post("/api/market/listings", b"x", content_type="multipart/form-data", **api._headers())
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    _nothing_written(before)


def test_every_operation_documents_the_shared_error_answers(client):
    raw = client.get("/api/openapi.json").content.decode()
    # one key per status code (an int and a str key for one code would print it twice and break Swagger UI)
    document = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
    assert document["components"]["schemas"]["ApiError"]["required"] == ["code", "message", "detail"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "422"} <= documented, (method, path)
            if method != "get":
                assert "409" in documented, (method, path)
