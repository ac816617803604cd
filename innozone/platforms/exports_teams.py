"""The innovation teams' list as a workbook (money in yuan as numbers with two decimals)."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innozone.core.exports import new_workbook, workbook_bytes


def teams_workbook(teams) -> bytes:
    """One row per team, as the list shows it (rows from `selectors.teams.team_rows`)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _("创新团队")
    ws.append(
        [
            _("团队名称"),
            _("团队带头人"),
            _("依托单位"),
            _("所在地区"),
            _("技术领域"),
            _("级别"),
            _("类型"),
            _("状态"),
            _("认定日期"),
            _("认定文号"),
            _("成员人数"),
            _("资助合计（元）"),
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in teams:
        ws.append(
            [
                t.name,
                t.leader.name,
                t.host.name,
                t.region.name,
                t.field,
                t.get_level_display(),
                _("引进团队") if t.introduced else _("培育团队"),
                t.get_status_display(),
                t.recognised_on,
                t.document_number,
                t.member_count or 0,
                t.funding_total or 0,
            ]
        )
        ws.cell(row=ws.max_row, column=12).number_format = "#,##0.00"
    return workbook_bytes(wb)
