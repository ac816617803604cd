"""The risk-compensation engine: each cap binding, the first-loan bonus, rounding, refusals, working days."""

import datetime as dt
from decimal import Decimal as D

import pytest

from innozone.finance.engine.compensation import ShareRule, compensation, subsidy, working_days_after

ANHUI = ShareRule(share=D("0.30"), bonus_first_loan=D("0.05"), cap_of_exposure=D("0.80"))


def test_share_of_the_loss_when_no_cap_binds():
    c = compensation(principal_loss=D("1000000"), bank_exposure=D("1000000"), rule=ANHUI, first_loan=False)
    assert (c.amount, c.rate, c.capped_by) == (D("300000.00"), D("0.30"), "")
    assert c.steps and c.steps[-1].startswith("amount = 300000.00")


def test_first_loan_bonus_adds_five_points():
    c = compensation(principal_loss=D("1000000"), bank_exposure=D("1000000"), rule=ANHUI, first_loan=True)
    assert (c.amount, c.rate) == (D("350000.00"), D("0.35"))


def test_the_banks_exposure_caps():
    # a guarantor bore most of the loss: the bank's own share is 300,000; 80 % of it is 240,000 < 35 %
    c = compensation(principal_loss=D("1000000"), bank_exposure=D("300000"), rule=ANHUI, first_loan=True)
    assert (c.amount, c.capped_by) == (D("240000.00"), "exposure")


def test_the_pool_balance_caps_last():
    c = compensation(
        principal_loss=D("1000000"), bank_exposure=D("300000"), rule=ANHUI, first_loan=True, pool_balance=D("100000")
    )
    assert (c.amount, c.capped_by) == (D("100000.00"), "balance")
    empty = compensation(principal_loss=D("10"), bank_exposure=D("10"), rule=ANHUI, first_loan=False, pool_balance=0)
    assert (empty.amount, empty.capped_by) == (D("0.00"), "balance")


def test_rounding_half_up_to_the_cent():
    rule = ShareRule(share=D("0.3333"))
    c = compensation(principal_loss=D("100.05"), bank_exposure=D("100.05"), rule=rule, first_loan=False)
    assert c.amount == D("33.35")  # 33.346665 → 33.35
    assert compensation(
        principal_loss=D("0.05"), bank_exposure=D("0.05"), rule=ShareRule(share=D("0.5")), first_loan=False
    ).amount == D("0.03")  # 0.025 → 0.03 (half up)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"principal_loss": D("-1"), "bank_exposure": D("1")},
        {"principal_loss": D("1"), "bank_exposure": D("-1")},
        {"principal_loss": D("1"), "bank_exposure": D("1"), "pool_balance": D("-0.01")},
        {"principal_loss": D("NaN"), "bank_exposure": D("1")},
    ],
)
def test_negative_inputs_are_refused(kwargs):
    with pytest.raises(ValueError):
        compensation(rule=ANHUI, first_loan=False, **kwargs)
    with pytest.raises(ValueError):
        compensation(principal_loss=1, bank_exposure=1, rule=ShareRule(share=D("-0.1")), first_loan=False)


def test_subsidy_capped_per_firm_per_year():
    assert subsidy(interest_paid=D("100000"), share=D("0.5")) == D("50000.00")
    assert subsidy(interest_paid=D("100000"), share=D("0.5"), cap=D("500000"), already=D("480000")) == D("20000.00")
    assert subsidy(interest_paid=D("100000"), share=D("0.5"), cap=D("500000"), already=D("500000")) == D("0.00")
    assert subsidy(interest_paid=D("0.05"), share=D("0.5")) == D("0.03")
    with pytest.raises(ValueError):
        subsidy(interest_paid=D("-1"), share=D("0.5"))


def test_working_days_across_a_weekend():
    friday = dt.date(2026, 12, 4)
    weekdays = lambda d: d.weekday() < 5  # noqa: E731
    assert working_days_after(friday, 1, weekdays) == dt.date(2026, 12, 7)  # Monday
    assert working_days_after(friday, 5, weekdays) == dt.date(2026, 12, 11)  # the next Friday
    assert working_days_after(dt.date(2026, 12, 5), 1, weekdays) == dt.date(2026, 12, 7)  # from a Saturday
    assert working_days_after(friday, 0, weekdays) == friday
    holiday = dt.date(2026, 12, 7)
    assert working_days_after(friday, 1, lambda d: weekdays(d) and d != holiday) == dt.date(2026, 12, 8)
    with pytest.raises(ValueError):
        working_days_after(friday, -1, weekdays)
