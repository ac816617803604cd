"""Excel exports of the projects part (through core.exports.table_workbook)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook


def projects_workbook(projects) -> bytes:
    headers = [
        _("项目编号"),
        _("项目名称"),
        _("承担单位"),
        _("专项"),
        _("资助金额（元）"),
        _("开始日期"),
        _("结束日期"),
        _("延期至"),
        _("任务书编号"),
        _("状态"),
    ]
    rows = (
        [
            p.number,
            p.title,
            p.organization.name,
            str(p.award.budget_line.programme),
            p.award.amount,
            p.starts_on,
            p.ends_on,
            p.extended_to or "",
            p.agreement_no,
            p.get_status_display(),
        ]
        for p in projects
    )
    return table_workbook(_("资助项目"), headers, rows)


def tranches_workbook(tranches) -> bytes:
    headers = [
        _("项目编号"),
        _("承担单位"),
        _("批次"),
        _("拨付金额（元）"),
        _("状态"),
        _("申请时间"),
        _("支付日期"),
        _("支付凭证号"),
    ]
    rows = (
        [
            t.project.number,
            t.project.organization.name,
            t.seq,
            t.amount,
            t.get_status_display(),
            timezone.localtime(t.requested_at).strftime("%Y-%m-%d %H:%M"),  # Asia/Shanghai
            t.paid_on or "",
            t.payment_ref,
        ]
        for t in tranches
    )
    return table_workbook(_("资金拨付"), headers, rows)


def burn_workbook(rows: list[dict], months: list[dict]) -> bytes:
    headers = [
        _("专项"),
        _("支出科目"),
        _("资金来源"),
        _("预算金额（元）"),
        _("立项金额（元）"),
        _("已拨付（元）"),
        _("未安排（元）"),
    ]
    data = [
        [str(r["programme"]), r["subject"], r["source"], r["budget"], r["awarded"], r["paid"], r["remaining"]]
        for r in rows
    ]
    data.append([])
    data.append([_("月份"), _("当月立项（元）"), _("当月拨付（元）"), _("累计立项（元）"), _("累计拨付（元）")])
    data += [[m["month"], m["awarded"], m["paid"], m["awarded_total"], m["paid_total"]] for m in months]
    return table_workbook(_("预算执行"), headers, data)


def matching_workbook(rows: list[dict]) -> bytes:
    headers = [
        _("项目编号"),
        _("承担单位"),
        _("专项"),
        _("所在市"),
        _("应配套（元）"),
        _("已到位（元）"),
        _("未到位（元）"),
    ]
    data = [
        [
            r["project"].number,
            r["project"].organization.name,
            str(r["programme"]),
            r["city"],
            r["expected"],
            r["paid"],
            r["outstanding"],
        ]
        for r in rows
    ]
    return table_workbook(_("配套资金"), headers, data)
