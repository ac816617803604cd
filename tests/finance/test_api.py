"""/api/finance: the same rules as the pages: a bank records and sees its own loans, files a claim; the office
checks and finance approves through the API; errors are domain errors; statistics for the office only."""

from decimal import Decimal

from innozone.finance.models import Claim, Loan, PoolMovement


def test_loan_claim_and_payout_through_the_api(busy_fin, api):
    u = busy_fin["users"]
    body = {
        "enterprise_id": busy_fin["lz"].organization_id,
        "loan_type": "credit",
        "contract_no": "API-1",
        "amount": "900000",
        "rate": "3.6",
        "term_months": 12,
        "starts_on": "2026-04-01",
        "pool_id": busy_fin["pool"].pk,
    }
    assert api.as_user(u["office"]).post("/api/finance/loans", body).status_code == 403
    bank = api.as_user(u["bank"])
    created = bank.post("/api/finance/loans", body)
    assert created.status_code == 201, created.content
    loan_id = created.json()["id"]
    again = bank.post("/api/finance/loans", body)
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "contract_no"
    listed = bank.get("/api/finance/loans?limit=500").json()
    assert listed["count"] == Loan.objects.filter(bank=busy_fin["bank"]).count()
    assert bank.post(f"/api/finance/loans/{loan_id}/status", {"status": "default"}).status_code == 200
    filed = bank.post(
        f"/api/finance/loans/{loan_id}/claim",
        {"default_on": "2026-10-01", "principal_loss": "500000", "bank_exposure": "500000"},
    )
    assert filed.status_code == 201 and filed.json()["computed"] == "150000.00" and filed.json()["stage"] == 1
    claim_id = filed.json()["id"]
    assert bank.post(f"/api/finance/claims/{claim_id}/decision", {"approve": True}).status_code == 403
    office = api.as_user(u["office"])
    assert office.post(f"/api/finance/claims/{claim_id}/decision", {"approve": True}).json()["stage"] == 2
    paid = api.as_user(u["finance"]).post(f"/api/finance/claims/{claim_id}/decision", {"approve": True})
    assert paid.json()["status"] == "paid"
    assert PoolMovement.objects.get(claim_id=claim_id).amount == Decimal("-150000.00")
    assert Claim.objects.get(pk=claim_id).loan.status == "compensated"


def test_reads_per_role(busy_fin, api):
    u = busy_fin["users"]
    stats = api.as_user(u["leader"]).get("/api/finance/stats").json()
    assert stats["total"]["loans"] == Loan.objects.count() and stats["by_bank"]
    assert api.as_user(u["bank"]).get("/api/finance/stats").status_code == 403
    assert api.as_user(u["provider"]).get("/api/finance/loans").status_code == 403
    own = api.as_user(u["enterprise"]).get("/api/finance/loans").json()
    assert own["count"] == Loan.objects.filter(enterprise=u["enterprise"].organization).count() >= 1
    pools = api.as_user(u["bank"]).get("/api/finance/pools").json()
    assert pools[0]["balance"] and {r["loan_type"] for r in pools[0]["rules"]} >= {"credit", "ip_pledge"}
    assert api.as_user(u["office"]).get("/api/finance/investments").json()["count"] == 4
    assert api.as_user(u["office"]).get("/api/finance/claims/999999").status_code == 404
