"""Finance pages per role: who opens what, a bank sees only its own loans, an enterprise its own (read-only),
leaders read everything and change nothing, a provider is refused; forms show problems under labels; a claim
decided through the pages office → finance; every list exports Excel."""

import pytest
from django.urls import reverse

from innozone.core.models import Organization
from innozone.finance.models import Bank, Claim, Loan, PoolMovement
from innozone.finance.services import loans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTS = [
    "finance:overview",
    "finance:banks",
    "finance:pools",
    "finance:loans",
    "finance:subsidies",
    "finance:claims",
    "finance:funds",
]
OPENS = {
    "office": set(LISTS),
    "finance": set(LISTS),
    "leader": set(LISTS),
    "auditor": set(LISTS),
    "bank": {"finance:banks", "finance:pools", "finance:loans", "finance:subsidies", "finance:claims"},
    "enterprise": {"finance:loans", "finance:subsidies"},
    "provider": set(),
    "expert": set(),
    "lanzhou": set(),
}


@pytest.mark.parametrize("username", sorted(OPENS))
def test_who_opens_which_page_and_the_nav_link(busy_fin, client, username):
    client.force_login(busy_fin["users"][username])
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == (200 if name in OPENS[username] else 403), (username, name)
    home = client.get("/")
    assert ("科技金融" in home.content.decode()) == bool(OPENS[username]) or home.status_code != 200


def test_a_bank_sees_only_its_own_loans_and_an_enterprise_its_own(busy_fin, client):
    u = busy_fin["users"]
    other_org = Organization.objects.create(name="另一家银行（测试）", kind="financial")
    other = Bank.objects.create(organization=other_org)
    theirs = Loan.objects.filter(bank=busy_fin["bank"]).first()
    foreign = Loan.objects.create(
        bank=other,
        enterprise=theirs.enterprise,
        loan_type="credit",
        contract_no="OTHER-1",
        amount=1,
        rate=1,
        term_months=1,
        starts_on=theirs.starts_on,
    )
    client.force_login(u["bank"])
    page = client.get(reverse("finance:loans")).content.decode()
    assert theirs.contract_no in page and "OTHER-1" not in page
    assert client.get(reverse("finance:loan", args=[foreign.pk])).status_code == 404
    own = Loan.objects.filter(enterprise=u["enterprise"].organization)
    assert own.exists()
    client.force_login(u["enterprise"])
    page = client.get(reverse("finance:loans")).content.decode()
    assert all(loan.contract_no in page for loan in own)
    assert Loan.objects.exclude(enterprise=u["enterprise"].organization).first().contract_no not in page
    detail = client.get(reverse("finance:loan", args=[own.first().pk])).content.decode()
    assert 'id="status-form"' not in detail and 'id="subsidy-form"' not in detail
    assert client.post(reverse("finance:loan_status", args=[own.first().pk]), {"status": "repaid"}).status_code == 302
    assert Loan.objects.get(pk=own.first().pk).status == own.first().status


def test_leader_reads_and_changes_nothing(busy_fin, client):
    client.force_login(busy_fin["users"]["leader"])
    pool = busy_fin["pool"]
    page = client.get(reverse("finance:pool", args=[pool.pk])).content.decode()
    assert 'id="contribute-form"' not in page and 'id="rule-form"' not in page
    before = PoolMovement.objects.count()
    assert (
        client.post(reverse("finance:pool_contribute", args=[pool.pk]), {"amount": "1", "funder": "x"}).status_code
        == 403
    )
    assert client.post(reverse("finance:pools"), {"name": "x"}).status_code == 403
    assert client.get(reverse("finance:loan_create")).status_code == 403
    assert PoolMovement.objects.count() == before
    claim = Claim.objects.exclude(status="paid").first()
    page = client.get(reverse("finance:claim", args=[claim.pk])).content.decode()
    assert 'id="decide"' not in page and 'id="claim-clock"' in page


def test_every_list_exports_excel(busy_fin, client):
    client.force_login(busy_fin["users"]["office"])
    for name in LISTS:
        response = client.get(reverse(name), {"format": "xlsx"})
        assert response.status_code == 200 and response["Content-Type"] == XLSX, name
    response = client.get(reverse("finance:pool", args=[busy_fin["pool"].pk]), {"format": "xlsx"})
    assert response["Content-Type"] == XLSX


def test_loan_form_shows_problems_under_labels_and_records(busy_fin, client):
    client.force_login(busy_fin["users"]["bank"])
    url = reverse("finance:loan_create")
    page = client.post(url, {"contract_no": "", "amount": "-1", "loan_type": "credit"}).content.decode()
    assert "借款合同号：必填" in page and "金额（元）：必须大于0" in page and "借款企业" in page
    found = client.get(url, {"find": busy_fin["by"].name[:4]}).content.decode()
    assert busy_fin["by"].name in found
    response = client.post(
        url,
        {
            "enterprise": busy_fin["by"].organization_id,
            "contract_no": "WEB-1",
            "loan_type": "credit",
            "amount": "800000",
            "rate": "3.9",
            "term_months": "12",
            "starts_on": "2026-05-01",
            "pool": busy_fin["pool"].pk,
            "first_loan": "1",
        },
    )
    loan = Loan.objects.get(contract_no="WEB-1")
    assert response.status_code == 302 and loan.first_loan and loan.bank == busy_fin["bank"]


def test_claim_through_the_pages_office_then_finance(busy_fin, client):
    u = busy_fin["users"]
    loan = Loan.objects.filter(bank=busy_fin["bank"], status="active", loan_type="credit").first()
    loans.loan_set_status(actor=u["bank"], loan=loan, status="default")
    client.force_login(u["bank"])
    page = client.get(reverse("finance:loan", args=[loan.pk])).content.decode()
    assert 'id="claim-form"' in page
    client.post(
        reverse("finance:loan_claim", args=[loan.pk]),
        {"default_on": str(loan.starts_on), "principal_loss": "100000", "bank_exposure": "100000"},
    )
    claim = Claim.objects.get(loan=loan)
    decide = reverse("finance:claim_decide", args=[claim.pk])
    client.force_login(u["finance"])
    assert 'id="decide"' not in client.get(reverse("finance:claim", args=[claim.pk])).content.decode()
    client.post(decide, {"decision": "approve"})
    assert Claim.objects.get(pk=claim.pk).status == "filed"
    client.force_login(u["office"])
    assert 'id="decide"' in client.get(reverse("finance:claim", args=[claim.pk])).content.decode()
    client.post(decide, {"decision": "approve", "comment": "初审通过"})
    client.force_login(u["finance"])
    client.post(decide, {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == "paid" and PoolMovement.objects.get(claim=claim).amount == -claim.computed
    page = client.get(reverse("finance:claim", args=[claim.pk])).content.decode()
    assert "批准并拨付" not in page and "补偿支出" in page
