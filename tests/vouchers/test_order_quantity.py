"""An order's quantity follows the form and the column (more than 0, at most two decimals, under 10^8): 0.0001
is refused, never stored as 0.00 with money reserved (issue 11, finding 9)."""

import pytest

from innozone.core.errors import ValidationFailed
from innozone.vouchers import services
from innozone.vouchers.models import Order


@pytest.mark.parametrize("quantity", ["0.0001", "1.005", "1e9", "0"])
def test_an_impossible_quantity_is_refused_and_reserves_nothing(world, issue, quantity):
    voucher = issue("enterprise", "10000")
    before = (Order.objects.count(), voucher.reserved)
    with pytest.raises(ValidationFailed) as refused:
        services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"], quantity=quantity)
    assert refused.value.detail[0]["field"] == "quantity"
    voucher.refresh_from_db()
    assert (Order.objects.count(), voucher.reserved) == before


def test_a_quantity_with_two_decimals_is_kept(world, issue):
    voucher = issue("enterprise", "10000")
    order = services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"], quantity="1.5")
    assert str(order.quantity) == "1.50"
