"""Excel workbooks: voucher list, dashboard, and the settlement batch's disbursement list for the treasury."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes


def _book(title: str, header: list[str], rows, widths=None) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    return workbook_bytes(wb)


def vouchers_workbook(vouchers) -> bytes:
    rows = (
        [
            v.number,
            v.scheme.name,
            v.enterprise.name,
            v.amount,
            v.redeemed,
            v.reserved,
            v.released,
            v.get_status_display(),
            v.issued_at.strftime("%Y-%m-%d"),
            v.expires_on.isoformat(),
        ]
        for v in vouchers
    )
    header = [
        _("券号"),
        _("方案"),
        _("企业"),
        _("面额（元）"),
        _("已兑付（元）"),
        _("订单占用（元）"),
        _("退回预算（元）"),
        _("状态"),
        _("发放日期"),
        _("有效期至"),
    ]
    return _book(_("创新券"), header, rows, [18, 24, 30, 12, 12, 12, 12, 10, 12, 12])


def dashboard_workbook(scheme, data) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("预算执行")
    ws.append([_("月份"), _("累计发放（元）"), _("累计兑付（元）"), _("预算余额（元）")])
    for r in data["burn"]:
        ws.append([r["month"], r["issued"], r["redeemed"], r["left"]])
    for title, rows, header in (
        (_("按类别"), data["by_category"], [_("类别"), _("兑付（元）")]),
        (_("按城市"), data["by_city"], [_("城市"), _("发放（元）"), _("兑付（元）")]),
        (_("服务机构排名"), data["top"], [_("服务机构"), _("兑付（元）"), _("笔数")]),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(header)
        for r in rows:
            sheet.append(list(r.values()))
    return workbook_bytes(wb)


def settlement_workbook(batch) -> bytes:
    """The disbursement list: one line per redemption, payee and amount, with a total."""
    items = batch.items.select_related("provider__organization", "order", "voucher__enterprise").order_by("pk")
    rows = [
        [
            n,
            r.provider.organization.name,
            r.provider.organization.credit_code,
            r.order.number,
            r.voucher.number,
            r.voucher.enterprise.name,
            r.amount,
        ]
        for n, r in enumerate(items, start=1)
    ]
    rows.append(["", _("合计"), "", "", "", "", batch.total])
    header = [
        _("序号"),
        _("收款单位"),
        _("统一社会信用代码"),
        _("订单号"),
        _("券号"),
        _("服务企业"),
        _("拨付金额（元）"),
    ]
    return _book(batch.number, header, rows, [6, 30, 20, 14, 16, 30, 14])
