"""The engine's rules, amounts, problems and explanations in the reader's language (gettext over the
engine's Chinese msgids), for the pages, the API, the CLI and the library's rule editor (P1)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ..engine import amounts, rules
from .facts import region_labels

PROBLEM_TEXT = {
    "rule.type": _l("条件须为 JSON Logic 对象"),
    "rule.op": _l("不支持的运算符（支持 and、or、!、==、!=、>、>=、<、<=、in）"),
    "rule.args": _l("运算符的参数个数或格式不正确"),
    "group.empty": _l("“且/或”条件组至少要有一个条件"),
    "var.form": _l("每个条件须比较一个变量和一个值"),
    "var.unknown": _l("未知的变量"),
    "value.type": _l("值的类型与变量不符"),
    "value.choice": _l("值不在该变量的可选范围内"),
    "op.kind": _l("该变量不支持这种比较方式"),
    "between.order": _l("区间的下限大于上限"),
    "amount.type": _l("金额规则类型无效（不涉及资金、固定金额、按比例、分档）"),
    "amount.value": _l("金额须为不小于 0 的数字"),
    "amount.figure": _l("请选择计算金额所依据的指标"),
    "amount.rate": _l("比例须大于 0 且不超过 1（如 0.1 表示 10%）"),
    "amount.tiers": _l("分档须至少一档，每档有起点和金额，起点从小到大且不重复"),
}


def translate(msgid: str) -> str:
    return _(msgid) if msgid else ""


def problem_text(problem) -> str:
    """One validation problem (a rules.Problem or an amounts code) as a sentence with where it is."""
    code = str(problem)
    text = str(PROBLEM_TEXT.get(code, code))
    detail = getattr(problem, "detail", "")
    if detail:
        name = detail.split("=")[0].split(" ")[0]
        var = rules.VARIABLES.get(name)
        text = f"{text}：{_(var.label) if var else detail}"
    path = getattr(problem, "path", "")
    return f"{text}（{path}）" if path else text


def rule_problems(rule, field: str = "condition") -> list[dict]:
    return [{"field": field, "message": problem_text(p)} for p in rules.validate(rule)]


def amount_problems(rule, field: str = "amount_rule") -> list[dict]:
    return [{"field": field, "message": problem_text(p)} for p in amounts.validate(rule)]


def _labels_for(rule=None, codes=None) -> dict[str, str]:
    wanted = set(codes or ())
    if rule is not None and not rules.is_empty(rule) and not rules.validate(rule):
        wanted |= {
            v
            for a in rules.atoms(rule)
            if a.var in ("region", "park")
            for v in (a.required if isinstance(a.required, list) else [a.required])
        }
    return region_labels(wanted) if wanted else {}


def rule_words(rule, labels: dict | None = None) -> str:
    """The condition in words ("注册成立满1年 且 持有有效的高新技术企业资质 且 …"); '' for an invalid rule."""
    if rules.validate(rule):
        return ""
    return rules.text(rule, translate, labels if labels is not None else _labels_for(rule))


def amount_words(rule) -> str:
    if amounts.validate(rule):
        return ""
    return amounts.text(rule, translate)


def variable_choices() -> list[dict]:
    """The variables for the rule editor: name, label, kind, unit and the known choices."""
    return [
        {
            "name": v.name,
            "label": _(v.label),
            "kind": v.kind,
            "unit": _(v.unit) if v.unit else "",
            "choices": [(code, _(label)) for code, label in v.choices],
        }
        for v in rules.VARIABLES.values()
    ]


def gap_text(cond: rules.Condition, labels: dict | None = None) -> str:
    """What a failed condition lacks, with the organization's own number: "研发费用占销售收入比例 2.8%，差 0.2
    个百分点"; "未填报年度数据" when the figure is unknown; '' for a passed condition."""
    if cond.passed:
        return ""
    var = rules.VARIABLES[cond.var]
    label = _(var.label)
    if cond.value is None:
        if cond.var in rules.VARIABLES and var.kind in rules.NUMERIC and cond.var != "years_registered":
            return _("%(label)s：未填报年度数据，无法判断") % {"label": label}
        return _("%(label)s：未登记，无法判断") % {"label": label}
    value = rules.value_text(cond.var, cond.value, translate, labels)
    if cond.gap is None:
        return _("%(label)s：%(value)s，不符合") % {"label": label, "value": value}
    if var.kind == "percent":
        amount = _("%(n)s 个百分点") % {"n": rules.number_text(abs(cond.gap), "percent")}
    elif var.kind == "money":
        amount = _("%(n)s 元") % {"n": rules.number_text(abs(cond.gap), "money")}
    else:
        unit = _(var.unit) if var.unit else ""
        amount = f"{rules.number_text(abs(cond.gap))} {unit}".strip()
    if cond.op in ("<", "<=") or (cond.op == "between" and cond.value > cond.required[1]):
        return _("%(label)s %(value)s，超出 %(gap)s") % {"label": label, "value": value, "gap": amount}
    if cond.op == "==":
        return _("%(label)s %(value)s，相差 %(gap)s") % {"label": label, "value": value, "gap": amount}
    return _("%(label)s %(value)s，差 %(gap)s") % {"label": label, "value": value, "gap": amount}


def condition_row(cond: rules.Condition, labels: dict | None = None) -> dict:
    """One condition for a page, the API or the CLI: the condition in words, the organization's value, the
    requirement, whether it passed and the shortfall sentence."""
    return {
        "variable": cond.var,
        "condition": rules.condition_text(cond.var, cond.op, cond.required, cond.strict, translate, labels),
        "value": cond.value,
        "value_text": rules.value_text(cond.var, cond.value, translate, labels),
        "required": cond.required,
        "passed": cond.passed,
        "gap": cond.gap,
        "gap_text": gap_text(cond, labels),
    }
