"""Excel files of the evaluation module: the import template and a run's report."""

from io import BytesIO

import pandas as pd
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from innozone.core.exports import new_workbook, workbook_bytes

from . import selectors

_HEAD = PatternFill("solid", fgColor="D9E1F2")


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEAD
    for row in rows:
        ws.append(list(row))
    for i, _h in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 16
    ws.freeze_panes = "A2"
    return ws


def template_workbook() -> bytes:
    """The two tables COINr users know (iMeta, iData), with a small example, and a sheet explaining them."""
    from .example import data_frame, meta_frame

    wb = new_workbook()
    meta = meta_frame()
    _sheet(wb, "iMeta", list(meta.columns), meta.where(pd.notna(meta), None).itertuples(index=False), first=True)
    data = data_frame("县区")
    _sheet(wb, "iData", list(data.columns), data.where(pd.notna(data), None).itertuples(index=False))
    _sheet(
        wb,
        _("说明"),
        [_("列"), _("含义")],
        [
            ("iMeta.iCode", _("指标或汇总项代码（唯一）")),
            ("iMeta.Level", _("1 = 指标，往上依次为分项、总指数")),
            ("iMeta.Parent", _("上一级汇总项代码")),
            ("iMeta.Direction", _("1 越大越好，-1 越小越好")),
            ("iMeta.Weight", _("在同一上级内的相对权重")),
            ("iMeta.Type", _("Indicator、Aggregate、Group（分组列）或 Denominator（分母列）")),
            (
                "iMeta.Source",
                _("可选：由平台数据计算的指标，如 plans:高新技术企业（工作计划中该指标已审核的完成数量）"),
            ),
            ("iData.uCode / uName", _("评价对象代码与名称；其余列为各指标数值，留空表示缺失")),
        ],
    )
    return workbook_bytes(wb)


def run_workbook(run) -> bytes:
    names = selectors.node_names(run)
    table = selectors.ranking(run)
    wb = new_workbook()
    header = [
        names.get(c, c)
        if c not in ("uCode", "uName", "Rank")
        else {"uCode": _("代码"), "uName": _("名称"), "Rank": _("排名")}[c]
        for c in table.columns
    ]
    _sheet(wb, _("排名"), header, table.where(pd.notna(table), None).itertuples(index=False), first=True)
    scores = pd.DataFrame(run.scores)
    _sheet(
        wb,
        _("各级得分"),
        [names.get(c, c) for c in scores.columns],
        scores.where(pd.notna(scores), None).itertuples(index=False),
    )
    if run.sensitivity:
        sa = pd.DataFrame(run.sensitivity)
        _sheet(wb, _("敏感性"), list(sa.columns), sa.itertuples(index=False))
    _sheet(
        wb,
        _("参数"),
        [_("参数"), _("值")],
        [(k, str(v)) for k, v in run.settings.items()]
        + [("engine_version", run.engine_version), ("input_digest", run.input_digest)],
    )
    return workbook_bytes(wb)


def run_pdf(run) -> bytes:
    """A printable report: ranking with pillar scores and rank intervals, sensitivity, settings.

    Chinese text uses the Adobe CID font STSong-Light, which PDF readers supply themselves, so no
    font file ships with the platform.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title_style = ParagraphStyle("t", fontName="STSong-Light", fontSize=16, leading=22)
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=9, leading=13)
    names = selectors.node_names(run)
    pillars = selectors.pillars(run)
    table = selectors.ranking(run)
    header = [_("排名"), _("名称"), *[names.get(p, p) for p in pillars], _("综合指数")]
    has_ua = "Q5" in table.columns
    if has_ua:
        header.append(_("排名区间（5%–95%）"))
    rows = [header]
    for r in table.to_dict("records"):
        row = [str(r["Rank"]), r["uName"], *[f"{r[p]:.2f}" for p in pillars], f"{r['Index']:.2f}"]
        if has_ua:
            row.append(f"{r['Q5']:.0f}–{r['Q95']:.0f}")
        rows.append(row)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "STSong-Light", 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    )
    story = [Paragraph(run.title, title_style), Spacer(1, 4 * mm)]
    if run.dataset.is_demo:
        story += [Paragraph(_("演示数据：数值为随机生成，不代表真实统计。"), body), Spacer(1, 2 * mm)]
    story += [Table(rows, repeatRows=1, style=style), Spacer(1, 6 * mm)]
    if run.sensitivity:
        sa = [[_("假设"), _("一阶指数"), _("总效应指数")]] + [
            [s["factor"], f"{s['S1']:.3f}", f"{s['ST']:.3f}"] for s in run.sensitivity
        ]
        story += [Paragraph(_("敏感性分析（Sobol 指数）"), body), Table(sa, style=style), Spacer(1, 6 * mm)]
    settings = "；".join(f"{k}={v}" for k, v in run.settings.items())
    story.append(
        Paragraph(f"{_('参数与可复现信息')}：{settings}；engine {run.engine_version}；SHA-256 {run.input_digest}", body)
    )
    buf = BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        title=run.title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    ).build(story)
    return buf.getvalue()
