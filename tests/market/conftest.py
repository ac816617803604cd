import pytest

# `market_base` and `busy_market` (tests/conftest.py) name the demo state a market test starts from.


def _people():
    from innozone.core.models import User

    return {u.username: u for u in User.objects.select_related("organization")}


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
