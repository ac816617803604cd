"""Properties of the IP fee engine (ip/engine/fees.py), written from the specification only (issue 16, brief R3;
research §6.4; the signatures R3 announced in /tmp/h16/status.md — not from the engine's code):

- terms (专利法 2020, 第42条): invention 20 years, utility model 10, design 15 (10 when filed before the 2020
  revision took effect on 2021-06-01), all from the filing date; the term runs to the day before the anniversary
  (专利审查指南: filed 1999-09-07, a 10-year term runs to 2009-09-06);
- a period in years or months ends on the corresponding day, or the month's last day when there is none (专利法实施
  细则: 29 February → 28 February in a common year);
- annual fees (CNIPA): the grant year's fee with the grant, each later year's by the filing-date anniversary
  that opens it; amounts by year band;
- 6 months' grace: no surcharge in the first month, then 5 %, 10 %, 15 %, 20 %, 25 % of the fee by month of delay;
  unpaid through the grace ⇒ the right ends at the due date.
"""

import calendar
import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from innozone.ip.engine import fees

D = Decimal
DAY = dt.timedelta(days=1)
TERMS = {"invention": 20, "utility": 10, "design": 15}


def months_after(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or that month's last day (the 期限 rule)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anniversary(day: dt.date, years: int) -> dt.date:
    return months_after(day, 12 * years)


filing_days = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
leap_days = st.sampled_from([dt.date(y, 2, 29) for y in (2000, 2004, 2008, 2012, 2016, 2020, 2024, 2028)])
any_filing_day = st.one_of(filing_days, leap_days)
patent_kinds = st.sampled_from(["invention", "utility", "design"])


def term(kind: str, filed: dt.date) -> int:
    if kind == "design" and filed < dt.date(2021, 6, 1):
        return 10
    return TERMS[kind]


# --- calendar ----------------------------------------------------------------------------------------------------


@given(any_filing_day, st.integers(0, 300))
def test_add_months_is_the_corresponding_day_or_the_months_end(day, months):
    assert fees.add_months(day, months) == months_after(day, months)


@given(any_filing_day, st.integers(0, 30))
def test_add_years(day, years):
    assert fees.add_years(day, years) == anniversary(day, years)


def test_29_february_in_a_common_year_is_28_february():
    assert fees.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert fees.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert fees.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert fees.add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)


@given(any_filing_day, st.integers(0, 25 * 366))
def test_the_year_number_of_a_day(filed, offset):
    on = filed + dt.timedelta(days=offset)
    year_no = fees.year_no_on(filed, on)
    assert year_no >= 1
    assert fees.year_start(filed, year_no) == anniversary(filed, year_no - 1) <= on < anniversary(filed, year_no)


def test_a_day_before_the_filing_has_no_year():
    with pytest.raises(fees.FeeError) as caught:
        fees.year_no_on(dt.date(2020, 5, 5), dt.date(2020, 5, 4))
    assert caught.value.code == "dates"


# --- terms -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,filed,last_day",
    [
        ("utility", dt.date(1999, 9, 7), dt.date(2009, 9, 6)),  # 专利审查指南's example
        ("invention", dt.date(2020, 3, 15), dt.date(2040, 3, 14)),
        ("design", dt.date(2022, 1, 10), dt.date(2037, 1, 9)),  # 15 years since 2021-06-01
        ("design", dt.date(2021, 5, 31), dt.date(2031, 5, 30)),  # filed under the old law: 10
        ("design", dt.date(2021, 6, 1), dt.date(2036, 5, 31)),
        ("invention", dt.date(2020, 2, 29), dt.date(2040, 2, 28)),  # 2040-02-29 exists
        ("utility", dt.date(2020, 2, 29), dt.date(2030, 2, 27)),  # the anniversary is 2030-02-28
        ("invention", dt.date(2001, 1, 1), dt.date(2020, 12, 31)),
    ],
)
def test_patent_terms_by_hand(kind, filed, last_day):
    assert fees.expires_on(kind, filed) == last_day
    assert fees.expires_on(kind, filed, dt.date(2023, 1, 1) if filed.year < 2023 else None) == last_day


@given(patent_kinds, any_filing_day)
def test_patent_terms_run_from_the_filing_date(kind, filed):
    assert fees.term_years(kind, filed) == term(kind, filed)
    assert fees.expires_on(kind, filed) == anniversary(filed, term(kind, filed)) - DAY
    assert fees.last_year(kind, filed) == term(kind, filed)


def test_invention_term_compensation_adds_days():
    filed = dt.date(2015, 4, 1)
    assert fees.expires_on("invention", filed, compensation_days=100) == dt.date(2035, 3, 31) + 100 * DAY
    # compensation is for inventions only
    assert fees.expires_on("utility", filed, compensation_days=100) == dt.date(2025, 3, 31)


def test_other_rights_terms():
    # 商标法 第39/40条: 10 years from registration, renewable by 10
    assert fees.expires_on("trademark", dt.date(2014, 1, 5), dt.date(2015, 6, 14)) == dt.date(2025, 6, 13)
    assert fees.expires_on("trademark", dt.date(2014, 1, 5), dt.date(2015, 6, 14), renewals=1) == dt.date(2035, 6, 13)
    assert fees.expires_on("trademark", dt.date(2014, 1, 5)) is None  # not registered
    # 计算机软件保护条例 第14条: legal person's software, 50 years to 31 December after first publication
    assert fees.expires_on("software", dt.date(2010, 2, 1), published_on=dt.date(2010, 5, 3)) == dt.date(2060, 12, 31)
    # 集成电路布图设计保护条例 第12条: 10 years from the earlier of filing / first commercial use, ≤ 15 from creation
    assert fees.expires_on("layout", dt.date(2020, 5, 1), published_on=dt.date(2019, 3, 1)) == dt.date(2029, 2, 28)
    assert fees.expires_on(
        "layout", dt.date(2020, 5, 1), published_on=dt.date(2019, 3, 1), created_on=dt.date(2010, 1, 1)
    ) == dt.date(2024, 12, 31)
    # 植物新品种保护条例: from the grant; woody (藤本、林木、果树、观赏树木) longer
    assert fees.expires_on("plant", dt.date(2018, 1, 1)) is None
    assert fees.expires_on("plant", dt.date(2018, 1, 1), dt.date(2020, 3, 1)) == dt.date(2035, 2, 28)
    assert fees.expires_on("plant", dt.date(2018, 1, 1), dt.date(2020, 3, 1), woody=True) == dt.date(2040, 2, 29)


def test_unknown_kind_is_refused():
    with pytest.raises(fees.FeeError) as caught:
        fees.term_years("copyright-of-songs", dt.date(2020, 1, 1))
    assert caught.value.code == "kind"


# --- annual fees -------------------------------------------------------------------------------------------------

OFFICIAL = {  # CNIPA annual fees (yuan) by year band, before reductions
    "invention": [(1, 3, 900), (4, 6, 1200), (7, 9, 2000), (10, 12, 4000), (13, 15, 6000), (16, 20, 8000)],
    "utility": [(1, 3, 600), (4, 5, 900), (6, 8, 1200), (9, 10, 2000)],
    "design": [(1, 3, 600), (4, 5, 900), (6, 8, 1200), (9, 10, 2000), (11, 15, 3000)],
}


@pytest.mark.parametrize("kind", OFFICIAL)
def test_official_annual_fee_amounts(kind):
    for first, last, yuan in OFFICIAL[kind]:
        for year_no in range(first, last + 1):
            amount = fees.annual_fee(kind, year_no)
            assert amount == D(yuan) and amount.as_tuple().exponent == -2, (kind, year_no)


def test_no_fee_outside_the_term_or_for_other_rights():
    for kind, year_no in (("utility", 11), ("design", 16), ("invention", 0)):
        with pytest.raises(fees.FeeError) as caught:
            fees.annual_fee(kind, year_no)
        assert caught.value.code == "year"
    with pytest.raises(fees.FeeError) as caught:
        fees.annual_fee("trademark", 1)
    assert caught.value.code == "not_patent"


def test_29_february_filing_due_dates_by_hand():
    filed, granted = dt.date(2020, 2, 29), dt.date(2021, 5, 10)
    # year 1: 2020-02-29 … 2021-02-27; year 2 opens on 2021-02-28 and holds the grant
    assert fees.first_fee_year(filed, granted) == 2
    plan = fees.schedule("utility", filed, granted)
    assert [(f.year_no, f.due_on) for f in plan[:5]] == [
        (2, granted),
        (3, dt.date(2022, 2, 28)),
        (4, dt.date(2023, 2, 28)),
        (5, dt.date(2024, 2, 29)),
        (6, dt.date(2025, 2, 28)),
    ]
    assert plan[-1].year_no == 10 and plan[-1].due_on == dt.date(2029, 2, 28)
    assert [f.amount for f in plan[:3]] == [D("600.00"), D("600.00"), D("900.00")]


def test_a_grant_on_the_anniversary_opens_the_new_year():
    filed = dt.date(2019, 7, 1)
    assert fees.first_fee_year(filed, dt.date(2021, 6, 30)) == 2
    assert fees.first_fee_year(filed, dt.date(2021, 7, 1)) == 3
    assert fees.due_on(filed, dt.date(2021, 7, 1), 3) == dt.date(2021, 7, 1)
    assert fees.due_on(filed, dt.date(2021, 7, 1), 4) == dt.date(2022, 7, 1)
    with pytest.raises(fees.FeeError) as caught:
        fees.due_on(filed, dt.date(2021, 7, 1), 2)  # before the grant year: no annual fee
    assert caught.value.code == "year"


@st.composite
def patents(draw):
    kind = draw(patent_kinds)
    filed = draw(any_filing_day)
    granted = filed + dt.timedelta(days=draw(st.integers(0, 365 * term(kind, filed) - 2)))
    assume(granted < anniversary(filed, term(kind, filed)))
    return kind, filed, granted


@given(patents())
def test_the_schedule_of_a_patent(patent):
    kind, filed, granted = patent
    plan = fees.schedule(kind, filed, granted)
    first = fees.first_fee_year(filed, granted)
    assert anniversary(filed, first - 1) <= granted < anniversary(filed, first)
    assert [f.year_no for f in plan] == list(range(first, term(kind, filed) + 1))
    assert plan[0].due_on == granted  # the grant year's fee comes with the grant
    for fee in plan[1:]:
        assert fee.due_on == anniversary(filed, fee.year_no - 1)  # by the anniversary opening its year
        assert fee.due_on.month == filed.month
        assert fee.due_on.day == filed.day or (filed.day == 29 and fee.due_on.day == 28)
    for fee in plan:
        assert fee.amount == fees.annual_fee(kind, fee.year_no)
        assert fee.grace_ends == months_after(fee.due_on, 6)
        assert fee == fees.fee_for(kind, filed, granted, fee.year_no)
        assert fees.due_on(filed, granted, fee.year_no) == fee.due_on
    assert all(a.due_on < b.due_on for a, b in itertools.pairwise(plan))


# --- grace and surcharges ----------------------------------------------------------------------------------------


def expected_rate(due: dt.date, paid: dt.date):
    if paid <= months_after(due, 1):
        return D("0")
    for k in range(1, 6):
        if paid <= months_after(due, k + 1):
            return D("0.05") * k
    return None


@pytest.mark.parametrize(
    "paid,rate",
    [
        (dt.date(2024, 1, 1), "0"),  # early
        (dt.date(2024, 1, 31), "0"),  # on the day
        (dt.date(2024, 2, 29), "0"),  # the first month (to the month's end): no surcharge
        (dt.date(2024, 3, 1), "0.05"),
        (dt.date(2024, 3, 31), "0.05"),
        (dt.date(2024, 4, 1), "0.10"),
        (dt.date(2024, 5, 31), "0.15"),
        (dt.date(2024, 6, 30), "0.20"),
        (dt.date(2024, 7, 1), "0.25"),
        (dt.date(2024, 7, 31), "0.25"),  # the grace's last day
        (dt.date(2024, 8, 1), None),  # too late: the right has ended
    ],
)
def test_surcharge_by_month_of_delay_by_hand(paid, rate):
    due = dt.date(2024, 1, 31)
    got = fees.surcharge_rate(due, paid)
    assert got == (None if rate is None else D(rate))


@given(any_filing_day, st.integers(-40, 240))
def test_surcharge_rate_by_month_of_delay(due, delay):
    paid = due + dt.timedelta(days=delay)
    rate = expected_rate(due, paid)
    assert fees.surcharge_rate(due, paid) == rate
    if rate is not None:
        assert fees.months_late(due, paid) == int(rate / D("0.05"))


@given(st.integers(1, 10**6).map(lambda c: D(c).scaleb(-2)), any_filing_day, st.integers(0, 240))
def test_surcharge_amount(amount, due, delay):
    paid = due + dt.timedelta(days=delay)
    rate = expected_rate(due, paid)
    got = fees.surcharge(amount, due, paid)
    if rate is None:
        assert got is None
    else:
        assert got == (amount * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_surcharge_on_a_fee_by_hand():
    # an invention's 4th-year fee (1,200) paid in the third month of delay: 10 %
    assert fees.surcharge(D("1200.00"), dt.date(2024, 3, 15), dt.date(2024, 6, 1)) == D("120.00")
    assert fees.surcharge(D("900.00"), dt.date(2024, 3, 15), dt.date(2024, 4, 15)) == D("0.00")


# --- state on a day: grace, lapse, expiry --------------------------------------------------------------------------


def test_the_life_of_an_invention_by_hand():
    filed, granted = dt.date(2020, 3, 15), dt.date(2023, 6, 1)  # year 4 holds the grant
    state = lambda on, paid=4: fees.state_on("invention", filed, granted, paid, on)  # noqa: E731
    assert fees.state_on("invention", filed, None, 0, dt.date(2023, 5, 1)).status == "filed"
    assert state(dt.date(2023, 5, 31), 0).status == "filed"  # before the grant
    assert state(granted, 0).status == "granted" and state(granted, 0).next_fee.year_no == 4
    due = dt.date(2024, 3, 15)  # year 5
    on_due = state(due)
    assert on_due.status == "granted" and on_due.next_fee.due_on == due and on_due.days_to_due == 0
    day_after = state(due + DAY)
    assert day_after.status == "grace" and day_after.surcharge_rate == 0 and day_after.days_to_due == -1
    assert state(dt.date(2024, 4, 16)).surcharge_rate == D("0.05")
    last_grace_day = state(dt.date(2024, 9, 15))
    assert last_grace_day.status == "grace" and last_grace_day.surcharge_rate == D("0.25")
    lapsed = state(dt.date(2024, 9, 16))
    assert lapsed.status == "lapsed" and lapsed.lapsed_on == due  # the right ends at the due date
    assert state(dt.date(2024, 9, 16), 5).status == "granted"  # paid: no lapse
    # paid to the end: expiry, not lapse
    assert state(dt.date(2040, 3, 14), 20).status == "granted"
    assert state(dt.date(2040, 3, 14), 20).next_fee is None
    assert state(dt.date(2040, 3, 15), 20).status == "expired"
    assert state(dt.date(2040, 3, 15), 20).expires_on == dt.date(2040, 3, 14)


def test_a_trademark_has_six_months_to_renew_after_expiry():
    filed, granted = dt.date(2014, 1, 5), dt.date(2015, 6, 14)
    state = lambda on: fees.state_on("trademark", filed, granted, 0, on).status  # noqa: E731
    assert state(dt.date(2025, 6, 13)) == "granted"
    assert state(dt.date(2025, 6, 14)) == "grace"
    assert state(dt.date(2025, 12, 13)) == "grace"
    assert state(dt.date(2025, 12, 15)) == "expired"


@st.composite
def patent_days(draw):
    kind, filed, granted = draw(patents())
    paid = draw(st.integers(0, term(kind, filed)))
    if draw(st.booleans()):
        on = granted + dt.timedelta(days=draw(st.integers(-30, 365 * 22)))
    else:  # near an anniversary: around a due date and through its grace
        year = draw(st.integers(1, term(kind, filed)))
        on = anniversary(filed, year) + dt.timedelta(days=draw(st.integers(-5, 200)))
    return kind, filed, granted, paid, on


@given(patent_days())
def test_the_state_of_a_patent_on_any_day(case):
    kind, filed, granted, paid, on = case
    state = fees.state_on(kind, filed, granted, paid, on)
    expires = anniversary(filed, term(kind, filed)) - DAY
    assert state.expires_on == expires
    if on < granted:
        assert state.status == "filed"
        return
    next_year = max(paid, fees.first_fee_year(filed, granted) - 1) + 1
    nxt = fees.fee_for(kind, filed, granted, next_year) if next_year <= term(kind, filed) else None
    if nxt is not None and on > months_after(nxt.due_on, 6):
        assert state.status == "lapsed" and state.lapsed_on == nxt.due_on, state
    elif on > expires:
        assert state.status == "expired", state
    elif nxt is not None and on > nxt.due_on:
        assert state.status == "grace", state
        assert state.surcharge_rate == expected_rate(nxt.due_on, on)
        assert state.days_to_due == (nxt.due_on - on).days < 0
    else:
        assert state.status == "granted", state
        assert state.next_fee == nxt
        if nxt is not None:
            assert state.days_to_due == (nxt.due_on - on).days >= 0
    if state.status != "lapsed":
        assert state.lapsed_on is None


@given(patent_days())
def test_paying_more_years_never_makes_the_state_worse(case):
    kind, filed, granted, paid, on = case
    worse = {"filed": 0, "granted": 0, "expired": 1, "grace": 2, "lapsed": 3}
    before = fees.state_on(kind, filed, granted, paid, on).status
    after = fees.state_on(kind, filed, granted, min(paid + 1, term(kind, filed)), on).status
    assert worse[after] <= worse[before] or before == "expired"


# --- refusals ----------------------------------------------------------------------------------------------------


def test_no_schedule_without_a_grant_or_with_a_grant_before_the_filing():
    with pytest.raises(fees.FeeError) as caught:
        fees.schedule("invention", dt.date(2020, 1, 1), None)
    assert caught.value.code == "not_granted"
    with pytest.raises(fees.FeeError) as caught:
        fees.schedule("invention", dt.date(2020, 1, 1), dt.date(2019, 12, 31))
    assert caught.value.code == "dates"
    with pytest.raises(fees.FeeError) as caught:
        fees.schedule("software", dt.date(2020, 1, 1), dt.date(2020, 6, 1))
    assert caught.value.code == "not_patent"


def test_the_database_refuses_a_grant_before_the_filing(investment_world):
    from django.db import IntegrityError, transaction

    from innozone.core.models import Organization
    from innozone.ip.models import Asset

    owner = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE).first()
    row = {"kind": "invention", "title": "性质测试专利", "owner": owner, "filed_on": dt.date(2022, 5, 1)}
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.create(number="R5-CN-0001", granted_on=dt.date(2022, 4, 30), **row)
    Asset.objects.create(number="R5-CN-0002", granted_on=dt.date(2022, 5, 1), **row)  # the same day: fine
