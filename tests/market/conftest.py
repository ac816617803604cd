import pytest


def _people():
    from innozone.core.models import User

    return {u.username: u for u in User.objects.select_related("organization")}


@pytest.fixture
def market_base(demo):
    """The voucher and market demo without activity: listings, the analysis centre's instruments linked
    to its voucher price list; no bookings, contracts or vouchers."""
    from innozone.market import demo as market_demo
    from innozone.vouchers import demo as voucher_demo

    voucher_demo.seed(with_activity=False)
    market_demo.seed(with_activity=False)


@pytest.fixture
def busy_market(demo):
    """As `market_base`, plus vouchers (陇原 holds an active one), bookings, a usage and technology contracts."""
    from innozone.market import demo as market_demo
    from innozone.vouchers import demo as voucher_demo

    voucher_demo.seed(with_activity=True)
    market_demo.seed(with_activity=True)


@pytest.fixture
def people(market_base):
    return _people()


@pytest.fixture
def busy_people(busy_market):
    return _people()


@pytest.fixture
def market(busy_market):
    """Users by name, over the full demo (vouchers with activity, bookings, contracts)."""
    return _people()
