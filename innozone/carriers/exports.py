"""The carriers' workbook: the filtered list with each carrier's occupancy today."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes

from . import selectors


def carriers_workbook(carriers, on=None) -> bytes:
    carriers = list(carriers)
    occ = selectors.occupancy([c.pk for c in carriers], on)
    wb = new_workbook()
    ws = wb.active
    ws.title = _("载体")
    ws.append(
        [
            _("载体名称"),
            _("载体类型"),
            _("所在园区/地区"),
            _("运营单位"),
            _("地址"),
            _("建筑面积（㎡）"),
            _("可出租面积（㎡）"),
            _("已出租面积（㎡）"),
            _("出租率（%）"),
            _("房间数"),
            _("已出租房间"),
            _("入驻企业（家）"),
            _("闲置厂房/楼宇改造"),
            _("投入运营日期"),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for c in carriers:
        o = occ[c.pk]
        ws.append(
            [
                c.name,
                c.get_kind_display(),
                c.region.name,
                c.operator.name,
                c.address,
                c.floor_area,
                o.rentable_area,
                o.leased_area,
                o.rate,
                o.units,
                o.units_occupied,
                o.tenants,
                _("是") if c.renovated else _("否"),
                c.opened_on,
            ]
        )
    for col, width in zip("ABCDEFGHIJKLMN", [36, 14, 20, 32, 36, 14, 14, 14, 10, 8, 10, 12, 10, 12], strict=True):
        ws.column_dimensions[col].width = width
    return workbook_bytes(wb)
