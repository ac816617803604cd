"""The registry's template helpers: `{% load enterprises_tags %}`."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from innozone.enterprises.permissions import can_view_registry as _can_view_registry

register = template.Library()


@register.filter
def can_view_registry(user) -> bool:
    """`{% if user|can_view_registry %}`: the nav link is shown by the check the pages use."""
    return _can_view_registry(user)[0]


@register.filter
def yuan(value) -> str:
    """Money with thousands separators and two places: 1234567.5 → 1,234,567.50 (empty for none)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def grouped(value) -> str:
    """A whole number with thousands separators."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"


@register.filter
def cell(value) -> str:
    """A dossier section's cell: money and counts grouped, dates as YYYY-MM-DD, the rest as text."""
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return grouped(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: what each qualification history entry (QualificationEvent.action) means
ACTIONS = {"record": _("登记"), "expire": _("到期"), "revoke": _("撤销")}


@register.filter
def qualification_action(code: str) -> str:
    return str(ACTIONS.get(code, code))


#: what each failed self-assessment condition means, translated (the engine's detail messages, which carry
#: the numbers, are built in Chinese by the Django-free rules module and are shown beside it as data)
CONDITIONS = {
    "registered_lt_1y": _("注册成立不满一年"),
    "no_ip": _("没有自主知识产权"),
    "sci_staff_ratio": _("科技人员占比不足 10%"),
    "rd_ratio": _("研发费用占销售收入比例不足"),
    "rd_domestic_share": _("境内研发费用占比不足 60%"),
    "hitech_income_ratio": _("高新技术产品（服务）收入占比不足 60%"),
    "innovation_score": _("创新能力评价未超过 70 分"),
    "major_incident": _("发生重大安全、质量事故或严重环境违法行为"),
    "staff_gt_500": _("职工总数超过 500 人"),
    "revenue_gt_200m": _("年销售收入超过 2 亿元"),
    "assets_gt_200m": _("资产总额超过 2 亿元"),
    "sci_staff_zero": _("科技人员指标得 0 分"),
    "score_lt_60": _("综合评价得分低于 60 分"),
}


@register.filter
def condition_label(code: str) -> str:
    return CONDITIONS.get(code, code)
