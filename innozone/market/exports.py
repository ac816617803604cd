"""Excel workbook of the technology market: the contracts a user may see, for the office's statistics."""

from django.utils.translation import gettext as _

from innozone.core.exports import new_workbook, workbook_bytes


def contracts_workbook(contracts, *, registered: bool = True) -> bytes:
    """The registered contracts (what the statistics count), or — `registered=False` — the ones not (yet)
    registered, in a sheet named and headed as not counted."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _("已登记技术合同") if registered else _("未登记技术合同")
    if not registered:
        ws.append([_("以下合同尚未登记（含待对方确认、对方不予确认、已撤回），不计入统计")])
    ws.append(
        [
            _("登记号"),
            _("合同名称"),
            _("类型"),
            _("卖方"),
            _("买方"),
            _("合同金额（元）"),
            _("技术交易额（元）"),
            _("签订日期"),
            _("技术领域"),
            _("状态"),
        ]
    )
    for c in contracts:
        ws.append(
            [
                c.registration_number,
                c.title,
                c.get_contract_type_display(),
                c.seller.name,
                c.buyer.name,
                c.amount,
                c.technology_amount,
                c.signed_on.isoformat(),
                c.field.name,
                c.get_status_display(),
            ]
        )
    return workbook_bytes(wb)
