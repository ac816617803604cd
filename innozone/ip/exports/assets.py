"""Excel workbooks of the IP pages (core.exports.table_workbook: text cells are never formulas)."""

from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook


def assets_workbook(assets) -> bytes:
    headers = [
        _("类型"),
        _("申请号/登记号"),
        _("名称"),
        _("权利人"),
        _("申请日"),
        _("授权/登记日"),
        _("期限届满日"),
        _("法律状态"),
        _("下次年费缴纳期限"),
        _("年费年度"),
        _("已缴年费至第几年"),
        _("分类号"),
    ]
    rows = [
        [
            a.get_kind_display(),
            a.number,
            a.title,
            a.owner.name,
            a.filed_on,
            a.granted_on,
            a.expires_on,
            a.get_status_display(),
            a.next_fee_due,
            a.next_fee_year,
            a.fees_paid_through,
            a.classification,
        ]
        for a in assets
    ]
    return table_workbook(_("知识产权台账"), headers, rows)


def fees_due_workbook(rows) -> bytes:
    headers = [
        _("申请号"),
        _("名称"),
        _("权利人"),
        _("年费年度"),
        _("缴纳期限"),
        _("宽限期至"),
        _("年费（元）"),
        _("状态"),
    ]
    return table_workbook(_("年费到期提醒"), headers, rows)


def parks_workbook(year: int, rows) -> bytes:
    headers = [
        _("园区"),
        _("登记企业数"),
        _("有效发明专利"),
        _("每家企业有效发明专利"),
        _("每万家企业有效发明专利"),
        _("有效知识产权合计"),
        _("%(y)s年授权") % {"y": year},
        _("质押笔数"),
        _("质押金额（元）"),
        _("转让"),
        _("许可"),
    ]
    data = [
        [
            r["park"].name,
            r["enterprises"],
            r["valid_inventions"],
            r["per_enterprise"],
            r["per_10000"],
            r["valid_total"],
            r["granted_in_year"],
            r["pledges"],
            r["pledge_amount"],
            r["transfers"],
            r["licences"],
        ]
        for r in rows
    ]
    return table_workbook(_("知识产权试点园区指标（%(y)s年）") % {"y": year}, headers, data)


def transactions_workbook(transactions) -> bytes:
    headers = [
        _("类型"),
        _("申请号"),
        _("名称"),
        _("权利人"),
        _("相对方"),
        _("签订日期"),
        _("备案/登记日期"),
        _("金额（元）"),
        _("关联贷款"),
        _("状态"),
    ]
    rows = [
        [
            t.get_kind_display(),
            t.asset.number,
            t.asset.title,
            t.asset.owner.name,
            t.counterpart,
            t.signed_on,
            t.registered_on,
            t.amount,
            t.loan_id,
            t.get_status_display(),
        ]
        for t in transactions
    ]
    return table_workbook(_("知识产权交易"), headers, rows)
