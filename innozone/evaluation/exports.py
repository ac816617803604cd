"""Excel files of the evaluation module: the import template and a run's report."""

from io import BytesIO

import pandas as pd
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

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
    from .demo import data_frame, meta_frame

    wb = Workbook()
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
            ("iData.uCode / uName", _("评价对象代码与名称；其余列为各指标数值，留空表示缺失")),
        ],
    )
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run_workbook(run) -> bytes:
    names = selectors.node_names(run)
    table = selectors.ranking(run)
    wb = Workbook()
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
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
