"""The one-stop statistics workbook: one sheet each for department × month, department, item and month; rates
as percentages with one decimal, working days with one decimal (numbers stay numeric cells)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes


def _pct(value):
    if value is None:
        return None
    return (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def measure_headers() -> list[str]:
    return [
        _("收件"),
        _("受理"),
        _("不予受理"),
        _("办结"),
        _("平均用时（工作日）"),
        _("最长用时（工作日）"),
        _("平均法定时限（工作日）"),
        _("平均承诺时限（工作日）"),
        _("法定时限内办结率（%）"),
        _("承诺时限内办结率（%）"),
        _("逾期件数"),
        _("逾期率（%）"),
        _("容缺受理率（%）"),
        _("补正率（%）"),
        _("评价数"),
        _("满意率（%）"),
        _("平均评价等级"),
        _("差评数"),
        _("差评按期整改率（%）"),
        _("差评整改逾期"),
    ]


def measures(r: dict) -> list:
    return [
        r["received"],
        r["accepted"],
        r["refused"],
        r["finished"],
        r["mean_days"],
        r["used_max"],
        r["mean_statutory"],
        r["mean_promised"],
        _pct(r["within_statutory_rate"]),
        _pct(r["within_promised_rate"]),
        r["overdue"],
        _pct(r["overdue_rate"]),
        _pct(r["deferral_rate"]),
        _pct(r["correction_rate"]),
        r["ratings"],
        _pct(r["satisfaction"]),
        r["mean_level"],
        r["bad"],
        _pct(r["rectified_on_time_rate"]),
        r["rectify_overdue"],
    ]


def _sheet(wb, title: str, headers: list, rows, first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = str(title)[:31]
    ws.append([str(h) for h in headers])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for n in range(len(headers)):
        ws.column_dimensions[ws.cell(row=1, column=n + 1).column_letter].width = 16 if n else 28


def stats_workbook(stats: dict) -> bytes:
    wb = new_workbook()
    m = measure_headers()
    _sheet(
        wb,
        _("部门按月"),
        [_("部门"), _("月份"), *m],
        ([r["department"], r["month"], *measures(r)] for r in stats["rows"]),
        first=True,
    )
    _sheet(
        wb,
        _("按部门"),
        [_("部门"), *m],
        [*([r["department"], *measures(r)] for r in stats["by_department"]), [_("合计"), *measures(stats["total"])]],
    )
    _sheet(
        wb,
        _("按事项"),
        [_("事项编码"), _("事项名称"), _("事项类型"), _("部门"), _("法定时限"), _("承诺时限"), *m],
        (
            [
                r["code"],
                r["item"],
                r["type_label"],
                r["department"],
                r["statutory_days"],
                r["promised_days"],
                *measures(r),
            ]
            for r in stats["by_item"]
        ),
    )
    _sheet(wb, _("按月"), [_("月份"), *m], ([r["month"], *measures(r)] for r in stats["by_month"]))
    return workbook_bytes(wb)
