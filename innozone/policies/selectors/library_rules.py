"""The rule editor's view of the engine (engine.rules, engine.amounts): the variables with translated labels
and the operators each kind offers, problems as Chinese sentences, rules and amounts in words (region codes
by their names), and the test of a rule against chosen enterprises (P2's matching.explain_for)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innozone.core.models import Region

from ..engine import amounts, rules

#: operators the row editor offers, by the variable's kind
OPS_BY_KIND = {
    "number": (">=", ">", "<=", "<", "==", "!=", "between", "not_between"),
    "percent": (">=", ">", "<=", "<", "between", "not_between"),
    "money": (">=", ">", "<=", "<", "between", "not_between"),
    "choice": ("==", "!=", "in", "not_in"),
    "text": ("==", "!=", "in", "not_in", "contains", "not_contains"),
    "list": ("contains", "not_contains"),
    "bool": ("==", "!="),
}
OP_LABELS = {
    "==": _("等于"),
    "!=": _("不等于"),
    ">": _("大于"),
    ">=": _("大于等于"),
    "<": _("小于"),
    "<=": _("小于等于"),
    "between": _("介于（含两端，填 低,高）"),
    "not_between": _("不介于（填 低,高）"),
    "in": _("为其中之一（逗号分隔）"),
    "not_in": _("不为其中任何一个（逗号分隔）"),
    "contains": _("包含/持有"),
    "not_contains": _("不包含/未持有"),
}
PROBLEM_MESSAGES = {
    "rule.type": _("条件须为 JSON 对象"),
    "rule.op": _("不支持的运算符"),
    "rule.args": _("运算符的参数个数或形式不对"),
    "group.empty": _("“且/或”组里没有条件"),
    "var.form": _("每个条件须由一个变量和一个值组成"),
    "var.unknown": _("未知的变量"),
    "value.type": _("值的类型与变量不符"),
    "value.choice": _("值不在变量的可选项中"),
    "op.kind": _("该变量不支持此运算符"),
    "between.order": _("区间下限大于上限"),
    "amount.type": _("请选择金额规则类型"),
    "amount.value": _("金额须为不小于 0 的数"),
    "amount.figure": _("请选择计算金额所依据的指标"),
    "amount.rate": _("比例须大于 0 且不超过 1（如 0.1 表示 10%）"),
    "amount.tiers": _("分档须至少一档，每档有起点和金额，起点严格递增"),
}


@lru_cache(maxsize=1)
def _region_rows() -> tuple[tuple[str, str], ...]:
    return tuple(Region.objects.order_by("code").values_list("code", "name"))


def region_labels() -> dict[str, str]:
    return dict(_region_rows())


def variables() -> list[dict]:
    """Every variable for the editor: name, label, kind, unit and its choices ((code, label); regions for
    region and park)."""
    regions_ = list(_region_rows())
    out = []
    for v in rules.VARIABLES.values():
        choices = [(c, gettext(label)) for c, label in v.choices]
        if v.name in ("region", "park"):
            choices = regions_
        out.append(
            {
                "name": v.name,
                "label": gettext(v.label),
                "kind": v.kind,
                "unit": gettext(v.unit) if v.unit else "",
                "choices": choices,
                "ops": [(op, OP_LABELS[op]) for op in OPS_BY_KIND[v.kind]],
            }
        )
    return out


def problem_messages(problems, *, field: str = "condition") -> list[dict]:
    """Engine problems (codes or rules.Problem) as the services' error detail."""
    out = []
    for p in problems:
        code = str(p)
        text = str(PROBLEM_MESSAGES.get(code, code))
        detail = getattr(p, "detail", "")
        if detail and code in ("var.unknown", "value.choice", "op.kind", "value.type", "between.order", "rule.op"):
            text = f"{text}：{detail}"
        out.append({"field": field, "message": text})
    return out


def condition_words(rule) -> str:
    """The condition in words ("注册成立满1年 且 持有有效的高新技术企业资质 …"); "" for an invalid rule."""
    if rules.validate(rule):
        return ""
    return rules.text(True if rules.is_empty(rule) else rule, gettext, region_labels())


def amount_words(rule) -> str:
    if amounts.validate(rule or {}):
        return ""
    return amounts.text(rule or {}, gettext)


def test_rule(clause, organizations) -> list[dict]:
    """The clause (saved or as edited) against each organization: eligible, amount, each condition with its
    value and whether it passed — through matching's explain_for (the same path the 政策计算器 uses)."""
    from . import matching  # P2's selector; imported here so the library works while it is being written

    rows = []
    for org in organizations:
        result = matching.explain_for(clause, org)
        explanation = getattr(result, "explanation", result)
        rows.append(
            {
                "organization": org,
                "explanation": explanation,
                "eligible": bool(explanation.eligible),
                "amount": getattr(result, "amount", None),
            }
        )
    return rows
