"""Excel files of expert review and decisions (part B): the ranking of a call and the decision pack."""

from __future__ import annotations

from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook


def _num(value):
    return float(value) if value is not None else None


def ranking_workbook(call, rows) -> bytes:
    headers = [
        _("排名"),
        _("受理编号"),
        _("项目名称"),
        _("申报单位"),
        _("已提交/应评"),
        _("总分"),
        _("平均分"),
        _("去掉最高最低后平均分"),
        _("中位数"),
        _("极差"),
        _("异常评分"),
        _("各专家评分"),
    ]
    out = []
    flag = _("（异常）")
    for n, r in enumerate(rows, start=1):
        scores = "；".join(f"{x['expert']} {x['total']}{flag if x['outlier'] else ''}" for x in r["reviews"])
        out.append(
            [
                n,
                r["number"],
                r["title"],
                r["applicant__name"],
                f"{r['submitted']}/{r['assigned']}",
                _num(r["total"]),
                _num(r["mean"]),
                _num(r["trimmed"]),
                _num(r["median"]),
                _num(r["spread"]),
                r["outliers"],
                scores,
            ]
        )
    return table_workbook(_("评审排名：%(t)s") % {"t": call.title}, headers, out)


def pack_workbook(pack: dict) -> bytes:
    headers = [
        _("排名"),
        _("受理编号"),
        _("项目名称"),
        _("申报单位"),
        _("申请资助（元）"),
        _("项目总投入（元）"),
        _("预算明细"),
        _("已提交/应评"),
        _("平均分"),
        _("去掉最高最低后平均分"),
        _("各专家评分与意见"),
        _("推荐意见"),
        _("专家组意见"),
        _("建议资助（元）"),
        _("决策结果"),
        _("资助金额（元）"),
        _("累计申请（元）"),
    ]
    rows = []
    yes, no = _("推荐"), _("不推荐")
    for n, r in enumerate(pack["rows"], start=1):
        rows.append(
            [
                n,
                r["number"],
                r["title"],
                r["applicant__name"],
                _num(r["amount"]),
                _num(r["total_budget"]),
                "；".join(f"{b['category']} {b['total']:,.2f}" for b in r["budget"]),
                f"{r['submitted']}/{r['assigned']}",
                _num(r["mean"]),
                _num(r["trimmed"]),
                "\n".join(f"{x['expert']} {x['total']}：{x['opinion']}" for x in r["reviews"]),
                "\n".join(
                    f"{x['organization__name']} {yes if x['recommended'] else no} {x['rank'] or ''} {x['note']}"
                    for x in r["recommendations"]
                ),
                r["consensus"]["label"],
                _num(r["consensus"]["amount"]),
                r["decision"]["label"],
                _num(r["decision"]["amount"]),
                _num(r["cumulative"]),
            ]
        )
    return table_workbook(_("决策材料：%(t)s") % {"t": pack["call"].title}, headers, rows)
