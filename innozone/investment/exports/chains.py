"""Excel of the chain maps: a chain's links with status, enterprises, output and reasons, then the enterprises
placed on them (two sheets); the target list; the blank template of a chain import."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, table_workbook, workbook_bytes

from ..models import Link

LIMIT = 50_000


def _sheet(ws, headers, rows, widths=None):
    ws.append([str(h) for h in headers])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for n, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=n).column_letter].width = width


def map_workbook(chain, rows, placements, year: int) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = _("环节")
    segments = dict(Link.Segment.choices)
    _sheet(
        ws,
        [_("链位"), _("环节"), _("上级环节"), _("层级"), _("关键环节"), _("状态"), _("企业数（含下级）"),
         _("产值（元，含下级）"), _("本环节企业数"), _("本环节产值（元）"), _("最少企业数"), _("最低产值（元）"),
         _("行业代码"), _("原因")],
        [
            [
                str(segments.get(r["link"].segment, r["link"].segment)),
                r["link"].name,
                r["link"].parent.name if r["link"].parent_id else "",
                r["result"].depth + 1,
                _("是") if r["result"].is_key else _("否"),
                r["status_label"],
                r["result"].enterprises,
                r["result"].output,
                r["result"].own_enterprises,
                r["result"].own_output,
                r["result"].min_enterprises,
                r["result"].min_output,
                " ".join(r["link"].industry_codes or []),
                "；".join(r["reasons"]),
            ]
            for r in rows
        ],
        [8, 24, 20, 6, 8, 8, 10, 18, 10, 18, 10, 16, 20, 40],
    )  # fmt: skip
    ws2 = wb.create_sheet(_("企业"))
    _sheet(
        ws2,
        [_("环节"), _("企业"), _("年度"), _("产值（元）"), _("主要产品"), _("链主企业")],
        [
            [p.link.name, p.organization.name, p.year, p.output_value, p.products, _("是") if p.is_leader else ""]
            for p in placements[:LIMIT]
        ],
        [24, 36, 8, 18, 30, 8],
    )
    ws3 = wb.create_sheet(_("说明"))
    ws3.append([_("产业链"), chain.name])
    ws3.append([_("年度"), year])
    return workbook_bytes(wb)


def targets_workbook(targets) -> bytes:
    headers = [_("产业链"), _("环节"), _("目标企业"), _("统一社会信用代码"), _("所在地"), _("企业类别"),
               _("优先级"), _("状态"), _("招商项目"), _("招引理由")]  # fmt: skip
    rows = [
        [
            t.link.chain.name,
            t.link.name,
            t.company,
            t.uscc,
            t.location,
            t.ranking,
            t.priority,
            str(t.get_status_display()),
            t.project.code if t.project_id else "",
            t.reason,
        ]
        for t in targets[:LIMIT]
    ]
    return table_workbook(_("招商目标库"), headers, rows)


def template_workbook() -> bytes:
    """The blank sheet a chain import reads (with one example row)."""
    from ..services.chains_import import HEADERS

    wb = new_workbook()
    ws = wb.active
    ws.title = _("环节")
    _sheet(ws, [h[0] for h in HEADERS], [["上游", "示例环节", "", "C3240 C3239", 2, "100000000", "是", 1]])
    return workbook_bytes(wb)
