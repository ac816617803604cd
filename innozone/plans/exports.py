"""Plan exports: the JSON structure (`plan export`) and the Excel workbooks an office prints."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from innozone.core.exports import new_workbook, workbook_bytes

from .models import Plan, Responsibility
from .selectors import PlanProgress, period_label, status_label, tasks_with_units


def number(value: Decimal):
    """A Decimal as a JSON number: an int when whole, else its exact decimal digits."""
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def plan_structure(plan: Plan) -> dict:
    tasks = []
    for task in tasks_with_units().filter(plan=plan):
        resp = list(task.responsibilities.all())
        item = {
            "number": task.number,
            "section": str(task.section) if task.section else None,
            "text": task.text,
        }
        for role in Responsibility.Role.values:
            item[role] = [r.name_as_written for r in resp if r.role == role]
        item["deadline"] = task.deadline.isoformat() if task.deadline else None
        tasks.append(item)
    indicators = []
    for ind in plan.indicators.select_related("task").prefetch_related("splits"):
        item = {
            "name": ind.name,
            "unit": ind.unit,
            "comparator": ind.comparator,
            "target": number(ind.target),
            "split": {s.label: number(s.target) for s in ind.splits.all()},
            "task": ind.task.number if ind.task else None,
        }
        if ind.source:  # a live source (and which figure counts) survives export → create
            item.update(source=ind.source, authoritative=ind.authoritative)
        indicators.append(item)
    return {
        "year": plan.year,
        "title": plan.title,
        "issuer": plan.issuer.name if plan.issuer_id else None,
        "report_frequency": plan.report_frequency,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections.all()],
        "tasks": tasks,
        "indicators": indicators,
    }


# ---------------------------------------------------------------- Excel

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet(wb, title: str, heading: str, headers: list[str], widths: list[int], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(1, 1, heading).font = Font(name="宋体", size=16, bold=True)
    ws.cell(1, 1).alignment = _CENTER
    ws.row_dimensions[1].height = 32
    for col, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        c = ws.cell(2, col, h)
        c.font, c.fill, c.border, c.alignment = Font(name="黑体", bold=True), _HEAD_FILL, _BORDER, _CENTER
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = "A3"
    return ws


def _row(ws, values, center_cols=()):
    ws.append(values)
    r = ws.max_row
    for col in range(1, len(values) + 1):
        c = ws.cell(r, col)
        c.border = _BORDER
        c.alignment = _CENTER if col in center_cols else _WRAP
        c.font = Font(name="宋体", size=11)


def responsibility_workbook(progress: PlanProgress) -> bytes:
    """任务分工表 (one row per task) and 责任矩阵 (units × tasks), in print layout."""
    plan = progress.plan
    wb = new_workbook()
    ws = _sheet(
        wb,
        _("任务分工"),
        _("%(title)s任务分工表") % {"title": plan.title},
        [_("序号"), _("重点任务"), _("牵头单位"), _("实施单位"), _("配合单位"), _("完成时限")],
        [6, 70, 22, 28, 28, 12],
        first=True,
    )
    section = None
    for row in progress.tasks:
        if row.task.section_id != section and row.task.section:
            section = row.task.section_id
            _row(ws, [str(row.task.section), "", "", "", "", ""])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
            ws.cell(ws.max_row, 1).font = Font(name="黑体", bold=True)
        deadline = row.task.deadline.isoformat() if row.task.deadline else _("年底前")
        _row(
            ws,
            [
                row.task.number,
                row.task.text,
                row.lead_text,
                row.implementing_text,
                row.cooperating_text,
                deadline,
            ],
            center_cols=(1, 6),
        )

    units: dict[int, tuple] = {}
    for row in progress.tasks:
        for r in row.lead + row.implementing + row.cooperating:
            units.setdefault(r.organization_id, (r.organization.name, {}))[1][row.task.number] = r.get_role_display()
    numbers = [row.task.number for row in progress.tasks]
    ws2 = _sheet(
        wb,
        _("责任矩阵"),
        _("%(title)s责任矩阵") % {"title": plan.title},
        [_("单位"), *[_("任务%(n)s") % {"n": n} for n in numbers]],
        [30, *[9] * len(numbers)],
    )
    for name, roles in units.values():
        _row(ws2, [name, *[roles.get(n, "") for n in numbers]], center_cols=range(2, len(numbers) + 2))
    return workbook_bytes(wb)


def progress_workbook(progress: PlanProgress, reports=()) -> bytes:
    """任务进展 (status per task), 指标完成 (targets against totals by city) and 报告明细."""
    plan = progress.plan
    wb = new_workbook()
    ws = _sheet(
        wb,
        _("任务进展"),
        _("%(title)s推进情况（截至%(d)s）") % {"title": plan.title, "d": progress.as_of.isoformat()},
        [_("序号"), _("重点任务"), _("牵头单位"), _("状态"), _("已通过报告"), _("待审核"), _("逾期未报单位")],
        [6, 60, 22, 10, 10, 8, 30],
        first=True,
    )
    for row in progress.tasks:
        _row(
            ws,
            [
                row.task.number,
                row.task.text,
                row.lead_text,
                row.status_label,
                row.accepted,
                row.pending,
                "、".join(row.late_units),
            ],
            center_cols=(1, 4, 5, 6),
        )
    ws2 = _sheet(
        wb,
        _("指标完成"),
        _("%(title)s量化指标完成情况") % {"title": plan.title},
        [_("指标"), _("单位"), _("分解"), _("目标"), _("已完成"), _("完成率")],
        [20, 8, 10, 10, 10, 10],
    )
    for ind in progress.indicators:
        _row(
            ws2,
            [
                ind.indicator.name,
                ind.indicator.unit,
                _("合计"),
                ind.indicator.target,
                ind.total,
                float(ind.ratio),
            ],
            center_cols=(2, 3),
        )
        ws2.cell(ws2.max_row, 6).number_format = "0.0%"
        for s in ind.splits:
            _row(ws2, ["", "", s.label, s.target, s.total, float(s.ratio)], center_cols=(2, 3))
            ws2.cell(ws2.max_row, 6).number_format = "0.0%"
    ws3 = _sheet(
        wb,
        _("报告明细"),
        _("%(title)s进展报告明细") % {"title": plan.title},
        [_("任务"), _("报送单位"), _("报送期"), _("进展情况"), _("审核状态"), _("工作进展"), _("报送时间")],
        [6, 24, 14, 10, 10, 60, 18],
    )
    for r in reports:
        _row(
            ws3,
            [
                r.task.number,
                r.organization.name,
                period_label(r.period),
                r.get_progress_display(),
                r.get_status_display(),
                r.narrative,
                r.submitted_at.strftime("%Y-%m-%d %H:%M"),
            ],
            center_cols=(1, 3, 4, 5),
        )
    return workbook_bytes(wb)


__all__ = ["plan_structure", "progress_workbook", "responsibility_workbook", "status_label"]
