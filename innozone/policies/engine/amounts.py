"""The amount a clause gives (金额规则), pure. Rules are JSON:

* ``{}`` or ``{"type": "none"}`` — no money (认定, 服务 …): `amount` is None;
* ``{"type": "fixed", "amount": "100000"}``;
* ``{"type": "ratio", "figure": "rd_total", "rate": "0.10", "cap": "500000"}`` — `rate` (a fraction, 0 < rate
  ≤ 1) of a money/number figure of the organization, at most `cap` (optional), never below 0;
* ``{"type": "tiered", "figure": "revenue", "tiers": [{"min": "0", "amount": "50000"}, {"min": "100000000",
  "amount": "200000"}]}`` — the amount of the highest tier whose `min` ≤ the figure (mins strictly ascending);
  below the first tier: 0.

A figure the registry does not have gives None ("cannot be estimated"). Results are Decimal rounded half up to
0.01. Numbers in rules may be JSON numbers or strings (strings keep money exact).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .rules import VARIABLES, _identity, number_text

CENT = Decimal("0.01")
TYPES = ("none", "fixed", "ratio", "tiered")
#: the figures an amount may be computed from
FIGURES = tuple(name for name, v in VARIABLES.items() if v.kind in ("money", "number"))
PROBLEM_CODES = (
    "amount.type",  # not an object or an unknown type
    "amount.value",  # a missing/invalid/negative number
    "amount.figure",  # unknown figure
    "amount.rate",  # rate not in (0, 1]
    "amount.tiers",  # no tiers / a tier without min or amount / mins not strictly ascending
)


def _dec(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def kind_of(rule) -> str:
    if not rule:
        return "none"
    return rule.get("type", "") if isinstance(rule, Mapping) else ""


def validate(rule) -> list[str]:
    """Problem codes of an amount rule (empty: valid)."""
    if rule in (None, {}):
        return []
    if not isinstance(rule, Mapping) or rule.get("type") not in TYPES:
        return ["amount.type"]
    t = rule["type"]
    out: list[str] = []
    if t == "fixed":
        a = _dec(rule.get("amount"))
        if a is None or a < 0:
            out.append("amount.value")
    elif t == "ratio":
        if rule.get("figure") not in FIGURES:
            out.append("amount.figure")
        rate = _dec(rule.get("rate"))
        if rate is None or not (0 < rate <= 1):
            out.append("amount.rate")
        if rule.get("cap") not in (None, ""):
            cap = _dec(rule.get("cap"))
            if cap is None or cap < 0:
                out.append("amount.value")
    elif t == "tiered":
        if rule.get("figure") not in FIGURES:
            out.append("amount.figure")
        tiers = rule.get("tiers")
        if not isinstance(tiers, list) or not tiers:
            out.append("amount.tiers")
        else:
            last = None
            for tier in tiers:
                low = _dec(tier.get("min")) if isinstance(tier, Mapping) else None
                amount = _dec(tier.get("amount")) if isinstance(tier, Mapping) else None
                if low is None or amount is None:
                    out.append("amount.tiers")
                    break
                if amount < 0:
                    out.append("amount.value")
                    break
                if last is not None and low <= last:
                    out.append("amount.tiers")
                    break
                last = low
    return out


def _round(d: Decimal) -> Decimal:
    return d.quantize(CENT, ROUND_HALF_UP)


def amount(rule, facts: Mapping[str, Any]) -> Decimal | None:
    """The amount for an organization with these facts, or None (no money, or the figure is unknown)."""
    if validate(rule):
        raise ValueError("invalid amount rule")
    t = kind_of(rule)
    if t == "none":
        return None
    if t == "fixed":
        return _round(_dec(rule["amount"]))
    figure = _dec(facts.get(rule["figure"]))
    if figure is None:
        return None
    if t == "ratio":
        value = max(figure * _dec(rule["rate"]), Decimal(0))
        cap = _dec(rule.get("cap")) if rule.get("cap") not in (None, "") else None
        if cap is not None:
            value = min(value, cap)
        return _round(value)
    chosen = Decimal(0)
    for tier in rule["tiers"]:
        if figure >= _dec(tier["min"]):
            chosen = _dec(tier["amount"])
    return _round(chosen)


def maximum(rule) -> Decimal | None:
    """The most the rule can give (fixed amount, cap, highest tier), None when unbounded or no money."""
    t = kind_of(rule)
    if t == "fixed":
        return _round(_dec(rule["amount"]))
    if t == "ratio" and rule.get("cap") not in (None, ""):
        return _round(_dec(rule["cap"]))
    if t == "tiered":
        return _round(max(_dec(x["amount"]) for x in rule["tiers"]))
    return None


@dataclass(frozen=True)
class Part:
    """kind: "none" | "fixed" (amount) | "ratio" (figure, rate as percent, cap or None) | "tier" (figure, min,
    amount) — one part per tier."""

    kind: str
    figure: str = ""
    amount: Decimal | None = None
    rate: Decimal | None = None
    cap: Decimal | None = None
    min: Decimal | None = None


def describe(rule) -> list[Part]:
    if validate(rule):
        raise ValueError("invalid amount rule")
    t = kind_of(rule)
    if t == "none":
        return [Part("none")]
    if t == "fixed":
        return [Part("fixed", amount=_round(_dec(rule["amount"])))]
    if t == "ratio":
        cap = _round(_dec(rule["cap"])) if rule.get("cap") not in (None, "") else None
        return [Part("ratio", figure=rule["figure"], rate=(_dec(rule["rate"]) * 100).normalize(), cap=cap)]
    return [
        Part("tier", figure=rule["figure"], min=_dec(x["min"]), amount=_round(_dec(x["amount"]))) for x in rule["tiers"]
    ]


def money_text(d: Decimal) -> str:
    return f"{d:,.2f}"


def render(parts: list[Part], translate: Callable[[str], str] = _identity) -> str:
    """In words: "固定金额 100,000.00 元", "按研究开发费用的 10% 计，最高 500,000.00 元", "按销售收入分档：
    ≥ 0 元 50,000.00 元；≥ 100,000,000 元 200,000.00 元"."""
    first = parts[0]
    if first.kind == "none":
        return translate("不涉及资金")
    if first.kind == "fixed":
        return translate("固定金额 %(amount)s 元") % {"amount": money_text(first.amount)}
    label = translate(VARIABLES[first.figure].label)
    if first.kind == "ratio":
        words = translate("按%(figure)s的 %(rate)s%% 计") % {"figure": label, "rate": f"{first.rate:f}"}
        if first.cap is not None:
            words += translate("，最高 %(cap)s 元") % {"cap": money_text(first.cap)}
        return words
    unit = translate(VARIABLES[first.figure].unit)
    tiers = translate("；").join(
        f"≥ {number_text(p.min, VARIABLES[p.figure].kind)} {unit} {money_text(p.amount)} {translate('元')}"
        for p in parts
    )
    return translate("按%(figure)s分档：%(tiers)s") % {"figure": label, "tiers": tiers}


def text(rule, translate: Callable[[str], str] = _identity) -> str:
    return render(describe(rule), translate)
