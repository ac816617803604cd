"""The fee engine on worked examples (the independent property tests are R5's test_fees_properties.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.ip.engine import fees

D = dt.date


def test_terms_from_filing_end_the_day_before_the_anniversary():
    assert fees.expires_on("utility", D(1999, 9, 6)) == D(2009, 9, 5)
    assert fees.expires_on("invention", D(2004, 2, 29)) == D(2024, 2, 28)
    assert fees.expires_on("design", D(2021, 6, 1)) == D(2036, 5, 31)
    assert fees.expires_on("design", D(2021, 5, 31)) == D(2031, 5, 30)  # filed before the 2020 law took effect
    assert fees.expires_on("invention", D(2010, 1, 1), compensation_days=100) == D(2029, 12, 31) + dt.timedelta(100)


def test_other_rights_terms():
    assert fees.expires_on("trademark", D(2010, 1, 5), D(2011, 3, 7)) == D(2021, 3, 6)
    assert fees.expires_on("trademark", D(2010, 1, 5), D(2011, 3, 7), renewals=1) == D(2031, 3, 6)
    assert fees.expires_on("trademark", D(2010, 1, 5)) is None
    assert fees.expires_on("software", D(2020, 3, 1), published_on=D(2021, 7, 1)) == D(2071, 12, 31)
    assert fees.expires_on("plant", D(2020, 1, 1), D(2024, 1, 1)) == D(2038, 12, 31)
    assert fees.expires_on("plant", D(2020, 1, 1), D(2025, 7, 1), woody=True) == D(2050, 6, 30)
    assert fees.expires_on("layout", D(2020, 5, 1), published_on=D(2019, 5, 1)) == D(2029, 4, 30)
    assert fees.expires_on("layout", D(2020, 5, 1), created_on=D(2006, 1, 1)) == D(2020, 12, 31)


def test_official_fee_bands():
    assert [fees.annual_fee("invention", n) for n in (1, 3, 4, 6, 7, 10, 13, 16, 20)] == [
        Decimal(x) for x in (900, 900, 1200, 1200, 2000, 4000, 6000, 8000, 8000)
    ]
    assert fees.annual_fee("utility", 10) == Decimal("2000.00")
    assert fees.annual_fee("design", 15) == Decimal("3000.00")
    with pytest.raises(fees.FeeError):
        fees.annual_fee("utility", 11)
    with pytest.raises(fees.FeeError):
        fees.annual_fee("trademark", 1)


def test_first_fee_with_the_grant_then_on_anniversaries():
    sched = fees.schedule("invention", D(2020, 2, 29), D(2022, 7, 1))
    assert [(f.year_no, f.due_on) for f in sched[:3]] == [
        (3, D(2022, 7, 1)),
        (4, D(2023, 2, 28)),
        (5, D(2024, 2, 29)),
    ]
    assert sched[-1].year_no == 20 and len(sched) == 18
    assert sched[0].grace_ends == D(2023, 1, 1)


@pytest.mark.parametrize(
    ("paid", "rate"),
    [
        (D(2024, 1, 31), "0"),
        (D(2024, 2, 29), "0"),  # within the first month (month end)
        (D(2024, 3, 1), "0.05"),
        (D(2024, 3, 31), "0.05"),  # exactly two months after
        (D(2024, 4, 1), "0.10"),
        (D(2024, 7, 31), "0.25"),
        (D(2024, 8, 1), None),
    ],
)
def test_surcharge_by_month_of_delay(paid, rate):
    got = fees.surcharge_rate(D(2024, 1, 31), paid)
    assert got == (Decimal(rate) if rate is not None else None)


def test_state_grace_then_lapse_at_the_due_date():
    filed, granted = D(2020, 3, 1), D(2022, 5, 1)
    assert fees.state_on("invention", filed, granted, 3, D(2023, 2, 28)).status == "granted"
    grace = fees.state_on("invention", filed, granted, 3, D(2023, 4, 5))
    assert grace.status == "grace" and grace.surcharge_rate == Decimal("0.05") and grace.next_fee.year_no == 4
    lapsed = fees.state_on("invention", filed, granted, 3, D(2023, 9, 2))
    assert lapsed.status == "lapsed" and lapsed.lapsed_on == D(2023, 3, 1)
    assert fees.state_on("invention", filed, granted, 4, D(2023, 9, 2)).status == "granted"
    assert fees.state_on("invention", filed, None, 0, D(2023, 9, 2)).status == "filed"
    assert fees.state_on("invention", filed, granted, 20, D(2040, 3, 1)).status == "expired"
    assert fees.state_on("trademark", filed, granted, 0, D(2032, 6, 1)).status == "grace"
    assert fees.state_on("trademark", filed, granted, 0, D(2032, 11, 2)).status == "expired"


def test_no_fee_without_a_grant():
    with pytest.raises(fees.FeeError) as e:
        fees.schedule("invention", D(2020, 1, 1), None)
    assert e.value.code == "not_granted"
    with pytest.raises(fees.FeeError):
        fees.due_on(D(2020, 1, 1), None, 3)
