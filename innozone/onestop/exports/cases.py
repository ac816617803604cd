"""Exports of the cases part: the cases list and the ratings as Excel, the result document (办理结果通知书) as PDF.

The PDF uses the Adobe CID font STSong-Light, which PDF readers supply (no font file ships), as funds does."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innozone.core.exports import table_workbook

FONT = "STSong-Light"
LEVEL_LABELS = {
    "green": _l("正常"),
    "yellow": _l("黄灯"),
    "red": _l("红灯"),
    "overdue": _l("超期"),
    "paused": _l("暂停计时"),
    "done": _l("已办结"),
}


def level_label(level: str | None) -> str:
    return str(LEVEL_LABELS[level]) if level in LEVEL_LABELS else "—"


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def cases_workbook(cases) -> bytes:
    """`cases` already carry `.clock` (selectors.with_clocks)."""
    headers = [
        _("办件编号"),
        _("事项"),
        _("主管部门"),
        _("申请单位"),
        _("状态"),
        _("提交时间"),
        _("受理时间"),
        _("办结时限（工作日）"),
        _("已用（工作日）"),
        _("剩余（工作日）"),
        _("办结期限"),
        _("预警"),
        _("容缺"),
        _("办结时间"),
    ]
    rows = []
    for c in cases:
        clock = getattr(c, "clock", None)
        rows.append(
            [
                c.number,
                c.item.name,
                c.item.department.name,
                c.applicant.name,
                c.get_status_display(),
                _date(c.submitted_at),
                _date(c.accepted_at),
                c.limit_days or None,
                clock.used if clock else None,
                clock.remaining if clock else None,
                clock.due_on if clock else None,
                level_label(clock.level) if clock else "—",
                _("是") if c.deferred else _("否"),
                _date(c.decided_at),
            ]
        )
    return table_workbook(_("办件"), headers, rows)


def ratings_workbook(ratings) -> bytes:
    headers = [
        _("办件编号"),
        _("事项"),
        _("部门"),
        _("总体评价"),
        _("办事效率"),
        _("办事指南清晰"),
        _("便利程度"),
        _("系统好用"),
        _("评价内容"),
        _("评价时间"),
        _("整改期限"),
        _("答复时间"),
        _("答复"),
    ]
    rows = []
    for r in ratings:
        d = r.dimensions or {}
        rows.append(
            [
                r.case.number,
                r.case.item.name,
                r.department.name,
                r.get_level_display(),
                d.get("efficiency"),
                d.get("guide"),
                d.get("convenience"),
                d.get("usability"),
                r.comment,
                _date(r.rated_at),
                r.rectify_due,
                _date(r.rectified_at),
                r.reply,
            ]
        )
    return table_workbook(_("好差评"), headers, rows)


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for para in str(text or "").splitlines() or [""]:
        while len(para) > width:
            lines.append(para[:width])
            para = para[width:]
        lines.append(para)
    return lines


def result_pdf(case, clock) -> bytes:
    """办理结果通知书: number, item, applicant, decision, dates, working days used against the limit."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(case.result_number or case.number)
    width, height = A4
    margin = 20 * mm
    y = height - margin
    c.setFont(FONT, 18)
    c.drawCentredString(width / 2, y, _("办理结果通知书"))
    y -= 10 * mm
    c.setFont(FONT, 10)
    c.drawCentredString(width / 2, y, _("文书编号：%(r)s") % {"r": case.result_number or "—"})
    y -= 12 * mm
    approved = case.status == "approved"
    rows = [
        (_("办件编号"), case.number),
        (_("办理事项"), f"{case.item.name}（{case.item.code}）"),
        (_("申请单位"), case.applicant.name),
        (_("办理部门"), case.item.department.name),
        (_("提交时间"), _date(case.submitted_at)),
        (_("受理时间"), _date(case.accepted_at) or "—"),
        (_("办结时间"), _date(case.decided_at) or "—"),
        (_("办理结果"), _("准予办理") if approved else (case.get_status_display())),
        (
            _("办结时限"),
            _("%(l)s 个工作日%(e)s") % {"l": case.limit_days, "e": _("（含延长）") if case.extended else ""},
        ),
        (
            _("实际用时"),
            _("%(u)s 个工作日（不含补正、专家评审等不计时环节）")
            % {"u": case.used_days if case.used_days is not None else "—"},
        ),
        (_("是否按期"), (_("超期办结") if clock.late else _("按期办结")) if clock else "—"),
    ]
    if case.item.result_name and approved:
        rows.append((_("办理结果名称"), case.item.result_name))
    c.setFont(FONT, 11)
    for label, value in rows:
        lines = _wrap(str(value), 34)
        c.drawString(margin, y, f"{label}：")
        for line in lines:
            c.drawString(margin + 28 * mm, y, line)
            y -= 7 * mm
    y -= 4 * mm
    c.drawString(margin, y, _("办理意见："))
    y -= 7 * mm
    for line in _wrap(case.decision_note or case.refusal_reason or _("无"), 40):
        c.drawString(margin + 8 * mm, y, line)
        y -= 7 * mm
        if y < margin + 30 * mm:
            c.showPage()
            c.setFont(FONT, 11)
            y = height - margin
    y -= 12 * mm
    c.drawRightString(width - margin, y, case.item.department.name)
    y -= 7 * mm
    c.drawRightString(width - margin, y, _date(case.decided_at))
    c.setFont(FONT, 8)
    c.drawString(margin, margin / 2, _("本通知书由兰白自创区一网通办平台生成，可凭办件编号在平台核验。"))
    c.showPage()
    c.save()
    return buf.getvalue()
