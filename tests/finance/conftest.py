import pytest


def _rows() -> dict:
    """The users, two registry enterprises (Lanzhou and Baiyin), the demo's bank, guarantor and pool."""
    from innozone.core.models import User
    from innozone.enterprises.models import Enterprise
    from innozone.finance import demo
    from innozone.finance.models import Bank, Pool

    users = {u.username: u for u in User.objects.select_related("organization")}
    entries = list(Enterprise.objects.filter(is_demo=True).select_related("region").order_by("pk"))
    own = users["enterprise"].organization_id
    return {
        "users": users,
        "pool": Pool.objects.get(name=demo.POOL),
        "bank": Bank.objects.get(organization__name=demo.BANK),
        "guarantor": Bank.objects.get(organization__name=demo.GUARANTOR),
        "own": next(e for e in entries if e.organization_id == own),
        "lz": next(e for e in entries if e.region.code.startswith("lz") and e.organization_id != own),
        "by": next(e for e in entries if e.region.code.startswith("by")),
    }


@pytest.fixture
def fin(funds_world):
    """The innovation state + the funds and finance demos without activity (bank, guarantor, pool with rules and
    30 M contributed)."""
    return _rows()


@pytest.fixture
def loan_of(fin):
    """loan_of(entry, **changes): a credit loan of 1,000,000 by the demo bank in the demo pool."""
    import datetime as dt

    from innozone.finance.services import loans

    counter = iter(range(1, 1000))

    def make(entry=None, **changes):
        data = {
            "enterprise_id": (entry or fin["lz"]).organization_id,
            "loan_type": "credit",
            "contract_no": f"T-{next(counter):04d}",
            "amount": "1000000",
            "rate": "3.85",
            "term_months": 12,
            "starts_on": dt.date(2026, 3, 1),
            "pool_id": fin["pool"].pk,
        } | changes
        return loans.loan_record(actor=fin["users"]["bank"], **data)

    return make


@pytest.fixture
def busy_fin(busy_funds):
    """The whole demo with activity, the finance demo's included (20 loans, subsidies, a paid and a pending
    claim, a fund)."""
    return _rows()
