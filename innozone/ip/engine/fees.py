"""Terms, annual (maintenance) fees, grace periods and late surcharges of IP rights — pure: standard library only.

Rules and their sources (see docs, IP section):

* Patent terms (专利法 2020 第四十二条): invention 20 years, utility model 10, design 15 years, all counted from
  the filing date. Designs filed before 2021-06-01 (the revision's entry into force) keep 10 years. An invention's
  term may be extended by a compensation (专利权期限补偿) given in days. The term ends the day before the
  anniversary: filed 1999-09-06, a utility model is protected through 2009-09-05 (`expires_on` is that last day).
* Trademark (商标法 第三十九、四十条): 10 years from the registration (核准注册) date, renewable for 10 years each
  time; a 6-month grace (宽展期) after the expiry.
* Software copyright of a legal person (计算机软件保护条例 第十四条): 50 years, ending 31 December of the 50th year
  after first publication (`published_on`, else the filing/creation date).
* Plant variety (植物新品种保护条例, revised 2025, in force 2025-06-01): from the grant, woody and vine species 25
  years, other plants 20 years; rights granted before 2025-06-01 keep the former 20 / 15 years (assumption: the
  revision does not reach back).
* IC layout design (集成电路布图设计保护条例 第十二条): 10 years from the earlier of the registration filing and the
  first commercial exploitation, never more than 15 years after creation.
* Patent year n runs from the filing date's (n-1)th anniversary to the day before its nth. The first annual fee is
  that of the year in which the grant is registered, due with the grant (the registration); each later fee (year
  n) is due on the filing-date anniversary that opens year n (专利法实施细则: 以后的年费应当在上一年度期满前缴纳).
  Amounts: the official CNIPA schedule before reductions (专利收费标准, 发改价格〔2017〕270号; design years 11–15
  added after the 2021 term extension).
* Grace (专利法实施细则 第九十八条 (2010) / 第一百一十六条 (2023)): 6 months after the due date; paid within the
  first month no surcharge, then 5 %, 10 %, 15 %, 20 %, 25 % of the full (unreduced) fee for each further month
  begun. Unpaid through the grace, the right ends at the due date (自应当缴纳年费期满之日起终止).
* Month arithmetic follows 民法典 第二百零三条: the corresponding day of the month, or its last day when there is
  none (31 January + 1 month = 28/29 February; 29 February + 1 year = 28 February).
* Deadlines falling on public holidays are not moved here (no calendar in a pure engine): reminders come earlier,
  never later.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

KINDS = ("invention", "utility", "design", "trademark", "software", "plant", "layout")
PATENT_KINDS = ("invention", "utility", "design")
#: statuses computed by `state_on`; rejected/invalidated are decisions recorded by the services, never computed
STATES = ("filed", "granted", "grace", "lapsed", "expired")

GRACE_MONTHS = 6
SURCHARGE_STEP = Decimal("0.05")
CENT = Decimal("0.01")
DESIGN_15_YEARS_FROM = date(2021, 6, 1)
PLANT_2025_FROM = date(2025, 6, 1)

#: (first year, last year, yuan per year) — official amounts before reductions
FEE_BANDS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "invention": ((1, 3, 900), (4, 6, 1200), (7, 9, 2000), (10, 12, 4000), (13, 15, 6000), (16, 20, 8000)),
    "utility": ((1, 3, 600), (4, 5, 900), (6, 8, 1200), (9, 10, 2000)),
    "design": ((1, 3, 600), (4, 5, 900), (6, 8, 1200), (9, 10, 2000), (11, 15, 3000)),
}
#: years of an invention's term compensation pay the last band's amount (assumption, see the docs)
COMPENSATION_FEE = 8000


class FeeError(ValueError):
    """Input the engine refuses: `code` is one of kind, year, dates, not_granted, not_patent."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Fee:
    """The annual fee of one patent year."""

    year_no: int
    due_on: date
    grace_ends: date  # last day on which it can still be paid (with the surcharge)
    amount: Decimal  # official amount before reductions


@dataclass(frozen=True)
class State:
    """What a right is on a day."""

    status: str  # one of STATES
    expires_on: date | None  # last protected day of the term (None: unknown, e.g. a trademark not yet registered)
    next_fee: Fee | None  # the fee to pay next (in grace: the overdue one); None when no fee is payable
    lapsed_on: date | None  # for "lapsed": the due date of the unpaid fee (the right ends then)
    surcharge_rate: Decimal  # what paying next_fee on that day costs on top (0 when not late)
    days_to_due: int | None  # next_fee.due_on - on (negative in grace)


# ----------------------------------------------------------------------------------------------------- dates
def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the month's last day when the day does not exist (民法典 第二百零三条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years (29 February → 28 February in a common year)."""
    return add_months(day, 12 * years)


def year_start(filed_on: date, year_no: int) -> date:
    """First day of patent year `year_no` (1-based): the filing date's (year_no - 1)th anniversary."""
    if year_no < 1:
        raise FeeError("year", str(year_no))
    return add_years(filed_on, year_no - 1)


def year_no_on(filed_on: date, on: date) -> int:
    """The patent year (1-based) containing `on`; refused before the filing date."""
    if on < filed_on:
        raise FeeError("dates", "before filing")
    n = on.year - filed_on.year + 1
    while n > 1 and year_start(filed_on, n) > on:
        n -= 1
    while year_start(filed_on, n + 1) <= on:
        n += 1
    return n


# ----------------------------------------------------------------------------------------------------- terms
def term_years(kind: str, filed_on: date, granted_on: date | None = None, *, woody: bool = False) -> int:
    """Length of the term in years for `kind` (for a plant variety it depends on the grant date)."""
    if kind == "invention":
        return 20
    if kind == "utility":
        return 10
    if kind == "design":
        return 15 if filed_on >= DESIGN_15_YEARS_FROM else 10
    if kind == "trademark":
        return 10
    if kind == "software":
        return 50
    if kind == "plant":
        new = (granted_on or filed_on) >= PLANT_2025_FROM
        return (25 if woody else 20) if new else (20 if woody else 15)
    if kind == "layout":
        return 10
    raise FeeError("kind", kind)


def expires_on(
    kind: str,
    filed_on: date,
    granted_on: date | None = None,
    *,
    published_on: date | None = None,
    created_on: date | None = None,
    woody: bool = False,
    renewals: int = 0,
    compensation_days: int = 0,
) -> date | None:
    """Last protected day of the term, or None when it cannot be known yet (a trademark or plant variety before
    its registration/grant)."""
    if kind not in KINDS:
        raise FeeError("kind", kind)
    if granted_on is not None and granted_on < filed_on:
        raise FeeError("dates", "granted before filed")
    if renewals < 0 or compensation_days < 0:
        raise FeeError("dates", "negative")
    years = term_years(kind, filed_on, granted_on, woody=woody)
    if kind in PATENT_KINDS:
        end = add_years(filed_on, years) - timedelta(days=1)
        return end + timedelta(days=compensation_days) if kind == "invention" else end
    if kind == "trademark":
        if granted_on is None:
            return None
        return add_years(granted_on, years * (1 + renewals)) - timedelta(days=1)
    if kind == "software":
        return date((published_on or filed_on).year + years, 12, 31)
    if kind == "plant":
        if granted_on is None:
            return None
        return add_years(granted_on, years) - timedelta(days=1)
    # layout
    start = min(filed_on, published_on) if published_on else filed_on
    end = add_years(start, years) - timedelta(days=1)
    if created_on is not None:
        end = min(end, add_years(created_on, 15) - timedelta(days=1))
    return end


# ------------------------------------------------------------------------------------------------ annual fees
def annual_fee(kind: str, year_no: int) -> Decimal:
    """Official annual fee (yuan, before reductions) of patent year `year_no`; years of an invention's term
    compensation (21+) pay COMPENSATION_FEE."""
    if kind not in PATENT_KINDS:
        raise FeeError("not_patent", kind)
    if year_no < 1:
        raise FeeError("year", str(year_no))
    for first, last, amount in FEE_BANDS[kind]:
        if first <= year_no <= last:
            return Decimal(amount).quantize(CENT)
    if kind == "invention" and year_no > 20:
        return Decimal(COMPENSATION_FEE).quantize(CENT)
    raise FeeError("year", str(year_no))


def last_year(kind: str, filed_on: date, *, compensation_days: int = 0) -> int:
    """The last patent year of the term (the year containing `expires_on`)."""
    end = expires_on(kind, filed_on, compensation_days=compensation_days)
    return year_no_on(filed_on, end)


def first_fee_year(filed_on: date, granted_on: date | None) -> int:
    """The year whose fee is paid with the grant: the patent year containing the grant date. FeeError
    "not_granted" without a grant date."""
    if granted_on is None:
        raise FeeError("not_granted")
    if granted_on < filed_on:
        raise FeeError("dates", "granted before filed")
    return year_no_on(filed_on, granted_on)


def due_on(filed_on: date, granted_on: date, year_no: int) -> date:
    """Due date of year `year_no`'s fee: the grant date for the grant year, else the anniversary opening the year.
    Years before the grant year have no fee."""
    first = first_fee_year(filed_on, granted_on)
    if year_no < first:
        raise FeeError("year", f"{year_no} before the grant year {first}")
    return granted_on if year_no == first else year_start(filed_on, year_no)


def fee_for(kind: str, filed_on: date, granted_on: date, year_no: int) -> Fee:
    due = due_on(filed_on, granted_on, year_no)
    return Fee(year_no, due, add_months(due, GRACE_MONTHS), annual_fee(kind, year_no))


def schedule(kind: str, filed_on: date, granted_on: date, *, compensation_days: int = 0) -> list[Fee]:
    """Every annual fee of a granted patent, from the grant year to the last year of the term."""
    if kind not in PATENT_KINDS:
        raise FeeError("not_patent", kind)
    first = first_fee_year(filed_on, granted_on)
    last = last_year(kind, filed_on, compensation_days=compensation_days)
    return [fee_for(kind, filed_on, granted_on, n) for n in range(first, last + 1)]


# ------------------------------------------------------------------------------------------- grace, surcharge
def months_late(due: date, paid_on: date) -> int:
    """0 when paid on or before the due date or within one month after it; k when paid after k whole months
    (due + k months < paid_on <= due + (k+1) months). Values above GRACE_MONTHS - 1 mean beyond the grace."""
    if paid_on <= due:
        return 0
    k = 0
    while add_months(due, k + 1) < paid_on:
        k += 1
    return k


def surcharge_rate(due: date, paid_on: date) -> Decimal | None:
    """The surcharge as a fraction of the full fee; None when `paid_on` is after the grace (the right lapsed)."""
    if paid_on > add_months(due, GRACE_MONTHS):
        return None
    return SURCHARGE_STEP * months_late(due, paid_on)


def surcharge(amount: Decimal, due: date, paid_on: date) -> Decimal | None:
    """Surcharge in yuan (2 places, half up) on the full `amount`; None after the grace."""
    rate = surcharge_rate(due, paid_on)
    if rate is None:
        return None
    return (Decimal(amount) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------------- state
def state_on(
    kind: str,
    filed_on: date,
    granted_on: date | None,
    paid_through: int,
    on: date,
    *,
    compensation_days: int = 0,
    published_on: date | None = None,
    created_on: date | None = None,
    woody: bool = False,
    renewals: int = 0,
) -> State:
    """The life-cycle state of a right on `on`.

    `paid_through` is the last patent year whose fee has been paid (0: none; years before the grant year count as
    covered). A patent is "filed" before its grant, "granted" while every fee due is paid, "grace" while a fee is
    overdue but within its 6 months, "lapsed" after that (lapsed_on = the fee's due date), "expired" after the
    term. A trademark is "grace" during the 6 months after its expiry (宽展期), then "expired". Other kinds are
    "filed", "granted" or "expired"."""
    if kind not in KINDS:
        raise FeeError("kind", kind)
    if paid_through < 0:
        raise FeeError("year", str(paid_through))
    end = expires_on(
        kind,
        filed_on,
        granted_on,
        published_on=published_on,
        created_on=created_on,
        woody=woody,
        renewals=renewals,
        compensation_days=compensation_days,
    )
    zero = Decimal("0.00")
    if granted_on is None or granted_on > on:
        if end is not None and on > end:
            return State("expired", end, None, None, zero, None)
        return State("filed", end, None, None, zero, None)
    if kind not in PATENT_KINDS:
        if end is not None and on > end:
            if kind == "trademark" and on <= add_months(end + timedelta(days=1), GRACE_MONTHS):
                return State("grace", end, None, None, zero, None)
            return State("expired", end, None, None, zero, None)
        return State("granted", end, None, None, zero, None)

    first = first_fee_year(filed_on, granted_on)
    last = last_year(kind, filed_on, compensation_days=compensation_days)
    next_year = max(paid_through, first - 1) + 1
    if next_year <= last:
        fee = fee_for(kind, filed_on, granted_on, next_year)
        if on > fee.grace_ends:
            return State("lapsed", end, None, fee.due_on, zero, None)
    else:
        fee = None
    if on > end:
        return State("expired", end, None, None, zero, None)
    if fee is None:
        return State("granted", end, None, None, zero, None)
    days = (fee.due_on - on).days
    if on > fee.due_on:
        return State("grace", end, fee, None, surcharge_rate(fee.due_on, on), days)
    return State("granted", end, fee, None, zero, days)
