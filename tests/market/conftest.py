import pytest


@pytest.fixture
def market(demo):
    """The voucher and market demo data (listings, instruments linked to vouchers, contracts)."""
    from innozone.core.models import User
    from innozone.market import demo as market_demo
    from innozone.vouchers import demo as voucher_demo

    voucher_demo.seed(with_activity=True)
    market_demo.seed(with_activity=True)
    return {u.username: u for u in User.objects.select_related("organization")}
