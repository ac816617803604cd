"""/api/market technology contracts: submission, registration review, statistics; bad amounts or parties."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from innozone.core.models import Organization
from innozone.market.models import TechContract

from .api_calls import LAB, LONGYUAN, _error, _ok


def _contract_body(seller, buyer, **over):
    body = {
        "contract_type": "transfer",
        "title": "稀土永磁晶界扩散技术转让合同",
        "seller_id": seller.pk,
        "buyer_id": buyer.pk,
        "amount": "800000",
        "technology_amount": "650000",
        "signed_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "field": "新材料",
    }
    return {**body, **over}


def test_contracts_submit_review_and_stats(api, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    api.as_user(people["enterprise"])
    created = _ok(api.post("/api/market/contracts", _contract_body(lab, longyuan)), 201)
    assert (created["status"], created["registration_number"], created["counterparty"]) == ("awaiting", "", LAB)
    assert (created["seller"], created["buyer"]) == (LAB, LONGYUAN)
    assert Decimal(created["amount"]) == 800000 and Decimal(created["technology_amount"]) == 650000
    contract = TechContract.objects.get(pk=created["id"])
    assert contract.region == lab.region, "without a region the seller's is used"
    mine = _ok(api.get("/api/market/contracts"))
    assert created["id"] in [c["id"] for c in mine]
    assert all(LONGYUAN in (c["seller"], c["buyer"]) for c in mine)

    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}), 403, "forbidden")
    api.as_user(people["provider"])
    assert _ok(api.post(f"/api/market/contracts/{created['id']}/confirm", {}))["status"] == "submitted"
    api.as_user(people["office"])
    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": False}), 422, "invalid")
    registered = _ok(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}))
    year = contract.signed_on.year
    assert registered["status"] == "registered"
    assert registered["registration_number"].startswith(str(year))
    others = TechContract.objects.exclude(pk=contract.pk).values_list("registration_number", flat=True)
    assert registered["registration_number"] not in set(others)
    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}), 409, "conflict")
    assert len(_ok(api.get("/api/market/contracts"))) == TechContract.objects.count()

    stats = _ok(api.get(f"/api/market/contracts/stats?year={year}"))
    done = TechContract.objects.filter(status="registered", signed_on__year=year)
    n = done.count()
    amount = sum((c.amount for c in done), Decimal(0))
    tech = sum((c.technology_amount for c in done), Decimal(0))
    assert stats["year"] == year
    assert stats["totals"]["n"] == n
    assert Decimal(stats["totals"]["amount"]) == amount and Decimal(stats["totals"]["tech"]) == tech
    for part in ("by_month", "by_city", "by_field"):
        assert sum(r["n"] for r in stats[part]) == n, part
        assert sum(Decimal(r["amount"]) for r in stats[part]) == amount, part
    assert sum(r["n"] for r in stats["by_type"]) == n
    months = [r["month"] for r in stats["by_month"]]
    assert months == sorted(months)
    this_month = contract.signed_on.strftime("%Y-%m")
    expected = done.filter(signed_on__month=contract.signed_on.month)
    row = next(r for r in stats["by_month"] if r["month"] == this_month)
    assert row["n"] == expected.count()
    assert "技术转让" in [r["type"] for r in stats["by_type"]]


def test_contract_submissions_with_bad_amounts_or_parties_are_422(api, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    api.as_user(people["enterprise"])
    body = _error(api.post("/api/market/contracts", _contract_body(lab, longyuan, technology_amount="800000.01")), 422)
    assert [d["field"] for d in body["detail"]] == ["technology_amount"]
    body = _error(api.post("/api/market/contracts", _contract_body(longyuan, longyuan)), 422)
    assert [d["field"] for d in body["detail"]] == ["buyer"]
    body = _error(
        api.post("/api/market/contracts", _contract_body(lab, longyuan, amount="0", technology_amount="0")), 422
    )
    assert "amount" in [d["field"] for d in body["detail"]]
    body = _error(api.post("/api/market/contracts", _contract_body(lab, longyuan, contract_type="gift")), 422)
    assert "contract_type" in [d["field"] for d in body["detail"]]
    university = Organization.objects.get(name="兰州大学")
    body = _error(api.post("/api/market/contracts", _contract_body(lab, university)), 422)
    assert [d["field"] for d in body["detail"]] == ["seller"]
    assert not TechContract.objects.exists()
