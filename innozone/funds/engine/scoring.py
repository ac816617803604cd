"""Scoring of expert reviews (pure: standard library only).

`weighted_total` turns one expert's scores per criterion into a 100-point total; `summarise` gives the figures
shown beside each application: sum, mean, the trimmed mean (the highest and lowest `trim` totals dropped, as
review panels do), median, spread and the indexes of outlier totals (farther than `outlier_points` from the
median)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    weight: Decimal
    max_score: int


class ScoringError(ValueError):
    """A score the engine refuses: `code` (missing, range, places, number, criteria) and the criterion `key`."""

    def __init__(self, code: str, key: str = ""):
        super().__init__(f"{code}: {key}")
        self.code, self.key = code, key


def _q(value) -> Decimal:
    """0.01 ROUND_HALF_UP, exactly: a Fraction (Σ/n, weighted sums) is rounded without an inexact division."""
    if isinstance(value, Fraction):
        sign = -1 if value < 0 else 1
        cents = abs(value) * 100
        whole = cents.numerator // cents.denominator
        if cents - whole >= Fraction(1, 2):
            whole += 1
        return (Decimal(sign * whole) / 100).quantize(CENT)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _number(value, key: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as e:
        raise ScoringError("number", key) from e
    if not number.is_finite():
        raise ScoringError("number", key)
    return number


def weighted_total(criteria: Sequence[CriterionSpec], scores: Mapping[str, Decimal]) -> Decimal:
    """100 × Σ(score_k / max_k × weight_k) / Σ weight_k, 0.01 ROUND_HALF_UP. Every criterion must be scored,
    0 ≤ score ≤ max_score, at most one decimal place; otherwise ScoringError."""
    if not criteria:
        raise ScoringError("criteria")
    weights = Fraction(0)
    acc = Fraction(0)
    for c in criteria:
        if c.max_score <= 0 or Decimal(c.weight) <= 0:
            raise ScoringError("criteria", c.key)
        if c.key not in scores or scores[c.key] is None or str(scores[c.key]).strip() == "":
            raise ScoringError("missing", c.key)
        value = _number(scores[c.key], c.key)
        if value < 0 or value > c.max_score:
            raise ScoringError("range", c.key)
        if value != value.quantize(TENTH):
            raise ScoringError("places", c.key)
        acc += Fraction(value) / c.max_score * Fraction(Decimal(c.weight))
        weights += Fraction(Decimal(c.weight))
    return _q(100 * acc / weights)


@dataclass(frozen=True)
class Summary:
    count: int
    total: Decimal | None
    mean: Decimal | None
    trimmed_mean: Decimal | None
    trimmed: int
    median: Decimal | None
    spread: Decimal | None
    outliers: tuple[int, ...]


def _median(values: list[Fraction]) -> Fraction:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summarise(totals: Sequence[Decimal], *, trim: int = 1, outlier_points: Decimal = Decimal("20")) -> Summary:
    """The panel's figures for one application (see the module's docstring); empty → count 0 and Nones."""
    values = [Fraction(_number(t, str(i))) for i, t in enumerate(totals)]
    n = len(values)
    if n == 0:
        return Summary(0, None, None, None, 0, None, None, ())
    trim = max(int(trim), 0)
    total = sum(values, Fraction(0))
    mean = total / n
    if trim and n > 2 * trim:
        kept = sorted(values)[trim : n - trim]
        trimmed_mean, trimmed = sum(kept, Fraction(0)) / len(kept), trim
    else:
        trimmed_mean, trimmed = mean, 0
    median = _median(values)
    outliers: tuple[int, ...] = ()
    if n >= 3:
        limit = Fraction(_number(outlier_points, "outlier_points"))
        outliers = tuple(i for i, v in enumerate(values) if abs(v - median) > limit)
    return Summary(
        count=n,
        total=_q(total),
        mean=_q(mean),
        trimmed_mean=_q(trimmed_mean),
        trimmed=trimmed,
        median=_q(median),
        spread=_q(max(values) - min(values)),
        outliers=outliers,
    )
