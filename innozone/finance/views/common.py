"""What the finance pages share: filters read from the query, pagination, form problems under labels."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

PAGE = 30

LABELS = {
    "organization": _("金融机构"),
    "kind": _("类型"),
    "since": _("合作开始"),
    "contact": _("联系人"),
    "name": _("名称"),
    "region": _("设立地区"),
    "trustee": _("受托管理机构"),
    "per_firm_cap": _("单户年度贷款上限（元）"),
    "max_term_months": _("贷款期限上限（月）"),
    "check_days": _("受托机构初审时限（工作日）"),
    "approve_days": _("审批时限（工作日）"),
    "loan_type": _("贷款类型"),
    "share": _("比例"),
    "bonus_first_loan": _("首贷加计比例"),
    "cap_of_exposure": _("不超过银行实际损失的比例"),
    "amount": _("金额（元）"),
    "funder": _("出资方"),
    "on": _("日期"),
    "reference": _("凭证号"),
    "bank": _("贷款银行"),
    "enterprise": _("企业"),
    "contract_no": _("借款合同号"),
    "rate": _("年利率（%）"),
    "term_months": _("期限（月）"),
    "starts_on": _("放款日期"),
    "pool": _("纳入资金池"),
    "guarantee": _("担保方式"),
    "guarantor": _("担保机构"),
    "pledged_patents": _("质押专利号"),
    "year": _("年度"),
    "interest_paid": _("已付利息（元）"),
    "paid_on": _("支付日期"),
    "loan": _("贷款"),
    "claim": _("补偿申请"),
    "default_on": _("逾期日期"),
    "filed_on": _("申请日期"),
    "principal_loss": _("本金损失（元）"),
    "bank_exposure": _("银行实际承担损失（元）"),
    "manager": _("管理机构"),
    "size": _("认缴规模（元）"),
    "government_share": _("财政出资（元）"),
    "established_on": _("设立日期"),
    "invested_on": _("投资日期"),
    "stake": _("持股比例（%）"),
    "exited_on": _("退出日期"),
    "exit_amount": _("退出回收（元）"),
    "exit_kind": _("退出方式"),
    "comment": _("意见"),
}


def form_errors(error) -> dict:
    """A refused service call as {"errors": {field: [messages]}, "error_list": [(label, message)]}."""
    errors: dict[str, list[str]] = {}
    listed = []
    for item in error.detail:
        field = item.get("field") or ""
        errors.setdefault(field, []).append(str(item["message"]))
        listed.append((LABELS.get(field, ""), str(item["message"])))
    if not listed:
        listed.append(("", str(error.message)))
    return {"errors": errors, "error_list": listed}


def number(get, name: str) -> int | None:
    value = get.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def choice(get, name: str, values) -> str:
    value = get.get(name, "")
    return value if value in values else ""


def paginate(request, rows, size: int = PAGE) -> dict:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode(), "get": request.GET}
