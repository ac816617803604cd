"""Properties of the pure technology-finance engine (finance/engine/compensation.py), written from the brief's
specification only: the risk-compensation pool's payment on a default (share of the principal loss, first-loan
bonus, capped by a share of the bank's exposure and by the pool's balance), interest subsidies (贴息) with a yearly
cap, and the working-day clock of a claim."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innozone.finance.engine.compensation import (
    Compensation,
    ShareRule,
    compensation,
    subsidy,
    working_days_after,
)

CENT = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_cents(value) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


# --- strategies -------------------------------------------------------------------------------------------------

money = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-2))  # 0.00 … 10,000,000.00
small_money = st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-2))
share = st.integers(0, 100).map(lambda n: Decimal(n).scaleb(-2))  # 0.00 … 1.00
bonus = st.integers(0, 10).map(lambda n: Decimal(n).scaleb(-2))  # 0.00 … 0.10
rules = st.builds(ShareRule, share=share, bonus_first_loan=bonus, cap_of_exposure=share)
balances = st.one_of(st.none(), money, small_money)


def caps_of(loss, exposure, rule, first_loan, balance):
    rate = rule.share + (rule.bonus_first_loan if first_loan else 0)
    caps = {"": loss * rate, "exposure": rule.cap_of_exposure * exposure}
    if balance is not None:
        caps["balance"] = balance
    return rate, caps


# --- compensation -----------------------------------------------------------------------------------------------


@given(money, money, rules, st.booleans(), balances)
def test_compensation_is_the_smallest_of_raw_and_the_caps(loss, exposure, rule, first_loan, balance):
    result = compensation(
        principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan, pool_balance=balance
    )
    assert isinstance(result, Compensation)
    rate, caps = caps_of(loss, exposure, rule, first_loan, balance)
    assert result.rate == rate
    assert is_cents(result.amount), result.amount
    assert result.amount >= 0
    assert result.amount <= q(caps[""])  # ≤ raw (within its rounding)
    assert result.amount <= q(caps["exposure"])  # ≤ cap_of_exposure × bank_exposure
    if balance is not None:
        assert result.amount <= balance
    assert result.amount == q(min(caps.values()))
    assert isinstance(result.steps, tuple) and all(isinstance(step, str) for step in result.steps)


@given(money, money, rules, st.booleans(), balances)
def test_capped_by_names_the_binding_cap(loss, exposure, rule, first_loan, balance):
    result = compensation(
        principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan, pool_balance=balance
    )
    _, caps = caps_of(loss, exposure, rule, first_loan, balance)
    assert result.capped_by in ("", "exposure", "balance")
    # the name of a limit that gives the amount; when two give the same amount (to the cent) either may be named
    allowed = {name for name, value in caps.items() if q(value) == result.amount}
    assert result.capped_by in allowed, (caps, result)
    # strictly below the raw amount: a cap binds and is named
    if q(min(caps.values())) < q(caps[""]):
        assert result.capped_by != ""
    # strictly below every cap: none binds
    if all(q(caps[""]) < q(value) for name, value in caps.items() if name):
        assert result.capped_by == ""


@given(money, rules)
def test_first_loan_bonus_adds_bonus_times_loss_when_no_cap_binds(loss, rule):
    big = loss * 10 + Decimal("1000000")  # exposure and balance far above anything the rule can pay
    generous = ShareRule(share=rule.share, bonus_first_loan=rule.bonus_first_loan, cap_of_exposure=Decimal(1))
    plain = compensation(principal_loss=loss, bank_exposure=big, rule=generous, first_loan=False, pool_balance=big)
    first = compensation(principal_loss=loss, bank_exposure=big, rule=generous, first_loan=True, pool_balance=big)
    assert plain.capped_by == "" and first.capped_by == ""
    assert plain.rate == rule.share
    assert first.rate == rule.share + rule.bonus_first_loan
    assert plain.amount == q(loss * rule.share)
    assert first.amount == q(loss * (rule.share + rule.bonus_first_loan))
    # the difference is bonus × loss, within the two roundings
    assert abs((first.amount - plain.amount) - rule.bonus_first_loan * loss) <= CENT
    # without a balance given (no pool cap) the same
    assert compensation(principal_loss=loss, bank_exposure=big, rule=generous, first_loan=True).amount == first.amount


@given(money, money, money, rules, st.booleans(), balances)
def test_compensation_is_monotone_in_the_loss(a, b, exposure, rule, first_loan, balance):
    low, high = sorted((a, b))

    def amount(loss):
        return compensation(
            principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan, pool_balance=balance
        ).amount

    assert amount(low) <= amount(high)


@given(money, money, rules, st.booleans(), money)
def test_compensation_is_monotone_in_exposure_and_balance(loss, exposure, rule, first_loan, balance):
    base = compensation(
        principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan, pool_balance=balance
    )
    more_exposure = compensation(
        principal_loss=loss, bank_exposure=exposure * 2, rule=rule, first_loan=first_loan, pool_balance=balance
    )
    more_balance = compensation(
        principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan, pool_balance=balance * 2
    )
    no_pool_cap = compensation(principal_loss=loss, bank_exposure=exposure, rule=rule, first_loan=first_loan)
    assert base.amount <= more_exposure.amount
    assert base.amount <= more_balance.amount
    assert base.amount <= no_pool_cap.amount


NEGATIVE = st.integers(1, 10**8).map(lambda n: -Decimal(n).scaleb(-2))


@given(NEGATIVE, money, rules, st.booleans())
def test_a_negative_loss_raises(negative, other, rule, first_loan):
    with pytest.raises(ValueError):
        compensation(principal_loss=negative, bank_exposure=other, rule=rule, first_loan=first_loan)


@given(NEGATIVE, money, rules, st.booleans())
def test_a_negative_exposure_raises(negative, other, rule, first_loan):
    with pytest.raises(ValueError):
        compensation(principal_loss=other, bank_exposure=negative, rule=rule, first_loan=first_loan)


@given(NEGATIVE, money, rules, st.booleans())
def test_a_negative_balance_raises(negative, other, rule, first_loan):
    with pytest.raises(ValueError):
        compensation(principal_loss=other, bank_exposure=other, rule=rule, first_loan=first_loan, pool_balance=negative)


def test_compensation_hand_examples():
    d = Decimal
    anhui = ShareRule(share=d("0.30"), bonus_first_loan=d("0.05"), cap_of_exposure=d("0.80"))
    # loss 1,000,000 × (30 % + 5 %) = 350,000; cap 0.8 × 500,000 = 400,000 → 350,000.00, nothing binds
    c = compensation(principal_loss=d("1000000"), bank_exposure=d("500000"), rule=anhui, first_loan=True)
    assert (c.amount, c.rate, c.capped_by) == (d("350000.00"), d("0.35"), "")
    # not a first loan: 1,000,000 × 30 % = 300,000.00
    c = compensation(principal_loss=d("1000000"), bank_exposure=d("500000"), rule=anhui, first_loan=False)
    assert (c.amount, c.rate, c.capped_by) == (d("300000.00"), d("0.30"), "")
    # exposure 400,000: cap 0.8 × 400,000 = 320,000 < 350,000 → 320,000.00 by exposure
    c = compensation(principal_loss=d("1000000"), bank_exposure=d("400000"), rule=anhui, first_loan=True)
    assert (c.amount, c.capped_by) == (d("320000.00"), "exposure")
    # the pool holds 100,000: 100,000 < 320,000 < 350,000 → 100,000.00 by balance
    c = compensation(
        principal_loss=d("1000000"), bank_exposure=d("400000"), rule=anhui, first_loan=True, pool_balance=d("100000")
    )
    assert (c.amount, c.capped_by) == (d("100000.00"), "balance")
    # an empty pool pays nothing
    c = compensation(
        principal_loss=d("1000000"), bank_exposure=d("400000"), rule=anhui, first_loan=True, pool_balance=d("0")
    )
    assert (c.amount, c.capped_by) == (d("0.00"), "balance")
    # no loss, nothing to pay, nothing binds
    c = compensation(principal_loss=d("0"), bank_exposure=d("400000"), rule=anhui, first_loan=False)
    assert (c.amount, c.capped_by) == (d("0.00"), "")
    # rounding half up: 666.67 × 0.5 = 333.335 → 333.34 (round down would give 333.33)
    half = ShareRule(share=d("0.5"))
    c = compensation(principal_loss=d("666.67"), bank_exposure=d("10000"), rule=half, first_loan=False)
    assert c.amount == d("333.34") and is_cents(c.amount)
    # 666.69 × 0.5 = 333.345 → 333.35 (half even would give 333.34)
    c = compensation(principal_loss=d("666.69"), bank_exposure=d("10000"), rule=half, first_loan=False)
    assert c.amount == d("333.35")
    # the default rule fields: no bonus even on a first loan, cap 100 % of exposure
    c = compensation(principal_loss=d("1000"), bank_exposure=d("1000"), rule=ShareRule(share=d("0.2")), first_loan=True)
    assert (c.amount, c.rate, c.capped_by) == (d("200.00"), d("0.2"), "")
    # guaranteed loans 20 %, G市 cap 50 % of exposure: 2,000,000 × 20 % = 400,000 > 0.5 × 600,000 = 300,000
    g = ShareRule(share=d("0.20"), cap_of_exposure=d("0.50"))
    c = compensation(principal_loss=d("2000000"), bank_exposure=d("600000"), rule=g, first_loan=False)
    assert (c.amount, c.capped_by) == (d("300000.00"), "exposure")


# --- subsidy ----------------------------------------------------------------------------------------------------


@given(money, share, st.one_of(st.none(), money), money)
def test_subsidy_is_never_negative_and_within_the_cap(interest, rate, cap, already):
    result = subsidy(interest_paid=interest, share=rate, cap=cap, already=already)
    assert is_cents(result), result
    assert result >= 0
    assert result <= q(interest * rate)
    if cap is not None:
        assert result <= max(cap - already, Decimal(0))
        assert result == max(q(min(interest * rate, cap - already)), Decimal("0.00"))
    else:
        assert result == q(interest * rate)


@given(money, share, money)
def test_subsidy_is_interest_times_share_when_the_cap_does_not_bind(interest, rate, already):
    assert subsidy(interest_paid=interest, share=rate) == q(interest * rate)
    room = interest * rate + already + Decimal("0.01")
    assert subsidy(interest_paid=interest, share=rate, cap=room, already=already) == q(interest * rate)


def test_subsidy_hand_examples():
    d = Decimal
    # 50 % of 12,345.67 = 6,172.835 → 6,172.84 half up
    assert subsidy(interest_paid=d("12345.67"), share=d("0.5")) == d("6172.84")
    # 50 % of 12,345.69 = 6,172.845 → 6,172.85 (half even would give 6,172.84)
    assert subsidy(interest_paid=d("12345.69"), share=d("0.5")) == d("6172.85")
    # cap 500,000 a year with 480,000 already granted: min(1,200,000 × 0.5, 20,000) = 20,000.00
    assert subsidy(interest_paid=d("1200000"), share=d("0.5"), cap=d("500000"), already=d("480000")) == d("20000.00")
    # the cap already used up (or exceeded): 0.00, never negative
    assert subsidy(interest_paid=d("1000"), share=d("0.5"), cap=d("500000"), already=d("500000")) == d("0.00")
    assert subsidy(interest_paid=d("1000"), share=d("0.5"), cap=d("500000"), already=d("510000")) == d("0.00")
    # no cap: 40,000 × 0.5 = 20,000.00 whatever was granted before
    assert subsidy(interest_paid=d("40000"), share=d("0.5"), already=d("999999")) == d("20000.00")


# --- working days -----------------------------------------------------------------------------------------------


def weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


# holidays and 调休 make-up working days (a made-up calendar for the test, shaped like China's)
HOLIDAYS = {
    dt.date(2026, 1, 1),
    dt.date(2026, 1, 2),
    *(dt.date(2026, 2, 16) + dt.timedelta(days=i) for i in range(8)),  # spring festival week
    dt.date(2026, 4, 6),
    *(dt.date(2026, 5, 1) + dt.timedelta(days=i) for i in range(5)),
    dt.date(2026, 6, 19),
    dt.date(2026, 9, 25),
    *(dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(7)),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
}
MAKE_UP = {dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 5, 9), dt.date(2026, 10, 10)}


def chinese(day: dt.date) -> bool:
    return day in MAKE_UP or (day.weekday() < 5 and day not in HOLIDAYS)


def working_days_between(start: dt.date, end: dt.date, is_workday) -> int:
    """Working days in (start, end]."""
    return sum(1 for i in range(1, (end - start).days + 1) if is_workday(start + dt.timedelta(days=i)))


starts = st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31))


@given(starts, st.integers(1, 60), st.sampled_from([weekdays, chinese]))
def test_the_nth_working_day_after(start, n, is_workday):
    result = working_days_after(start, n, is_workday)
    assert isinstance(result, dt.date)
    assert result > start
    assert is_workday(result)
    assert working_days_between(start, result, is_workday) == n


@given(starts, st.integers(1, 40), st.sampled_from([weekdays, chinese]))
def test_one_more_working_day_is_the_next_working_day(start, n, is_workday):
    this, following = working_days_after(start, n, is_workday), working_days_after(start, n + 1, is_workday)
    assert following > this
    assert working_days_between(this, following, is_workday) == 1


@given(starts, st.integers(1, 30))
def test_holidays_only_push_the_date_later(start, n):
    plain = working_days_after(start, n, weekdays)
    holidays_only = working_days_after(start, n, lambda d: d.weekday() < 5 and d not in HOLIDAYS)
    assert holidays_only >= plain


def test_working_days_hand_examples():
    d = dt.date
    # Friday 2026-12-04: the first working day after is Monday 2026-12-07
    assert working_days_after(d(2026, 12, 4), 1, weekdays) == d(2026, 12, 7)
    # Monday 2026-12-07 + 5 working days (8, 9, 10, 11, 14) = Monday 2026-12-14
    assert working_days_after(d(2026, 12, 7), 5, weekdays) == d(2026, 12, 14)
    # a Saturday start: 2026-12-05 + 1 = Monday 2026-12-07
    assert working_days_after(d(2026, 12, 5), 1, weekdays) == d(2026, 12, 7)
    # 25 working days after Monday 2026-12-07: five full weeks → Monday 2027-01-11
    assert working_days_after(d(2026, 12, 7), 25, weekdays) == d(2027, 1, 11)
    # the national day week: Wednesday 2026-09-30, 1–7 October off, Saturday 10 October a make-up working day
    assert working_days_after(d(2026, 9, 30), 1, chinese) == d(2026, 10, 8)
    assert working_days_after(d(2026, 9, 30), 3, chinese) == d(2026, 10, 10)
    assert working_days_after(d(2026, 9, 30), 4, chinese) == d(2026, 10, 12)
    # 2026-12-30 (Wednesday): 31 December and 1 January off, 2 and 3 January a weekend → Monday 2027-01-04
    assert working_days_after(d(2026, 12, 30), 1, chinese) == d(2027, 1, 4)
