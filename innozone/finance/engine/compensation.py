"""The risk-compensation pool's arithmetic, pure (standard library only).

`compensation` covers a share of a defaulted loan's principal loss: the rule's share for the loan type (+ a
bonus for a firm's first bank loan), at most a share of what the bank itself bears (`cap_of_exposure`), at most
the pool's balance. `subsidy` is an interest subsidy (贴息) with a yearly cap per firm. `working_days_after`
counts claim clocks (受托机构初审 5 working days, 审批 25 working days) with the caller's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ShareRule:
    share: Decimal
    bonus_first_loan: Decimal = Decimal(0)
    cap_of_exposure: Decimal = Decimal(1)


@dataclass(frozen=True)
class Compensation:
    amount: Decimal
    rate: Decimal
    capped_by: str  # "" | "exposure" | "balance"
    steps: tuple[str, ...]


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _non_negative(name: str, value) -> Decimal:
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0, got {value}")
    return number


def compensation(
    *,
    principal_loss,
    bank_exposure,
    rule: ShareRule,
    first_loan: bool,
    pool_balance=None,
) -> Compensation:
    """What the pool pays on a principal loss; the binding cap is named in `capped_by`."""
    loss = _non_negative("principal_loss", principal_loss)
    exposure = _non_negative("bank_exposure", bank_exposure)
    share = _non_negative("share", rule.share)
    bonus = _non_negative("bonus_first_loan", rule.bonus_first_loan)
    cap = _non_negative("cap_of_exposure", rule.cap_of_exposure)
    balance = None if pool_balance is None else _non_negative("pool_balance", pool_balance)
    rate = share + (bonus if first_loan else Decimal(0))
    raw = loss * rate
    steps = [f"rate = {share}" + (f" + {bonus} (first loan)" if first_loan and bonus else "") + f" = {rate}"]
    steps.append(f"raw = {loss} × {rate} = {_money(raw)}")
    amount, capped_by = raw, ""
    exposure_cap = cap * exposure
    steps.append(f"exposure cap = {cap} × {exposure} = {_money(exposure_cap)}")
    if exposure_cap < amount:
        amount, capped_by = exposure_cap, "exposure"
    if balance is not None:
        steps.append(f"pool balance = {_money(balance)}")
        if balance < amount:
            amount, capped_by = balance, "balance"
    amount = max(_money(amount), Decimal("0.00"))
    steps.append(f"amount = {amount}" + (f" (capped by {capped_by})" if capped_by else ""))
    return Compensation(amount=amount, rate=rate, capped_by=capped_by, steps=tuple(steps))


def subsidy(*, interest_paid, share, cap=None, already=Decimal(0)) -> Decimal:
    """min(interest_paid × share, cap − already), never below zero, to the cent."""
    interest = _non_negative("interest_paid", interest_paid)
    rate = _non_negative("share", share)
    done = _non_negative("already", already)
    amount = interest * rate
    if cap is not None:
        amount = min(amount, _non_negative("cap", cap) - done)
    return max(_money(amount), Decimal("0.00"))


def working_days_after(start: dt.date, n: int, is_workday: Callable[[dt.date], bool]) -> dt.date:
    """The n-th working day after `start` (start itself not counted); n = 0 gives start."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day
