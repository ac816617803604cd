"""The annual evaluation's Excel export."""

from django.utils.translation import gettext as _

from innozone.core.exports import new_workbook, workbook_bytes


def assessments_workbook(rows, year: int) -> bytes:
    """The year's evaluation results, ranked (user text written as text by core.exports)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _("%(y)s年度评价") % {"y": year}
    ws.append(
        [
            _("排名"),
            _("平台名称"),
            _("平台类型"),
            _("级别"),
            _("依托单位"),
            _("所在地区"),
            _("得分"),
            _("等级"),
            _("处理"),
        ]
    )
    for a in rows:
        p = a.platform
        ws.append(
            [
                a.rank,
                p.name,
                p.kind.name,
                p.get_level_display(),
                p.host.name,
                p.region.name,
                a.score,
                a.get_grade_display(),
                a.get_consequence_display(),
            ]
        )
    return workbook_bytes(wb)
